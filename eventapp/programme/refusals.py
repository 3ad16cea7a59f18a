"""Refusing a programme change: roll back what the request changed and say why."""

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core.errors import DomainError
from eventapp.extensions import db


def commit_or_refuse(message: str, field: str | None = None) -> None:
    """Commit; a unique constraint lost to a concurrent request becomes a clear refusal."""
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise DomainError(message, field=field) from None


def refuse(message: str, field: str | None = None):
    """Refuse and forget anything already changed in this request's session."""
    db.session.rollback()
    raise DomainError(message, field=field)


def check_length(value: str, limit: int, field: str) -> None:
    if len(value) > limit:
        refuse(_("At most %(n)d characters.", n=limit), field)
