"""Judges' scores: each criterion of the call's rubric scored with a whole number from 0 to its
scale and an optional comment, by the assigned judge only, while the scoring is open. Closing
the scoring (organisers, audited) freezes the scores and lets the judges see each other's.

Who sees which scores is decided here (`scores_visible_to`): a judge their own always, the
other judges' only once the scoring is closed; organisers always."""
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.models import utcnow
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations.assignments import lock_call
from eventapp.innovations.models import (
    Assignment,
    Criterion,
    Entry,
    EntryStatus,
    InnovationCall,
    Judge,
    Score,
)

MAX_COMMENT = 2000
MAX_REASON = 1000
ORGANISER_ROLES = (Role.ORGANISER,)  # an administrator passes every role check too


def value_field(criterion_id: int) -> str:
    return f"value_{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


def _whole_number(value) -> int | None:
    """A whole number typed or given: 7, " 7 " and "-3" pass; 7.5, "seven", "", True do not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value if value is not None else "").strip()
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit() and len(digits) < 10):  # not "²" nor "٣": int() of those differs
        return None
    return -int(digits) if text.startswith("-") else int(digits)


def _checked_values(criteria: list[Criterion], values: dict) -> dict[int, tuple[int, str]]:
    """Every criterion's value and comment, or InvalidInput with a message per wrong field."""
    errors: dict[str, str] = {}
    checked: dict[int, tuple[int, str]] = {}
    for criterion in criteria:
        value, comment = values.get(criterion.id, (None, ""))
        number = _whole_number(value)
        comment = (comment or "").strip()
        if number is None or not 0 <= number <= criterion.scale_max:
            errors[value_field(criterion.id)] = _("Score from 0 to %(max)d.", max=criterion.scale_max)
        if len(comment) > MAX_COMMENT:
            errors[comment_field(criterion.id)] = _("At most %(n)d characters.", n=MAX_COMMENT)
        checked[criterion.id] = (number, comment)
    if errors:
        raise InvalidInput(errors)
    return checked


def save_scores(assignment: Assignment, user, values: dict) -> list[Score]:
    """Save the judge's scores of the assigned entry: `values` maps each criterion id of the
    call's rubric to (value, comment). Every criterion needs a whole number from 0 to its scale;
    a comment is optional. Saving again updates the scores (one per criterion, never twice).

    Only the judge of the assignment, only while the scoring is open and the entry eligible."""
    judge = assignment.judge
    if user is None or judge.user_id != getattr(user, "id", None):
        raise DomainError(_("Only the judge assigned this entry scores it."))
    entry = assignment.entry
    call = entry.call
    checked = _checked_values(list(call.criteria), values)
    # Lock in the order every writer uses (call, then assignment): closing waits for the save.
    closed = lock_call(call.id, read=True)
    if closed is not None:
        db.session.rollback()
        raise DomainError(_("The scoring is closed; scores can no longer be changed."))
    current = db.session.execute(
        sa.select(Assignment.id, Entry.status).join(Entry, Entry.id == Assignment.entry_id)
        .where(Assignment.id == assignment.id).with_for_update(of=Assignment)
    ).one_or_none()
    if current is None:  # removed meanwhile (a declared conflict, an organiser)
        db.session.rollback()
        raise DomainError(_("This entry is no longer assigned to you."))
    if current.status is not EntryStatus.ELIGIBLE:
        db.session.rollback()
        raise DomainError(_("This entry is no longer eligible; it is not scored."))
    existing = {s.criterion_id: s for s in db.session.scalars(
        sa.select(Score).where(Score.assignment_id == assignment.id).execution_options(populate_existing=True))}
    saved = []
    for criterion_id, (value, comment) in checked.items():
        score = existing.get(criterion_id)
        if score is None:
            score = Score(assignment_id=assignment.id, criterion_id=criterion_id)
            db.session.add(score)
        score.value, score.comment = value, comment
        saved.append(score)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same form sent twice at once, or the assignment removed meanwhile
        db.session.rollback()
        raise DomainError(_("The scores were saved meanwhile; reload the page to see them.")) from None
    return saved


def own_scores(assignment: Assignment) -> dict[int, Score]:
    """The assignment's scores by criterion id."""
    return {s.criterion_id: s for s in db.session.scalars(sa.select(Score).where(Score.assignment_id == assignment.id))}


# --- closing -----------------------------------------------------------------------------


def close_scoring(call: InnovationCall, actor_id: int | None = None) -> None:
    """Close the scoring: no score changes any more, and the judges see each other's scores."""
    closed = db.session.execute(
        sa.update(InnovationCall).where(InnovationCall.id == call.id, InnovationCall.scoring_closed_at.is_(None))
        .values(scoring_closed_at=utcnow()).execution_options(synchronize_session=False)
    )
    if closed.rowcount != 1:
        db.session.rollback()
        raise DomainError(_("The scoring is already closed."))
    audit.record(actor_id, "innovations.scoring_closed", f"innovation_call:{call.id}")
    db.session.commit()
    db.session.refresh(call)


def reopen_scoring(call: InnovationCall, actor_id: int | None, reason: str) -> None:
    """Open the scoring again (with a reason, kept in the audit log) so judges can change their
    scores; refused once the results are published."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the scoring is reopened; it is kept in the audit log."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_("At most %(n)d characters.", n=MAX_REASON), field="reason")
    if call.results_published_at is not None:
        raise DomainError(_("The results are published; the scoring stays closed."))
    reopened = db.session.execute(
        sa.update(InnovationCall).where(InnovationCall.id == call.id, InnovationCall.scoring_closed_at.is_not(None),
                                        InnovationCall.results_published_at.is_(None))
        .values(scoring_closed_at=None).execution_options(synchronize_session=False)
    )
    if reopened.rowcount != 1:
        db.session.rollback()
        raise DomainError(_("The scoring is open already."))
    audit.record(actor_id, "innovations.scoring_reopened", f"innovation_call:{call.id}", reason)
    db.session.commit()
    db.session.refresh(call)


# --- progress and visibility -------------------------------------------------------------


@dataclass
class Progress:
    assigned: int = 0  # eligible entries assigned
    scored: int = 0  # of them, with every criterion scored


def scoring_progress(call: InnovationCall) -> dict[int, Progress]:
    """Each judge's progress by judge id (every judge of the panel, also with nothing assigned),
    in three queries whatever the size of the panel."""
    criteria = db.session.scalar(sa.select(sa.func.count(Criterion.id)).where(Criterion.call_id == call.id))
    progress = {judge_id: Progress() for judge_id in db.session.scalars(
        sa.select(Judge.id).where(Judge.call_id == call.id))}
    rows = db.session.execute(
        sa.select(Assignment.judge_id, Assignment.id, sa.func.count(Score.id))
        .join(Judge, Judge.id == Assignment.judge_id).join(Entry, Entry.id == Assignment.entry_id)
        .outerjoin(Score, Score.assignment_id == Assignment.id)
        .where(Judge.call_id == call.id, Entry.status == EntryStatus.ELIGIBLE)
        .group_by(Assignment.judge_id, Assignment.id)
    )
    for judge_id, _assignment_id, scored in rows:
        progress[judge_id].assigned += 1
        progress[judge_id].scored += int(criteria > 0 and scored >= criteria)
    return progress


def is_organiser(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.has_any_role(*ORGANISER_ROLES))


def scores_visible_to(user, entry: Entry) -> list[Score]:
    """The entry's scores `user` may read, by judge then criterion: organisers all of them; a
    judge their own, and the other judges' only once the scoring is closed; anyone else none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    query = (sa.select(Score).join(Assignment, Assignment.id == Score.assignment_id)
             .join(Judge, Judge.id == Assignment.judge_id).join(Criterion, Criterion.id == Score.criterion_id)
             .options(joinedload(Score.assignment).joinedload(Assignment.judge).joinedload(Judge.user))
             .where(Assignment.entry_id == entry.id).order_by(Judge.id, Criterion.position, Criterion.id))
    if is_organiser(user):
        return list(db.session.scalars(query))
    own = sa.select(Judge.id).where(Judge.user_id == user.id, Judge.call_id == entry.call_id).scalar_subquery()
    if entry.call.scoring_closed_at is None:
        return list(db.session.scalars(query.where(Judge.id == own)))
    # Closed: the other judges' scores too, but only for a judge of this entry.
    if db.session.scalar(sa.select(Assignment.id).where(Assignment.entry_id == entry.id,
                                                        Assignment.judge_id == own)) is None:
        return []
    return list(db.session.scalars(query))
