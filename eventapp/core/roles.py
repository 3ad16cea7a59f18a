"""Roles and the one decorator that guards views by role."""
import enum
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user


class Role(enum.Enum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    FINANCE = "finance"
    PROGRAMME = "programme"
    REPORTS = "reports"
    JUDGE = "judge"
    GATE = "gate"
    PARTICIPANT = "participant"
    FOCAL = "focal"  # a ministry's focal person: reports for one institution only

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.ORGANISER: _l("Organiser"),
    Role.FINANCE: _l("Finance and procurement"),
    Role.PROGRAMME: _l("Programme, speeches and reports"),
    Role.REPORTS: _l("Ministries' reports"),
    Role.JUDGE: _l("Judge"),
    Role.GATE: _l("Gate (check-in)"),
    Role.PARTICIPANT: _l("Participant"),
    Role.FOCAL: _l("Ministry focal person"),
}


def role_required(*roles: Role):
    """Let a view through only for a logged-in user holding one of `roles`.

    Anonymous users go to the login page; a logged-in user without the role gets 403.
    An administrator passes every role check. With no roles given, any logged-in user
    passes. The roles are kept on the view (`required_roles`) so the permission test
    can walk the URL map and prove every guard.
    """

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                from eventapp.extensions import login_manager

                return login_manager.unauthorized()
            if roles and not current_user.has_any_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        guarded.required_roles = frozenset(roles)
        return guarded

    return decorator


login_required = role_required()
