"""Who registered for the 2019 demo and when, worked out from `participants_2019` with
`random.Random(2019)`: the same people, times and payments every run, before anything is
looked up in the database (so a second run finds exactly what the first made). Imports
neither Flask nor `db`."""
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from eventapp.demo import meeting_2019 as meeting
from eventapp.demo import participants_2019 as facts
from eventapp.demo.innovations_2019_entries import TABLE_III, demo_team
from eventapp.demo.sponsors_2019 import SPONSORS

EAT = timezone(timedelta(hours=3))  # East Africa Time: UTC+3, no daylight saving
SEED = 2019


@dataclass
class Person:
    number: int  # order in the plan; makes the email unique
    category: str  # ParticipantCategory.code
    status: str  # RegistrationStatus value
    institution: str  # name in the directory
    title: str
    first_name: str
    middle_name: str
    last_name: str
    gender: str  # Gender value
    position: str
    email: str
    phone: str
    language: str
    created_at: datetime  # UTC
    paid_at: datetime | None = None  # UTC; None when nothing was paid
    channel: tuple[str, str] | None = None  # (PaymentChannel value, payment service provider)
    delegation: str | None = None  # the delegation's institution


@dataclass
class DelegationPlan:
    institution: str
    created_at: datetime
    paid_at: datetime
    channel: tuple[str, str]
    members: list[Person] = field(default_factory=list)

    @property
    def focal(self) -> Person:
        return self.members[0]


@dataclass
class Plan:
    people: list[Person]
    delegations: list[DelegationPlan]


def institutions_by_kind() -> dict[str, list[str]]:
    """Directory names of the institutions participants come from, by kind."""
    sectors = [name for name, _a, type_, _p, _c in SPONSORS if type_ == "sector_institution"]
    return {
        "ministry": [name for name, _acronym in meeting.MINISTRIES],
        "ega": [meeting.ORGANISER_INSTITUTION[0]],
        "sector": sectors,
        "local": list(facts.LOCAL_GOVERNMENTS),
        "regional": list(facts.REGIONAL_SECRETARIATS),
        "university": [name for name, _a, parent in meeting.UNIVERSITIES if parent is not None],  # public ones
        "college": [name for name, _a, _p in meeting.UNIVERSITIES],
        "sponsor": [name for name, *_rest in SPONSORS],
    }


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def _local(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), EAT).astimezone(timezone.utc)


def _working_moment(rng: random.Random, first: date, last: date) -> datetime:
    """A moment in working hours (EAT) between two dates, rarely at a weekend."""
    span = (last - first).days
    while True:
        day = first + timedelta(days=rng.randint(0, span))
        if day.weekday() < 5 or rng.random() < 0.15:
            break
    start, end = facts.WORKING_HOURS
    minutes = rng.randint(0, (end - start) * 60 - 2)  # a delegation's rows follow their first by seconds
    return _local(day, start + minutes // 60, minutes % 60, rng.randint(0, 59))


def registered_at(rng: random.Random) -> datetime:
    """When a public registration was made: the window, with the last two weeks' rush."""
    if rng.random() < facts.RUSH_SHARE:
        return _working_moment(rng, facts.RUSH_STARTS, facts.WINDOW_CLOSES)
    return _working_moment(rng, facts.WINDOW_OPENS, facts.RUSH_STARTS - timedelta(days=1))


def _registered(rng: random.Random, status: str) -> datetime:
    """Those still waiting to pay registered in the last days; the others at any time."""
    if status == "pending_payment":
        return _working_moment(rng, facts.PENDING_FROM, facts.WINDOW_CLOSES)
    return registered_at(rng)


def paid_after(rng: random.Random, created_at: datetime) -> datetime:
    """A payment between the registration and the evening before the meeting."""
    latest = datetime.combine(*facts.LATEST_PAYMENT, EAT).astimezone(timezone.utc)
    delay = timedelta(hours=min(max(rng.expovariate(1 / 36), 0.3), 240))
    paid = min(created_at + delay, latest - timedelta(minutes=rng.randint(5, 180)))
    return paid if paid > created_at else created_at + timedelta(minutes=rng.randint(10, 50))


class _Namer:
    """Names, emails and phones: deterministic, emails unique by the plan's running number."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.count = 0
        self.phones: set[str] = set()

    def phone(self) -> str:
        while True:
            number = "255" + self.rng.choice(facts.PHONE_PREFIXES) + f"{self.rng.randint(0, 9_999_999):07d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def person(self, category: str, status: str, institution: str, position: str, created_at: datetime,
               name: tuple[str, str, str] | None = None, email: str | None = None) -> Person:
        rng = self.rng
        self.count += 1
        if name is None:
            gender = "female" if rng.random() < facts.FEMALE_SHARE else "male"
            first = rng.choice(facts.FEMALE_NAMES if gender == "female" else facts.MALE_NAMES)
            middle = rng.choice(facts.MALE_NAMES) if rng.random() < facts.MIDDLE_NAME_SHARE else ""
            last = rng.choice(facts.FAMILY_NAMES)
        else:
            first, last, gender = name
            middle = ""
        men, women = facts.TITLES[category]
        title = _weighted(rng, women if gender == "female" else men)
        language = "en" if rng.random() < facts.ENGLISH_SHARE else "sw"
        email = email or f"{first}.{last}.{self.count}@{meeting.DEMO_DOMAIN}".lower()
        return Person(self.count, category, status, institution, title, first, middle, last, gender, position,
                      email, self.phone(), language, created_at)


def _pick_institution(rng: random.Random, kinds: dict[str, list[str]], shares: dict[str, float]) -> tuple[str, str]:
    kind = _weighted(rng, shares.items())
    return kind, rng.choice(kinds[kind])


def _statuses(code: str) -> list[str]:
    return (["confirmed"] * facts.CONFIRMED_PER_CATEGORY.get(code, 0)
            + ["pending_payment"] * facts.PENDING_PAYMENT_PER_CATEGORY.get(code, 0)
            + ["cancelled"] * facts.CANCELLED_PER_CATEGORY.get(code, 0)
            + ["rejected"] * facts.REJECTED_PER_CATEGORY.get(code, 0))


def _public(namer: _Namer, kinds: dict[str, list[str]]) -> list[Person]:
    """Groups 1 and 2, and the lecturers and students of Group 3 (the innovators of table III
    first, under the addresses their entries have)."""
    rng, people = namer.rng, []
    for status in _statuses("G1"):
        _kind, institution = _pick_institution(rng, kinds, facts.G1_SHARES)
        position = _weighted(rng, facts.G1_POSITIONS)
        people.append(namer.person("G1", status, institution, position, _registered(rng, status)))
    heads: dict[str, int] = {}
    for status in _statuses("G2"):
        kind, institution = _pick_institution(rng, kinds, facts.G2_SHARES)
        positions = facts.G2_POSITIONS[kind]
        position = positions[min(heads.get(institution, 0), len(positions) - 1)]
        heads[institution] = heads.get(institution, 0) + 1
        people.append(namer.person("G2", status, institution, position, _registered(rng, status)))
    innovators = {"G3-LEC": [], "G3-STU": []}
    for entry in TABLE_III:
        institution = _innovator_institution(entry.institution)
        for name, email, is_student in demo_team(entry):
            first, last = name.removesuffix(" (Demo)").split(" ", 1)
            innovators["G3-STU" if is_student else "G3-LEC"].append((institution, (first, last), email))
    for code in ("G3-LEC", "G3-STU"):
        for n, status in enumerate(_statuses(code)):
            created_at = _registered(rng, status)
            if n < len(innovators[code]) and status == "confirmed":
                institution, (first, last), email = innovators[code][n]
                gender = "female" if first in facts.FEMALE_NAMES else "male"
                name = (first, last, gender)
            else:
                institution, name, email = rng.choice(kinds["college"]), None, None
            position = rng.choice(facts.LECTURER_POSITIONS) if code == "G3-LEC" else facts.STUDENT_POSITION
            people.append(namer.person(code, status, institution, position, created_at, name, email))
    return people


def _innovator_institution(printed: str) -> str:
    from eventapp.demo.innovations_2019 import PRINTED_INSTITUTIONS

    return PRINTED_INSTITUTIONS.get(printed, printed)


def _hidden(namer: _Namer, kinds: dict[str, list[str]]) -> list[Person]:
    """Guests of honour, speakers and two passes per sponsor, registered by the organisers."""
    rng, people = namer.rng, []
    first, last = facts.ORGANISERS_REGISTER_FROM, facts.WINDOW_CLOSES
    for kind in facts.GUEST_KINDS[:facts.CONFIRMED_PER_CATEGORY["GUEST"]]:
        people.append(namer.person("GUEST", "confirmed", rng.choice(kinds[kind]), facts.GUEST_POSITIONS[kind],
                                   _working_moment(rng, first, last)))
    for kind in facts.SPEAKER_KINDS[:facts.CONFIRMED_PER_CATEGORY["SPEAKER"]]:
        people.append(namer.person("SPEAKER", "confirmed", rng.choice(kinds[kind]),
                                   rng.choice(facts.SPEAKER_POSITIONS), _working_moment(rng, first, last)))
    passes = facts.CONFIRMED_PER_CATEGORY["SPONSOR"] // len(kinds["sponsor"])
    for institution in kinds["sponsor"]:
        for position in facts.SPONSOR_POSITIONS[:passes]:
            people.append(namer.person("SPONSOR", "confirmed", institution, position,
                                       _working_moment(rng, first, last)))
    return people


def _payments(rng: random.Random, people: list[Person], fees: dict[str, int]) -> list[DelegationPlan]:
    """Confirmed Group 1 officers of the delegation institutions register together and pay one
    bill; every other confirmed registration with a fee pays its own."""
    delegations = {name: None for name in facts.DELEGATIONS}
    for person in people:
        if person.status != "confirmed" or fees.get(person.category, 0) == 0:
            continue
        if person.category == "G1" and person.institution in delegations:
            plan = delegations[person.institution]
            if plan is None:
                created_at = registered_at(rng)
                plan = delegations[person.institution] = DelegationPlan(
                    person.institution, created_at, paid_after(rng, created_at),
                    _weighted(rng, [((c, p), w) for c, p, w in facts.DELEGATION_CHANNELS]))
            person.delegation = plan.institution
            person.created_at = plan.created_at + timedelta(seconds=len(plan.members))
            person.paid_at, person.channel = plan.paid_at, plan.channel
            plan.members.append(person)
            continue
        person.paid_at = paid_after(rng, person.created_at)
        person.channel = _weighted(rng, [((c, p), w) for c, p, w in facts.INDIVIDUAL_CHANNELS])
    return [plan for plan in delegations.values() if plan is not None]


def plan(fees: dict[str, int]) -> Plan:
    """Every demo registration, in a fixed order; `fees` maps category codes to their fee
    (which categories are billed)."""
    rng = random.Random(SEED)  # nosec B311  # demo data: seeded so every run is the same
    namer = _Namer(rng)
    kinds = institutions_by_kind()
    people = _public(namer, kinds) + _hidden(namer, kinds)
    delegations = _payments(rng, people, fees)
    return Plan(people, delegations)


def _local_moment(rng: random.Random, day: date) -> datetime:
    (h1, m1), (h2, m2), _weight = _weighted(rng, [(band, band[2]) for band in facts.ARRIVAL_BANDS])
    start, end = h1 * 60 + m1, h2 * 60 + m2
    minute = rng.randint(start, end - 1)
    return _local(day, minute // 60, minute % 60, rng.randint(0, 59))


def arrivals(email: str, days: list[date]) -> list[tuple[date, datetime, str, str]]:
    """(day, checked in at UTC, gate, source) of a participant on their group's days: about
    nine in ten days attended, the same ones every run (drawn from the email)."""
    rng = random.Random(f"{SEED}:{email}")  # nosec B311  # demo data: seeded so every run is the same
    rows = []
    for day in sorted(days):
        if rng.random() >= facts.ATTENDANCE:
            continue
        rows.append((day, _local_moment(rng, day), _weighted(rng, facts.GATES),
                     _weighted(rng, facts.CHECKIN_SOURCES)))
    return rows
