"""Reviewing the institutions directory: pages, typed-in names to approve or merge."""
import logging
import math

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.search import LIKE_ESCAPE, contains_pattern
from eventapp.extensions import db
from eventapp.registration.models import (
    Delegation,
    Institution,
    InstitutionType,
    Registration,
)
from eventapp.registration.services.listing import PER_PAGE, Page

log = logging.getLogger(__name__)

# --- the institutions directory ----------------------------------------------------------


def institutions_page(text: str = "", type_: InstitutionType | None = None, page: int = 1,
                      per_page: int = PER_PAGE, reviewed: bool = True) -> Page:
    """Directory entries by name, filtered by a search text and a type."""
    clauses = [Institution.reviewed.is_(reviewed)]
    text = " ".join((text or "").split()).lower()[:100]
    if text:
        pattern = contains_pattern(text)
        clauses.append(sa.or_(Institution.name_key.like(pattern, escape=LIKE_ESCAPE),
                              sa.func.lower(Institution.acronym).like(pattern, escape=LIKE_ESCAPE)))
    if type_ is not None:
        clauses.append(Institution.type == type_)
    total = db.session.scalar(sa.select(sa.func.count(Institution.id)).where(*clauses))
    pages = max(math.ceil(total / per_page), 1)
    page = min(max(page, 1), pages)
    items = list(
        db.session.scalars(
            sa.select(Institution).options(joinedload(Institution.parent)).where(*clauses)
            .order_by(Institution.name).limit(per_page).offset((page - 1) * per_page)
        )
    )
    return Page(items=items, page=page, per_page=per_page, total=total)


def registration_counts_by_institution(institution_ids: list[int]) -> dict[int, int]:
    if not institution_ids:
        return {}
    rows = db.session.execute(
        sa.select(Registration.institution_id, sa.func.count())
        .where(Registration.institution_id.in_(institution_ids))
        .group_by(Registration.institution_id)
    )
    return dict(rows.all())


def pending_institutions() -> list[Institution]:
    """Names typed in by registrants that wait for review, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Institution)
            .where(Institution.reviewed.is_(False))
            .order_by(Institution.created_at, Institution.id)
        )
    )


def pending_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Institution.id)).where(Institution.reviewed.is_(False)))


def ministries() -> list[Institution]:
    """Reviewed ministries, the possible parents of a directory entry."""
    return list(
        db.session.scalars(
            sa.select(Institution)
            .where(Institution.type == InstitutionType.MINISTRY, Institution.reviewed.is_(True))
            .order_by(Institution.name)
        )
    )


def reviewed_institutions() -> list[tuple[int, str, str]]:
    """(id, name, acronym) of every reviewed entry: the targets a typed name can merge into."""
    return db.session.execute(
        sa.select(Institution.id, Institution.name, Institution.acronym)
        .where(Institution.reviewed.is_(True))
        .order_by(Institution.name)
    ).all()


def approve_institution(institution: Institution, type_: InstitutionType, actor_id: int | None,
                        parent_id: int | None = None) -> Institution:
    """Accept a typed-in name into the directory as it is, with a type."""
    from eventapp.registration.services.institutions import save_institution

    if institution.reviewed:
        raise DomainError(_("This institution is already in the directory."))
    audit.record(actor_id, "institution.approve", f"institution:{institution.id}", institution.name)
    return save_institution(institution.name, type_, institution.acronym, parent_id, institution=institution)


def merge_institution(source: Institution, target: Institution, actor_id: int | None) -> int:
    """Merge `source` (usually a typed-in name) into the directory entry `target`: its
    registrations, delegations and sector institutions move to `target`, then `source` is
    removed. Returns how many registrations moved. Audited."""
    if source.id == target.id:
        raise DomainError(_("Choose a different institution to merge into."), field="target_id")
    if not target.reviewed:
        raise DomainError(_("Merge into an institution of the directory (one already reviewed)."), field="target_id")
    moved = db.session.execute(
        sa.update(Registration).where(Registration.institution_id == source.id)
        .values(institution_id=target.id).execution_options(synchronize_session=False)
    ).rowcount or 0
    delegations = db.session.execute(
        sa.update(Delegation).where(Delegation.institution_id == source.id)
        .values(institution_id=target.id).execution_options(synchronize_session=False)
    ).rowcount or 0
    if target.parent_id == source.id:
        target.parent_id = source.parent_id if source.parent_id != target.id else None
    db.session.execute(
        sa.update(Institution).where(Institution.parent_id == source.id, Institution.id != target.id)
        .values(parent_id=target.id).execution_options(synchronize_session=False)
    )
    audit.record(actor_id, "institution.merge", f"institution:{target.id}",
                 f"{source.name} -> {target.name}: {moved} registrations, {delegations} delegations")
    db.session.delete(source)
    db.session.commit()
    db.session.expire_all()
    return moved
