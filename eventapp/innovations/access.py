"""Who may see an innovation entry and its files: the one place that decides.

The organisers (an administrator too) see every entry; an innovator sees the entries their
account owns; a judge sees only the entries assigned to them on a call's panel, and not one
they declared a conflict with; everyone else sees nothing. Views ask here and answer 404 for
anything not visible, so nobody can even learn that someone else's entry exists.
"""
import sqlalchemy as sa
from flask import abort

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations.models import Assignment, Conflict, Entry, Judge

ORGANISER_ROLES = (Role.ORGANISER,)  # an administrator passes every role check too


def _logged_in(user) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def is_organiser(user) -> bool:
    return _logged_in(user) and user.has_any_role(*ORGANISER_ROLES)


def is_owner(user, entry: Entry | None) -> bool:
    return _logged_in(user) and entry is not None and entry.owner_id is not None and entry.owner_id == user.id


def is_assigned_judge(user, entry: Entry) -> bool:
    """The user sits on the entry's call's panel, is assigned the entry and has declared no
    conflict with it."""
    if not _logged_in(user) or not user.has_role(Role.JUDGE):
        return False
    conflicted = sa.select(Conflict.id).where(Conflict.entry_id == entry.id, Conflict.judge_id == Judge.id)
    return db.session.scalar(
        sa.select(Assignment.id).join(Judge, Judge.id == Assignment.judge_id)
        .where(Assignment.entry_id == entry.id, Judge.user_id == user.id, Judge.call_id == entry.call_id,
               ~conflicted.exists())
        .limit(1)
    ) is not None


def may_see_entry(user, entry: Entry | None) -> bool:
    """Organisers, the entry's owner, and a judge assigned to it (without a declared conflict)."""
    if entry is None or not _logged_in(user):
        return False
    return is_organiser(user) or is_owner(user, entry) or is_assigned_judge(user, entry)


def entry_or_404(entry_id: int, user) -> Entry:
    """The entry, if `user` may see it; 404 otherwise (also when it does not exist)."""
    entry = db.session.get(Entry, entry_id)
    if not may_see_entry(user, entry):
        abort(404)
    return entry


def own_entry_or_404(entry_id: int, user) -> Entry:
    """The entry, if `user` owns it (to change or withdraw it); 404 otherwise, organisers included."""
    entry = db.session.get(Entry, entry_id)
    if not is_owner(user, entry):
        abort(404)
    return entry
