"""The research and innovation call of one edition: when entries may be submitted and edited,
who is eligible, how many entries go to the exhibition and to presentations, how the judges
work, and the categories an entry is filed under. The scoring rubric is in `rubric`.

Each rule is one function; each takes plain arguments, raises DomainError (InvalidInput for
several fields at once) and commits its own work. Every change is audited.
"""
import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.clock import aware
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.i18n import localized
from eventapp.core.models import utcnow
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.innovations.defaults import STANDARD_CATEGORIES, STANDARD_CRITERIA
from eventapp.innovations.models import Criterion, Entry, EntryStatus, InnovationCall, InnovationCategory

MAX_ELIGIBILITY = 5000
MAX_NAME = 120
MAX_PLACES = 200
MAX_JUDGES_PER_ENTRY = 20
MAX_POSITION = 1000


class CallState(enum.Enum):
    UPCOMING = "upcoming"  # not open yet
    OPEN = "open"  # entries may be submitted, edited and withdrawn
    CLOSED = "closed"  # nothing changes any more


def call_state(call: InnovationCall, now: datetime | None = None) -> CallState:
    now = now or utcnow()
    if now < call.opens_at:
        return CallState.UPCOMING
    if now <= call.closes_at:
        return CallState.OPEN
    return CallState.CLOSED


def call_of(event: Event) -> InnovationCall | None:
    """The event's innovation call, if it has one."""
    return db.session.scalar(sa.select(InnovationCall).where(InnovationCall.event_id == event.id))


def current_calls(now: datetime | None = None) -> list[InnovationCall]:
    """Calls open now (closing soonest first), then those not open yet (opening soonest first)."""
    now = now or utcnow()
    calls = db.session.scalars(sa.select(InnovationCall).where(InnovationCall.closes_at >= now)).all()
    return sorted(calls, key=lambda c: (call_state(c, now) is not CallState.OPEN,
                                        c.closes_at if call_state(c, now) is CallState.OPEN else c.opens_at))


def status_counts(call: InnovationCall) -> dict[EntryStatus, int]:
    """How many of the call's entries are in each status (one grouped query)."""
    rows = db.session.execute(sa.select(Entry.status, sa.func.count()).where(Entry.call_id == call.id)
                              .group_by(Entry.status))
    return dict(rows.all())


# --- the call ----------------------------------------------------------------------------


@dataclass
class CallDetails:
    opens_at: datetime | None
    closes_at: datetime | None
    eligibility_sw: str = ""
    eligibility_en: str = ""
    exhibition_places: int | None = 10
    presentation_places: int | None = 4
    judges_per_entry: int | None = 3
    normalise_scores: bool = False
    disagreement_points: int | None = 25


def _number_problem(value, low: int, high: int) -> str | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return _("Enter a whole number from %(low)s to %(high)s.", low=low, high=high)
    return None


def _call_problems(details: CallDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    details.opens_at, details.closes_at = aware(details.opens_at), aware(details.closes_at)
    if details.opens_at is None:
        errors["opens_at"] = _("Enter when the call opens, e.g. 2018-11-01 08:00.")
    if details.closes_at is None:
        errors["closes_at"] = _("Enter when the call closes, e.g. 2019-01-15 17:00.")
    elif details.opens_at is not None and details.closes_at <= details.opens_at:
        errors["closes_at"] = _("The call must close after it opens.")
    for name in ("eligibility_sw", "eligibility_en"):
        text = (getattr(details, name) or "").replace("\r\n", "\n").strip()
        setattr(details, name, text)
        if len(text) > MAX_ELIGIBILITY:
            errors[name] = _("At most %(n)d characters.", n=MAX_ELIGIBILITY)
    for name, low, high in (("exhibition_places", 0, MAX_PLACES), ("presentation_places", 0, MAX_PLACES),
                            ("judges_per_entry", 1, MAX_JUDGES_PER_ENTRY), ("disagreement_points", 1, 100)):
        problem = _number_problem(getattr(details, name), low, high)
        if problem:
            errors[name] = problem
    return errors


def save_call(event: Event, details: CallDetails, call: InnovationCall | None = None,
              actor_id: int | None = None) -> InnovationCall:
    """Create the event's call, or change it: when it opens and closes (naive times are East
    Africa Time), the eligibility in Swahili and English, the places in the exhibition and in
    the presentations, judges per entry, whether each judge's scores are normalised, and how
    many points of 100 between judges count as a wide disagreement.

    A new call starts with the standard categories and rubric. One call per event.
    """
    errors = _call_problems(details)
    if errors:
        raise InvalidInput(errors)
    adding = call is None
    if adding:
        if call_of(event) is not None:
            raise DomainError(_("This meeting already has an innovation call."))
        call = InnovationCall(event_id=event.id)
        call.categories = [InnovationCategory(code=c.code, position=n, name_sw=c.name_sw, name_en=c.name_en)
                           for n, c in enumerate(STANDARD_CATEGORIES, start=1)]
        call.criteria = [
            Criterion(position=n, name_sw=c.name_sw, name_en=c.name_en, description_sw=c.description_sw,
                      description_en=c.description_en, weight=c.weight, scale_max=c.scale_max)
            for n, c in enumerate(STANDARD_CRITERIA, start=1)
        ]
        db.session.add(call)
    call.opens_at, call.closes_at = details.opens_at, details.closes_at
    call.eligibility_sw, call.eligibility_en = details.eligibility_sw, details.eligibility_en
    call.exhibition_places, call.presentation_places = details.exhibition_places, details.presentation_places
    call.judges_per_entry, call.disagreement_points = details.judges_per_entry, details.disagreement_points
    call.normalise_scores = bool(details.normalise_scores)
    try:
        db.session.flush()
        audit.record(actor_id, "innovations.call_created" if adding else "innovations.call_changed",
                     f"innovation_call:{call.id}", f"{call.opens_at.isoformat()} .. {call.closes_at.isoformat()}")
        db.session.commit()
    except sa.exc.IntegrityError:  # created meanwhile by another organiser
        db.session.rollback()
        raise DomainError(_("This meeting already has an innovation call.")) from None
    return call


# --- categories --------------------------------------------------------------------------


@dataclass
class CategoryDetails:
    name_sw: str
    name_en: str
    position: int | None = None


def category_in_use(category: InnovationCategory) -> bool:
    return db.session.scalar(sa.select(Entry.id).where(Entry.category_id == category.id).limit(1)) is not None


def used_category_ids(call: InnovationCall) -> set[int]:
    """The call's categories that entries are filed under (they cannot be removed)."""
    return set(db.session.scalars(sa.select(Entry.category_id).where(Entry.call_id == call.id).distinct()))


def _category_problems(details: CategoryDetails, prefix: str = "") -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("name_sw", "name_en"):
        text = re.sub(r"\s+", " ", getattr(details, name) or "").strip()
        setattr(details, name, text)
        if not text:
            errors[prefix + name] = _("This field is required.")
        elif len(text) > MAX_NAME:
            errors[prefix + name] = _("At most %(n)d characters.", n=MAX_NAME)
    if details.position is not None and not 0 <= details.position <= MAX_POSITION:
        errors[prefix + "position"] = _("Enter a whole number from %(low)s to %(high)s.", low=0, high=MAX_POSITION)
    return errors


def _clash_problems(named: list[tuple[str, CategoryDetails]]) -> dict[str, str]:
    """Two categories of a call may not share a name (in either language)."""
    errors: dict[str, str] = {}
    for name in ("name_sw", "name_en"):
        seen: set[str] = set()
        for prefix, details in named:
            key = getattr(details, name).casefold()
            if key and key in seen:
                errors[prefix + name] = _("Another category already has this name.")
            seen.add(key)
    return errors


def _renumber(items: list, wanted: dict[int, int]) -> None:
    """Positions 1, 2, 3… in the order asked for (`wanted`: id → position). An item moved to a
    taken number goes before the one there."""
    def key(item):
        asked = wanted.get(item.id, item.position)
        return asked, asked == item.position, item.position, item.id

    for n, item in enumerate(sorted(items, key=key), start=1):
        item.position = n


def _new_code(call: InnovationCall, name_en: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name_en).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:24] or "category"
    codes = {c.code for c in call.categories}
    code, n = base, 2
    while code in codes:
        code, n = f"{base}-{n}", n + 1
    return code


def update_categories(call: InnovationCall, rows: dict[int, CategoryDetails], actor_id: int | None = None) -> None:
    """Rename the call's categories and change their order at once (`rows`: category id → its
    details). Field errors are keyed `categories-<n>-<field>` by the category's place in the list,
    as the form names them."""
    known = {category.id: n for n, category in enumerate(call.categories)}
    errors: dict[str, str] = {}
    for category_id, details in rows.items():
        if category_id not in known:
            raise DomainError(_("A category was removed meanwhile; reload the page and try again."))
        errors.update(_category_problems(details, prefix=f"categories-{known[category_id]}-"))
    named = [(f"categories-{known[c.id]}-", rows.get(c.id) or CategoryDetails(c.name_sw, c.name_en))
             for c in call.categories]
    errors = _clash_problems(named) | errors
    if errors:
        raise InvalidInput(errors)
    for category in call.categories:
        if category.id in rows:
            category.name_sw, category.name_en = rows[category.id].name_sw, rows[category.id].name_en
    _renumber(call.categories, {i: d.position for i, d in rows.items() if d.position is not None})
    audit.record(actor_id, "innovations.categories_changed", f"innovation_call:{call.id}", str(len(rows)))
    db.session.commit()


def add_category(call: InnovationCall, details: CategoryDetails, actor_id: int | None = None) -> InnovationCategory:
    """Add a category at the end (or at `position`)."""
    errors = _category_problems(details)
    if not errors:
        errors = _clash_problems([("", CategoryDetails(c.name_sw, c.name_en)) for c in call.categories]
                                 + [("", details)])
    if errors:
        raise InvalidInput(errors)
    category = InnovationCategory(code=_new_code(call, details.name_en), position=len(call.categories) + 1,
                                  name_sw=details.name_sw, name_en=details.name_en)
    call.categories.append(category)
    db.session.flush()
    if details.position is not None:
        _renumber(call.categories, {category.id: details.position})
    audit.record(actor_id, "innovations.category_added", f"innovation_call:{call.id}", category.name_en)
    db.session.commit()
    return category


def remove_category(category: InnovationCategory, actor_id: int | None = None) -> None:
    """Remove a category that no entry is filed under; a call keeps at least one."""
    call = category.call
    if category_in_use(category):
        raise DomainError(_("Entries are filed under %(name)s; it cannot be removed (rename it instead).",
                            name=localized(category, "name")))
    if len(call.categories) == 1:
        raise DomainError(_("A call needs at least one category."))
    audit.record(actor_id, "innovations.category_removed", f"innovation_call:{call.id}", category.name_en)
    call.categories.remove(category)
    db.session.flush()
    _renumber(call.categories, {})
    db.session.commit()
