"""`flask seed-demo`, participants: the 786 confirmed registrations of 2019 and the few that
are not participants, their bills and payments, delegations, check-ins at the gate and the
exhibition certificates. One seeded database is shared by the read-only tests of this module
(seeding takes a few seconds); the test of a second run seeds its own."""
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from eventapp.certificates.models import Certificate, CertificateType
from eventapp.checkin.models import Checkin
from eventapp.core.references import luhn_is_valid
from eventapp.demo import participants_2019
from eventapp.demo.participants_plan import plan
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.innovations.models import Entry, TeamMember
from eventapp.registration.models import (
    Bill,
    BillItem,
    BillStatus,
    Delegation,
    Institution,
    InstitutionType,
    ParticipantCategory,
    Payment,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.phones import normalise_phone
from tests.demo.test_seed import table_contents, table_counts

EAT = timezone(timedelta(hours=3))
PAID_CATEGORIES = {"G1": 400_000, "G2": 200_000, "G3-LEC": 50_000, "G3-STU": 20_000}


def per_category(status: RegistrationStatus) -> dict[str, int]:
    return dict(db.session.execute(
        sa.select(ParticipantCategory.code, sa.func.count(Registration.id))
        .join(Registration, Registration.category_id == ParticipantCategory.id)
        .where(Registration.status == status).group_by(ParticipantCategory.code)
    ).all())


def test_786_confirmed_registrations_split_as_the_demo_says(demo):
    confirmed = per_category(RegistrationStatus.CONFIRMED)

    # The demo's split (participants_2019), written out: 540 + 120 + 36 + 50 + 8 + 12 + 20 = 786.
    assert confirmed == {"G1": 540, "G2": 120, "G3-LEC": 36, "G3-STU": 50, "GUEST": 8, "SPEAKER": 12, "SPONSOR": 20}
    assert confirmed == participants_2019.CONFIRMED_PER_CATEGORY
    assert sum(confirmed.values()) == 786
    [event] = db.session.scalars(sa.select(Event)).all()
    assert db.session.scalar(sa.select(sa.func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)) == 786


def test_registrations_that_are_not_participants_and_places_taken(demo):
    assert per_category(RegistrationStatus.PENDING_PAYMENT) == {"G1": 6, "G2": 2, "G3-LEC": 1}
    assert per_category(RegistrationStatus.CANCELLED) == {"G1": 4, "G2": 1}
    assert per_category(RegistrationStatus.REJECTED) == {"G3-STU": 2}
    assert per_category(RegistrationStatus.WAITLISTED) == {} and per_category(RegistrationStatus.PENDING_APPROVAL) == {}
    places = dict(db.session.execute(sa.select(ParticipantCategory.code, ParticipantCategory.places_taken)).all())
    # Confirmed plus pending payment: G1 540 + 6, G2 120 + 2, G3-LEC 36 + 1; the rest confirmed only.
    assert places == {"G1": 546, "G2": 122, "G3-LEC": 37, "G3-STU": 50, "GUEST": 8, "SPEAKER": 12, "SPONSOR": 20}
    ended = db.session.scalars(sa.select(Registration).where(
        Registration.status.in_((RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED)))).all()
    assert all(r.decision_reason.startswith("[Demo]") for r in ended)
    assert all((r.cancelled_at is not None) == (r.status is RegistrationStatus.CANCELLED) for r in ended)


def test_every_paid_confirmed_registration_is_on_a_paid_bill_and_the_others_as_their_status_says(demo):
    rows = db.session.execute(
        sa.select(Registration, ParticipantCategory.code, Bill)
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .outerjoin(BillItem, BillItem.registration_id == Registration.id).outerjoin(Bill, Bill.id == BillItem.bill_id)
    ).all()
    bills_of = Counter(registration.id for registration, _code, bill in rows if bill is not None)
    assert max(bills_of.values()) == 1  # never on two bills
    expected_bill = {RegistrationStatus.CONFIRMED: BillStatus.PAID,
                     RegistrationStatus.PENDING_PAYMENT: BillStatus.PENDING,
                     RegistrationStatus.CANCELLED: BillStatus.CANCELLED}
    event_start = datetime(2019, 1, 30, tzinfo=EAT)
    for registration, code, bill in rows:
        if code not in PAID_CATEGORIES or registration.status is RegistrationStatus.REJECTED:
            assert bill is None, (code, registration.status)
            assert registration.fee_amount == (0 if code not in PAID_CATEGORIES else PAID_CATEGORIES[code])
            continue
        assert registration.fee_amount == PAID_CATEGORIES[code]
        assert bill.status is expected_bill[registration.status]
        assert len(bill.control_number) == 12 and bill.control_number.startswith("99")
        assert luhn_is_valid(bill.control_number)
        assert bill.total_amount == sum(item.amount for item in bill.items)
        if bill.status is BillStatus.PAID:
            assert sum(p.amount for p in bill.payments) == bill.total_amount and len(bill.payments) == 1
            [payment] = bill.payments
            assert registration.created_at < payment.paid_at < event_start
            assert payment.paid_at.astimezone(EAT).date() <= bill.expires_on
        else:
            assert bill.payments == []
    payments = db.session.scalars(sa.select(Payment)).all()
    assert len({p.transaction_id for p in payments}) == len({p.receipt_number for p in payments}) == len(payments)
    assert {p.channel.value for p in payments} >= {"mpesa", "tigopesa", "airtelmoney", "bank", "transfer"}
    assert {p.source.value for p in payments} == {"gateway", "statement"}


def test_delegations_pay_one_bill_for_their_officers(demo):
    delegations = db.session.scalars(sa.select(Delegation)).all()

    assert sorted(d.institution.name for d in delegations) == sorted(participants_2019.DELEGATIONS)
    assert len(delegations) == 8
    for delegation in delegations:
        [bill] = db.session.scalars(sa.select(Bill).where(Bill.delegation_id == delegation.id)).all()
        members = {r.id for r in delegation.registrations}
        assert len(members) > 1 and {item.registration_id for item in bill.items} == members
        assert all(r.institution_id == delegation.institution_id and r.category.code == "G1"
                   for r in delegation.registrations)
        assert bill.status is BillStatus.PAID and bill.total_amount == 400_000 * len(members)
        assert delegation.focal_email in {r.email for r in delegation.registrations}


def test_the_registrants_look_real(demo):
    registrations = db.session.scalars(sa.select(Registration)).all()
    window = (date(2018, 12, 1), date(2019, 1, 29))

    assert len(registrations) == 786 + 9 + 5 + 2
    assert len({r.email for r in registrations}) == len(registrations)
    assert all(r.email == r.email.lower() and r.email.endswith("@demo.example.org") for r in registrations)
    assert all(normalise_phone(r.phone) == r.phone and r.phone.startswith("255") for r in registrations)
    assert {r.gender.value for r in registrations} == {"female", "male"}
    languages = Counter(r.language for r in registrations)
    assert languages["sw"] > languages["en"] > 0
    assert all(r.consent_at == r.created_at for r in registrations)
    for registration in registrations:
        local = registration.created_at.astimezone(EAT)
        assert window[0] <= local.date() <= window[1] and 8 <= local.hour < 17, registration.created_at
    rush = [r for r in registrations if r.created_at.astimezone(EAT).date() >= date(2019, 1, 16)]
    assert len(rush) > len(registrations) / 2  # the last two weeks' rush
    titles = {r.title for r in registrations}
    assert {"Bw.", "Bi.", "Dkt.", "Mhe.", "Prof.", "Eng."} <= titles
    sponsors = Counter(r.institution.acronym for r in registrations if r.category.code == "SPONSOR")
    assert sponsors == {acronym: 2 for acronym in
                        ("NMB", "NBC", "TANAPA", "TCRA", "UCSAF", "COSTECH", "WCF", "NSSF", "MSD", "SSRA")}
    g2_types = {r.institution.type for r in registrations if r.category.code == "G2"}
    assert {InstitutionType.MINISTRY, InstitutionType.LOCAL_GOVERNMENT, InstitutionType.REGIONAL_AUTHORITY} <= g2_types
    added = Counter(db.session.scalars(sa.select(Institution.type).where(
        Institution.type.in_((InstitutionType.LOCAL_GOVERNMENT, InstitutionType.REGIONAL_AUTHORITY)))))
    assert added == {InstitutionType.LOCAL_GOVERNMENT: 20, InstitutionType.REGIONAL_AUTHORITY: 8}
    # The innovators of table III are Group 3 participants under their entries' addresses.
    team_emails = set(db.session.scalars(sa.select(TeamMember.email)))
    registered = {r.email: r.category.code for r in registrations}
    assert len(team_emails) == 69 and all(registered[email] in ("G3-LEC", "G3-STU") for email in team_emails)


def test_check_ins_only_on_the_groups_days_once_a_day_in_the_morning(demo):
    group_days = {g.id: {d.date for d in g.days} for g in db.session.scalars(sa.select(ParticipantGroup))}
    rows = db.session.execute(
        sa.select(Checkin, Registration.status, ParticipantCategory.group_id)
        .join(Registration, Registration.id == Checkin.registration_id)
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
    ).all()

    assert rows
    assert Counter((c.registration_id, c.day) for c, _s, _g in rows).most_common(1)[0][1] == 1
    peak = 0
    for checkin, status, group_id in rows:
        assert status is RegistrationStatus.CONFIRMED
        assert checkin.day in group_days[group_id]
        local = checkin.checked_in_at.astimezone(EAT)
        assert local.date() == checkin.day and time(6, 45) <= local.time() < time(10, 30)
        assert checkin.recorded_at == checkin.checked_in_at
        assert checkin.gate in ("Lango Kuu", "Lango la Pili")
        peak += time(7, 30) <= local.time() < time(8, 30)
    assert peak > len(rows) / 2
    # Possible visits: Group 1 (540 + 12 + 20) x 2 days + Group 2 (120 + 8) x 1 + Group 3 (36 + 50) x 1 = 1,358.
    assert 0.85 * 1358 <= len(rows) <= 0.95 * 1358
    assert {c.source.value for c, _s, _g in rows} >= {"device", "scanner"}


def test_exhibitor_certificates_for_the_teams_of_the_ten_exhibited_entries(demo):
    exhibited = db.session.scalars(sa.select(Entry).where(Entry.exhibition.is_(True))).all()
    certificates = db.session.scalars(sa.select(Certificate)).all()

    assert len(exhibited) == 10
    # Nine innovations of three members and one research paper (table III no. 3) of two: 29.
    assert len(certificates) == 29
    assert all(c.type is CertificateType.EXHIBITOR and c.valid and c.serial for c in certificates)
    assert {c.holder_email for c in certificates} == {m.email for e in exhibited for m in e.members}
    assert all(c.issued_at.astimezone(EAT).date() == date(2019, 2, 2) for c in certificates)


def test_the_seed_report_says_the_split_and_payments_are_the_demos(demo_app):
    assert "Participants: 786 confirmed" in demo_app.seed_output
    assert "the payments and the check-ins are the demo's" in demo_app.seed_output


def test_the_plan_is_the_same_every_time():
    fees = {"G1": 400_000, "G2": 200_000, "G3-LEC": 50_000, "G3-STU": 20_000, "GUEST": 0, "SPEAKER": 0, "SPONSOR": 0}

    first, second = plan(fees), plan(fees)

    assert [(p.email, p.created_at, p.paid_at) for p in first.people] == \
        [(p.email, p.created_at, p.paid_at) for p in second.people]
    assert len(first.people) == 786 + 9 + 5 + 2


def test_seeding_again_creates_nothing(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        counts, contents = table_counts(), table_contents()
    assert (counts["registrations"], counts["checkins"], counts["certificates"]) >= (802, 1, 29)

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    assert "0 records created" in again.output
    with app.app_context():
        assert table_counts() == counts and table_contents() == contents
