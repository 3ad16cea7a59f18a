"""Bulk email from the registrations list: write, confirm the count, send as the background
job "registration.bulk_email" (inline under tests) whose page says how many it reached; the
service's batches, its text-only message, and a mail server that is down."""
import socket

import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import InvalidInput
from eventapp.core.roles import Role
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.jobs.models import Job, JobStatus
from eventapp.jobs.runner import JOB_KINDS, enqueue
from eventapp.registration.services import bulk_email
from eventapp.registration.services.listing import RegistrationFilter
from tests import factories
from tests.registration.test_management import Meeting

EN = {"Accept-Language": "en"}


@pytest.fixture
def meeting(app):
    """The registrations list's meeting: MoFP has Asha and Chausiku (ids only)."""
    with app.test_request_context(headers=EN):
        m = Meeting()
        return {"event": m.event.id, "mofp": m.mofp.id}


def test_bulk_email_confirms_the_count_then_sends_one_message_per_person(app, client, login, meeting, outbox):
    login(Role.ORGANISER)
    url = f"/manage/events/{meeting['event']}/registrations/email?institution={meeting['mofp']}"
    message = {"subject": "Ratiba imebadilika", "body": "Karibuni Dodoma.\n\nKikao kinaanza saa 2:00 asubuhi."}

    compose = client.get(url, headers=EN).get_data(as_text=True)
    assert "2 people will receive it" in compose
    confirm = client.post(url, data={**message, "step": "preview"}, headers=EN).get_data(as_text=True)
    assert "Send to 2 people" in confirm and 'name="expected" type="hidden" value="2"' in confirm
    assert "<textarea name=\"body\" hidden>Karibuni Dodoma.\n\nKikao" in confirm
    assert outbox == []

    sent = client.post(url, data={**message, "step": "send", "expected": "2"})

    assert sent.status_code == 302 and "/jobs/" in sent.headers["Location"]
    job_page = client.get(sent.headers["Location"], headers=EN).get_data(as_text=True)
    assert "The message was sent to 2 people." in job_page
    assert sorted(m.recipients[0] for m in outbox) == ["asha@mofp.go.tz", "chausiku@mofp.go.tz"]
    asha = next(m for m in outbox if m.recipients == ["asha@mofp.go.tz"])
    assert asha.subject == "Ratiba imebadilika"
    assert "Asha Mwinyi" in asha.body and "Kikao kinaanza saa 2:00 asubuhi." in asha.body
    assert "<br>" not in asha.body and "Karibuni Dodoma.</p>" in asha.html
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "registration.bulk_email"))
        assert "sent 2" in entry.details


def test_bulk_email_asks_again_when_the_list_changed_meanwhile(client, login, meeting, outbox):
    login(Role.ORGANISER)
    url = f"/manage/events/{meeting['event']}/registrations/email?institution={meeting['mofp']}"

    response = client.post(url, data={"subject": "Habari", "body": "Ujumbe wa majaribio.", "step": "send",
                                      "expected": "5"}, headers=EN)

    assert response.status_code == 200
    assert "now has 2 addresses" in response.get_data(as_text=True)
    assert outbox == []


def test_a_message_with_html_is_sent_as_text(app, meeting, outbox):
    with app.test_request_context(headers=EN):
        event = db.session.get(Event, meeting["event"])
        bulk_email.send_bulk_email(event, RegistrationFilter(text="asha"), "Habari\r\nBcc: x@example.org",
                                   "<script>alert(1)</script> karibu", actor_id=None)

    [message] = outbox
    assert message.subject == "Habari Bcc: x@example.org"  # one line: no header injection
    assert "&lt;script&gt;" in message.html


def test_the_bulk_email_job_is_registered_and_counts_the_addresses_sent(app, meeting, outbox):
    with app.test_request_context(headers=EN):
        event = db.session.get(Event, meeting["event"])
        params = bulk_email.bulk_email_params(event, RegistrationFilter(institution_id=meeting["mofp"]),
                                              "Ratiba", "Karibuni Dodoma wote.", actor_id=None)

        job = enqueue("registration.bulk_email", params, actor_id=None)

        assert JOB_KINDS["registration.bulk_email"] is bulk_email.bulk_email_job
        assert job.status is JobStatus.DONE and job.message == "The message was sent to 2 people."
        assert job.done == job.total == 2 and job.result_file is None  # Asha and Chausiku of MoFP
    assert sorted(m.recipients[0] for m in outbox) == ["asha@mofp.go.tz", "chausiku@mofp.go.tz"]


def test_bulk_email_params_refuse_an_empty_message_before_anything_is_queued(app, meeting):
    with app.test_request_context(headers=EN):
        event = db.session.get(Event, meeting["event"])
        with pytest.raises(InvalidInput):
            bulk_email.bulk_email_params(event, RegistrationFilter(), "Ratiba", "", actor_id=None)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_the_result_message_lists_the_addresses_that_failed(app):
    with app.test_request_context(headers=EN):
        result = bulk_email.BulkEmailResult(sent=3, failed=["a@example.org", "b@example.org"])

        assert bulk_email.result_message(result) == (
            "The message was sent to 3 people. It could not be sent to 2 addresses: a@example.org, b@example.org")
        many = bulk_email.result_message(bulk_email.BulkEmailResult(failed=[f"p{n}@example.org" for n in range(60)]))
        assert len(many) <= 300 and many.endswith(", …") and "p0@example.org" in many


class TestBulkEmailOverSmtp:
    @pytest.fixture
    def app_config(self, smtp_app_config):
        return smtp_app_config

    def test_batches_reach_a_real_smtp_server(self, app, smtp_server):
        with app.test_request_context(headers=EN):
            event = factories.open_event()
            category = factories.category(event, fee=0)
            for n in range(5):
                factories.registration(category, email=f"p{n}@example.org")
            smtp_server.messages.clear()

            batches = []
            result = bulk_email.send_bulk_email(event, RegistrationFilter(), "Taarifa", "Karibuni wote.",
                                                actor_id=None, batch_size=2, on_batch=batches.append)

        assert (result.sent, result.failed) == (5, [])
        assert batches == [2, 2, 1]  # five addresses in batches of two
        assert sorted(m["To"] for m in smtp_server.messages) == [f"p{n}@example.org" for n in range(5)]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TestBulkEmailWhenTheServerIsDown:
    @pytest.fixture
    def app_config(self):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": closed_port(), "MAIL_SUPPRESS_SEND": False}

    def test_the_failure_is_reported_not_a_500(self, app, client, login):
        with app.test_request_context(headers=EN):
            event = factories.open_event()
            category = factories.category(event, fee=0)
            factories.registration(category, email="p1@example.org")  # its own email fails and is logged
            event_id = event.id
        login(Role.ORGANISER)

        response = client.post(f"/manage/events/{event_id}/registrations/email",
                               data={"subject": "Taarifa", "body": "Karibuni wote.", "step": "send", "expected": "1"},
                               follow_redirects=True, headers=EN)

        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert "sent to 0 people" in body and "could not be sent to 1 addresses: p1@example.org" in body
