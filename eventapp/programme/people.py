"""People on the programme (of any edition): their details and the search."""
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core.search import LIKE_ESCAPE, contains_pattern
from eventapp.extensions import db
from eventapp.programme.models import (
    Person,
)
from eventapp.programme.refusals import check_length, commit_or_refuse, refuse

PEOPLE_PER_PAGE = 50


# People -------------------------------------------------------------------------------


@dataclass
class PersonDetails:
    name: str
    honorific: str = ""
    position: str = ""
    institution: str = ""
    email: str | None = None


def clean_person(details: PersonDetails, person: Person | None = None) -> PersonDetails:
    clean = PersonDetails(
        name=" ".join((details.name or "").split()),
        honorific=(details.honorific or "").strip(),
        position=(details.position or "").strip(),
        institution=(details.institution or "").strip(),
        email=(details.email or "").strip().lower() or None,
    )
    if not clean.name:
        refuse(_("Give the person's name."), "name")
    for name, limit in (("name", 160), ("honorific", 40), ("position", 200), ("institution", 200)):
        check_length(getattr(clean, name), limit, name)
    if clean.email is not None:
        check_length(clean.email, 254, "email")
        local, _at, domain = clean.email.partition("@")
        if not local or "." not in domain or any(c.isspace() for c in clean.email):
            refuse(_("Enter a valid email address, or leave it empty."), "email")
        clash = db.session.scalar(
            sa.select(Person.id).where(
                sa.func.lower(Person.email) == clean.email,
                Person.id != (person.id if person is not None else -1),
            )
        )
        if clash is not None:
            refuse(_("Another person on the programme has this email address."), "email")
    return clean


def apply_person(person: Person, clean: PersonDetails) -> None:
    person.name, person.honorific = clean.name, clean.honorific
    person.position, person.institution, person.email = clean.position, clean.institution, clean.email


def create_person(details: PersonDetails) -> Person:
    """Add someone to the people who can appear on a programme; the email is optional but
    belongs to one person only."""
    clean = clean_person(details)
    person = Person()
    apply_person(person, clean)
    db.session.add(person)
    commit_or_refuse(_("Another person on the programme has this email address."), "email")
    return person


def update_person(person: Person, details: PersonDetails) -> Person:
    """Change a person's name, honorific, position, institution or email."""
    clean = clean_person(details, person)
    apply_person(person, clean)
    commit_or_refuse(_("Another person on the programme has this email address."), "email")
    return person


def _people_clauses(text: str) -> list:
    text = " ".join((text or "").split()).lower()[:100]
    if not text:
        return []
    pattern = contains_pattern(text)
    return [
        sa.or_(
            sa.func.lower(Person.name).like(pattern, escape=LIKE_ESCAPE),
            sa.func.lower(Person.institution).like(pattern, escape=LIKE_ESCAPE),
            sa.func.lower(Person.position).like(pattern, escape=LIKE_ESCAPE),
            sa.func.lower(sa.func.coalesce(Person.email, "")).like(pattern, escape=LIKE_ESCAPE),
        )
    ]


def search_people(text: str = "", limit: int | None = None, offset: int = 0) -> list[Person]:
    """People whose name, institution, position or email contains `text`, by name."""
    query = sa.select(Person).where(*_people_clauses(text)).order_by(Person.name, Person.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def count_people(text: str = "") -> int:
    return db.session.scalar(sa.select(sa.func.count(Person.id)).where(*_people_clauses(text)))
