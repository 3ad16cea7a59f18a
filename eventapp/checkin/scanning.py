"""The one rule of the gate: a badge token (or a registration found by hand) and a day in,
a status out, and at most one check-in per registration per day, whoever asks and however
many ask at once.

The badge lookup is one query (the registration with its group, category, institution and
whether the day is one of its event's and its group's days); the check-in is one INSERT …
ON CONFLICT DO NOTHING on the unique (registration, day) pair, so two gates scanning the
same badge at the same moment give exactly one `ok` on PostgreSQL and SQLite alike.
"""
import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.clock import local, local_today
from eventapp.core.models import utcnow
from eventapp.events.models import EventDay, ParticipantGroup, group_days
from eventapp.extensions import db
from eventapp.registration.models import Institution, ParticipantCategory, Registration, RegistrationStatus
from eventapp.registration.models.registrations import BADGE_TOKEN_LENGTH

TOKEN_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{{BADGE_TOKEN_LENGTH}}}")

NOT_CONFIRMED = (RegistrationStatus.PENDING_PAYMENT, RegistrationStatus.PENDING_APPROVAL,
                 RegistrationStatus.WAITLISTED)
ENDED = (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED)


class ScanStatus(enum.Enum):
    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_PAID = "not_paid"
    CANCELLED = "cancelled"
    WRONG_DAY = "wrong_day"
    INVALID = "invalid"

    @property
    def colour(self) -> str:
        """What the gate shows: green to let in, amber to look again, red to stop."""
        if self is ScanStatus.OK:
            return "green"
        return "amber" if self in (ScanStatus.ALREADY_CHECKED_IN, ScanStatus.WRONG_DAY) else "red"


@dataclass(frozen=True)
class Badge:
    """What the gate needs to know about the person whose badge was read."""

    registration_id: int
    event_id: int
    reference: str
    name: str
    position: str
    institution: str
    group_number: int
    group_name_sw: str
    group_name_en: str
    group_colour: str
    category_sw: str
    category_en: str
    status: RegistrationStatus

    def as_json(self, language: str) -> dict:
        english = language == "en"
        return {
            "name": self.name,
            "reference": self.reference,
            "position": self.position,
            "institution": self.institution,
            "group": {
                "number": self.group_number,
                "name": self.group_name_en if english else self.group_name_sw,
                "colour": self.group_colour,
            },
            "category": self.category_en if english else self.category_sw,
        }


@dataclass
class Scan:
    """One reading of a badge at a gate."""

    token: str
    day: date | None = None  # default: today in East Africa Time
    gate: str = ""
    source: CheckinSource = CheckinSource.DEVICE
    event_id: int | None = None  # the event at this gate, when the caller knows it
    scan_id: str | None = None  # the device's own id for the scan (offline queues)
    scanned_at: datetime | None = None  # when the device read it (offline queues)
    api_token_id: int | None = None
    user_id: int | None = None


@dataclass
class ScanResult:
    status: ScanStatus
    day: date
    badge: Badge | None = None
    checked_in_at: datetime | None = None  # this check-in, or the first one for ALREADY_CHECKED_IN
    gate: str | None = None  # where that check-in happened
    reason: str = ""  # a machine-readable detail: unknown_token, other_event, waitlisted…
    replayed: bool = False  # the same scan_id again: answered from the check-in it made
    extra: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return scan_message(self)

    def as_json(self, language: str) -> dict:
        body = {
            "status": self.status.value,
            "colour": self.status.colour,
            "message": self.message,
            "day": self.day.isoformat(),
            "participant": self.badge.as_json(language) if self.badge else None,
        }
        if self.reason:
            body["reason"] = self.reason
        if self.checked_in_at is not None:
            body["checked_in_at"] = self.checked_in_at.isoformat()
            body["gate"] = self.gate or ""
        if self.replayed:
            body["replayed"] = True
        body.update(self.extra)
        return body


def scan_message(result: ScanResult) -> str:
    status = result.status
    if status is ScanStatus.OK:
        return _("Welcome. Checked in.")
    if status is ScanStatus.ALREADY_CHECKED_IN:
        when = local(result.checked_in_at).strftime("%H:%M") if result.checked_in_at else ""
        return _("Already checked in today at %(time)s (gate: %(gate)s).", time=when, gate=result.gate or "—")
    if status is ScanStatus.NOT_PAID:
        if result.reason == "waitlisted":
            return _("On the waiting list: no place yet. Send to the registration desk.")
        if result.reason == "pending_approval":
            return _("Registration not yet approved. Send to the registration desk.")
        return _("The fee is not paid. Send to the registration desk.")
    if status is ScanStatus.CANCELLED:
        return _("This registration was cancelled or not approved.")
    if status is ScanStatus.WRONG_DAY:
        return _("Not a day of this person's group.")
    if result.reason == "other_event":
        return _("A badge of another meeting.")
    return _("Not a badge of this meeting.")


def _lookup_query():
    """The registration holding a badge token, with what the gate shows and two flags: is the
    day one of its event's days, and one of its group's. Built once; `day` is a parameter."""
    day = sa.bindparam("day", type_=sa.Date)
    event_day = sa.exists().where(EventDay.event_id == Registration.event_id, EventDay.date == day)
    group_day = (
        sa.exists()
        .where(group_days.c.group_id == ParticipantCategory.group_id)
        .where(group_days.c.day_id == EventDay.id, EventDay.date == day)
    )
    return (
        sa.select(
            Registration.id, Registration.event_id, Registration.reference, Registration.status,
            Registration.title, Registration.first_name, Registration.middle_name, Registration.last_name,
            Registration.position, Institution.name.label("institution"),
            ParticipantGroup.number, ParticipantGroup.name_sw.label("group_sw"),
            ParticipantGroup.name_en.label("group_en"), ParticipantGroup.colour,
            ParticipantCategory.name_sw.label("category_sw"), ParticipantCategory.name_en.label("category_en"),
            event_day.label("event_day"), group_day.label("group_day"),
        )
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .join(ParticipantGroup, ParticipantGroup.id == ParticipantCategory.group_id)
        .join(Institution, Institution.id == Registration.institution_id)
    )


BY_TOKEN = _lookup_query().where(Registration.badge_token == sa.bindparam("token"))
BY_ID = _lookup_query().where(Registration.id == sa.bindparam("registration_id"))
FIRST_CHECKIN = sa.select(Checkin.checked_in_at, Checkin.gate, Checkin.scan_id).where(
    Checkin.registration_id == sa.bindparam("registration_id"), Checkin.day == sa.bindparam("day")
)


def _gate_connection() -> sa.Connection:
    """The connection a check-in runs on. On PostgreSQL it is in autocommit: the check-in is
    one INSERT … ON CONFLICT DO NOTHING, atomic by itself, and the lookup before it needs no
    transaction, so a scan costs two round trips and no BEGIN or COMMIT. SQLite keeps its
    BEGIN IMMEDIATE transaction (see core/sqlite.py), committed after the insert."""
    if db.session.get_bind().dialect.name != "postgresql":
        return db.session.connection()
    if db.session().in_transaction():
        db.session.commit()
    return db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def badge_of(row) -> Badge:
    name = " ".join(p for p in (row.title, row.first_name, row.middle_name, row.last_name) if p)
    return Badge(
        registration_id=row.id, event_id=row.event_id, reference=row.reference, name=name, position=row.position,
        institution=row.institution, group_number=row.number, group_name_sw=row.group_sw, group_name_en=row.group_en,
        group_colour=row.colour, category_sw=row.category_sw, category_en=row.category_en, status=row.status,
    )


def well_formed_token(token) -> bool:
    return isinstance(token, str) and TOKEN_PATTERN.fullmatch(token) is not None


def expected_status(status: RegistrationStatus, attends_day: bool) -> ScanStatus:
    """The status a scan would give a registration not yet checked in that day, from its
    status and whether its group attends the day (the order of the refusals below). The
    offline list and the gate's search show it."""
    if status in ENDED:
        return ScanStatus.CANCELLED
    if status in NOT_CONFIRMED:
        return ScanStatus.NOT_PAID
    return ScanStatus.OK if attends_day else ScanStatus.WRONG_DAY


def check_in(scan: Scan) -> ScanResult:
    """Check in the holder of the badge `scan.token` on `scan.day` (see ScanStatus).

    Only `ok` writes anything. A token that is not well formed is refused before any query.
    """
    day = scan.day or local_today()
    if not well_formed_token(scan.token):
        return ScanResult(ScanStatus.INVALID, day, reason="malformed_token")
    if db.engine.dialect.name == "postgresql":
        from eventapp.checkin.scan_postgres import check_in_direct

        return check_in_direct(scan, day)
    connection = _gate_connection()
    row = connection.execute(BY_TOKEN, {"token": scan.token, "day": day}).one_or_none()
    result = ScanResult(ScanStatus.INVALID, day, reason="unknown_token") if row is None else _admit(
        connection, row, scan, day)
    db.session.commit()
    return result


def check_in_registration(registration: Registration, scan: Scan) -> ScanResult:
    """The same rule for a registration found by name or reference (a lost badge) or just
    registered at the walk-in desk: `scan.token` is ignored."""
    day = scan.day or local_today()
    connection = _gate_connection()
    row = connection.execute(BY_ID, {"registration_id": registration.id, "day": day}).one()
    result = _admit(connection, row, scan, day)
    db.session.commit()
    return result


def refusal(row, scan: Scan, day: date) -> ScanResult | None:
    """Why the badge of a looked-up registration may not check in on `day`, or None: the rule.
    (The PostgreSQL path in scan_postgres.py applies it too.)"""
    badge = badge_of(row)
    if scan.event_id is not None and row.event_id != scan.event_id:
        return ScanResult(ScanStatus.INVALID, day, reason="other_event")
    if not row.event_day and scan.event_id is None and _another_event_holds(day, row.event_id):
        return ScanResult(ScanStatus.INVALID, day, reason="other_event")
    status = expected_status(row.status, bool(row.group_day))
    if status is ScanStatus.OK:
        return None
    reason = row.status.value if status in (ScanStatus.CANCELLED, ScanStatus.NOT_PAID) else ""
    return ScanResult(status, day, badge, reason=reason)


def _admit(connection: sa.Connection, row, scan: Scan, day: date) -> ScanResult:
    return refusal(row, scan, day) or _insert(connection, badge_of(row), scan, day)


def answer_after_insert(badge: Badge, scan: Scan, day: date, inserted: bool, scanned_at: datetime,
                        first) -> ScanResult:
    """The answer once the check-in was tried: ok, or the first check-in of that day (ok again
    for a replayed scan_id), or invalid when only the scan_id clashed."""
    if inserted:
        return ScanResult(ScanStatus.OK, day, badge, checked_in_at=scanned_at, gate=scan.gate)
    if first is None:  # the conflict was on scan_id: that id was used for another badge or day
        return ScanResult(ScanStatus.INVALID, day, reason="scan_id_reused")
    replayed = scan.scan_id is not None and first.scan_id == scan.scan_id
    status = ScanStatus.OK if replayed else ScanStatus.ALREADY_CHECKED_IN
    return ScanResult(status, day, badge, checked_in_at=first.checked_in_at, gate=first.gate, replayed=replayed)


def checkin_values(badge_event_id: int | None, registration_id: int | None, scan: Scan, day: date) -> dict:
    now = utcnow()
    return dict(
        event_id=badge_event_id, registration_id=registration_id, day=day, gate=scan.gate,
        checked_in_at=min(scan.scanned_at, now) if scan.scanned_at is not None else now, recorded_at=now,
        source=scan.source, scan_id=scan.scan_id, api_token_id=scan.api_token_id, user_id=scan.user_id,
    )


def _another_event_holds(day: date, event_id: int) -> bool:
    return bool(db.session.scalar(
        sa.select(sa.exists().where(EventDay.date == day, EventDay.event_id != event_id))
    ))


# Written as text because it is the same on PostgreSQL and SQLite (3.35+), and SQLAlchemy
# compiles the dialects' insert().on_conflict_do_nothing() again on every call.
_COLUMNS = [c for c in Checkin.__table__.c if c.name != "id"]
INSERT_CHECKIN = sa.text(
    f"INSERT INTO checkins ({', '.join(c.name for c in _COLUMNS)}) "  # nosec B608  # the model's own column names
    f"VALUES ({', '.join(':' + c.name for c in _COLUMNS)}) ON CONFLICT DO NOTHING RETURNING id"
).bindparams(*(sa.bindparam(c.name, type_=c.type) for c in _COLUMNS))


def _insert(connection: sa.Connection, badge: Badge, scan: Scan, day: date) -> ScanResult:
    values = checkin_values(badge.event_id, badge.registration_id, scan, day)
    inserted = connection.execute(INSERT_CHECKIN, values).scalar()
    first = None
    if inserted is None:
        first = connection.execute(FIRST_CHECKIN, {"registration_id": badge.registration_id, "day": day}).one_or_none()
    return answer_after_insert(badge, scan, day, inserted is not None, values["checked_in_at"], first)


def arrivals_count(event_id: int, day: date) -> int:
    """How many people have been checked in for `day` so far (the gate's counter)."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Checkin).where(Checkin.event_id == event_id, Checkin.day == day)
    )
