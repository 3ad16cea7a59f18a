"""Certificates (vyeti): the design per event and type (wording, signatories, logos), and every
certificate issued — who holds it, what it certifies, its unguessable verification code and
printed serial, who issued it and when, and whether it was revoked (and why)."""
import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import TimestampMixin, UtcDateTime, enum_type, utcnow
from eventapp.events.models import Event
from eventapp.extensions import db

CODE_LENGTH = 24  # secrets.token_urlsafe(18): 144 random bits, URL-safe


def new_certificate_code() -> str:
    return secrets.token_urlsafe(18)


class CertificateType(enum.Enum):
    PARTICIPATION = "participation"  # checked in on enough of the group's days
    PRESENTER = "presenter"  # on the programme (presenter, speaker, panellist, chair…)
    EXHIBITOR = "exhibitor"  # a member of an innovation entry selected for the exhibition
    AWARD = "award"  # a member of an entry given an award (winner, runner-up…)
    JUDGE = "judge"  # on the competition's panel of judges
    COMMITTEE = "committee"  # a member of an organising committee


class CertificateDesign(TimestampMixin, db.Model):
    """What a certificate of one type says for one event, and who signs it."""

    __tablename__ = "certificate_designs"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    type: Mapped[CertificateType] = mapped_column(enum_type(CertificateType, "certificate_type"))
    title_sw: Mapped[str] = mapped_column(sa.String(120))
    title_en: Mapped[str] = mapped_column(sa.String(120))
    statement_sw: Mapped[str] = mapped_column(sa.Text)  # what it certifies, after the holder's name
    statement_en: Mapped[str] = mapped_column(sa.Text)
    signatory1_name: Mapped[str] = mapped_column(sa.String(160))
    signatory1_title: Mapped[str] = mapped_column(sa.String(200))
    signatory1_signature: Mapped[str | None] = mapped_column(sa.String(80))  # a stored upload (PNG/JPEG)
    signatory2_name: Mapped[str] = mapped_column(sa.String(160), default="")
    signatory2_title: Mapped[str] = mapped_column(sa.String(200), default="")
    signatory2_signature: Mapped[str | None] = mapped_column(sa.String(80))
    show_sponsor_logos: Mapped[bool] = mapped_column(default=True)
    # Participation only: on how many of the group's days a person must have been checked in.
    min_days_attended: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("event_id", "type", name="uq_certificate_designs_event_type"),
        sa.CheckConstraint("min_days_attended >= 1", name="min_days_positive"),
        sa.CheckConstraint("signatory2_name <> '' OR signatory2_signature IS NULL", name="second_signature_named"),
    )


class Certificate(db.Model):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    type: Mapped[CertificateType] = mapped_column(enum_type(CertificateType, "certificate_type"))
    # Opens the public verification page (/verify/<code>); never derived from anything.
    code: Mapped[str] = mapped_column(sa.String(CODE_LENGTH), unique=True, default=new_certificate_code)
    # Printed on the certificate for people to quote: edition, type, number and a check digit.
    serial: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    # What the certificate is for, so issuing by rule twice issues nothing twice:
    # "registration:12", "person:5", "member:33", "award:4:member:33", "judge:7", "committee_member:9".
    subject_key: Mapped[str] = mapped_column(sa.String(80))
    holder_name: Mapped[str] = mapped_column(sa.String(200))
    holder_institution: Mapped[str] = mapped_column(sa.String(200), default="")
    holder_email: Mapped[str] = mapped_column(sa.String(254), default="")
    detail_sw: Mapped[str] = mapped_column(sa.String(400), default="")  # e.g. the award and the entry
    detail_en: Mapped[str] = mapped_column(sa.String(400), default="")
    language: Mapped[str] = mapped_column(sa.String(2), default="sw")  # of the email
    registration_id: Mapped[int | None] = mapped_column(sa.ForeignKey("registrations.id", ondelete="SET NULL"),
                                                        index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("jobs.id", ondelete="SET NULL"), index=True)
    emailed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    replaces_id: Mapped[int | None] = mapped_column(sa.ForeignKey("certificates.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()

    __table_args__ = (
        # One valid certificate per event, type and subject; revoked ones stay on record.
        sa.Index(
            "uq_certificates_live_subject", "event_id", "type", "subject_key", unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"), postgresql_where=sa.text("revoked_at IS NULL"),
        ),
        sa.Index("ix_certificates_event_type", "event_id", "type"),
        sa.CheckConstraint("revoked_at IS NULL OR revoke_reason <> ''", name="revocation_has_reason"),
    )

    @property
    def valid(self) -> bool:
        return self.revoked_at is None
