"""An edition's key figures against a small event counted by hand, on an event with nothing
recorded, and in a fixed number of queries whatever the number of registrations."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from eventapp.certificates.models import Certificate, CertificateType
from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.dashboard.key_figures import KeyFigures, key_figures
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.innovations.models import Award, AwardKind, EntryStatus
from eventapp.registration.models import PaymentChannel, PaymentSource, RegistrationStatus
from eventapp.registration.services import billing, payments
from eventapp.reports.models import Resolution, ResolutionStatus
from eventapp.sponsors.models import SponsorStatus
from tests import factories
from tests.checkin.factories import cancelled, category_of, confirmed, gate_event, unpaid
from tests.innovations import factories as innovation_factories
from tests.reports import factories as report_factories
from tests.sponsors.test_services import make_package, make_sponsor
from tests.sponsors.test_services import pay as pay_pledge


def pay_in_full(registration) -> None:
    bill = billing.open_bill_for(registration)
    notice = payments.PaymentNotice(
        transaction_id=f"KF-{registration.id}", control_number=bill.control_number, amount=bill.total_amount,
        currency=bill.currency, paid_at=datetime.now(timezone.utc), channel=PaymentChannel.MPESA, payer_name="Mlipaji",
    )
    result = payments.record_payment(notice, PaymentSource.MANUAL)
    assert result.outcome is payments.Outcome.MATCHED, result.message


def with_status(event, group: int, status: RegistrationStatus):
    """A registration of the group's free category put straight into `status`."""
    registration = confirmed(event, group)
    registration.status = status
    db.session.commit()
    return registration


def check_in(registration, day) -> None:
    moment = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=6)
    db.session.add(Checkin(event_id=registration.event_id, registration_id=registration.id, day=day,
                           checked_in_at=moment, recorded_at=moment, source=CheckinSource.SCANNER))
    db.session.commit()


def certificate(event, n: int, revoked: bool = False) -> None:
    db.session.add(Certificate(
        event_id=event.id, type=CertificateType.PARTICIPATION, subject_key=f"registration:{n}",
        holder_name=f"Mshiriki {n}", revoked_at=datetime.now(timezone.utc) if revoked else None,
        revoke_reason="Jina si sahihi" if revoked else "",
    ))
    db.session.commit()


def resolution(event, number: int, status=ResolutionStatus.OPEN) -> None:
    db.session.add(Resolution(event_id=event.id, number=number, text_sw=f"Azimio {number}", status=status))
    db.session.commit()


def registrations(event) -> None:
    """Participants (confirmed): 3 + 1 paid in group 1, 1 in group 2 = 5. Pending: 2 unpaid + 1
    awaiting approval = 3. Waiting list 1. Cancelled 1 + rejected 1 = 2. Bills: three of
    TZS 400,000 (the paid one's included) = 1,200,000 billed, 400,000 collected."""
    first = confirmed(event, group=1)
    second = confirmed(event, group=1)
    confirmed(event, group=1)
    fourth = confirmed(event, group=2)
    unpaid(event, group=1)
    pay_in_full(unpaid(event, group=1))
    factories.registration(category_of(event, 3, paid=True))  # pending payment
    with_status(event, 3, RegistrationStatus.PENDING_APPROVAL)
    with_status(event, 3, RegistrationStatus.WAITLISTED)
    cancelled(event, group=2)
    with_status(event, 1, RegistrationStatus.REJECTED)
    # Arrivals: 4 check-ins by 3 people (the first came on both days).
    day_one, day_two = event.starts_on, event.starts_on + timedelta(days=1)
    check_in(first, day_one)
    check_in(first, day_two)
    check_in(second, day_one)
    check_in(fourth, day_two)


def reports(event) -> None:
    """Three ministries must report; two of them did (one late), and one that need not did too."""
    asked = [report_factories.ministry() for _ in range(3)]
    volunteer = report_factories.ministry()
    call = report_factories.call(event, institutions=asked)
    report_factories.submission(call, asked[0])
    report_factories.submission(call, asked[1], late=True)
    report_factories.submission(call, volunteer)


def innovations(event) -> None:
    """Seven entries, one withdrawn: 6 submitted. Three exhibited, one of them presenting. Two
    entries awarded (the first twice)."""
    call = innovation_factories.call(event)
    university = innovation_factories.university()
    first, second, third, _fourth = (innovation_factories.entry(call, university) for _ in range(4))
    innovation_factories.entry(call, university, status=EntryStatus.INELIGIBLE)
    innovation_factories.entry(call, university, status=EntryStatus.WITHDRAWN)
    innovation_factories.entry(call, university, status=EntryStatus.SUBMITTED)
    for entry in (first, second, third):
        entry.exhibition = True
    first.presenting = True
    db.session.add_all([Award(call_id=call.id, entry_id=first.id, kind=AwardKind.BEST_PAPER),
                        Award(call_id=call.id, entry_id=first.id, kind=AwardKind.SPECIAL_MENTION),
                        Award(call_id=call.id, entry_id=second.id, kind=AwardKind.RUNNER_UP)])
    db.session.commit()


def sponsors(event) -> None:
    """Committed: one invoiced for 30,000,000 and paid 10,000,000, one confirmed for 20,000,000;
    a prospect's 5,000,000 does not count. The pledge bill is not a participant's fee."""
    gold = make_package(event, code="GOLD")
    invoiced = make_sponsor(event, gold, pledged=30_000_000, status=SponsorStatus.INVOICED)
    pay_pledge(invoiced.bill, 10_000_000)
    make_sponsor(event, gold, pledged=20_000_000)
    make_sponsor(event, gold, pledged=5_000_000, status=SponsorStatus.PROSPECT)


def counted_event():
    event = gate_event()
    registrations(event)
    reports(event)
    innovations(event)
    sponsors(event)
    for n in range(3):
        certificate(event, n, revoked=n == 2)  # two live, one revoked
    resolution(event, 1)
    resolution(event, 2, ResolutionStatus.DONE)
    resolution(event, 3, ResolutionStatus.DROPPED)
    return event


@pytest.mark.database
def test_key_figures_of_a_hand_counted_event(app, db_backend):
    with app.test_request_context():
        event = counted_event()
        assert key_figures(event) == KeyFigures(
            participants=5, participants_by_group={1: 4, 2: 1, 3: 0},
            pending=3, waitlisted=1, cancelled_or_rejected=2,
            currency="TZS", fees_billed=1_200_000, fees_collected=400_000, fees_outstanding=800_000,
            arrived=3, checkins=4,
            reports_submitted=2, reports_required=3,
            entries_submitted=6, entries_exhibition=3, entries_presenting=1, entries_awarded=2,
            sponsors=2, sponsors_pledged=50_000_000, sponsors_paid=10_000_000,
            certificates=2, resolutions=3,
        )


@pytest.mark.database
def test_an_event_with_nothing_recorded_has_zeros_and_no_calls(app, db_backend):
    with app.test_request_context():
        figures = key_figures(gate_event())
        assert figures == KeyFigures(
            participants=0, participants_by_group={1: 0, 2: 0, 3: 0}, pending=0, waitlisted=0,
            cancelled_or_rejected=0, currency="TZS", fees_billed=0, fees_collected=0, fees_outstanding=0,
            arrived=0, checkins=0, reports_submitted=None, reports_required=None, entries_submitted=None,
            entries_exhibition=None, entries_presenting=None, entries_awarded=None, sponsors=0,
            sponsors_pledged=0, sponsors_paid=0, certificates=0, resolutions=0,
        )
        assert key_figures(factories.event()).participants_by_group == {}  # no groups yet


def test_calls_without_anything_submitted_count_zero_not_none(app):
    with app.test_request_context():
        event = gate_event()
        report_factories.call(event, institutions=[report_factories.ministry(), report_factories.ministry()])
        innovation_factories.call(event)
        figures = key_figures(event)
        assert (figures.reports_submitted, figures.reports_required) == (0, 2)
        assert (figures.entries_submitted, figures.entries_exhibition, figures.entries_presenting,
                figures.entries_awarded) == (0, 0, 0, 0)


@pytest.fixture
def query_counter(app):
    counted = []

    def count(*_args):
        counted.append(1)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", count)
    yield counted
    with app.app_context():
        sa.event.remove(db.engine, "before_cursor_execute", count)


def test_the_number_of_queries_does_not_grow_with_the_registrations(app, query_counter):
    # Each count in a request of its own, as on the dashboard: within a request the finance
    # grid and the registrations' counts are asked once (core.request_memo).
    with app.app_context():
        event_id = counted_event().id
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        query_counter.clear()
        key_figures(event)
        few = len(query_counter)
    with app.app_context():
        event = db.session.get(Event, event_id)
        for _ in range(15):
            confirmed(event, group=1)
            pay_in_full(unpaid(event, group=2))
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        query_counter.clear()
        figures = key_figures(event)
        assert figures.participants == 5 + 30
        assert len(query_counter) == few
        assert few <= 15, few


MACRO = '{% from "dashboard/_key_figures.html" import key_figures %}{{ key_figures(kf) }}'


def test_the_cards_show_the_key_figures(app):
    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        html = render_template_string(MACRO, kf=key_figures(counted_event()))
        assert html.count('class="card key-figure"') == 7
        assert "Group 1: 4 · Group 2: 1 · Group 3: 0" in html
        assert "TZS 400,000" in html and "of TZS 1,200,000 billed" in html
        assert "2 of 3" in html  # ministries' reports
        assert "3 selected for the exhibition, 1 presented, 2 awarded" in html
        assert "TZS 10,000,000 paid of TZS 50,000,000 pledged" in html
        assert "style=" not in html

        empty = render_template_string(MACRO, kf=key_figures(gate_event()))
        assert "No call for reports" in empty and "No call for innovations" in empty
        assert empty.count("—") == 2
