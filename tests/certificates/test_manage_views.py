"""The organisers' certificate pages: per type counts and problems, issuing a batch (and its
refusals), the list, its filters and CSV, one certificate's page, revoking, correcting the name,
emailing again, issuing one by hand; every refusal changes nothing; who may open what."""
import pytest
import sqlalchemy as sa
from flask import url_for

from eventapp.certificates import batches
from eventapp.certificates.issuing import revoke
from eventapp.certificates.models import Certificate, CertificateType
from eventapp.core.roles import Role
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.jobs.models import Job, JobStatus
from tests.certificates import eligibility_data as data
from tests.checkin import factories as gate

P = CertificateType.PARTICIPATION
N = 3


@pytest.fixture
def world(app):
    """An event with three checked-in participants and a ready participation design; another
    event with one issued certificate."""
    with app.app_context():
        event = gate.gate_event()
        data.participants(event, N)
        data.ready_design(event, P)
        other = gate.gate_event(edition=event.edition + 1)
        data.participants(other, 1)
        data.ready_design(other, P)
        batches.issue_subjects(other, P, batches.subjects_for(other, P), None)
        foreign = db.session.scalar(sa.select(Certificate.id).where(Certificate.event_id == other.id))
        return {"event": event.id, "other": other.id, "foreign": foreign}


@pytest.fixture
def organiser(login):
    return login(Role.ORGANISER)


def rows(app, event_id: int) -> list[dict]:
    with app.app_context():
        return [{"id": c.id, "valid": c.valid, "name": c.holder_name, "serial": c.serial, "emailed": c.emailed_at,
                 "issued_by": c.issued_by_id, "revoked_by": c.revoked_by_id, "reason": c.revoke_reason,
                 "replaces": c.replaces_id}
                for c in db.session.scalars(sa.select(Certificate).where(Certificate.event_id == event_id)
                                            .order_by(Certificate.id))]


def job_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Job))


def issue_all(app, event_id: int, actor_id=None) -> None:
    with app.app_context():
        event = db.session.get(Event, event_id)
        batches.issue_subjects(event, P, batches.subjects_for(event, P), actor_id)


def page_url(event_id: int, certificate_id: int, action: str = "") -> str:
    return f"/manage/events/{event_id}/certificates/{certificate_id}{action}"


# --- per type ------------------------------------------------------------------------------


def test_the_index_shows_per_type_who_qualifies_and_what_stops_issuing(client, organiser, world):
    response = client.get(f"/manage/events/{world['event']}/certificates")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Issue {N} certificates" in page
    # The presenter type has no design yet: its problem is shown, its button disabled, the design linked.
    assert "Name at least one signatory" in page and "Complete the design before issuing" in page
    assert page.count(" disabled>") >= 5


def test_issuing_a_batch_goes_to_its_progress(app, client, organiser, world, outbox):
    response = client.post(f"/manage/events/{world['event']}/certificates/participation/issue",
                           data={"participation-email": "y", "participation-bundle": "pdf"})

    assert response.status_code == 302 and response.headers["Location"].startswith("/jobs/")
    issued = rows(app, world["event"])
    assert len(issued) == N and all(r["issued_by"] == organiser.id and r["emailed"] for r in issued)
    status = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{N} new, 0 already issued." in status


def test_a_batch_is_refused_while_one_of_the_type_runs(app, client, organiser, world):
    with app.app_context():
        db.session.add(Job(kind=batches.ISSUE_JOB, params={"event_id": world["event"], "type": "participation"},
                           status=JobStatus.QUEUED, created_by_id=organiser.id))
        db.session.commit()

    response = client.post(f"/manage/events/{world['event']}/certificates/participation/issue",
                           data={"participation-bundle": "zip"}, follow_redirects=True)

    assert "being issued already" in response.get_data(as_text=True)
    assert job_count(app) == 1 and rows(app, world["event"]) == []


def test_a_batch_is_refused_while_the_design_has_problems(app, client, organiser, world):
    response = client.post(f"/manage/events/{world['event']}/certificates/presenter/issue",
                           data={"presenter-bundle": "zip"}, follow_redirects=True)

    assert "Name at least one signatory" in response.get_data(as_text=True)
    assert job_count(app) == 0


def test_a_batch_with_a_bundle_not_offered_is_refused(app, client, organiser, world):
    response = client.post(f"/manage/events/{world['event']}/certificates/participation/issue",
                           data={"participation-bundle": "rar"})

    assert response.status_code == 302 and job_count(app) == 0 and rows(app, world["event"]) == []


def test_an_unknown_type_is_not_found(client, organiser, world):
    assert client.post(f"/manage/events/{world['event']}/certificates/diploma/issue").status_code == 404
    assert client.get(f"/manage/events/{world['event']}/certificates/diploma/missing").status_code == 404
    assert client.get("/manage/events/999999/certificates").status_code == 404


def test_a_bundle_of_the_valid_certificates_goes_to_its_progress(app, client, organiser, world):
    issue_all(app, world["event"])

    response = client.post(f"/manage/events/{world['event']}/certificates/participation/bundle",
                           data={"bundle-participation-bundle": "zip"})

    assert response.status_code == 302 and response.headers["Location"].startswith("/jobs/")
    with app.app_context():
        job = db.session.scalar(sa.select(Job).where(Job.kind == batches.BUNDLE_JOB))
        assert job.status is JobStatus.DONE and job.result_filename.endswith(".zip")


def test_one_missed_person_is_issued_by_hand(app, client, organiser, world):
    issue_all(app, world["event"])
    with app.app_context():
        certificate = db.session.scalars(sa.select(Certificate).where(Certificate.event_id == world["event"])).first()
        revoke(certificate, "Issued by mistake", None)
        db.session.commit()
        key, name = certificate.subject_key, certificate.holder_name

    missing = client.get(f"/manage/events/{world['event']}/certificates/participation/missing")
    assert missing.status_code == 200 and name in missing.get_data(as_text=True)

    response = client.post(f"/manage/events/{world['event']}/certificates/participation/issue-one", data={"key": key})

    assert response.status_code == 302
    assert sum(r["valid"] for r in rows(app, world["event"])) == N
    again = client.post(f"/manage/events/{world['event']}/certificates/participation/issue-one", data={"key": key},
                        follow_redirects=True)
    assert "already holds this certificate" in again.get_data(as_text=True)
    stranger = client.post(f"/manage/events/{world['event']}/certificates/participation/issue-one",
                           data={"key": "registration:999999"}, follow_redirects=True)
    assert "does not qualify" in stranger.get_data(as_text=True)
    assert len(rows(app, world["event"])) == N + 1


# --- the list ------------------------------------------------------------------------------


def test_the_list_filters_by_type_status_and_search(app, client, organiser, world):
    issue_all(app, world["event"])
    issued = rows(app, world["event"])
    with app.app_context():
        revoke(db.session.get(Certificate, issued[0]["id"]), "Issued by mistake", None)
        db.session.commit()
    url = f"/manage/events/{world['event']}/certificates/list"

    everything = client.get(url).get_data(as_text=True)
    revoked = client.get(url, query_string={"status": "revoked"}).get_data(as_text=True)
    by_serial = client.get(url, query_string={"q": issued[1]["serial"].lower()}).get_data(as_text=True)
    judges = client.get(url, query_string={"type": "judge"}).get_data(as_text=True)
    nonsense = client.get(url, query_string={"type": "diploma", "status": "lost", "q": "x" * 500})

    assert all(r["serial"] in everything for r in issued) and "3 certificates" in everything
    assert issued[0]["serial"] in revoked and issued[1]["serial"] not in revoked
    assert issued[1]["serial"] in by_serial and issued[2]["serial"] not in by_serial
    assert "No certificates match." in judges
    assert nonsense.status_code == 200 and "3 certificates" in nonsense.get_data(as_text=True)


def test_the_csv_export_has_a_row_per_matching_certificate(app, client, organiser, world):
    issue_all(app, world["event"], actor_id=organiser.id)

    response = client.get(f"/manage/events/{world['event']}/certificates/export.csv",
                          query_string={"status": "valid"})

    lines = response.get_data(as_text=True).lstrip("\ufeff").strip().splitlines()
    assert response.mimetype == "text/csv" and len(lines) == N + 1
    assert lines[0].startswith("serial,type,holder_name")
    assert all(r["serial"] in response.get_data(as_text=True) for r in rows(app, world["event"]))
    assert organiser.full_name in lines[1]


# --- one certificate -----------------------------------------------------------------------


@pytest.fixture
def certificate(app, world, organiser):
    issue_all(app, world["event"], actor_id=organiser.id)
    return rows(app, world["event"])[0]


def test_a_certificates_page_shows_its_history_and_its_pdf(client, world, certificate, organiser):
    page = client.get(page_url(world["event"], certificate["id"])).get_data(as_text=True)
    pdf = client.get(page_url(world["event"], certificate["id"], ".pdf"))

    assert certificate["serial"] in page and organiser.full_name in page and "Revoke the certificate" in page
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert f'{certificate["serial"]}.pdf' in pdf.headers["Content-Disposition"]


def test_another_events_certificate_is_not_found(client, world, certificate):
    for action in ("", ".pdf"):
        assert client.get(page_url(world["event"], world["foreign"], action)).status_code == 404
    for action in ("/revoke", "/correct-name", "/resend"):
        assert client.post(page_url(world["event"], world["foreign"], action),
                           data={"reason": "Issued by mistake", "holder_name": "Jina Jipya Kabisa"}).status_code == 404


def test_revoking_needs_a_reason_beside_the_field(app, client, world, certificate):
    response = client.post(page_url(world["event"], certificate["id"], "/revoke"), data={"reason": "no"})

    assert response.status_code == 422 and 'id="reason-error"' in response.get_data(as_text=True)
    assert rows(app, world["event"])[0] == certificate


def test_revoking_records_who_and_why(app, client, world, certificate, organiser):
    response = client.post(page_url(world["event"], certificate["id"], "/revoke"),
                           data={"reason": "Issued by mistake"})

    after = rows(app, world["event"])[0]
    assert response.status_code == 302
    assert not after["valid"] and after["revoked_by"] == organiser.id and after["reason"] == "Issued by mistake"
    page = client.get(page_url(world["event"], certificate["id"])).get_data(as_text=True)
    assert "Issued by mistake" in page and "Revoke the certificate" not in page

    again = client.post(page_url(world["event"], certificate["id"], "/revoke"), data={"reason": "Another reason"})
    assert again.status_code == 422 and rows(app, world["event"])[0] == after


def test_correcting_the_name_issues_a_new_certificate(app, client, world, certificate, organiser):
    response = client.post(page_url(world["event"], certificate["id"], "/correct-name"),
                           data={"holder_name": "Bi. Asha Mwinyi"})

    old, *_rest, new = rows(app, world["event"])
    assert response.status_code == 302 and response.headers["Location"] == page_url(world["event"], new["id"])
    assert not old["valid"] and new["valid"] and new["name"] == "Bi. Asha Mwinyi" and new["replaces"] == old["id"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert old["serial"] in page and "Replaces" in page


@pytest.mark.parametrize("name", ["", "ab", "x" * 201, "same"])
def test_a_wrong_corrected_name_changes_nothing(app, client, world, certificate, name):
    name = certificate["name"] if name == "same" else name

    response = client.post(page_url(world["event"], certificate["id"], "/correct-name"), data={"holder_name": name})

    assert response.status_code == 422 and 'id="holder_name-error"' in response.get_data(as_text=True)
    assert rows(app, world["event"]) == rows(app, world["event"])[:N] and len(rows(app, world["event"])) == N
    assert rows(app, world["event"])[0] == certificate


def test_email_again_sends_the_certificate(app, client, world, certificate, outbox):
    response = client.post(page_url(world["event"], certificate["id"], "/resend"), follow_redirects=True)

    assert "was emailed to" in response.get_data(as_text=True)
    assert [m for m in outbox if m.attachments and m.attachments[0].filename == f'{certificate["serial"]}.pdf']
    assert rows(app, world["event"])[0]["emailed"] is not None


def test_email_again_is_refused_for_a_revoked_certificate(app, client, world, certificate, outbox):
    with app.app_context():
        revoke(db.session.get(Certificate, certificate["id"]), "Issued by mistake", None)
        db.session.commit()
    sent = len(outbox)

    response = client.post(page_url(world["event"], certificate["id"], "/resend"), follow_redirects=True)

    assert "revoked certificate is not sent" in response.get_data(as_text=True)
    assert len(outbox) == sent and rows(app, world["event"])[0]["emailed"] is None


# --- who may open what ---------------------------------------------------------------------


def my_endpoints(app, world) -> list[tuple[str, str]]:
    event, certificate_id = world["event"], world["foreign"]
    with app.test_request_context():
        gets = [url_for("certificates.manage_index", event_id=event),
                url_for("certificates.manage_list", event_id=event),
                url_for("certificates.export_csv", event_id=event),
                url_for("certificates.manage_missing", event_id=event, type_value="participation"),
                url_for("certificates.manage_certificate", event_id=world["other"], certificate_id=certificate_id),
                url_for("certificates.certificate_pdf", event_id=world["other"], certificate_id=certificate_id)]
        posts = [url_for("certificates.issue_batch", event_id=event, type_value="participation"),
                 url_for("certificates.bundle_certificates", event_id=event, type_value="participation"),
                 url_for("certificates.issue_one", event_id=event, type_value="participation"),
                 url_for("certificates.revoke_certificate", event_id=world["other"], certificate_id=certificate_id),
                 url_for("certificates.correct_certificate_name", event_id=world["other"],
                         certificate_id=certificate_id),
                 url_for("certificates.resend_certificate", event_id=world["other"], certificate_id=certificate_id)]
    return [("GET", url) for url in gets] + [("POST", url) for url in posts]


@pytest.mark.parametrize("role", [Role.FINANCE, Role.GATE, Role.PARTICIPANT, Role.JUDGE, Role.PROGRAMME])
def test_only_organisers_enter(app, client, login, world, role):
    login(role)
    before = rows(app, world["other"])

    for method, url in my_endpoints(app, world):
        assert client.open(url, method=method, data={"reason": "Issued by mistake"}).status_code == 403, url
    assert rows(app, world["other"]) == before and job_count(app) == 0


def test_anonymous_visitors_are_sent_to_log_in(app, client, world):
    for method, url in my_endpoints(app, world):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_the_event_page_links_the_certificates(client, organiser, world):
    page = client.get(f"/manage/events/{world['event']}").get_data(as_text=True)

    assert f"/manage/events/{world['event']}/certificates" in page


def test_administrators_enter_too(client, login, world):
    login(Role.ADMIN)

    assert client.get(f"/manage/events/{world['event']}/certificates/list").status_code == 200
