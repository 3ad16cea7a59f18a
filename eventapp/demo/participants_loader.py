"""Load the 2019 demo's participants (`participants_plan`): the local and regional authorities
added to the directory, the registrations (786 confirmed and a few that are not participants),
delegations, bills with control numbers, payments, check-ins at the gate and the exhibition
certificates. Registrations are found by email, delegations by institution and focal person,
certificates by their subject: a second run creates nothing. Inserts in bulk, so the demo
stays quick to seed."""
import random
from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa

from eventapp.auth.models import User
from eventapp.certificates.designs import default_design, ready_for_issuing, saved_design
from eventapp.certificates.eligibility import subjects_for
from eventapp.certificates.issuing import issue
from eventapp.certificates.models import CertificateType
from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.references import luhn_check_digit, random_reference
from eventapp.demo import participants_2019 as facts
from eventapp.demo.meeting_2019 import DEMO_DOMAIN
from eventapp.demo.participants_plan import EAT, SEED, DelegationPlan, Person, arrivals, plan
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.gateway import OfflineGateway
from eventapp.registration.models import (
    Bill,
    BillItem,
    BillStatus,
    Delegation,
    Gender,
    Institution,
    InstitutionType,
    ParticipantCategory,
    Payment,
    PaymentChannel,
    PaymentOption,
    PaymentSource,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.models.registrations import PLACE_HOLDING
from eventapp.registration.services.billing import bill_expiry
from eventapp.registration.services.institutions import name_key
from eventapp.registration.services.registering import take_places

CANCELLED_AFTER = timedelta(days=2, hours=3)
REJECTED_AFTER = timedelta(days=1, hours=2)


def _directory(report) -> dict[str, Institution]:
    """Every institution by name, after adding the demo's local and regional authorities."""
    institutions = {i.name: i for i in db.session.scalars(sa.select(Institution))}
    parent = institutions[facts.LOCAL_PARENT]
    for names, type_ in ((facts.LOCAL_GOVERNMENTS, InstitutionType.LOCAL_GOVERNMENT),
                         (facts.REGIONAL_SECRETARIATS, InstitutionType.REGIONAL_AUTHORITY)):
        for name in names:
            if name in institutions:
                continue
            found = db.session.scalar(sa.select(Institution).where(Institution.name_key == name_key(name)))
            if found is None:
                found = Institution(name=name, name_key=name_key(name), acronym="", type=type_, parent=parent,
                                    reviewed=True)
                db.session.add(found)
                report.created += 1
            institutions[name] = found
    db.session.flush()
    return institutions


def _user_id(key: str) -> int | None:
    return db.session.scalar(sa.select(User.id).where(User.email == f"{key}@{DEMO_DOMAIN}"))


def _registration(event: Event, person: Person, category: ParticipantCategory, institution: Institution,
                  delegation: Delegation | None) -> Registration:
    status = RegistrationStatus(person.status)
    ended_at = None
    if status is RegistrationStatus.CANCELLED:
        ended_at = person.created_at + CANCELLED_AFTER
    elif status is RegistrationStatus.REJECTED:
        ended_at = person.created_at + REJECTED_AFTER
    return Registration(
        event_id=event.id, category_id=category.id, institution_id=institution.id, delegation=delegation,
        reference=random_reference("R"), title=person.title, first_name=person.first_name,
        middle_name=person.middle_name, last_name=person.last_name, gender=Gender(person.gender),
        position=person.position, email=person.email, phone=person.phone, language=person.language,
        consent_at=person.created_at, status=status, fee_amount=category.fee_amount, currency=category.currency,
        decision_reason=facts.CANCEL_REASON if status is RegistrationStatus.CANCELLED
        else facts.REJECT_REASON if status is RegistrationStatus.REJECTED else "",
        cancelled_at=ended_at if status is RegistrationStatus.CANCELLED else None,
        created_at=person.created_at, updated_at=person.paid_at or ended_at or person.created_at,
    )


class _Biller:
    """Bills and payments as the registration area makes them, added in bulk: control numbers
    as the offline gateway issues them (a demo bill never asks a real gateway for one),
    receipt numbers and transaction ids as random references, expiry by `bill_expiry`."""

    def __init__(self, event: Event):
        self.event = event
        self.rng = random.Random(f"{SEED}:bills")  # nosec B311  # demo data: seeded so every run is the same
        self.numbers = set(db.session.scalars(sa.select(Bill.control_number).where(Bill.control_number.is_not(None))))
        self.references: set[str] = set()
        self.bills: list[tuple[Bill, list[Registration], Person, str]] = []

    def _control_number(self) -> str:
        """`99`, nine digits and a Luhn check digit (OfflineGateway's format), not yet taken."""
        while True:
            body = "99" + f"{self.rng.randrange(10 ** 9):09d}"
            number = body + luhn_check_digit(body)
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def _reference(self, prefix: str, length: int) -> str:
        while True:
            reference = random_reference(prefix, length)
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def bill(self, registrations: list[Registration], person: Person, payer: tuple[str, str, str],
             description: str, status: BillStatus, delegation: Delegation | None = None) -> None:
        local_day = person.created_at.astimezone(EAT).date()
        updated_at = person.paid_at or person.created_at
        if status is BillStatus.CANCELLED:
            updated_at = person.created_at + CANCELLED_AFTER
        bill = Bill(
            event_id=self.event.id, delegation_id=delegation.id if delegation is not None else None,
            control_number=self._control_number(), gateway=OfflineGateway.name, payer_name=payer[0][:200],
            payer_email=payer[1], payer_phone=payer[2], description=description[:300], currency="TZS",
            total_amount=sum(r.fee_amount for r in registrations), payment_option=PaymentOption.EXACT,
            expires_on=bill_expiry(self.event, today=local_day), status=status, language=person.language,
            created_at=person.created_at, updated_at=updated_at,
        )
        self.bills.append((bill, registrations, person, payer[0]))

    def save(self, categories: dict[int, ParticipantCategory]) -> int:
        """Insert the bills, then their items and payments in bulk; returns how many rows."""
        db.session.add_all([bill for bill, *_rest in self.bills])
        db.session.flush()
        items, payments = [], []
        for bill, registrations, person, payer_name in self.bills:
            items += [dict(bill_id=bill.id, registration_id=r.id, amount=r.fee_amount,
                           description=f"{r.first_name} {r.last_name} — {categories[r.category_id].name_en}"[:300])
                      for r in registrations]
            if bill.status is BillStatus.PAID:
                channel, provider = person.channel
                source = PaymentSource.GATEWAY if channel in facts.MOBILE_CHANNELS else PaymentSource.STATEMENT
                payments.append(dict(
                    bill_id=bill.id, transaction_id=self._reference("T", 12), receipt_number=self._reference("P", 8),
                    amount=bill.total_amount, currency=bill.currency, paid_at=person.paid_at,
                    channel=PaymentChannel(channel), psp_name=provider, payer_name=payer_name[:200], source=source,
                    created_at=person.paid_at,
                ))
        if items:
            db.session.execute(sa.insert(BillItem), items)
        if payments:
            db.session.execute(sa.insert(Payment), payments)
        return len(self.bills) + len(items) + len(payments)


BILL_STATUS = {"confirmed": BillStatus.PAID, "pending_payment": BillStatus.PENDING,
               "cancelled": BillStatus.CANCELLED}


def _delegations(event: Event, plans: list[DelegationPlan], new_emails: set[str],
                 institutions: dict[str, Institution], report) -> dict[str, Delegation]:
    """The delegations whose focal person is to be registered now (a delegation found already
    made keeps its bill; any member registered again later pays on their own)."""
    made = {}
    for delegation_plan in plans:
        focal = delegation_plan.focal
        institution = institutions[delegation_plan.institution]
        found = db.session.scalar(sa.select(Delegation.id).where(
            Delegation.event_id == event.id, Delegation.institution_id == institution.id,
            Delegation.focal_email == focal.email))
        if found is not None or focal.email not in new_emails:
            continue
        made[delegation_plan.institution] = Delegation(
            event_id=event.id, institution_id=institution.id, reference=random_reference("D"),
            focal_name=f"{focal.first_name} {focal.last_name}", focal_email=focal.email, focal_phone=focal.phone,
            language=focal.language, created_at=delegation_plan.created_at, updated_at=delegation_plan.created_at,
        )
        db.session.add(made[delegation_plan.institution])
        report.created += 1
    return made


def _register(event: Event, people: list[Person], plans: list[DelegationPlan],
              categories: dict[str, ParticipantCategory], institutions: dict[str, Institution], report) -> None:
    delegations = _delegations(event, plans, {p.email for p in people}, institutions, report)
    registrations = []
    for person in people:
        delegation = delegations.get(person.delegation) if person.delegation else None
        registrations.append(_registration(event, person, categories[person.category],
                                           institutions[person.institution], delegation))
    db.session.add_all(registrations)
    db.session.flush()
    report.created += len(registrations)
    holding = Counter(r.category_id for r in registrations if r.status in PLACE_HOLDING)
    for category in categories.values():
        if holding[category.id]:
            take_places(category, holding[category.id])

    biller = _Biller(event)
    members: dict[str, list[tuple[Person, Registration]]] = {}
    for person, registration in zip(people, registrations):
        fee = categories[person.category].fee_amount
        if fee == 0 or person.status not in BILL_STATUS:
            continue
        if registration.delegation is not None:
            members.setdefault(person.delegation, []).append((person, registration))
            continue
        biller.bill([registration], person, (registration.display_name, person.email, person.phone),
                    f"Participation fee: {event.title_en}", BILL_STATUS[person.status])
    for institution_name, rows in members.items():
        delegation = delegations[institution_name]
        biller.bill([r for _p, r in rows], rows[0][0],
                    (institutions[institution_name].name, delegation.focal_email, delegation.focal_phone),
                    f"Participation fees: {event.title_en} — {len(rows)} participants", BillStatus.PAID, delegation)
    report.created += biller.save({c.id: c for c in categories.values()})
    report.created += _checkins(event, registrations)


def _checkins(event: Event, registrations: list[Registration]) -> int:
    """Each confirmed participant at the gate on about nine in ten of their group's days."""
    gate_user = _user_id("gate")
    days_of_category = {}
    rows = []
    for registration in registrations:
        if registration.status is not RegistrationStatus.CONFIRMED:
            continue
        if registration.category_id not in days_of_category:
            category = db.session.get(ParticipantCategory, registration.category_id)
            days_of_category[registration.category_id] = [d.date for d in category.group.days]
        for day, moment, gate, source in arrivals(registration.email, days_of_category[registration.category_id]):
            rows.append(dict(
                event_id=event.id, registration_id=registration.id, day=day, gate=gate, checked_in_at=moment,
                recorded_at=moment, source=CheckinSource(source),
                user_id=gate_user if source in ("scanner", "manual") else None,
            ))
    if rows:
        db.session.execute(sa.insert(Checkin), rows)
    return len(rows)


def _exhibitor_certificates(event: Event, report) -> None:
    """The exhibited entries' team members' certificates (section 2.7: "zilitunikiwa vyeti"),
    under a design with the demo's signatories; a design an organiser changed is kept."""
    design = saved_design(event, CertificateType.EXHIBITOR)
    if design is None:
        design = default_design(event, CertificateType.EXHIBITOR)
        (design.signatory1_name, design.signatory1_title), (design.signatory2_name, design.signatory2_title) = \
            facts.EXHIBITOR_SIGNATORIES
        db.session.add(design)
        db.session.flush()
        report.created += 1
    if ready_for_issuing(event, CertificateType.EXHIBITOR):
        return
    issued_at = datetime.combine(*facts.EXHIBITOR_CERTIFICATES_ISSUED, EAT)
    organiser = _user_id("organiser")
    for subject in subjects_for(event, CertificateType.EXHIBITOR):
        certificate, new = issue(event, CertificateType.EXHIBITOR, subject, organiser)
        if new:
            certificate.issued_at = issued_at
            report.created += 1


def load(event: Event, report) -> None:
    """The 2019 participants, their bills, payments and check-ins, and the exhibition
    certificates; only what is missing is created."""
    db.session.flush()
    institutions = _directory(report)
    categories = {c.code: c for c in db.session.scalars(
        sa.select(ParticipantCategory).where(ParticipantCategory.event_id == event.id))}
    the_plan = plan({code: category.fee_amount for code, category in categories.items()})
    known = set(db.session.scalars(sa.select(Registration.email).where(Registration.event_id == event.id)))
    people = [person for person in the_plan.people if person.email not in known]
    if people:
        _register(event, people, the_plan.delegations, categories, institutions, report)
    _exhibitor_certificates(event, report)
    db.session.flush()


def summary() -> list[str]:
    """The seed report's lines on what was loaded."""
    split = ", ".join(f"{code} {n}" for code, n in facts.CONFIRMED_PER_CATEGORY.items())
    others = sum(facts.PENDING_PAYMENT_PER_CATEGORY.values()), sum(facts.CANCELLED_PER_CATEGORY.values()), \
        sum(facts.REJECTED_PER_CATEGORY.values())
    return [
        f"Participants: {facts.PARTICIPANTS} confirmed ({split}), plus {others[0]} waiting to pay, "
        f"{others[1]} cancelled and {others[2]} rejected; bills, payments, delegations and check-ins at the gate; "
        "exhibition certificates for the 10 exhibited entries' teams.",
        "  The split between categories, the names, the payments and the check-ins are the demo's "
        "(the report gives only the total of 786).",
    ]
