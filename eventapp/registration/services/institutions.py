"""The institutions directory: lookup, typed-in names for review, CSV import and export."""
import csv
import io
import re

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core.errors import DomainError
from eventapp.core.search import LIKE_ESCAPE, contains_pattern
from eventapp.extensions import db
from eventapp.registration.models import Institution, InstitutionType

CSV_COLUMNS = ["name", "acronym", "type", "parent"]


def name_key(name: str) -> str:
    return re.sub(r"\s+", " ", (name or "").strip()).lower()


def find_by_name(name: str) -> Institution | None:
    return db.session.scalar(sa.select(Institution).where(Institution.name_key == name_key(name)))


def search(text: str, limit: int = 20) -> list[Institution]:
    """Reviewed institutions whose name or acronym contains `text` (for the form's search)."""
    text = name_key(text)[:100]
    if len(text) < 2:
        return []
    like = contains_pattern(text)
    return list(
        db.session.scalars(
            sa.select(Institution)
            .where(Institution.reviewed.is_(True))
            .where(
                sa.or_(
                    Institution.name_key.like(like, escape=LIKE_ESCAPE),
                    sa.func.lower(Institution.acronym).like(like, escape=LIKE_ESCAPE),
                )
            )
            .order_by(Institution.name)
            .limit(limit)
        )
    )


def resolve(institution_id: int | None, typed_name: str) -> Institution:
    """The chosen institution, or the typed one (found by name, else added for review)."""
    if institution_id:
        institution = db.session.get(Institution, institution_id)
        if institution is None:
            raise DomainError(_("Choose your institution from the list, or type its full name."),
                              field="institution_name")
        return institution
    typed_name = re.sub(r"\s+", " ", (typed_name or "").strip())
    if len(typed_name) < 3:
        raise DomainError(_("Choose your institution from the list, or type its full name."), field="institution_name")
    existing = find_by_name(typed_name)
    if existing is not None:
        return existing
    institution = Institution(
        name=typed_name[:200], name_key=name_key(typed_name)[:200], type=InstitutionType.OTHER, reviewed=False
    )
    # Two people typing the same new name at the same moment: the second insert waits for the
    # first and fails on the unique name; its savepoint is undone and it takes the first's.
    try:
        with db.session.begin_nested():
            db.session.add(institution)
    except sa.exc.IntegrityError:
        existing = find_by_name(typed_name)
        if existing is None:
            raise
        return existing
    return institution


def save_institution(
    name: str,
    type_: InstitutionType,
    acronym: str = "",
    parent_id: int | None = None,
    institution: Institution | None = None,
) -> Institution:
    """Create or edit a directory entry (marks it reviewed); names are unique."""
    key = name_key(name)
    if not key:
        raise DomainError(_("Enter the institution's name."), field="name")
    clash = find_by_name(name)
    if clash is not None and clash is not institution:
        raise DomainError(_("An institution with this name already exists."), field="name")
    if parent_id is not None:
        parent = db.session.get(Institution, parent_id)
        if parent is None or parent is institution:
            raise DomainError(_("Choose a different parent ministry."), field="parent_id")
    if institution is None:
        institution = Institution(name="", name_key="", type=type_)
        db.session.add(institution)
    institution.name = re.sub(r"\s+", " ", name.strip())[:200]
    institution.name_key = key[:200]
    institution.acronym = (acronym or "").strip()[:30]
    institution.type = type_
    institution.parent_id = parent_id
    institution.reviewed = True
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise DomainError(_("An institution with this name already exists."), field="name") from None
    return institution


def export_csv() -> str:
    """The whole directory as CSV (name, acronym, type, parent)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    parents = {i.id: i.name for i in db.session.scalars(sa.select(Institution))}
    for inst in db.session.scalars(sa.select(Institution).order_by(Institution.name)):
        writer.writerow([inst.name, inst.acronym, inst.type.value, parents.get(inst.parent_id, "")])
    return out.getvalue()


def import_csv(text: str) -> tuple[int, int]:
    """Add or update institutions from CSV; all rows are checked before anything is saved.

    Returns (added, updated). Raises DomainError listing the bad rows.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("name", "type") if c not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(_("The CSV must have the columns: %(cols)s.", cols=", ".join(CSV_COLUMNS)))
    rows, errors = [], []
    valid_types = {t.value for t in InstitutionType}
    for line, row in enumerate(reader, start=2):
        name = (row.get("name") or "").strip()
        type_value = (row.get("type") or "").strip().lower()
        if not name:
            errors.append(_("Row %(n)d: the name is empty.", n=line))
        elif type_value not in valid_types:
            errors.append(_("Row %(n)d: unknown type '%(t)s'.", n=line, t=type_value[:40]))
        else:
            rows.append((name, InstitutionType(type_value),
                         (row.get("acronym") or "").strip(), (row.get("parent") or "").strip()))
    if errors:
        raise DomainError(" ".join(errors[:20]))
    added = updated = 0
    by_key = {}
    for name, type_, acronym, _parent in rows:
        inst = find_by_name(name) or by_key.get(name_key(name))
        if inst is None:
            inst = Institution(name=name[:200], name_key=name_key(name)[:200], type=type_)
            db.session.add(inst)
            added += 1
        else:
            updated += 1
        inst.type, inst.acronym, inst.reviewed = type_, acronym[:30], True
        by_key[name_key(name)] = inst
    db.session.flush()
    for name, _type, _acronym, parent_name in rows:
        if parent_name:
            parent = by_key.get(name_key(parent_name)) or find_by_name(parent_name)
            if parent is None:
                db.session.rollback()
                raise DomainError(_("Parent '%(p)s' of '%(n)s' is not in the directory.",
                                    p=parent_name[:80], n=name[:80]))
            by_key[name_key(name)].parent_id = parent.id
    db.session.commit()
    return added, updated
