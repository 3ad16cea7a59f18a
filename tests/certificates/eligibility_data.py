"""Hand-built data for the eligibility, batch and organisers' page tests: a ready design, check-ins
on chosen days, people on the programme, an innovation call with selected and awarded entries
and judges, committees. Rows are written directly so a test of one rule needs no other area's
services (registrations go through the real service, as in the check-in tests)."""
from datetime import time, timedelta

from eventapp.certificates.models import CertificateDesign, CertificateType
from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.clock import local_today
from eventapp.core.models import utcnow
from eventapp.events.models import Committee, CommitteeMember
from eventapp.extensions import db
from eventapp.innovations.models import Award, AwardKind
from eventapp.programme.models import ItemKind, ItemPerson, Person, ProgrammeItem
from tests.checkin import factories as gate
from tests.innovations import factories as contest


def ready_design(event, certificate_type: CertificateType, min_days: int = 1) -> CertificateDesign:
    """A saved design with a signatory: ready for issuing."""
    design = CertificateDesign(
        event_id=event.id, type=certificate_type, title_sw="CHETI", title_en="CERTIFICATE",
        statement_sw="kwa kushiriki.", statement_en="for taking part.", signatory1_name="Dkt. Jabiri Bakari",
        signatory1_title="Mkurugenzi Mkuu", show_sponsor_logos=False, min_days_attended=min_days,
    )
    db.session.add(design)
    db.session.commit()
    return design


def check_in(registration, *days) -> None:
    for day in days:
        db.session.add(Checkin(event_id=registration.event_id, registration_id=registration.id, day=day,
                               source=CheckinSource.SCANNER))
    db.session.commit()


def today():
    return local_today()


def tomorrow():
    return local_today() + timedelta(days=1)


def letters(n: int) -> str:
    """0 → "Aaa", 1 → "Aab"…: a name part for the n-th made-up person (names take no digits)."""
    return "".join("abcdefghijklmnopqrstuvwxyz"[n // 26 ** i % 26] for i in (2, 1, 0)).title()


def participants(event, count: int, group: int = 1, **kwargs) -> list:
    """`count` confirmed registrations of `group`, each checked in on the group's first day."""
    people = []
    for n in range(count):
        registration = gate.confirmed(event, group, first_name=f"Mshiriki {letters(n)}", **kwargs)
        people.append(registration)
        db.session.add(Checkin(event_id=event.id, registration_id=registration.id,
                               day=today() if group in (1, 3) else tomorrow(), source=CheckinSource.SCANNER))
    db.session.commit()
    return people


def programme_item(event, title_en: str, title_sw: str, people, day=None, starts_at="09:00") -> ProgrammeItem:
    """An item on the event's first day; `people` holds (person, PersonRole)."""
    item = ProgrammeItem(event_id=event.id, day_id=(day or event.days[0]).id, starts_at=time.fromisoformat(starts_at),
                         ends_at=None, kind=ItemKind.PRESENTATION, title_en=title_en, title_sw=title_sw)
    item.people = [ItemPerson(person_id=p.id, role=role, position=i) for i, (p, role) in enumerate(people)]
    db.session.add(item)
    db.session.commit()
    return item


def person(name: str, honorific: str = "", institution: str = "eGA", email: str | None = None) -> Person:
    row = Person(name=name, honorific=honorific, institution=institution, email=email)
    db.session.add(row)
    db.session.commit()
    return row


def published_call(event, **kwargs):
    """A call whose scoring is closed and results published."""
    call = contest.call(event, **kwargs)
    call.scoring_closed_at = call.results_published_at = utcnow()
    db.session.commit()
    return call


def award(entry, kind: AwardKind, rank: int = 1) -> Award:
    row = Award(call_id=entry.call_id, entry_id=entry.id, kind=kind, rank=rank)
    db.session.add(row)
    db.session.commit()
    return row


def committee(event, name_en: str, name_sw: str, members) -> Committee:
    """`members` holds (name, role, user or None)."""
    row = Committee(event_id=event.id, name_en=name_en, name_sw=name_sw)
    row.members = [CommitteeMember(name=name, role=role, institution="eGA", user_id=user.id if user else None,
                                   email=f"{name.split()[-1].lower()}@ega.go.tz")
                   for name, role, user in members]
    db.session.add(row)
    db.session.commit()
    return row

