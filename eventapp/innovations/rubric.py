"""The scoring rubric of a call: criteria with a name and description in Swahili and English, a
weight and a scale (each scored from 0 to its scale). The weights count relative to their sum,
shown as percentages. Once any judge has scored, the rubric is frozen: every score must mean
what it meant when it was given.

Each rule takes plain arguments, raises DomainError (InvalidInput for several fields at once)
and commits its own work. Every change is audited.
"""
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.extensions import db
from eventapp.innovations.calls import MAX_NAME, MAX_POSITION
from eventapp.innovations.models import Criterion, InnovationCall, Score

MAX_DESCRIPTION = 2000
MAX_WEIGHT = 1000
MAX_SCALE = 100


@dataclass
class CriterionDetails:
    name_sw: str
    name_en: str
    description_sw: str = ""
    description_en: str = ""
    weight: int | None = None
    scale_max: int | None = 10
    position: int | None = None


def has_scores(call: InnovationCall) -> bool:
    """Whether any judge has scored any criterion of the call."""
    return db.session.scalar(sa.select(Score.id).join(Criterion, Criterion.id == Score.criterion_id)
                             .where(Criterion.call_id == call.id).limit(1)) is not None


def weight_shares(criteria: list[Criterion]) -> dict[int, float]:
    """Each criterion's weight as a percentage of the weights' sum, to one decimal."""
    total = sum(c.weight for c in criteria)
    return {c.id: round(c.weight * 100 / total, 1) if total else 0.0 for c in criteria}


def _refuse_once_scored(call: InnovationCall) -> None:
    if has_scores(call):
        raise DomainError(_("Judges have started scoring; the rubric can no longer change, so every score keeps "
                            "its meaning."))


def _whole_number(value, low: int, high: int) -> str | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return _("Enter a whole number from %(low)s to %(high)s.", low=low, high=high)
    return None


def _criterion_problems(details: CriterionDetails, prefix: str = "") -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, limit, required in (("name_sw", MAX_NAME, True), ("name_en", MAX_NAME, True),
                                  ("description_sw", MAX_DESCRIPTION, False),
                                  ("description_en", MAX_DESCRIPTION, False)):
        text = getattr(details, name) or ""
        text = re.sub(r"\s+", " ", text).strip() if required else text.replace("\r\n", "\n").strip()
        setattr(details, name, text)
        if required and not text:
            errors[prefix + name] = _("This field is required.")
        elif len(text) > limit:
            errors[prefix + name] = _("At most %(n)d characters.", n=limit)
    for name, low, high in (("weight", 1, MAX_WEIGHT), ("scale_max", 1, MAX_SCALE)):
        problem = _whole_number(getattr(details, name), low, high)
        if problem:
            errors[prefix + name] = problem
    if details.position is not None and not 0 <= details.position <= MAX_POSITION:
        errors[prefix + "position"] = _("Enter a whole number from %(low)s to %(high)s.", low=0, high=MAX_POSITION)
    return errors


def _apply(criterion: Criterion, details: CriterionDetails) -> None:
    criterion.name_sw, criterion.name_en = details.name_sw, details.name_en
    criterion.description_sw, criterion.description_en = details.description_sw, details.description_en
    criterion.weight, criterion.scale_max = details.weight, details.scale_max


def _renumber(call: InnovationCall, wanted: dict[int, int]) -> None:
    """Positions 1, 2, 3… in the order asked for (`wanted`: criterion id → position)."""
    def key(criterion: Criterion):
        asked = wanted.get(criterion.id, criterion.position)
        return asked, asked == criterion.position, criterion.position, criterion.id

    for n, criterion in enumerate(sorted(call.criteria, key=key), start=1):
        criterion.position = n


def update_criteria(call: InnovationCall, rows: dict[int, CriterionDetails], actor_id: int | None = None) -> None:
    """Change the criteria's names, descriptions, weights, scales and order at once (`rows`:
    criterion id → its details); refused once any score exists. Field errors are keyed
    `criteria-<n>-<field>` by the criterion's place in the list, as the form names them."""
    _refuse_once_scored(call)
    known = {criterion.id: n for n, criterion in enumerate(call.criteria)}
    errors: dict[str, str] = {}
    for criterion_id, details in rows.items():
        if criterion_id not in known:
            raise DomainError(_("A criterion was removed meanwhile; reload the page and try again."))
        errors.update(_criterion_problems(details, prefix=f"criteria-{known[criterion_id]}-"))
    if errors:
        raise InvalidInput(errors)
    for criterion in call.criteria:
        if criterion.id in rows:
            _apply(criterion, rows[criterion.id])
    _renumber(call, {i: d.position for i, d in rows.items() if d.position is not None})
    audit.record(actor_id, "innovations.rubric_changed", f"innovation_call:{call.id}",
                 ", ".join(f"{c.name_en} {c.weight}/{c.scale_max}" for c in call.criteria))
    db.session.commit()


def add_criterion(call: InnovationCall, details: CriterionDetails, actor_id: int | None = None) -> Criterion:
    """Add a criterion at the end (or at `position`); refused once any score exists."""
    _refuse_once_scored(call)
    errors = _criterion_problems(details)
    if errors:
        raise InvalidInput(errors)
    criterion = Criterion(position=len(call.criteria) + 1, name_sw="", name_en="", weight=1)
    _apply(criterion, details)
    call.criteria.append(criterion)
    db.session.flush()
    if details.position is not None:
        _renumber(call, {criterion.id: details.position})
    audit.record(actor_id, "innovations.criterion_added", f"innovation_call:{call.id}",
                 f"{criterion.name_en} {criterion.weight}/{criterion.scale_max}")
    db.session.commit()
    return criterion


def remove_criterion(criterion: Criterion, actor_id: int | None = None) -> None:
    """Remove a criterion; refused once any score exists, and for the last one."""
    call = criterion.call
    _refuse_once_scored(call)
    if len(call.criteria) == 1:
        raise DomainError(_("A rubric needs at least one criterion."))
    audit.record(actor_id, "innovations.criterion_removed", f"innovation_call:{call.id}", criterion.name_en)
    call.criteria.remove(criterion)
    db.session.flush()
    _renumber(call, {})
    db.session.commit()
