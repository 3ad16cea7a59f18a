"""An append-only record of who changed what (roles, waivers, status changes)."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.core.models import UtcDateTime, utcnow
from eventapp.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(80))
    target: Mapped[str] = mapped_column(sa.String(120))
    details: Mapped[str] = mapped_column(sa.Text, default="")


def record(actor_id: int | None, action: str, target: str, details: str = "") -> AuditEntry:
    """Add an audit entry to the current transaction; the calling service commits."""
    entry = AuditEntry(actor_id=actor_id, action=action, target=target, details=details)
    db.session.add(entry)
    return entry
