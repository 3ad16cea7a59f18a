"""Reminders to the institutions that must report and have not: the focal persons are emailed
at most once a day per institution (the reminder row is written first), again the next day;
submitted institutions get nothing; those without a focal person are listed back and get no
row; a closed call reminds nobody. The button on the compliance page and `flask
remind-reports` both use the one service."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.clock import local_today
from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.jobs.models import JobStatus
from eventapp.jobs.runner import JOB_KINDS, enqueue
from eventapp.registration.models import Institution
from eventapp.reports.models import ReportCall, ReportReminder
from eventapp.reports.reminder_jobs import reminder_params, reminders_job, summary_message
from eventapp.reports.reminders import ReminderSummary, send_reminders
from tests import factories
from tests.reports import factories as reports

EN = {"Accept-Language": "en"}


@pytest.fixture
def meeting(app):
    """Edition 7's open call: Fedha has submitted, Maji has two focal persons (and a third whose
    account is closed), Nishati has none. Ids only."""
    with app.app_context():
        event = factories.event(edition=7)
        fedha = reports.ministry("Wizara ya Fedha na Mipango")
        maji = reports.ministry("Wizara ya Maji")
        nishati = reports.ministry("Wizara ya Nishati")
        call = reports.call(event, [fedha, maji, nishati])
        reports.submission(call, fedha)
        reports.focal_person(fedha, email="fedha@mof.go.tz")
        reports.focal_person(maji, email="asha@maji.go.tz").locale = "en"
        reports.focal_person(maji, email="baraka@maji.go.tz")
        reports.focal_person(maji, email="gone@maji.go.tz").active = False
        db.session.commit()
        return {"event": event.id, "call": call.id, "maji": maji.id, "nishati": nishati.id}


def reminder_rows(app) -> list[tuple]:
    with app.app_context():
        return list(db.session.execute(
            sa.select(ReportReminder.institution_id, ReportReminder.sent_on, ReportReminder.recipients)
            .order_by(ReportReminder.id)).tuples())


def today(app):
    with app.app_context():
        return local_today()


def remind(app, meeting, **kwargs):
    with app.app_context():
        return send_reminders(db.session.get(ReportCall, meeting["call"]), **kwargs)


def test_the_focal_persons_of_those_who_have_not_submitted_are_emailed(app, meeting, outbox):
    summary = remind(app, meeting, actor_id=None)

    assert summary.sent == ["Wizara ya Maji"] and summary.emails == 2
    assert summary.already_reminded == [] and summary.without_focal_person == ["Wizara ya Nishati"]
    assert sorted(m.recipients[0] for m in outbox) == ["asha@maji.go.tz", "baraka@maji.go.tz"]
    english = next(m for m in outbox if m.recipients == ["asha@maji.go.tz"])
    assert english.subject == "Reminder: submit your e-Government implementation report"
    assert "Wizara ya Maji" in english.body and "The deadline is" in english.body
    assert f"{app.config['BASE_URL']}/reports\n" in english.body
    assert reminder_rows(app) == [(meeting["maji"], today(app), 2)]
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEntry.action)) == "reports.reminders_sent"


def test_twice_in_a_day_sends_once_and_the_next_day_again(app, meeting, outbox):
    remind(app, meeting)
    again = remind(app, meeting)

    assert again.sent == [] and again.already_reminded == ["Wizara ya Maji"] and len(outbox) == 2

    tomorrow = remind(app, meeting, today=today(app) + timedelta(days=1))

    assert tomorrow.sent == ["Wizara ya Maji"] and len(outbox) == 4
    assert [row[1] for row in reminder_rows(app)] == [today(app), today(app) + timedelta(days=1)]


def test_an_institution_without_a_focal_person_gets_no_row_and_is_reminded_once_it_has_one(app, meeting, outbox):
    remind(app, meeting)
    with app.app_context():
        reports.focal_person(db.session.get(Institution, meeting["nishati"]), email="neema@nishati.go.tz")

    later = remind(app, meeting)

    assert later.sent == ["Wizara ya Nishati"] and later.already_reminded == ["Wizara ya Maji"]
    assert outbox[-1].recipients == ["neema@nishati.go.tz"]


def test_when_everyone_has_submitted_nobody_is_emailed(app, outbox):
    with app.app_context():
        ministry = reports.ministry("Wizara ya Madini")
        call = reports.call(factories.event(), [ministry])
        reports.focal_person(ministry)
        reports.submission(call, ministry)

        summary = send_reminders(call)

    assert (summary.sent, summary.already_reminded, summary.without_focal_person) == ([], [], [])
    assert outbox == [] and reminder_rows(app) == []


@pytest.mark.parametrize("move", ["not_open_yet", "past_the_deadline", "past_the_hard_deadline"])
def test_a_call_that_is_not_open_reminds_nobody(app, meeting, outbox, move):
    with app.app_context():
        call = db.session.get(ReportCall, meeting["call"])
        now = reports.now()
        if move == "not_open_yet":
            call.opens_at, call.deadline = now + timedelta(days=1), now + timedelta(days=9)
        else:
            call.opens_at, call.deadline = now - timedelta(days=9), now - timedelta(days=2)
            call.hard_deadline = now - timedelta(days=1) if move == "past_the_hard_deadline" else None
        db.session.commit()

    with pytest.raises(DomainError) as refused:
        remind(app, meeting)

    assert "not open" in refused.value.message
    assert outbox == [] and reminder_rows(app) == []


def test_between_the_deadline_and_the_hard_deadline_reminders_still_go(app, meeting, outbox):
    with app.app_context():
        call = db.session.get(ReportCall, meeting["call"])
        now = reports.now()
        call.opens_at, call.deadline, call.hard_deadline = (now - timedelta(days=9), now - timedelta(days=1),
                                                            now + timedelta(days=2))
        db.session.commit()

    assert remind(app, meeting).sent == ["Wizara ya Maji"]


# --- the button --------------------------------------------------------------------------


def test_the_button_runs_the_reminders_job_and_its_page_has_the_summary(app, client, login, meeting, outbox):
    login(Role.REPORTS)
    url = f"/manage/events/{meeting['event']}/reports/reminders"

    response = client.post(url, headers=EN)

    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Reminder sent to 1 institution: Wizara ya Maji." in page
    assert "1 institution has no focal person to remind: Wizara ya Nishati." in page
    assert len(outbox) == 2

    again = client.post(url, headers=EN)
    page = client.get(again.headers["Location"], headers=EN).get_data(as_text=True)
    assert "1 institution was already reminded today: Wizara ya Maji." in page and len(outbox) == 2


def test_the_reminders_job_is_registered_and_ends_with_the_summary(app, meeting, outbox):
    with app.test_request_context(headers=EN):
        call = db.session.get(ReportCall, meeting["call"])

        job = enqueue("reports.reminders", reminder_params(call, actor_id=None), actor_id=None)

        assert JOB_KINDS["reports.reminders"] is reminders_job
        assert job.status is JobStatus.DONE and job.result_file is None
        assert job.message == ("Reminder sent to 1 institution: Wizara ya Maji. "
                               "1 institution has no focal person to remind: Wizara ya Nishati.")
    assert len(outbox) == 2 and reminder_rows(app) == [(meeting["maji"], today(app), 2)]


def test_the_reminders_job_on_a_call_closed_meanwhile_says_so(app, meeting, outbox):
    with app.test_request_context(headers=EN):
        call = db.session.get(ReportCall, meeting["call"])
        call.opens_at, call.deadline = reports.now() - timedelta(days=9), reports.now() - timedelta(days=2)
        db.session.commit()

        job = enqueue("reports.reminders", {"call_id": meeting["call"], "actor_id": None}, actor_id=None)

        assert job.status is JobStatus.DONE
        assert job.message == "The call for reports is not open, so no reminder was sent."
    assert outbox == [] and reminder_rows(app) == []


def test_a_long_summary_names_as_many_institutions_as_fit(app):
    names = [f"Wizara ya Mfano Namba {n}" for n in range(40)]  # 24 characters each
    with app.test_request_context(headers=EN):
        message = summary_message(ReminderSummary(sent=names, without_focal_person=["Wizara ya Nishati"]))

    assert len(message) <= 300 and message.startswith("Reminders sent to 40 institutions: Wizara ya Mfano Namba 0,")
    assert ", …." in message and message.endswith("to remind: Wizara ya Nishati.")


def test_the_button_on_a_closed_call_says_so(app, client, login, meeting, outbox):
    with app.app_context():
        call = db.session.get(ReportCall, meeting["call"])
        call.opens_at, call.deadline = reports.now() - timedelta(days=9), reports.now() - timedelta(days=2)
        db.session.commit()
    login(Role.ORGANISER)

    response = client.post(f"/manage/events/{meeting['event']}/reports/reminders", headers=EN)

    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "The call for reports is not open, so no reminder was sent." in page
    assert outbox == [] and reminder_rows(app) == []


def test_the_button_is_for_the_committee_only(app, client, login, meeting, outbox):
    url = f"/manage/events/{meeting['event']}/reports/reminders"
    assert client.post(url).headers["Location"].startswith("/login")
    client.post("/login", data={"email": "asha@maji.go.tz", "password": factories.PASSWORD})
    assert client.post(url).status_code == 403
    client.post("/logout")
    login(Role.PARTICIPANT)
    assert client.post(url).status_code == 403
    assert outbox == [] and reminder_rows(app) == []


def test_the_button_for_an_event_without_a_call_is_404(app, client, login):
    login(Role.REPORTS)
    with app.app_context():
        event_id = factories.event().id
    assert client.post(f"/manage/events/{event_id}/reports/reminders").status_code == 404


# --- the command -------------------------------------------------------------------------


def test_the_command_reminds_every_open_call_once_a_day(app, runner, meeting, outbox):
    with app.app_context():
        old = reports.ministry("Wizara ya Zamani")
        reports.call(factories.event(edition=6), [old], opens_at=reports.now() - timedelta(days=400),
                     deadline=reports.now() - timedelta(days=380))
        reports.focal_person(old)

    first = runner.invoke(args=["remind-reports"])
    second = runner.invoke(args=["remind-reports"])

    assert first.exit_code == 0, first.output
    assert "Edition 7: reminded 1 institution(s) (2 email(s)): Wizara ya Maji." in first.output
    assert "Edition 7: no focal person: Wizara ya Nishati." in first.output
    assert "Edition 6" not in first.output
    assert "Edition 7: reminded 0 institution(s) (0 email(s))." in second.output
    assert "Edition 7: already reminded today: Wizara ya Maji." in second.output
    assert len(outbox) == 2


def test_the_command_for_one_edition(app, runner, meeting, outbox):
    result = runner.invoke(args=["remind-reports", "--edition", "7"])

    assert result.exit_code == 0 and "Edition 7: reminded 1 institution(s)" in result.output and len(outbox) == 2


def test_the_command_refuses_an_edition_without_a_call_or_with_a_closed_one(app, runner, meeting, outbox):
    unknown = runner.invoke(args=["remind-reports", "--edition", "99"])
    with app.app_context():
        call = db.session.get(ReportCall, meeting["call"])
        call.opens_at, call.deadline = reports.now() - timedelta(days=9), reports.now() - timedelta(days=2)
        db.session.commit()
    closed = runner.invoke(args=["remind-reports", "--edition", "7"])
    nothing_open = runner.invoke(args=["remind-reports"])

    assert unknown.exit_code == 1 and "Edition 99 has no call for reports." in unknown.output
    assert closed.exit_code == 1 and "Edition 7: The call for reports is not open" in closed.output
    assert nothing_open.exit_code == 0 and "No call for reports is open." in nothing_open.output
    assert outbox == [] and reminder_rows(app) == []
