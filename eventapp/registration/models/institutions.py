"""The directory of institutions participants come from."""
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import TimestampMixin, enum_type
from eventapp.extensions import db


class InstitutionType(enum.Enum):
    MINISTRY = "ministry"
    SECTOR_INSTITUTION = "sector_institution"  # agencies, authorities, funds under a ministry
    REGIONAL_AUTHORITY = "regional_authority"
    LOCAL_GOVERNMENT = "local_government"
    UNIVERSITY = "university"  # universities and colleges
    RESEARCH_INSTITUTE = "research_institute"
    PRIVATE = "private"
    DEVELOPMENT_PARTNER = "development_partner"
    OTHER = "other"


class Institution(TimestampMixin, db.Model):
    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Lower-cased, whitespace-collapsed name: the unique key that stops near-duplicates.
    name_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    acronym: Mapped[str] = mapped_column(sa.String(30), default="")
    type: Mapped[InstitutionType] = mapped_column(enum_type(InstitutionType, "institution_type"))
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("institutions.id", ondelete="SET NULL"), index=True
    )
    # A name typed by a registrant waits for an organiser's review before it joins the list.
    reviewed: Mapped[bool] = mapped_column(default=True)

    parent: Mapped["Institution | None"] = relationship(remote_side=[id])

    __table_args__ = (sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def __repr__(self) -> str:
        return f"<Institution {self.name}>"
