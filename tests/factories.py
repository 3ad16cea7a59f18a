"""Build model objects for tests with sensible defaults; each call makes a new one."""
import itertools
from datetime import date

from eventapp.auth.models import User, UserRole
from eventapp.events.models import Event, EventDay, EventStatus, ParticipantGroup
from eventapp.extensions import db

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def detach(obj):
    """Load every column, then hand the object out of the session for use across requests."""
    db.session.refresh(obj)
    for rel in ("roles", "days", "groups"):
        getattr(obj, rel, None)
    db.session.expunge(obj)
    return obj


def user(roles=(), email=None, password=PASSWORD, full_name=None, active=True) -> User:
    n = next(_seq)
    u = User(
        email=(email or f"user{n}@example.org").lower(),
        full_name=full_name or f"Test User {n}",
        password_hash="",
        active=active,
    )
    u.set_password(password)
    u.roles = [UserRole(role=r) for r in roles]
    db.session.add(u)
    db.session.commit()
    return u


def event(
    edition=None,
    starts_on=date(2026, 2, 2),
    ends_on=date(2026, 2, 5),
    status=EventStatus.DRAFT,
    with_days=False,
    **kwargs,
) -> Event:
    n = edition or (100 + next(_seq))
    values = dict(
        edition=n,
        title_sw=f"Kikao Kazi cha Serikali Mtandao {n}",
        title_en=f"e-Government Annual Meeting {n}",
        theme_sw="Mada ya majaribio",
        theme_en="A test theme",
        venue="AICC",
        city="Arusha",
        starts_on=starts_on,
        ends_on=ends_on,
        registration_opens_on=date(starts_on.year - 1, 12, 1),
        registration_closes_on=starts_on,
        status=status,
    )
    values.update(kwargs)
    e = Event(**values)
    db.session.add(e)
    if with_days:
        from datetime import timedelta

        days = [EventDay(event=e, date=starts_on + timedelta(days=i)) for i in range((ends_on - starts_on).days + 1)]
        db.session.add_all(days)
        db.session.add(ParticipantGroup(event=e, number=1, name_sw="Kundi la Kwanza", name_en="Group 1", days=days[:1]))
    db.session.commit()
    return e


def open_event(**kwargs) -> Event:
    """An event open for registration today, with two days and group 1 attending both."""
    from datetime import timedelta

    from eventapp.core.clock import local_today

    today = local_today()
    values = dict(
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=31),
        status=EventStatus.OPEN,
        with_days=True,
        registration_opens_on=today - timedelta(days=10),
        registration_closes_on=today + timedelta(days=20),
    )
    values.update(kwargs)
    return event(**values)


def category(event_obj: Event, code=None, fee=400_000, capacity=None, **kwargs):
    """A participant category of `event_obj`'s first group."""
    from eventapp.registration.models import ParticipantCategory

    n = next(_seq)
    values = dict(
        event_id=event_obj.id,
        group_id=event_obj.groups[0].id,
        code=code or f"C{n}",
        name_sw=f"Kundi la majaribio {n}",
        name_en=f"Test category {n}",
        fee_amount=fee,
        currency="TZS",
        capacity=capacity,
    )
    values.update(kwargs)
    c = ParticipantCategory(**values)
    db.session.add(c)
    db.session.commit()
    return c


def institution(name=None, type_=None, **kwargs):
    from eventapp.registration.models import Institution, InstitutionType

    n = next(_seq)
    name = name or f"Wizara ya Majaribio {n}"
    inst = Institution(name=name, name_key=name.lower(), type=type_ or InstitutionType.MINISTRY, **kwargs)
    db.session.add(inst)
    db.session.commit()
    return inst


def participant_details(category_obj, institution_obj=None, **kwargs):
    """ParticipantDetails that pass validation (override any field)."""
    from eventapp.registration.services.registering import ParticipantDetails

    n = next(_seq)
    values = dict(
        title="Bw.",
        first_name="Juma",
        last_name=f"Mshiriki{'abcdefghij'[n % 10]}",
        gender="male",
        position="Afisa TEHAMA",
        email=f"mshiriki{n}@example.org",
        phone="0754 123 456",
        category_id=category_obj.id,
        institution_id=institution_obj.id if institution_obj else None,
        institution_name="" if institution_obj else "Wakala ya Majaribio",
    )
    values.update(kwargs)
    return ParticipantDetails(**values)


def registration(category_obj, institution_obj=None, consent=True, **kwargs):
    """Register through the real service (so places, status and bill are as in production)."""
    from eventapp.registration.services.registering import register_participant

    details = participant_details(category_obj, institution_obj, **kwargs)
    return register_participant(category_obj.event, details, consent=consent)


# programme exports
def timetable_room(event_obj: Event, name=None, capacity=None):
    from eventapp.programme.models import Room

    r = Room(event_id=event_obj.id, name=name or f"Room {next(_seq)}", capacity=capacity)
    db.session.add(r)
    db.session.commit()
    return r


def timetable_person(name=None, honorific="", position="", institution="", email=None):
    from eventapp.programme.models import Person

    p = Person(name=name or f"Mtoa Mada {next(_seq)}", honorific=honorific, position=position,
               institution=institution, email=email)
    db.session.add(p)
    db.session.commit()
    return p


def timetable_item(event_obj: Event, day: EventDay, starts_at: str, ends_at: str | None = None, title_en=None,
                   title_sw=None, kind=None, groups=(), room=None, parent=None, people=(), **kwargs):
    """A programme item at "HH:MM"–"HH:MM" (no end: a moment); `people` holds (person, PersonRole)."""
    from datetime import time

    from eventapp.programme.models import ItemKind, ItemPerson, ProgrammeItem

    n = next(_seq)
    item = ProgrammeItem(
        event_id=event_obj.id, day_id=day.id, parent_id=parent.id if parent else None,
        starts_at=time.fromisoformat(starts_at), ends_at=time.fromisoformat(ends_at) if ends_at else None,
        room_id=room.id if room else None, kind=kind or ItemKind.OTHER,
        title_en=title_en or f"Item {n}", title_sw=title_sw or f"Kipengele {n}", **kwargs,
    )
    item.groups = list(groups)
    item.people = [ItemPerson(person_id=p.id, role=role, position=i) for i, (p, role) in enumerate(people)]
    db.session.add(item)
    db.session.commit()
    return item


def sample_timetable(status=EventStatus.OPEN, edition=2) -> dict:
    """The 2019 meeting in small: group 1 on 30–31 January 2019, group 2 on 1 February, a
    session with two ministry presentations inside it, sponsor slots, an item with no group
    (for everyone there that day) and a departure with no end. Items are created out of
    order on purpose. Returns ids and numbers by name (objects do not outlive the session)."""
    from eventapp.programme.models import ItemKind, PersonRole

    e = event(edition=edition, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2), status=status,
              title_en="2nd e-Government Annual Meeting", title_sw="Kikao Kazi cha Pili cha Serikali Mtandao",
              theme_en="Harmonizing ICT Resources towards Industrial Development",
              theme_sw="Uwianishaji wa Rasilimali za TEHAMA kwa Maendeleo ya Viwanda",
              venue="UDOM CIVE", city="Dodoma",
              registration_opens_on=date(2018, 12, 1), registration_closes_on=date(2019, 1, 29))
    d1, d2, d3 = (EventDay(event=e, date=date(2019, 1, 30)), EventDay(event=e, date=date(2019, 1, 31)),
                  EventDay(event=e, date=date(2019, 2, 1)))
    g1 = ParticipantGroup(event=e, number=1, name_en="Group 1: ICT directors and officers",
                          name_sw="Kundi la 1: Wakurugenzi na Maafisa TEHAMA", days=[d1, d2])
    g2 = ParticipantGroup(event=e, number=2, name_en="Group 2: Permanent secretaries and CEOs",
                          name_sw="Kundi la 2: Makatibu Wakuu na Watendaji Wakuu", days=[d3])
    db.session.add_all([d1, d2, d3, g1, g2])
    db.session.commit()
    hall, side = timetable_room(e, "Main Hall", 800), timetable_room(e, "Hall B", 120)
    bakari = timetable_person("Jabiri Bakari", "Dr.", "CEO", "eGA")
    ndomba = timetable_person("Benedict Ndomba", "Eng.", "Director of ICT Management", "eGA")
    rashidi = timetable_person("Florence Rashidi", "Dr.", "Lecturer", "UDOM-CIVE")
    kibola = timetable_person("Baltazar Kibola", "Mr.", "Director of ICT", "Ministry of Lands")
    kiwango = timetable_person("Priscus Kiwango", "Mr.", "Director ICTS", "POPSM")
    item = timetable_item
    ids = {}
    ids["break"] = item(e, d1, "10:00", "10:30", "Health Break", "Mapumziko", ItemKind.HEALTH_BREAK, [g1]).id
    ids["registration"] = item(e, d1, "07:00", "08:00", "Registration", "Usajili", ItemKind.REGISTRATION, [g1],
                               room=hall).id
    ids["opening"] = item(e, d1, "08:00", "08:15", "Opening Remarks", "Maneno ya Ufunguzi",
                          ItemKind.OPENING_REMARKS, [g1], room=hall, people=[(bakari, PersonRole.SPEAKER)]).id
    ids["exhibition"] = item(e, d1, "08:15", "08:45", "Exhibition opens", "Maonesho yanafunguliwa",
                             ItemKind.OTHER, [], room=side).id
    session = item(e, d1, "10:30", "13:30", "Session I: Presentations from Ministries",
                   "Kikao cha Kwanza: Mawasilisho ya Wizara", ItemKind.SESSION, [g1], room=hall,
                   people=[(ndomba, PersonRole.CHAIRPERSON), (rashidi, PersonRole.PANELIST),
                           (kibola, PersonRole.PANELIST)],
                   description_en="Summary presentation of each ministry's report.",
                   description_sw="Muhtasari wa taarifa ya kila wizara.")
    ids["session"] = session.id
    ids["tamisemi"] = item(e, d1, "10:55", "11:20", "President's Office, Regional Administration",
                           "Ofisi ya Rais, TAMISEMI", ItemKind.PRESENTATION, [g1], room=hall, parent=session).id
    ids["utumishi"] = item(e, d1, "10:30", "10:55", "President's Office, Public Service Management",
                           "Ofisi ya Rais, Utumishi", ItemKind.PRESENTATION, [g1], room=hall, parent=session,
                           people=[(kiwango, PersonRole.PRESENTER)]).id
    ids["nmb"] = item(e, d1, "14:00", "14:05", "Sponsor's slot", "Muda wa mdhamini", ItemKind.SPONSOR_SLOT, [g1],
                      room=hall, sponsor_label="NMB").id
    ids["closing"] = item(e, d1, "17:20", "17:30", "Closing Annual Meeting Day One", "Kufunga Siku ya Kwanza",
                          ItemKind.CLOSING, [g1], room=hall).id
    ids["departure"] = item(e, d2, "17:15", None, "Departure", "Kuondoka", ItemKind.DEPARTURE, [g1]).id
    ids["registration2"] = item(e, d2, "07:00", "08:00", "Registration", "Usajili", ItemKind.REGISTRATION, [g1],
                                room=hall).id
    ids["g2_registration"] = item(e, d3, "07:30", "08:00", "Registration", "Usajili", ItemKind.REGISTRATION,
                                  [g2], room=hall).id
    ids["g2_keynote"] = item(e, d3, "09:00", "10:00", "e-Government Implementation Status",
                             "Hali ya Utekelezaji wa Serikali Mtandao", ItemKind.KEYNOTE, [g2], room=hall,
                             people=[(bakari, PersonRole.PRESENTER)]).id
    ids["g2_tanapa"] = item(e, d3, "14:00", "14:05", "TANAPA", "TANAPA", ItemKind.SPONSOR_SLOT, [g2],
                            room=hall, sponsor_label="TANAPA").id
    return {
        "event_id": e.id, "edition": e.edition, "group1_id": g1.id, "group2_id": g2.id,
        "days": {"d1": d1.id, "d2": d2.id, "d3": d3.id},
        "people": {"bakari": bakari.id, "ndomba": ndomba.id, "rashidi": rashidi.id, "kibola": kibola.id,
                   "kiwango": kiwango.id},
        "items": ids,
    }


# programme editor
def editor_event(**kwargs) -> Event:
    """Three days (30 Jan – 1 Feb 2019, 07:00–18:00): group 1 attends the first two, group 2
    the third; two rooms, "Main hall" and "Side room"."""
    from datetime import timedelta

    from eventapp.programme.models import Room

    e = event(starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 1), **kwargs)
    days = [EventDay(event=e, date=e.starts_on + timedelta(days=i)) for i in range(3)]
    db.session.add_all(days)
    db.session.add(ParticipantGroup(event=e, number=1, name_sw="Kundi la Kwanza", name_en="Group 1", days=days[:2]))
    db.session.add(ParticipantGroup(event=e, number=2, name_sw="Kundi la Pili", name_en="Group 2", days=days[2:]))
    db.session.add_all([Room(event=e, name="Main hall", capacity=800), Room(event=e, name="Side room")])
    db.session.commit()
    return e
