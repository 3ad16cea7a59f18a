"""Exhibition booths: numbered and placed on the floor plan grid of an event, each held by
at most one holder at a time.

A holder is a sponsor or a selected innovation entry. Every allocation goes through
`_take_booth`, one conditional UPDATE that only succeeds while the booth is free, so two
organisers allocating the same booth at once can never both win. A second kind of holder adds
its column to `HOLDER_COLUMNS`, calls `_take_booth` and names its holders through
`BOOTH_HOLDER_LABELS` (so this module imports nothing of it).
"""
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.i18n import localized
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.sponsors.models import Booth, Sponsor, SponsorshipPackage
from eventapp.sponsors.services import COMMITTED

# A booth is free when every holder column is empty.
HOLDER_COLUMNS = (Booth.sponsor_id, Booth.entry_id)
# How the other kinds of holder are named: each takes (booth, short) and returns its holder's
# name, or "" when the booth is not theirs. The innovation competition adds its entries' titles.
BOOTH_HOLDER_LABELS: list[Callable[[Booth, bool], str]] = []
# Sponsors who may hold a booth: those whose sponsorship is agreed (a prospect has promised nothing).
BOOTH_STATUSES = COMMITTED
# The floor plan grid: columns and rows 0 .. GRID_LIMIT - 1 (a hall, not a city).
GRID_LIMIT = 40
MAX_SIZE_M2 = 10_000


@dataclass
class BoothDetails:
    number: str
    size_m2: int | None
    location: str = ""
    grid_x: int | None = 0
    grid_y: int | None = 0


def _refuse(message: str, field: str | None = None):
    db.session.rollback()
    raise DomainError(message, field=field)


def _is_free():
    return sa.and_(*(column.is_(None) for column in HOLDER_COLUMNS))


def holder_label(booth: Booth, short: bool = False) -> str:
    """Who holds the booth, as people know them ("NMB" when `short`), or "" when free."""
    if booth.sponsor is not None:
        institution = booth.sponsor.institution
        return institution.acronym if short and institution.acronym else institution.name
    for label in BOOTH_HOLDER_LABELS:
        name = label(booth, short)
        if name:
            return name
    return ""


def is_free(booth: Booth) -> bool:
    return all(getattr(booth, column.key) is None for column in HOLDER_COLUMNS)


# Reading ----------------------------------------------------------------------------------


def list_booths(event: Event) -> list[Booth]:
    """The event's booths, row by row of the floor plan, with their holders loaded."""
    return list(
        db.session.scalars(
            sa.select(Booth)
            .where(Booth.event_id == event.id)
            .options(selectinload(Booth.sponsor).selectinload(Sponsor.institution))
            .order_by(Booth.grid_y, Booth.grid_x, Booth.number)
        )
    )


def eligible_sponsors(event: Event) -> list[Sponsor]:
    """The event's sponsors who may be given a booth (confirmed, invoiced or paid), by name."""
    from eventapp.registration.models import Institution

    return list(
        db.session.scalars(
            sa.select(Sponsor)
            .join(Sponsor.institution)
            .where(Sponsor.event_id == event.id, Sponsor.status.in_(BOOTH_STATUSES))
            .options(selectinload(Sponsor.package), selectinload(Sponsor.institution))
            .order_by(Institution.name)
        )
    )


def booth_numbers_by_sponsor(event: Event) -> dict[int, str]:
    """The number of the booth each of the event's sponsors holds, by sponsor id."""
    return dict(db.session.execute(
        sa.select(Booth.sponsor_id, Booth.number)
        .where(Booth.event_id == event.id, Booth.sponsor_id.is_not(None))
    ).all())


def count_booths(event: Event) -> int:
    return db.session.scalar(sa.select(sa.func.count(Booth.id)).where(Booth.event_id == event.id))


# Creating and changing booths -------------------------------------------------------------


def _check_details(event: Event, details: BoothDetails, booth: Booth | None = None) -> BoothDetails:
    number = " ".join((details.number or "").split()).upper()
    location = " ".join((details.location or "").split())
    if not number:
        _refuse(_("Give the booth a number."), "number")
    if len(number) > 10:
        _refuse(_("At most %(n)d characters.", n=10), "number")
    if details.size_m2 is None or details.size_m2 <= 0:
        _refuse(_("The size must be a positive number of square metres."), "size_m2")
    if details.size_m2 > MAX_SIZE_M2:
        _refuse(_("The size must be at most %(n)d square metres.", n=MAX_SIZE_M2), "size_m2")
    if len(location) > 160:
        _refuse(_("At most %(n)d characters.", n=160), "location")
    for field in ("grid_x", "grid_y"):
        value = getattr(details, field)
        if value is None or not 0 <= value < GRID_LIMIT:
            _refuse(_("The position must be between 0 and %(n)d.", n=GRID_LIMIT - 1), field)
    others = sa.and_(Booth.event_id == event.id, Booth.id != (booth.id if booth is not None else -1))
    if db.session.scalar(sa.select(Booth.id).where(others, sa.func.upper(Booth.number) == number)):
        _refuse(_("This event already has a booth numbered %(number)s.", number=number), "number")
    taken = db.session.scalar(
        sa.select(Booth.number).where(others, Booth.grid_x == details.grid_x, Booth.grid_y == details.grid_y)
    )
    if taken is not None:
        _refuse(
            _("Booth %(number)s already stands at column %(x)d, row %(y)d.",
              number=taken, x=details.grid_x, y=details.grid_y),
            "grid_x",
        )
    if booth is not None and booth.sponsor is not None:
        needed = booth.sponsor.package.booth_size_m2
        if needed is not None and details.size_m2 < needed:
            _refuse(
                _("%(holder)s holds this booth and its package needs %(n)d m²; release the booth first.",
                  holder=holder_label(booth), n=needed),
                "size_m2",
            )
    return BoothDetails(number, details.size_m2, location, details.grid_x, details.grid_y)


def _commit_or_refuse() -> None:
    """Commit; a number or position taken by a concurrent request becomes a clear refusal."""
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise DomainError(
            _("Another booth was just given this number or position; choose another."), field="number"
        ) from None


def create_booth(event: Event, details: BoothDetails, actor_id: int | None = None) -> Booth:
    """Add a booth: its number and its place on the grid are unique within the event."""
    details = _check_details(event, details)
    booth = Booth(event_id=event.id, number=details.number, size_m2=details.size_m2,
                  location=details.location, grid_x=details.grid_x, grid_y=details.grid_y)
    db.session.add(booth)
    audit.record(actor_id, "booth.create", f"event:{event.id}", f"booth {details.number}")
    _commit_or_refuse()
    return booth


def update_booth(booth: Booth, details: BoothDetails, actor_id: int | None = None) -> Booth:
    """Change a booth's number, size, location or place; a held booth cannot shrink below
    its holder's package."""
    details = _check_details(booth.event, details, booth)
    booth.number, booth.size_m2, booth.location = details.number, details.size_m2, details.location
    booth.grid_x, booth.grid_y = details.grid_x, details.grid_y
    audit.record(actor_id, "booth.update", f"booth:{booth.id}", f"booth {details.number}")
    _commit_or_refuse()
    return booth


def delete_booth(booth: Booth, actor_id: int | None = None) -> None:
    """Remove a free booth; a held one must be released first, so no holder loses it unseen."""
    number, event_id = booth.number, booth.event_id
    result = db.session.execute(
        sa.delete(Booth).where(Booth.id == booth.id, _is_free()).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        _refuse(_("Booth %(number)s is allocated; release it before removing it.", number=number))
    db.session.expunge(booth)
    audit.record(actor_id, "booth.delete", f"event:{event_id}", f"booth {number}")
    db.session.commit()


# Allocating -------------------------------------------------------------------------------


def _take_booth(booth: Booth, column, holder_id: int, holder: str, size_needed: int | None,
                actor_id: int | None) -> Booth:
    """Give a free booth to a holder: the one conditional UPDATE every allocation goes
    through. Refuses a booth smaller than the holder's entitlement and a booth that is not
    free (also when another organiser took it a moment ago); nothing changes then."""
    if size_needed is not None and booth.size_m2 < size_needed:
        _refuse(
            _("Booth %(number)s is %(size)d m²; %(holder)s needs at least %(n)d m².",
              number=booth.number, size=booth.size_m2, holder=holder, n=size_needed),
            "booth_id",
        )
    result = db.session.execute(
        sa.update(Booth)
        .where(Booth.id == booth.id, _is_free())
        .values({column.key: holder_id})
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        current = db.session.get(Booth, booth.id)
        taken_by = holder_label(current) if current is not None else ""
        raise DomainError(
            _("Booth %(number)s is already allocated to %(holder)s; release it first.",
              number=booth.number, holder=taken_by) if taken_by
            else _("Booth %(number)s is no longer available.", number=booth.number),
            field="booth_id",
        )
    audit.record(actor_id, "booth.allocate", f"booth:{booth.id}", f"booth {booth.number} to {holder}")
    db.session.commit()
    db.session.refresh(booth)
    return booth


def allocate_booth(booth: Booth, sponsor: Sponsor, actor_id: int | None = None) -> Booth:
    """Give a free booth to a confirmed (or invoiced, or paid) sponsor of the same event.

    Refused: a sponsor of another event or still a prospect, a sponsor who already holds a
    booth, a package that includes no booth, a booth smaller than the package's booth size,
    and a booth that is already held — also when two organisers allocate it at the same moment.
    """
    name = sponsor.institution.acronym or sponsor.institution.name
    if sponsor.event_id != booth.event_id:
        _refuse(_("%(holder)s sponsors another edition of the meeting.", holder=name), "sponsor_id")
    if sponsor.status not in BOOTH_STATUSES:
        _refuse(_("%(holder)s is still a prospect; confirm the sponsorship before giving a booth.",
                  holder=name), "sponsor_id")
    package: SponsorshipPackage = sponsor.package
    if package.booth_size_m2 is None:
        _refuse(_("The %(package)s package includes no booth.", package=localized(package, "name")),
                "sponsor_id")
    held = db.session.scalar(
        sa.select(Booth.number).where(Booth.sponsor_id == sponsor.id, Booth.id != booth.id).limit(1)
    )
    if held is not None:
        _refuse(_("%(holder)s already holds booth %(number)s.", holder=name, number=held), "sponsor_id")
    return _take_booth(booth, Booth.sponsor_id, sponsor.id, name, package.booth_size_m2, actor_id)


def release_booth(booth: Booth, expected_sponsor_id: int | None = None, actor_id: int | None = None,
                  expected_entry_id: int | None = None) -> Booth:
    """Free a booth. With `expected_sponsor_id` (or `expected_entry_id`), only while that
    sponsor (or entry) still holds it, so a release sent from an old page never takes the
    booth from whoever holds it now."""
    condition = sa.not_(_is_free())
    if expected_sponsor_id is not None:
        condition = Booth.sponsor_id == expected_sponsor_id
    elif expected_entry_id is not None:
        condition = Booth.entry_id == expected_entry_id
    was = holder_label(booth) or "-"
    result = db.session.execute(
        sa.update(Booth)
        .where(Booth.id == booth.id, condition)
        .values({column.key: None for column in HOLDER_COLUMNS})
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        _refuse(_("Booth %(number)s is not held by them any more; nothing was changed.", number=booth.number)
                if expected_sponsor_id is not None or expected_entry_id is not None
                else _("Booth %(number)s is already free.", number=booth.number))
    audit.record(actor_id, "booth.release", f"booth:{booth.id}", f"booth {booth.number} from {was}")
    db.session.commit()
    db.session.refresh(booth)
    return booth
