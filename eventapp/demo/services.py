"""Load the 2019 meeting as demo data. Every step finds what is already there first,
so running it twice changes nothing."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from eventapp.auth.models import User, UserRole
from eventapp.core.roles import Role
from eventapp.demo import meeting_2019 as facts
from eventapp.demo import programme_2019 as programme
from eventapp.demo.programme_2019_days import PROGRAMME
from eventapp.events.models import Committee, CommitteeMember, CommitteeRole, Event, EventDay, EventStatus, ParticipantGroup
from eventapp.extensions import db
from eventapp.programme.models import BreakoutGroup, BreakoutMember, ItemPerson, Person, ProgrammeItem, Room
from eventapp.registration.models import Institution, InstitutionType, ParticipantCategory
from eventapp.registration.services.institutions import name_key


@dataclass
class SeedReport:
    lines: list[str] = field(default_factory=list)
    created: int = 0

    def add(self, line: str) -> None:
        self.lines.append(line)


def _demo_users(report: SeedReport) -> dict[str, User]:
    users = {}
    for role, name in facts.ACCOUNTS:
        email = f"{role}@{facts.DEMO_DOMAIN}"
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = User(email=email, full_name=name, password_hash="")
            user.set_password(facts.demo_password(role))
            user.roles = [UserRole(role=Role(role))]
            db.session.add(user)
            report.created += 1
        users[role] = user
    return users


def _event(report: SeedReport) -> Event:
    event = db.session.scalar(sa.select(Event).where(Event.edition == facts.EVENT["edition"]))
    if event is None:
        event = Event(**facts.EVENT, status=EventStatus.CLOSED)
        db.session.add(event)
        report.created += 1
    days = {d.date: d for d in event.days}
    for day_date, label_sw, label_en in facts.DAYS:
        if day_date not in days:
            days[day_date] = EventDay(event=event, date=day_date, label_sw=label_sw, label_en=label_en)
            db.session.add(days[day_date])
            report.created += 1
    groups = {g.number: g for g in event.groups}
    for number, name_sw, name_en, desc_sw, desc_en, colour, group_days in facts.GROUPS:
        if number not in groups:
            group = ParticipantGroup(
                event=event, number=number, name_sw=name_sw, name_en=name_en,
                description_sw=desc_sw, description_en=desc_en, colour=colour,
                days=[days[d] for d in group_days],
            )
            db.session.add(group)
            report.created += 1
    return event


def _committees(event: Event, users: dict[str, User], report: SeedReport) -> None:
    existing = {c.name_en for c in event.committees}
    for name_sw, name_en, member_role in facts.COMMITTEES:
        if name_en in existing:
            continue
        committee = Committee(event=event, name_sw=name_sw, name_en=name_en)
        member = users[member_role]
        db.session.add(committee)
        db.session.add(CommitteeMember(
            committee=committee, user_id=member.id, name=member.full_name, email=member.email,
            institution="Wakala ya Serikali Mtandao (eGA)", role=CommitteeRole.SECRETARY,
        ))
        report.created += 1


def _categories(event: Event, report: SeedReport) -> None:
    """The 2019 fees (section 2.6) and the hidden fee-waiver categories."""
    db.session.flush()
    groups = {g.number: g for g in event.groups}
    existing = set(db.session.scalars(sa.select(ParticipantCategory.code).where(ParticipantCategory.event_id == event.id)))
    for number, code, name_sw, name_en, elig_sw, elig_en, fee, proof, approval, public in facts.CATEGORIES:
        if code in existing:
            continue
        db.session.add(ParticipantCategory(
            event_id=event.id, group_id=groups[number].id, code=code, name_sw=name_sw, name_en=name_en,
            eligibility_sw=elig_sw, eligibility_en=elig_en, fee_amount=fee, currency="TZS", capacity=None,
            places_taken=0, requires_proof=proof is not None, proof_label_sw=proof[0] if proof else "",
            proof_label_en=proof[1] if proof else "", requires_approval=approval, public=public,
        ))
        report.created += 1


def _institution(name: str, acronym: str, type_: InstitutionType, parent: Institution | None,
                 report: SeedReport) -> Institution:
    institution = db.session.scalar(sa.select(Institution).where(Institution.name_key == name_key(name)))
    if institution is None:
        institution = Institution(name=name, name_key=name_key(name), acronym=acronym, type=type_,
                                  parent=parent, reviewed=True)
        db.session.add(institution)
        db.session.flush()
        report.created += 1
    return institution


def _institutions(report: SeedReport) -> None:
    """The 22 ministries of tables I and II, eGA, and the universities of table III."""
    ministries = {
        name: _institution(name, acronym, InstitutionType.MINISTRY, None, report) for name, acronym in facts.MINISTRIES
    }
    name, acronym, parent = facts.ORGANISER_INSTITUTION
    _institution(name, acronym, InstitutionType.SECTOR_INSTITUTION, ministries[parent], report)
    for name, acronym, parent in facts.UNIVERSITIES:
        _institution(name, acronym, InstitutionType.UNIVERSITY, ministries.get(parent), report)


def _room(event: Event, name: str, report: SeedReport) -> Room:
    room = db.session.scalar(sa.select(Room).where(Room.event_id == event.id, Room.name == name))
    if room is None:
        room = Room(event_id=event.id, name=name)
        db.session.add(room)
        report.created += 1
    return room


def _person(person: programme.Person, report: SeedReport) -> Person:
    row = db.session.scalar(sa.select(Person).where(Person.name == person.name).order_by(Person.id).limit(1))
    if row is None:
        row = Person(honorific=person.honorific, name=person.name, position=person.position,
                     institution=person.institution)
        db.session.add(row)
        report.created += 1
    return row


def _programme(event: Event, report: SeedReport) -> None:
    """The complete 2019 programme (annex I): every group's days, their items and sub-items,
    the people on them and their roles, the hall and the breakout groups of section 4.3.
    Items are found by day, start and English title; people, rooms and breakout groups by name."""
    db.session.flush()
    hall = _room(event, programme.MAIN_ROOM, report)
    rooms = {name: _room(event, name, report) for name in programme.BREAKOUT_ROOMS}
    people = {key: _person(person, report) for key, person in programme.PEOPLE.items()}
    db.session.flush()
    days = {d.date: d for d in event.days}
    groups = {g.number: g for g in event.groups}
    items = {
        (i.day_id, i.starts_at, i.title_en): i
        for i in db.session.scalars(sa.select(ProgrammeItem).where(ProgrammeItem.event_id == event.id))
    }
    roles = {
        (r.item_id, r.person_id, r.role)
        for r in db.session.scalars(
            sa.select(ItemPerson).join(ProgrammeItem).where(ProgrammeItem.event_id == event.id)
        )
    }

    def load(entry: programme.Item, day, day_groups, parent: ProgrammeItem | None) -> None:
        key = (day.id, entry.starts_at, entry.title_en)
        row = items.get(key)
        if row is None:
            row = ProgrammeItem(
                event_id=event.id, day_id=day.id, parent=parent, starts_at=entry.starts_at, ends_at=entry.ends_at,
                room_id=hall.id, kind=entry.kind, title_sw=entry.title_sw, title_en=entry.title_en,
                description_sw=entry.description_sw, description_en=entry.description_en,
                sponsor_label=entry.sponsor_label, groups=list(day_groups),
            )
            db.session.add(row)
            db.session.flush()
            items[key] = row
            report.created += 1
        for position, (person_key, role) in enumerate(entry.people):
            person = people[person_key]
            if (row.id, person.id, role) not in roles:
                db.session.add(ItemPerson(item_id=row.id, person_id=person.id, role=role, position=position))
                roles.add((row.id, person.id, role))
                report.created += 1
        for child in entry.children:
            load(child, day, day_groups, row)

    for programme_day in PROGRAMME:
        day = days[programme_day.date]
        day_groups = [groups[n] for n in programme_day.groups]
        for entry in programme_day.items:
            load(entry, day, day_groups, None)

    for name, room_name, institution_names in programme.BREAKOUTS:
        breakout = db.session.scalar(
            sa.select(BreakoutGroup).where(BreakoutGroup.event_id == event.id, BreakoutGroup.name == name)
        )
        if breakout is None:
            breakout = BreakoutGroup(event_id=event.id, name=name, room_id=rooms[room_name].id)
            db.session.add(breakout)
            db.session.flush()
            report.created += 1
        for institution_name in institution_names:
            institution = db.session.scalar(
                sa.select(Institution).where(Institution.name_key == name_key(institution_name))
            )
            assigned = db.session.scalar(
                sa.select(BreakoutMember.id).join(BreakoutGroup)
                .where(BreakoutGroup.event_id == event.id, BreakoutMember.institution_id == institution.id)
            )
            if assigned is None:
                db.session.add(BreakoutMember(event_id=breakout.event_id, breakout_id=breakout.id, institution_id=institution.id))
                db.session.flush()
                report.created += 1


def seed_demo() -> SeedReport:
    """Create the 2019 edition, its days, groups, committees, participant categories and fees,
    the institutions directory (ministries, eGA, universities), the complete programme with its
    people and breakout groups, and one demo account per role."""
    report = SeedReport()
    users = _demo_users(report)
    db.session.flush()
    event = _event(report)
    _committees(event, users, report)
    _categories(event, report)
    _institutions(report)
    _programme(event, report)
    db.session.commit()
    report.add(f"Demo meeting: {event.title_en} ({event.starts_on} – {event.ends_on}), {report.created} records created.")
    report.add("Demo accounts (demo only; change or remove them before real use):")
    for role, _name in facts.ACCOUNTS:
        email = f"{role}@{facts.DEMO_DOMAIN}"
        report.add(f"  {role:<12} {email:<32} password: {facts.demo_password(role)}")
    return report
