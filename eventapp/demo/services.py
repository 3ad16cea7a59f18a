"""Load the 2019 meeting as demo data. Every step finds what is already there first,
so running it twice changes nothing."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from eventapp.auth.models import User, UserRole
from eventapp.core.roles import Role
from eventapp.demo import innovations_2019, participants_loader, reports_2019
from eventapp.demo import meeting_2019 as facts
from eventapp.demo import programme_2019 as programme
from eventapp.demo import sponsors_2019 as sponsorship
from eventapp.demo.programme_2019_days import PROGRAMME
from eventapp.events.models import (
    Committee,
    CommitteeMember,
    CommitteeRole,
    Event,
    EventDay,
    EventStatus,
    ParticipantGroup,
)
from eventapp.extensions import db
from eventapp.programme.models import (
    BreakoutGroup,
    BreakoutMember,
    ItemKind,
    ItemPerson,
    Person,
    ProgrammeItem,
    Room,
)
from eventapp.registration.models import Institution, InstitutionType, ParticipantCategory
from eventapp.registration.services.institutions import name_key
from eventapp.sponsors.models import Booth, Sponsor, SponsorshipPackage, SponsorSlot, SponsorStatus


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
            user = User(email=email, full_name=name)
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
    existing = set(db.session.scalars(
        sa.select(ParticipantCategory.code).where(ParticipantCategory.event_id == event.id)
    ))
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
                db.session.add(BreakoutMember(event_id=breakout.event_id, breakout_id=breakout.id,
                                              institution_id=institution.id))
                db.session.flush()
                report.created += 1


def _placeholder_logo(acronym: str, colour: str) -> bytes:
    """A demo logo: the acronym in white on a coloured rectangle, as PNG (the same bytes
    every time)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("RGB", (320, 160), colour)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=56 if len(acronym) <= 5 else 44)
    draw.text((160, 80), acronym, fill="#ffffff", font=font, anchor="mm")
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _sponsor_logo(sponsor: Sponsor, acronym: str, colour: str, report: SeedReport) -> None:
    """Store a placeholder logo unless the sponsor has one on disk (a second run writes no file)."""
    from eventapp.core.uploads import store_bytes, upload_path

    if sponsor.logo_file and upload_path(sponsor.logo_file).is_file():
        return
    stored = store_bytes(_placeholder_logo(acronym, colour), "png", f"{acronym.lower()}-logo.png")
    sponsor.logo_file = stored.name
    report.created += 1


def _booth(event: Event, number: str, x: int, y: int, location: str, booths: dict[str, Booth],
           report: SeedReport) -> Booth | None:
    """The booth numbered `number`, created on its square unless another booth stands there."""
    if number in booths:
        return booths[number]
    if any((b.grid_x, b.grid_y) == (x, y) for b in booths.values()):
        return None
    booth = Booth(event_id=event.id, number=number, size_m2=sponsorship.BOOTH_SIZE_M2, location=location,
                  grid_x=x, grid_y=y)
    db.session.add(booth)
    booths[number] = booth
    report.created += 1
    return booth


def _sponsors(event: Event, report: SeedReport) -> None:
    """The ten sponsors of section 2.5 in the directory and as sponsors of the 2019 edition
    (one demo package, status confirmed, placeholder logos), the exhibition of section 2.7
    (a booth per sponsor, ten free booths for the selected innovations) and NMB's programme
    slots linked to NMB. Found by package code, institution, booth number and slot."""
    db.session.flush()
    packages = {
        p.code: p for p in db.session.scalars(
            sa.select(SponsorshipPackage).where(SponsorshipPackage.event_id == event.id)
        )
    }
    for values in sponsorship.PACKAGES:
        if values["code"] not in packages:
            packages[values["code"]] = SponsorshipPackage(event_id=event.id, **values)
            db.session.add(packages[values["code"]])
            report.created += 1
    db.session.flush()
    package = packages[sponsorship.SPONSOR_PACKAGE]
    booths = {b.number: b for b in db.session.scalars(sa.select(Booth).where(Booth.event_id == event.id))}
    held = {b.sponsor_id for b in booths.values() if b.sponsor_id is not None}
    slots = db.session.scalars(
        sa.select(ProgrammeItem)
        .where(ProgrammeItem.event_id == event.id, ProgrammeItem.kind == ItemKind.SPONSOR_SLOT)
    ).all()
    linked = set(db.session.scalars(sa.select(SponsorSlot.item_id).join(ProgrammeItem)
                                    .where(ProgrammeItem.event_id == event.id)))
    for (name, acronym, type_, parent_name, colour), booth_place in zip(sponsorship.SPONSORS,
                                                                         sponsorship.SPONSOR_BOOTHS):
        parent = None
        if parent_name is not None:
            parent = db.session.scalar(
                sa.select(Institution).where(Institution.name_key == name_key(parent_name))
            )
        institution = _institution(name, acronym, InstitutionType(type_), parent, report)
        sponsor = db.session.scalar(
            sa.select(Sponsor).where(Sponsor.event_id == event.id, Sponsor.institution_id == institution.id)
        )
        if sponsor is None:
            contact_name, contact_email = sponsorship.demo_contact(acronym)
            sponsor = Sponsor(
                event_id=event.id, institution_id=institution.id, package_id=package.id,
                pledged_amount=package.amount, currency=package.currency, contact_name=contact_name,
                contact_email=contact_email, status=SponsorStatus(sponsorship.SPONSOR_STATUS),
            )
            db.session.add(sponsor)
            db.session.flush()
            report.created += 1
        _sponsor_logo(sponsor, acronym, colour, report)
        booth = _booth(event, *booth_place, booths, report)
        if booth is not None and booth.sponsor_id is None and sponsor.id not in held:
            booth.sponsor_id = sponsor.id
            held.add(sponsor.id)
        for item in slots:
            if item.sponsor_label.strip() == acronym and item.id not in linked:
                db.session.add(SponsorSlot(sponsor_id=sponsor.id, item_id=item.id))
                linked.add(item.id)
                report.created += 1
    for booth_place in sponsorship.INNOVATION_BOOTHS:
        _booth(event, *booth_place, booths, report)


def seed_demo() -> SeedReport:
    """Create the 2019 edition, its days, groups, committees, participant categories and fees,
    the institutions directory (ministries, eGA, universities), the complete programme with its
    people and breakout groups, the ten sponsors with their exhibition booths, the ministries'
    reports and the resolutions, the research and innovation competition (table III's entries,
    three judges' scores, the selection and awards), one demo account per role and two more
    judges."""
    report = SeedReport()
    users = _demo_users(report)
    db.session.flush()
    event = _event(report)
    _committees(event, users, report)
    _categories(event, report)
    _institutions(report)
    _programme(event, report)
    _sponsors(event, report)
    reports_2019.load(event, report)
    innovations_2019.load(event, report)
    participants_loader.load(event, report)
    db.session.commit()
    report.add(f"Demo meeting: {event.title_en} ({event.starts_on} – {event.ends_on}), "
               f"{report.created} records created.")
    report.add("Sponsors: the ten of 2019, confirmed; their package amounts are demo figures "
               "(the report gives none).")
    report.add("Reports: 16 of the 22 ministries submitted (tables I and II), with demo texts and generated "
               "PDFs; six resolutions drawn from section 5.0 and the conclusion.")
    report.add("Innovations: the 24 entries of table III scored by three demo judges; 10 exhibited and 4 presenting "
               "(UDOM 1, St. Joseph 2, NM-AIST 1), results published. Which entries, the scores and the awards "
               "are the demo's (the report gives none).")
    report.lines.extend(participants_loader.summary())
    report.add("Demo accounts (demo only; change or remove them before real use):")
    accounts = [role for role, _name in facts.ACCOUNTS] + [key for key, _name, _i in innovations_2019.EXTRA_JUDGES]
    for key in accounts:
        email = f"{key}@{facts.DEMO_DOMAIN}"
        report.add(f"  {key:<12} {email:<32} password: {facts.demo_password(key)}")
    return report
