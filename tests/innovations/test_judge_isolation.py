"""A judge never sees another judge's scores before the scoring is closed, nor an entry not
assigned to them: proved for every `innovations.*` endpoint.

Judges J1 (Asha Mrema) and J2 (Baraka Kweka) are both assigned entry E; J1 is also assigned E2,
J2 is not. J1 has scored both (every value 7, comments carrying J1_MARKER); J2 has scored E with
other values. J2 holds the judge role and, as a judge may also be an innovator, the participant
role. Logged in as J2:
- every request aimed at E2 or J1's work (FOREIGN_REQUESTS) answers 404 or 403, shows none of
  J1's or E2's names, texts, values or file contents, and changes nothing (rows and stored files);
- J2's own pages and downloads (OWN_PAGES) open and show none of J1's comments or values, nor E2;
- public pages (PUBLIC_PAGES) show none of them whatever they answer;
- endpoints for organisers only (NOT_FOR_JUDGES) let in neither the judge nor the participant
  role (`required_roles`) and answer 403.
After the organisers close the scoring J2 sees J1's scores of E, and still nothing of E2.
The test walks `app.url_map` and FAILS for any `innovations.*` endpoint in none of the tables,
and for an endpoint open to judges or participants that takes an id of a judge's or an entry's
thing without a row in FOREIGN_REQUESTS.

HOW TO ADD A ROW (for a new innovations endpoint):
- Organisers only (role_required without Role.JUDGE and Role.PARTICIPANT): add its name to
  NOT_FOR_JUDGES.
- Open to judges or participants and taking an entry's, assignment's or judge's id: add to
  FOREIGN_REQUESTS `"innovations.<endpoint>": lambda w: [(METHOD, {url arguments}, form data), ...]`
  aimed at E2 (`w.e2`) or J1's rows; form data is None for a GET.
- A page J2 may open (their list, E, the call's pages): add to OWN_PAGES
  `"innovations.<endpoint>": lambda w: [{url arguments}, ...]` (E is `w.e`, the call `w.call`).
- Public (no role_required): add to PUBLIC_PAGES the same way.
"""
import os
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.core.uploads import store_bytes
from eventapp.extensions import db
from eventapp.innovations.models import Assignment, Conflict, Entry, InnovationCall, Judge, Score, TeamMember
from eventapp.innovations.scoring import save_scores, scores_visible_to
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
from tests.innovations import factories as innovations

J1_MARKER = "SIRI-YA-JAJI-ASHA"
E2_MARKER = "SIRI-YA-MFUMO-WA-PILI"
J1_NAMES = ("Asha Mrema", "asha@udom.ac.tz", J1_MARKER)
E2_NAMES = (E2_MARKER, "e2-team@example.ac.tz")
J1_VALUE = 7  # every score J1 gives; J2 never gives it
E_PAPER = b"%PDF-1.4\n% Mfumo wa Kilimo paper\n%%EOF\n"
E2_PAPER = b"%PDF-1.4\n% " + E2_MARKER.encode() + b" paper\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@dataclass
class World:
    event: int
    edition: int
    call: int
    e: int  # assigned to both judges
    e2: int  # assigned to J1 only
    j1: int
    j2: int
    j1_on_e: int  # J1's assignment of E
    j1_on_e2: int
    criteria: list


def _with_files(entry, paper: bytes, marker: str) -> None:
    stored = store_bytes(paper, "pdf", f"{marker}.pdf")
    entry.paper_file, entry.paper_name = stored.name, stored.original_name
    poster = store_bytes(PNG, "png", f"{marker}.png")
    entry.poster_file, entry.poster_name = poster.name, poster.original_name


def build_world() -> World:
    event = factories.event(title_en="e-Government Annual Meeting 2019")
    call = innovations.call(event, judges_per_entry=2)
    udsm, udom = innovations.university("University of Dar es Salaam", "UDSM"), innovations.university("UDOM")
    j1 = innovations.judge(call, udom, full_name="Asha Mrema", email="asha@udom.ac.tz")
    j2_user = factories.user(roles=(Role.JUDGE, Role.PARTICIPANT), full_name="Baraka Kweka",
                             email="baraka@costech.go.tz")
    j2 = Judge(call_id=call.id, user_id=j2_user.id)
    db.session.add(j2)
    e = innovations.entry(call, udsm, title="Mfumo wa Kilimo")
    e2 = innovations.entry(call, udsm, title=f"{E2_MARKER} title")
    e2.abstract = f"{E2_MARKER} abstract"
    e2.members[0].email = "e2-team@example.ac.tz"
    _with_files(e, E_PAPER, "kilimo")
    _with_files(e2, E2_PAPER, E2_MARKER)
    db.session.commit()
    j1_on_e, j1_on_e2 = innovations.assign(e, j1), innovations.assign(e2, j1)
    j2_on_e = innovations.assign(e, j2)
    innovations.score(j1_on_e, [J1_VALUE] * 5, comment=f"{J1_MARKER} on E")
    innovations.score(j1_on_e2, [J1_VALUE] * 5, comment=f"{J1_MARKER} on E2")
    innovations.score(j2_on_e, [3, 4, 5, 6, 8], comment="Maoni ya Baraka")
    return World(event=event.id, edition=event.edition, call=call.id, e=e.id, e2=e2.id, j1=j1.id, j2=j2.id,
                 j1_on_e=j1_on_e.id, j1_on_e2=j1_on_e2.id, criteria=[c.id for c in call.criteria])


def _sheet(w: World) -> dict:
    data = {f"value_{c}": "2" for c in w.criteria}
    data.update({f"comment_{c}": "Baraka tries" for c in w.criteria})
    return data


def _entry_form() -> dict:
    return {"title": "Baraka's takeover", "abstract": "Changed by another person", "stage": "idea"}


# endpoint: lambda world -> [(method, url arguments, form data or None), ...] aimed at E2 or J1's work
FOREIGN_REQUESTS = {
    "innovations.judge_entry": lambda w: [("GET", {"entry_id": w.e2}, None),
                                          ("POST", {"entry_id": w.e2}, _sheet(w))],
    "innovations.declare_conflict": lambda w: [("POST", {"entry_id": w.e2}, {"conflict-reason": "Baraka"})],
    "innovations.entry": lambda w: [("GET", {"entry_id": w.e2}, None)],
    "innovations.entry_file": lambda w: [("GET", {"entry_id": w.e2, "kind": k}, None) for k in ("paper", "poster")],
    # J2 judges E but owns neither entry: an innovator's changes answer 404 for both.
    "innovations.edit_entry": lambda w: [(m, {"entry_id": e}, _entry_form() if m == "POST" else None)
                                         for e in (w.e, w.e2) for m in ("GET", "POST")],
    "innovations.withdraw_entry": lambda w: [("POST", {"entry_id": e}, {}) for e in (w.e, w.e2)],
}

# endpoint: lambda world -> [url arguments, ...] of J2's own pages (200; never J1's scores, never E2)
OWN_PAGES = {
    "innovations.judging": lambda w: [{}],
    "innovations.judge_entry": lambda w: [{"entry_id": w.e}],
    "innovations.entry": lambda w: [{"entry_id": w.e}],
    "innovations.entry_file": lambda w: [{"entry_id": w.e, "kind": "paper"}, {"entry_id": w.e, "kind": "poster"}],
    "innovations.my_entries": lambda w: [{}],
    "innovations.new_entry": lambda w: [{"call_id": w.call}],
}

# endpoint: lambda world -> [url arguments, ...] of public pages (any answer; never J1's scores nor E2)
PUBLIC_PAGES = {
    "innovations.public_selected": lambda w: [{"edition": w.edition}],
    "innovations.signup": lambda w: [{}],
}

# Guarded by role_required without Role.JUDGE and Role.PARTICIPANT (checked below): J2 gets 403.
NOT_FOR_JUDGES = {
    # the call, its categories and rubric
    "innovations.manage_index", "innovations.manage_call", "innovations.create_call", "innovations.edit_call",
    "innovations.edit_categories", "innovations.add_category", "innovations.remove_category",
    "innovations.edit_rubric", "innovations.add_criterion", "innovations.remove_criterion",
    # entries and screening
    "innovations.manage_entries", "innovations.manage_entry", "innovations.screen_entry",
    # the panel, assignments and the scoring
    "innovations.panel", "innovations.add_judge", "innovations.remove_judge", "innovations.assignments",
    "innovations.assign", "innovations.unassign", "innovations.auto_assign", "innovations.close_scoring",
    "innovations.reopen_scoring",
    # results, selection and awards
    "innovations.results", "innovations.results_xlsx", "innovations.results_shortlist",
    "innovations.results_selection", "innovations.results_award", "innovations.results_award_remove",
    "innovations.results_booth", "innovations.results_booth_release", "innovations.results_slot",
    "innovations.results_slot_unlink", "innovations.results_publish",
}

# URL arguments naming things shared by everyone on the call: an endpoint taking only these may be an own page.
SHARED_ARGUMENTS = {"event_id", "edition", "call_id", "kind"}
J2_ROLES = {Role.JUDGE, Role.PARTICIPANT}


def is_public(app, endpoint: str) -> bool:
    return required_roles(app, endpoint) is None


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        return build_world()


@pytest.fixture
def j2_client(app, world):
    client = app.test_client()
    response = client.post("/login", data={"email": "baraka@costech.go.tz", "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def snapshot(app) -> tuple:
    with app.app_context():
        db.session.expire_all()
        counts = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                       for model in (Judge, Assignment, Conflict, Entry, TeamMember))
        scores = db.session.execute(sa.select(Score.assignment_id, Score.criterion_id, Score.value, Score.comment)
                                    .order_by(Score.id)).all()
        entries = db.session.execute(sa.select(Entry.id, Entry.title, Entry.abstract, Entry.status, Entry.paper_file)
                                     .order_by(Entry.id)).all()
    return counts, tuple(scores), tuple(entries), tuple(sorted(os.listdir(app.config["UPLOAD_FOLDER"])))


def leaks(response, scoring_open: bool = True) -> list[str]:
    """J1's names, comments and values (while the scoring is open), and E2's names, texts and file."""
    data = response.get_data()
    text = data.decode("utf-8", "replace")
    found = [name for name in E2_NAMES if name in text]
    if E2_PAPER in data:
        found.append("E2's paper")
    if scoring_open:
        found += [name for name in J1_NAMES if name in text]
        found += [shown for shown in (f"{J1_VALUE} / 10", f'value="{J1_VALUE}"') if shown in text]
    return found


def test_every_innovations_endpoint_is_in_a_table(app):
    tables = set(FOREIGN_REQUESTS) | set(OWN_PAGES) | set(PUBLIC_PAGES) | NOT_FOR_JUDGES
    assert_every_endpoint_listed(app, "innovations", tables, __name__)


def test_endpoints_open_to_judges_taking_an_id_have_rows_aimed_at_the_other_judges_work(app):
    missing = id_endpoints_without_rows(app, "innovations", J2_ROLES, SHARED_ARGUMENTS, FOREIGN_REQUESTS)

    assert missing == []


def test_public_tables_hold_public_endpoints_only(app):
    assert {e for e in PUBLIC_PAGES if not is_public(app, e)} == set()
    assert {r.endpoint for r in rules_of(app, "innovations") if is_public(app, r.endpoint)} <= set(PUBLIC_PAGES)


def test_organisers_endpoints_refuse_the_judge(app, j2_client):
    assert_refused(app, j2_client, "innovations", NOT_FOR_JUDGES, kept_out=J2_ROLES)


def test_nothing_of_the_other_judge_or_the_unassigned_entry_opens_downloads_or_changes(app, world, j2_client):
    before = snapshot(app)
    requests = requests_of(app, FOREIGN_REQUESTS, world)
    assert len(requests) >= 12

    assert refusal_problems(j2_client, requests, leaks) == []
    assert snapshot(app) == before


def test_the_judges_own_pages_never_show_the_other_judges_scores_before_closing(app, world, j2_client):
    problems = page_problems(j2_client, pages_of(app, OWN_PAGES, world), leaks)
    problems += page_problems(j2_client, pages_of(app, PUBLIC_PAGES, world), leaks, must_open=False)

    assert problems == []
    own = j2_client.get(f"/judging/entries/{world.e}").get_data(as_text=True)
    assert "Maoni ya Baraka" in own and 'value="3"' in own  # the page is J2's own sheet, filled


def test_the_judge_cannot_score_through_the_other_judges_assignment(app, world):
    with app.app_context():
        before = snapshot(app)
        j1_assignment = db.session.get(Assignment, world.j1_on_e)
        j2_user = db.session.get(Judge, world.j2).user
        with pytest.raises(DomainError, match="Only the judge assigned"):
            save_scores(j1_assignment, j2_user, {c: (0, "Baraka overwrites") for c in world.criteria})
        db.session.rollback()
        seen = scores_visible_to(j2_user, db.session.get(Entry, world.e))
        assert {s.assignment.judge_id for s in seen} == {world.j2}
        assert scores_visible_to(j2_user, db.session.get(Entry, world.e2)) == []
    assert snapshot(app) == before


def test_after_closing_the_judge_sees_the_other_judges_scores_of_the_shared_entry_only(app, world, j2_client):
    with app.app_context():
        db.session.get(InnovationCall, world.call).scoring_closed_at = innovations.now()
        db.session.commit()

    shared = j2_client.get(f"/judging/entries/{world.e}")
    body = shared.get_data(as_text=True)

    assert shared.status_code == 200
    assert f"{J1_MARKER} on E" in body and "Asha Mrema" in body and f"{J1_VALUE} / 10" in body
    assert f"{J1_MARKER} on E2" not in body and not leaks(shared, scoring_open=False)
    assert j2_client.get(f"/judging/entries/{world.e2}").status_code == 404
    assert j2_client.get(f"/innovations/entries/{world.e2}/paper").status_code == 404
    listing = j2_client.get("/judging")
    assert not leaks(listing, scoring_open=False) and "Mfumo wa Kilimo" in listing.get_data(as_text=True)
