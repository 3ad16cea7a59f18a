"""Which judge scores which entry: assigned by hand or automatically (a balanced number of judges
per entry), never to an entry of the judge's own institution nor to one they declared a conflict
with. This is also the one rule of what a judge may see: an entry reaches a judge only through an
Assignment of theirs.

Changes to a call's assignments lock the call's row first (FOR UPDATE on PostgreSQL; SQLite's
BEGIN IMMEDIATE queues writers), so two organisers assigning at once see each other's work.
"""
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.extensions import db
from eventapp.innovations.models import (
    Assignment,
    Conflict,
    Entry,
    EntryStatus,
    InnovationCall,
    Judge,
    Score,
)

MAX_REASON = 1000


def lock_call(call_id: int, read: bool = False):
    """Lock the call's row for the rest of the transaction and return its scoring_closed_at as
    stored now (not as an object loaded earlier remembers it)."""
    return db.session.execute(
        sa.select(InnovationCall.scoring_closed_at).where(InnovationCall.id == call_id).with_for_update(read=read)
    ).scalar_one()


# --- what a judge may see ----------------------------------------------------------------


def assignment_of(user, entry_id: int) -> Assignment | None:
    """The assignment through which `user` (as a judge) sees the entry, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Assignment).join(Judge, Judge.id == Assignment.judge_id)
        .where(Assignment.entry_id == entry_id, Judge.user_id == user.id)
    )


def is_assigned(user, entry: Entry) -> bool:
    """Whether `user` judges this entry (the judge-side rule of who may see an entry)."""
    return entry is not None and assignment_of(user, entry.id) is not None


# --- by hand -----------------------------------------------------------------------------


def conflict_of(judge: Judge, entry: Entry) -> Conflict | None:
    return db.session.scalar(sa.select(Conflict).where(Conflict.judge_id == judge.id, Conflict.entry_id == entry.id))


def _refusal(entry: Entry, judge: Judge, closed) -> str | None:
    name = judge.user.full_name
    if judge.call_id != entry.call_id:
        return _("%(name)s sits on another call's panel.", name=name)
    if closed is not None:
        return _("The scoring is closed; reopen it to change the assignments.")
    if entry.status is not EntryStatus.ELIGIBLE:
        return _("Only eligible entries are judged; “%(title)s” is not eligible.", title=entry.title)
    if judge.institution_id is not None and judge.institution_id == entry.institution_id:
        return _("%(name)s comes from the entry's institution and may not judge it.", name=name)
    if conflict_of(judge, entry) is not None:
        return _("%(name)s declared a conflict of interest with this entry.", name=name)
    return None


def assign(entry: Entry, judge: Judge, actor_id: int | None = None) -> Assignment:
    """Assign the judge to score the entry (by hand: the number of judges per entry is the
    organisers' choice here). Refused for an entry that is not eligible, one of the judge's own
    institution or one they declared a conflict with, a judge of another call, an assignment
    already there, and once the scoring is closed."""
    closed = lock_call(entry.call_id)
    refusal = _refusal(entry, judge, closed)
    if refusal is None and db.session.scalar(sa.select(Assignment.id).where(
            Assignment.entry_id == entry.id, Assignment.judge_id == judge.id)) is not None:
        refusal = _("%(name)s is already assigned this entry.", name=judge.user.full_name)
    if refusal is not None:
        db.session.rollback()
        raise DomainError(refusal)
    row = Assignment(entry_id=entry.id, judge_id=judge.id)
    db.session.add(row)
    audit.record(actor_id, "innovations.assigned", f"innovation_entry:{entry.id}", judge.user.email)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise DomainError(_("%(name)s is already assigned this entry.", name=judge.user.full_name)) from None
    return row


def has_scores(assignment: Assignment) -> bool:
    return db.session.scalar(sa.select(Score.id).where(Score.assignment_id == assignment.id).limit(1)) is not None


def unassign(assignment: Assignment, actor_id: int | None = None) -> None:
    """Remove an assignment the judge has not scored yet, while the scoring is open."""
    closed = lock_call(assignment.judge.call_id)
    if closed is not None:
        db.session.rollback()
        raise DomainError(_("The scoring is closed; reopen it to change the assignments."))
    if has_scores(assignment):
        db.session.rollback()
        raise DomainError(_("%(name)s has already scored this entry; the assignment stays.",
                            name=assignment.judge.user.full_name))
    audit.record(actor_id, "innovations.unassigned", f"innovation_entry:{assignment.entry_id}",
                 assignment.judge.user.email)
    db.session.delete(assignment)
    db.session.commit()


# --- automatically -----------------------------------------------------------------------


@dataclass
class Shortfall:
    """An eligible entry left with fewer judges than wanted, and why."""

    entry_id: int
    title: str
    assigned: int
    wanted: int
    panel: int  # judges on the panel
    own_institution: int  # of them, from the entry's institution
    conflicted: int  # of them, who declared a conflict with it

    @property
    def reason(self) -> str:
        parts = [ngettext("the panel has %(num)d judge", "the panel has %(num)d judges", self.panel)]
        if self.own_institution:
            parts.append(ngettext("%(num)d comes from the entry's institution",
                                  "%(num)d come from the entry's institution", self.own_institution))
        if self.conflicted:
            parts.append(ngettext("%(num)d declared a conflict", "%(num)d declared a conflict", self.conflicted))
        return _("“%(title)s” has %(assigned)d of %(wanted)d judges: %(why)s.", title=self.title,
                 assigned=self.assigned, wanted=self.wanted, why="; ".join(parts))


@dataclass
class AutoAssignSummary:
    added: int  # assignments made by this run
    entries: int  # eligible entries
    judges: int  # judges on the panel
    shortfalls: list[Shortfall] = field(default_factory=list)


def auto_assign(call: InnovationCall, actor_id: int | None = None) -> AutoAssignSummary:
    """Give every eligible entry up to `call.judges_per_entry` judges, keeping the assignments
    already there (a second run adds nothing). Entries with the fewest possible judges are served
    first; each takes the judges with the fewest assignments, ties broken by the judge's id, so
    the load is balanced and the result does not depend on chance. A judge is never given an
    entry of their own institution nor one they declared a conflict with. Returns what was
    added and the entries that could not get enough judges, with why."""
    closed = lock_call(call.id)
    if closed is not None:
        db.session.rollback()
        raise DomainError(_("The scoring is closed; reopen it to change the assignments."))
    judges = db.session.execute(
        sa.select(Judge.id, Judge.institution_id).where(Judge.call_id == call.id).order_by(Judge.id)).all()
    entries = db.session.execute(
        sa.select(Entry.id, Entry.institution_id, Entry.title)
        .where(Entry.call_id == call.id, Entry.status == EntryStatus.ELIGIBLE).order_by(Entry.id)).all()
    entry_ids = [e.id for e in entries]
    taken = set(db.session.execute(
        sa.select(Assignment.entry_id, Assignment.judge_id).where(Assignment.entry_id.in_(entry_ids))).all())
    conflicts = set(db.session.execute(
        sa.select(Conflict.entry_id, Conflict.judge_id).where(Conflict.entry_id.in_(entry_ids))).all())
    load = {j.id: 0 for j in judges}
    for _entry_id, judge_id in taken:
        if judge_id in load:
            load[judge_id] += 1

    def allowed(entry, judge) -> bool:
        return judge.institution_id != entry.institution_id and (entry.id, judge.id) not in conflicts

    candidates = {e.id: [j.id for j in judges if allowed(e, j) and (e.id, j.id) not in taken] for e in entries}
    have = {e.id: sum(1 for j in judges if (e.id, j.id) in taken) for e in entries}
    wanted = call.judges_per_entry
    new_rows: list[tuple[int, int]] = []
    for entry in sorted(entries, key=lambda e: (len(candidates[e.id]) + have[e.id], e.id)):
        need = wanted - have[entry.id]
        if need <= 0:
            continue
        chosen = sorted(candidates[entry.id], key=lambda judge_id: (load[judge_id], judge_id))[:need]
        for judge_id in chosen:
            load[judge_id] += 1
            new_rows.append((entry.id, judge_id))
        have[entry.id] += len(chosen)

    shortfalls = [
        Shortfall(entry_id=e.id, title=e.title, assigned=have[e.id], wanted=wanted, panel=len(judges),
                  own_institution=sum(1 for j in judges if j.institution_id == e.institution_id),
                  conflicted=sum(1 for j in judges if (e.id, j.id) in conflicts))
        for e in entries if have[e.id] < wanted
    ]
    db.session.add_all(Assignment(entry_id=e, judge_id=j, automatic=True) for e, j in new_rows)
    audit.record(actor_id, "innovations.auto_assigned", f"innovation_call:{call.id}",
                 f"{len(new_rows)} assignments; {len(shortfalls)} entries short")
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # an assignment made meanwhile without the call's lock
        db.session.rollback()
        raise DomainError(_("The assignments changed meanwhile; run the automatic assignment again.")) from None
    return AutoAssignSummary(added=len(new_rows), entries=len(entries), judges=len(judges), shortfalls=shortfalls)


# --- declared by the judge ---------------------------------------------------------------


def declare_conflict(judge: Judge, entry: Entry, reason: str) -> Conflict:
    """The judge declares a conflict of interest with the entry: the conflict is recorded, their
    assignment and its scores are removed, and the entry is never assigned to them again.
    Refused once the scoring is closed (the scores are final then: tell the organisers)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say briefly why, for the organisers."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_("At most %(n)d characters.", n=MAX_REASON), field="reason")
    if judge.call_id != entry.call_id:
        raise DomainError(_("%(name)s sits on another call's panel.", name=judge.user.full_name))
    closed = lock_call(entry.call_id, read=True)
    if closed is not None:
        db.session.rollback()
        raise DomainError(_("The scoring is closed; tell the organisers about the conflict."))
    if conflict_of(judge, entry) is not None:
        db.session.rollback()
        raise DomainError(_("You have already declared a conflict with this entry."))
    assignment_ids = sa.select(Assignment.id).where(Assignment.entry_id == entry.id, Assignment.judge_id == judge.id)
    db.session.execute(sa.delete(Score).where(Score.assignment_id.in_(assignment_ids)))
    db.session.execute(sa.delete(Assignment).where(Assignment.entry_id == entry.id, Assignment.judge_id == judge.id))
    conflict = Conflict(entry_id=entry.id, judge_id=judge.id, reason=reason)
    db.session.add(conflict)
    audit.record(judge.user_id, "innovations.conflict_declared", f"innovation_entry:{entry.id}", reason)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # declared twice at once
        db.session.rollback()
        raise DomainError(_("You have already declared a conflict with this entry.")) from None
    db.session.expire_all()
    return conflict
