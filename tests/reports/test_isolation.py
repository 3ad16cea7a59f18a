"""A focal person never sees another ministry's reports: proved for every `reports.*` endpoint.

Two ministries, A (Finance) and B (Health), each with a focal person and a report with files.
Logged in as A's focal person:
- every request aimed at B's objects (FOREIGN_REQUESTS) answers 404 or 403, shows none of B's
  names, texts or file contents, and changes nothing (rows and stored files);
- A's own pages (OWN_PAGES) open and show none of B's names or texts;
- committee-only endpoints (COMMITTEE_ONLY) do not let the focal role in (`required_roles`
  lacks Role.FOCAL) and answer 403.
The test walks `app.url_map` and FAILS for any `reports.*` endpoint in none of the three tables,
and for an endpoint open to focal persons that takes an id (other than an event's) without a
row in FOREIGN_REQUESTS.

HOW TO ADD A ROW (for a new reports endpoint):
- Committee only (guarded by role_required without Role.FOCAL): add its name to COMMITTEE_ONLY.
- Open to focal persons and taking the id of something that belongs to a ministry: add to
  FOREIGN_REQUESTS `"reports.<endpoint>": lambda w: [(METHOD, {url arguments}, form_data), ...]`
  aimed at B's objects (`w.b[...]`); form_data is None for a GET. If B needs an object the
  world below does not build, build it in `build_world` (B's side: a text containing
  B_MARKER if it is text) and put its id in `b[...]`.
- A focal person's own page (no id of a ministry's object in its URL): add to OWN_PAGES
  `"reports.<endpoint>": lambda w: [{url arguments}, ...]` for A's objects (`w.a[...]`) or the
  shared event (`w.event`). An endpoint may be in both FOREIGN_REQUESTS and OWN_PAGES.
"""
import io
import os
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from flask import url_for

from eventapp.auth.models import User
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.reports.models import (
    FocalPerson,
    ReportAnswer,
    ReportCall,
    ReportComment,
    ReportingInstitution,
    ReportSubmission,
    ReportVersion,
)
from eventapp.reports.resolution_progress import report_progress
from eventapp.reports.resolutions import ResolutionDetails, save_resolution
from eventapp.reports.submissions import submit_report
from tests import factories
from tests.endpoint_tables import (
    assert_every_endpoint_listed,
    assert_refused,
    id_endpoints_without_rows,
    page_problems,
    pages_of,
    refusal_problems,
    requests_of,
)
from tests.reports import factories as reports
from tests.reports.test_submissions import office_bytes, upload

B_MARKER = "SIRI-YA-WIZARA-YA-AFYA"
B_NAMES = ("Wizara ya Afya", "Bohari ya Dawa", "Baraka Mwafya", "baraka@moh.go.tz", B_MARKER)
B_REPORT = b"%PDF-1.4\n% " + B_MARKER.encode() + b" report\n%%EOF\n"
B_SLIDES = office_bytes("ppt", B_MARKER + " slides")
A_REPORT = b"%PDF-1.4\n% Wizara ya Fedha report\n%%EOF\n"


@dataclass
class World:
    event: int  # the edition both ministries report under
    a: dict = field(default_factory=dict)  # ministry A's ids (its focal person is logged in)
    b: dict = field(default_factory=dict)  # ministry B's ids
    resolution: int = 0  # a resolution carried into the shared edition, with B's progress on it


def _answers(call: ReportCall, text: str) -> dict[int, str]:
    return {s.id: f"{text}: {s.title_en}" for s in call.sections}


def build_world() -> World:
    """Both ministries report under the shared call; B also under a call of another edition that A
    is not asked to answer. Each has a focal person, a sector institution and a report with its
    files; B's report has a shared comment."""
    shared_event = factories.event(title_en="e-Government Annual Meeting 2019")
    b_event = factories.event(title_en="Kikao cha Wizara ya Afya peke yake")
    finance = reports.ministry("Wizara ya Fedha na Mipango", "MoFP")
    health = reports.ministry("Wizara ya Afya", "MoH")
    tra = reports.sector_institution(finance, "Mamlaka ya Mapato Tanzania", "TRA")
    msd = reports.sector_institution(health, "Bohari ya Dawa", "MSD")
    shared = reports.call(shared_event, [finance, health])
    b_only = reports.call(b_event, [health])
    a_focal = reports.focal_person(finance, email="asha@mof.go.tz", full_name="Asha Juma")
    b_focal = reports.focal_person(health, email="baraka@moh.go.tz", full_name="Baraka Mwafya")

    a_version = submit_report(shared, finance, a_focal, _answers(shared, "Fedha"), [tra.id],
                              upload(A_REPORT, "ripoti-fedha.pdf"), None)
    b_versions = [
        submit_report(call, health, b_focal, _answers(call, B_MARKER), [msd.id],
                      upload(B_REPORT, "ripoti-afya.pdf"), upload(B_SLIDES, "slaidi-afya.pptx"))
        for call in (shared, b_only)
    ]
    b_versions.append(submit_report(shared, health, b_focal, _answers(shared, B_MARKER + " v2"), [msd.id], None,
                                    None))
    db.session.add(ReportComment(submission_id=b_versions[0].submission_id, version_number=1,
                                 body=f"{B_MARKER} comment", shared=True))
    db.session.commit()
    # A resolution of an earlier edition, carried into the shared one, on which B has reported:
    # A's progress page lists the resolution and never B's progress.
    earlier = factories.event(edition=1, title_en="e-Government Annual Meeting 2015")
    resolution = save_resolution(earlier, ResolutionDetails(text_sw="Azimio la pamoja", owner_text="Wizara zote"))
    report_progress(resolution, shared_event, health, b_focal, "in_progress", f"{B_MARKER} progress")
    return World(
        event=shared_event.id, resolution=resolution.id,
        a={"focal_email": a_focal.email, "institution": finance.id, "call": shared.id,
           "submission": a_version.submission_id, "version": a_version.id},
        b={"institution": health.id, "own_call": b_only.id, "shared_call": shared.id,
           "submissions": sorted({v.submission_id for v in b_versions}), "versions": [v.id for v in b_versions],
           "focal": db.session.scalar(sa.select(FocalPerson.id).where(FocalPerson.user_id == b_focal.id))},
    )


def _report_form(w: World) -> dict:
    call = db.session.get(ReportCall, w.b["own_call"])
    data = {f"section_{s.id}": "Fedha inajaribu kuwasilisha" for s in call.sections}
    data["report_file"] = (io.BytesIO(A_REPORT), "ripoti.pdf")
    return data


# endpoint: lambda world -> [(method, url arguments, form data or None), ...] aimed at B's objects
FOREIGN_REQUESTS = {
    "reports.submission": lambda w: [("GET", {"submission_id": s}, None) for s in w.b["submissions"]]
    + [("GET", {"submission_id": s, "version": 1}, None) for s in w.b["submissions"]],
    "reports.version_file": lambda w: [("GET", {"version_id": v, "kind": kind}, None)
                                       for v in w.b["versions"] for kind in ("report", "slides")],
    "reports.submit": lambda w: [("GET", {"call_id": w.b["own_call"]}, None),
                                 ("POST", {"call_id": w.b["own_call"]}, _report_form(w))],
    "reports.call_template": lambda w: [("GET", {"call_id": w.b["own_call"]}, None)],
}

# endpoint: lambda world -> [url arguments, ...] of A's own pages (they must not show B)
OWN_PAGES = {
    "reports.my_report": lambda w: [{}],
    "reports.submission": lambda w: [{"submission_id": w.a["submission"]}],
    "reports.submit": lambda w: [{"call_id": w.a["call"]}],
    "reports.version_file": lambda w: [{"version_id": w.a["version"], "kind": "report"}],
    "reports.call_template": lambda w: [{"call_id": w.a["call"]}],
    "reports.resolution_progress": lambda w: [{"event_id": w.event}],
}

# Guarded by role_required without Role.FOCAL (checked below): a focal person gets 403.
COMMITTEE_ONLY = {
    # the call, its sections, institutions, template and focal persons
    "reports.manage_index", "reports.manage_call", "reports.create_call", "reports.edit_call", "reports.edit_sections",
    "reports.add_section", "reports.remove_section", "reports.edit_institutions", "reports.remove_institution",
    "reports.manage_template", "reports.remove_template", "reports.appoint_focal", "reports.remove_focal",
    # review
    "reports.review_list", "reports.review", "reports.review_comment", "reports.review_status",
    "reports.review_link_slot", "reports.review_unlink_slot",
    # compliance and reminders
    "reports.compliance", "reports.compliance_pdf", "reports.compliance_xlsx", "reports.send_reminders",
    # consolidation
    "reports.consolidation", "reports.consolidation_xlsx",
    # resolutions
    "reports.resolutions", "reports.new_resolution", "reports.edit_resolution", "reports.resolution_status",
    "reports.resolutions_xlsx", "reports.resolution_progress_summary",
}

# URL arguments naming things no ministry owns: an endpoint taking only these may be an own page.
SHARED_ARGUMENTS = {"event_id"}


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        return build_world()


@pytest.fixture
def a_client(app, world):
    client = app.test_client()
    response = client.post("/login", data={"email": world.a["focal_email"], "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def snapshot(app) -> tuple:
    with app.app_context():
        counts = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (
            ReportSubmission, ReportVersion, ReportAnswer, ReportComment, FocalPerson, ReportingInstitution, User))
    return counts, tuple(sorted(os.listdir(app.config["UPLOAD_FOLDER"])))


def shows_b(response) -> list[str]:
    """B's names and texts in the page, or B's file contents in a download."""
    data = response.get_data()
    found = [name for name in B_NAMES if name in data.decode("utf-8", "replace")]
    if B_REPORT in data or B_SLIDES in data:
        found.append("B's file")
    return found


def test_every_reports_endpoint_is_in_a_table(app):
    assert_every_endpoint_listed(app, "reports", set(FOREIGN_REQUESTS) | set(OWN_PAGES) | COMMITTEE_ONLY, __name__)


def test_focal_endpoints_taking_an_id_have_rows_for_the_other_ministrys_objects(app):
    missing = id_endpoints_without_rows(app, "reports", {Role.FOCAL}, SHARED_ARGUMENTS | {"kind"}, FOREIGN_REQUESTS)

    assert missing == []


def test_committee_only_endpoints_refuse_a_focal_person(app, a_client):
    assert_refused(app, a_client, "reports", COMMITTEE_ONLY, kept_out={Role.FOCAL})


def test_nothing_of_the_other_ministry_opens_downloads_or_changes(app, world, a_client):
    before = snapshot(app)
    requests = requests_of(app, FOREIGN_REQUESTS, world)
    assert len(requests) >= 12

    assert refusal_problems(a_client, requests, shows_b, multipart=True) == []
    assert snapshot(app) == before


def test_the_focal_persons_own_pages_never_show_the_other_ministry(app, world, a_client):
    assert page_problems(a_client, pages_of(app, OWN_PAGES, world), shows_b) == []
    assert "Wizara ya Fedha na Mipango" in a_client.get("/reports").get_data(as_text=True)


def test_the_world_is_visible_to_the_committee(app, world, client, login):
    """The other side of the proof: the same requests do reach B's objects for the committee, so
    the 404s above come from the access rule, not from a broken world."""
    login(Role.REPORTS)
    with app.test_request_context():
        urls = [url_for("reports.submission", submission_id=s) for s in world.b["submissions"]]
        urls += [url_for("reports.version_file", version_id=v, kind="slides") for v in world.b["versions"]]
        urls.append(url_for("reports.call_template", call_id=world.b["own_call"]))

    responses = [client.get(url) for url in urls]

    assert [r.status_code for r in responses] == [200] * len(urls)
    assert B_MARKER in responses[0].get_data(as_text=True) and responses[2].data == B_SLIDES


def test_a_focal_person_linked_to_b_is_stopped_at_a_the_same_way(app, world):
    """The rule is symmetric: B's focal person cannot open A's report either."""
    client = app.test_client()
    client.post("/login", data={"email": "baraka@moh.go.tz", "password": factories.PASSWORD})
    with app.app_context():
        assert db.session.get(Institution, world.a["institution"]).name == "Wizara ya Fedha na Mipango"

    assert client.get(f"/reports/submissions/{world.a['submission']}").status_code == 404
    assert client.get(f"/reports/versions/{world.a['version']}/report").status_code == 404


def test_the_progress_page_lists_the_carried_resolution_but_not_the_other_ministrys_progress(app, world, a_client):
    page = a_client.get(f"/reports/events/{world.event}/resolutions").get_data(as_text=True)

    assert "Azimio la pamoja" in page and f'name="resolution_id" value="{world.resolution}"' in page
    assert B_MARKER not in page and "Wizara ya Afya" not in page
