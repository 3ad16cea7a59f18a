"""An innovator never sees, changes or downloads another innovator's entry: proved for every
`innovations.*` endpoint.

Innovators A (Asha Juma, UDSM) and B (Baraka Mwafya, UDOM) each have an entry in the shared
call; B's carries a paper and a poster and B has a second, ineligible entry (with the reason) in
another edition's call. Every text of B's (titles, abstracts, team names and emails, the reason,
the files) carries B_MARKER. Logged in as A:
- every request aimed at B's entries (FOREIGN_REQUESTS) answers 404 (or 403), shows none of B's
  names, texts or file contents, and changes nothing (rows, B's entries and stored files);
- A's own pages (OWN_PAGES) open and show none of B's names or texts;
- public pages (PUBLIC_PAGES) show none of them whatever they answer;
- endpoints not for innovators (NOT_FOR_INNOVATORS: the organisers' and the judges' pages) do not
  let the participant role in (`required_roles` lacks Role.PARTICIPANT) and answer 403.
The test walks `app.url_map` and FAILS for any `innovations.*` endpoint in none of the tables,
for a row naming an endpoint that no longer exists, and for an endpoint open to participants that
takes an id (other than a call's) without a row in FOREIGN_REQUESTS.

HOW TO ADD A ROW (for a new innovations endpoint):
- Organisers or judges only (role_required without Role.PARTICIPANT): add its name to
  NOT_FOR_INNOVATORS.
- Open to participants and taking the id of something an innovator owns (an entry, its files,
  its team, its result): add to FOREIGN_REQUESTS
  `"innovations.<endpoint>": lambda w: [(METHOD, {url arguments}, form data), ...]` aimed at B's
  objects (`w.b[...]`); form data is None for a GET. If B needs an object the world does not
  build, build it in `build_world` (its texts containing B_MARKER) and put its id in `b[...]`.
- A page of A's own (A's entries `w.a[...]`, the shared call `w.call`, no id of B's): add to
  OWN_PAGES `"innovations.<endpoint>": lambda w: [{url arguments}, ...]`. An endpoint may be in
  both FOREIGN_REQUESTS and OWN_PAGES.
- Public (no role_required, listed in tests/test_permissions.py): add to PUBLIC_PAGES the same
  way as OWN_PAGES.
"""
import io
import os
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from flask import url_for

from eventapp.auth.models import User
from eventapp.core.audit import AuditEntry
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations import entries
from eventapp.innovations.entries import EntryDetails, MemberDetails
from eventapp.innovations.models import Entry, EntryStatus, TeamMember
from eventapp.registration.models import Institution
from tests import factories
from tests.endpoint_tables import (
    assert_every_endpoint_listed,
    assert_refused,
    id_endpoints_without_rows,
    page_problems,
    pages_of,
    refusal_problems,
    requests_of,
    required_roles,
    rules_of,
)
from tests.innovations import factories as inn
from tests.innovations.test_entries import PNG, upload

B_MARKER = "SIRI-YA-MBUNIFU-B"
B_NAMES = (B_MARKER, "Baraka Mwafya", "baraka@example.org", "b-team@udom.ac.tz")
B_PAPER = b"%PDF-1.4\n% " + B_MARKER.encode() + b" paper\n%%EOF\n"
A_PAPER = b"%PDF-1.4\n% Asha's paper\n%%EOF\n"


@dataclass
class World:
    call: int  # the shared call, open now
    a: dict = field(default_factory=dict)  # innovator A's ids (A is logged in)
    b: dict = field(default_factory=dict)  # innovator B's ids


def _details(call, institution, title: str, marker: str = "", team_email: str = "a-team@udsm.ac.tz") -> EntryDetails:
    return EntryDetails(title=title, category_id=call.categories[0].id, abstract=f"{marker} abstract of {title}",
                        stage="prototype", institution_id=institution.id, problem=f"{marker} problem",
                        members=[MemberDetails(f"{marker} Mwanatimu", team_email, "student")])


def build_world() -> World:
    shared = inn.call(factories.event(title_en="e-Government Annual Meeting 2019"))
    other = inn.call(factories.event(title_en="e-Government Annual Meeting 2020"))
    udsm = inn.university("University of Dar es Salaam", "UDSM")
    udom = inn.university("University of Dodoma", "UDOM")
    a_user = inn.innovator(email="asha@example.org", full_name="Asha Juma")
    b_user = inn.innovator(email="baraka@example.org", full_name="Baraka Mwafya")
    a_entry = entries.submit_entry(shared, a_user, _details(shared, udsm, "Mfumo wa Asha"),
                                   upload(A_PAPER, "asha.pdf"), upload(PNG, "asha.png"))
    b_entry = entries.submit_entry(shared, b_user, _details(shared, udom, f"{B_MARKER} Mfumo", B_MARKER,
                                                            "b-team@udom.ac.tz"),
                                   upload(B_PAPER, "baraka.pdf"), upload(PNG, "baraka.png"))
    b_other = entries.submit_entry(other, b_user, _details(other, udom, f"{B_MARKER} Mradi wa pili", B_MARKER,
                                                           "b-team@udom.ac.tz"))
    b_other.status, b_other.screening_reason = EntryStatus.INELIGIBLE, f"{B_MARKER} reason"
    db.session.commit()
    return World(call=shared.id, a={"email": a_user.email, "entry": a_entry.id},
                 b={"email": b_user.email, "entries": [b_entry.id, b_other.id], "with_files": b_entry.id})


def _change_form(w: World) -> dict:
    return {"title": "Imechukuliwa na A", "category_id": "1", "institution_name": "University of Dar es Salaam",
            "stage": "idea", "abstract": "A wrote this.", "members-0-name": "Asha", "members-0-email":
            "asha@udsm.ac.tz", "members-0-kind": "staff", "paper": (io.BytesIO(A_PAPER), "a.pdf")}


# endpoint: lambda world -> [(method, url arguments, form data or None), ...] aimed at B's objects
FOREIGN_REQUESTS = {
    "innovations.entry": lambda w: [("GET", {"entry_id": e}, None) for e in w.b["entries"]],
    "innovations.entry_file": lambda w: [("GET", {"entry_id": e, "kind": kind}, None)
                                         for e in w.b["entries"] for kind in ("paper", "poster")],
    "innovations.edit_entry": lambda w: [("GET", {"entry_id": e}, None) for e in w.b["entries"]]
    + [("POST", {"entry_id": e}, _change_form(w)) for e in w.b["entries"]],
    "innovations.withdraw_entry": lambda w: [("POST", {"entry_id": e}, {}) for e in w.b["entries"]],
}

# endpoint: lambda world -> [url arguments, ...] of A's own pages (they must not show B)
OWN_PAGES = {
    "innovations.my_entries": lambda w: [{}],
    "innovations.new_entry": lambda w: [{"call_id": w.call}, {"call_id": w.call, "rows": 10}],
    "innovations.entry": lambda w: [{"entry_id": w.a["entry"]}],
    "innovations.entry_file": lambda w: [{"entry_id": w.a["entry"], "kind": "paper"},
                                         {"entry_id": w.a["entry"], "kind": "poster"}],
    "innovations.edit_entry": lambda w: [{"entry_id": w.a["entry"]}],
}

def _published_results(w: World) -> list[dict]:
    """An edition whose published results selected one entry and not B's (its title carries B_MARKER)."""
    from eventapp.core.models import utcnow
    from eventapp.events.models import EventStatus

    event = factories.event(status=EventStatus.OPEN)
    call = inn.call(event)
    inn.entry(call, inn.university(), title="Mfumo uliochaguliwa", exhibition=True)
    inn.entry(call, inn.university(), title=f"{B_MARKER} haukuchaguliwa")
    call.scoring_closed_at = call.results_published_at = utcnow()
    db.session.commit()
    return [{"edition": event.edition}]


# Public pages (no role_required): whatever they answer, they never show B's unpublished entries.
PUBLIC_PAGES = {
    "innovations.signup": lambda w: [{}],
    "innovations.public_selected": _published_results,
}

# Guarded by role_required without Role.PARTICIPANT (checked below): an innovator gets 403.
NOT_FOR_INNOVATORS = {
    # the organisers' call, categories, rubric, entries and screening
    "innovations.manage_index", "innovations.manage_call", "innovations.create_call", "innovations.edit_call",
    "innovations.edit_categories", "innovations.add_category", "innovations.remove_category",
    "innovations.edit_rubric", "innovations.add_criterion", "innovations.remove_criterion",
    "innovations.manage_entries", "innovations.manage_entry", "innovations.screen_entry",
    # the panel of judges, assignments and the scoring
    "innovations.panel", "innovations.add_judge", "innovations.remove_judge", "innovations.assignments",
    "innovations.assign", "innovations.auto_assign", "innovations.unassign", "innovations.close_scoring",
    "innovations.reopen_scoring",
    # the judges' pages
    "innovations.judging", "innovations.judge_entry", "innovations.declare_conflict",
    # the results: ranking, sheet, selection, awards, booths, slots and publication
    "innovations.results", "innovations.results_xlsx", "innovations.results_shortlist",
    "innovations.results_selection", "innovations.results_award", "innovations.results_award_remove",
    "innovations.results_booth", "innovations.results_booth_release", "innovations.results_slot",
    "innovations.results_slot_unlink", "innovations.results_publish",
}

# URL arguments naming things no innovator owns: an endpoint taking only these may be an own page.
SHARED_ARGUMENTS = {"call_id", "event_id", "kind"}


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        return build_world()


@pytest.fixture
def a_client(app, world):
    client = app.test_client()
    response = client.post("/login", data={"email": world.a["email"], "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def snapshot(app, world: World) -> tuple:
    with app.app_context():
        counts = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                       for model in (Entry, TeamMember, Institution, AuditEntry, User))
        b_entries = tuple((e.title, e.status, e.paper_file, e.poster_file, e.abstract)
                          for e in (db.session.get(Entry, i) for i in world.b["entries"]))
    return counts, b_entries, tuple(sorted(os.listdir(app.config["UPLOAD_FOLDER"])))


def shows_b(response) -> list[str]:
    """B's names and texts in the page, or B's paper in a download."""
    data = response.get_data()
    found = [name for name in B_NAMES if name in data.decode("utf-8", "replace")]
    if B_PAPER in data:
        found.append("B's paper")
    return found


def test_every_innovations_endpoint_is_in_a_table(app):
    listed = set(FOREIGN_REQUESTS) | set(OWN_PAGES) | set(PUBLIC_PAGES) | NOT_FOR_INNOVATORS
    assert_every_endpoint_listed(app, "innovations", listed, __name__)


def test_public_pages_are_the_unguarded_ones(app):
    unguarded = {rule.endpoint for rule in rules_of(app, "innovations") if required_roles(app, rule.endpoint) is None}

    assert unguarded == set(PUBLIC_PAGES)


def test_innovator_endpoints_taking_an_id_have_rows_for_the_other_innovators_objects(app):
    missing = id_endpoints_without_rows(app, "innovations", {Role.PARTICIPANT}, SHARED_ARGUMENTS, FOREIGN_REQUESTS)

    assert missing == []


def test_endpoints_not_for_innovators_refuse_one(app, a_client):
    assert_refused(app, a_client, "innovations", NOT_FOR_INNOVATORS, kept_out={Role.PARTICIPANT})


def test_nothing_of_the_other_innovator_opens_downloads_or_changes(app, world, a_client):
    before = snapshot(app, world)
    requests = requests_of(app, FOREIGN_REQUESTS, world)
    assert len(requests) >= 10

    assert refusal_problems(a_client, requests, shows_b, multipart=True) == []
    assert snapshot(app, world) == before


def test_the_innovators_own_pages_never_show_the_other_innovator(app, world, a_client):
    assert page_problems(a_client, pages_of(app, OWN_PAGES, world), shows_b) == []
    assert "Mfumo wa Asha" in a_client.get("/innovations").get_data(as_text=True)


def test_public_pages_never_show_an_innovators_entry(app, world, a_client):
    pages = [url for _endpoint, url in pages_of(app, PUBLIC_PAGES, world)]

    for url in pages:
        for client in (a_client, app.test_client()):
            response = client.get(url)
            assert response.status_code < 400 and not shows_b(response), url


def test_the_world_is_visible_to_the_organisers(app, world, client, login):
    """The other side of the proof: the same requests reach B's entries for the organisers, so the
    404s above come from the access rule, not from a broken world."""
    login(Role.ORGANISER)
    with app.test_request_context():
        urls = [url_for("innovations.entry", entry_id=e) for e in world.b["entries"]]
        urls.append(url_for("innovations.entry_file", entry_id=world.b["with_files"], kind="paper"))

    responses = [client.get(url) for url in urls]

    assert [r.status_code for r in responses] == [200] * len(urls)
    assert all(B_MARKER in r.get_data(as_text=True) for r in responses[:2])
    assert responses[-1].data == B_PAPER


def test_b_is_stopped_at_as_entry_the_same_way(app, world):
    """The rule is symmetric: B cannot open, change, withdraw or download A's entry either."""
    client = app.test_client()
    client.post("/login", data={"email": world.b["email"], "password": factories.PASSWORD})
    entry_id = world.a["entry"]

    answers = [client.get(f"/innovations/entries/{entry_id}").status_code,
               client.get(f"/innovations/entries/{entry_id}/edit").status_code,
               client.get(f"/innovations/entries/{entry_id}/paper").status_code,
               client.post(f"/innovations/entries/{entry_id}/withdraw").status_code]

    assert answers == [404, 404, 404, 404]
    with app.app_context():
        assert db.session.get(Entry, entry_id).status is EntryStatus.SUBMITTED
