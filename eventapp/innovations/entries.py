"""Innovators' entries: submitted, edited and withdrawn by the account that owns them, only while
the call is open. An entry has a title, a category of its call, an institution (from the
directory, or a typed name that goes for review), a team (names and emails, students or staff;
team members need no account), the abstract, problem and solution, its stage, links, and an
optional paper (PDF) and poster (PNG or JPEG) checked by content and size.

Each rule takes plain arguments, raises DomainError (InvalidInput with a message per field:
team rows keyed `members-<n>-<field>`) and commits its own work. Every change is audited.
"""
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import format_datetime
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.models import utcnow
from eventapp.core.references import random_reference
from eventapp.core.uploads import StoredFile, delete_upload, store_bytes
from eventapp.extensions import db
from eventapp.innovations.calls import CallState, call_state
from eventapp.innovations.entry_files import read_paper, read_poster
from eventapp.innovations.models import (
    Assignment,
    Entry,
    EntryStage,
    EntryStatus,
    InnovationCall,
    MemberKind,
    Score,
    TeamMember,
)
from eventapp.registration.services import institutions

LIMITS = {"title": 250, "abstract": 5000, "problem": 5000, "solution": 5000, "institution_name": 200,
          "member_name": 160, "member_email": 254, "link": 500}
MAX_MEMBERS = 10
MAX_LINKS = 5
REQUIRED_TEXTS = ("title", "abstract")


@dataclass
class MemberDetails:
    name: str
    email: str
    kind: str
    row: int | None = None  # the row of the form's team table (for the error keys)


@dataclass
class EntryDetails:
    title: str
    category_id: int | None
    abstract: str
    stage: str
    members: list[MemberDetails] = field(default_factory=list)
    institution_id: int | None = None
    institution_name: str = ""
    problem: str = ""
    solution: str = ""
    links: str = ""


@dataclass
class _Checked:
    """What the checks made of the details: members and links cleaned, the stage as an enum."""

    members: list[tuple[str, str, MemberKind]]
    links: list[str]
    stage: EntryStage | None


def _when(moment: datetime) -> str:
    return format_datetime(moment, "medium")


def check_open(call: InnovationCall, now: datetime | None = None) -> None:
    """Refuse unless the call is open for entries now."""
    state = call_state(call, now)
    if state is CallState.UPCOMING:
        raise DomainError(_("The call opens on %(when)s; entries can be submitted from then.",
                            when=_when(call.opens_at)))
    if state is CallState.CLOSED:
        raise DomainError(_("The call closed on %(when)s; entries can no longer be submitted, changed or "
                            "withdrawn.", when=_when(call.closes_at)))


def entry_has_scores(entry: Entry) -> bool:
    """Whether any judge has scored the entry (its content is then fixed, and so is its screening)."""
    return db.session.scalar(sa.select(Score.id).join(Assignment, Assignment.id == Score.assignment_id)
                             .where(Assignment.entry_id == entry.id).limit(1)) is not None


def entries_of(owner) -> list[Entry]:
    """The account's entries, newest first."""
    return list(db.session.scalars(sa.select(Entry).where(Entry.owner_id == owner.id)
                                   .order_by(Entry.submitted_at.desc(), Entry.id.desc())))


# --- checking the details ----------------------------------------------------------------


def _clean_text(details: EntryDetails, errors: dict[str, str]) -> None:
    for name in ("title", "abstract", "problem", "solution", "institution_name"):
        text = (getattr(details, name) or "").replace("\r\n", "\n").strip()
        if name in ("title", "institution_name"):
            text = " ".join(text.split())
        setattr(details, name, text)
        if name in REQUIRED_TEXTS and not text:
            errors[name] = _("This field is required.")
        elif len(text) > LIMITS[name]:
            errors[name] = _("At most %(n)d characters.", n=LIMITS[name])


def _clean_members(members: list[MemberDetails], errors: dict[str, str]) -> list[tuple[str, str, MemberKind]]:
    kinds = {k.value: k for k in MemberKind}
    filled = [(m.row if m.row is not None else n, m) for n, m in enumerate(members)
              if (m.name or "").strip() or (m.email or "").strip()]
    if not filled:
        errors["members"] = _("Name at least one team member.")
        return []
    if len(filled) > MAX_MEMBERS:
        errors["members"] = _("At most %(n)d team members.", n=MAX_MEMBERS)
    cleaned, first_row_of = [], {}
    for row, member in filled:
        prefix = f"members-{row}-"
        name = " ".join((member.name or "").split())
        if not name:
            errors[prefix + "name"] = _("This field is required.")
        elif len(name) > LIMITS["member_name"]:
            errors[prefix + "name"] = _("At most %(n)d characters.", n=LIMITS["member_name"])
        email = ""
        try:
            email = validate_email((member.email or "").strip(), check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            errors[prefix + "email"] = _("Enter a valid email address, like jina@chuo.ac.tz.")
        if email and len(email) > LIMITS["member_email"]:
            errors[prefix + "email"] = _("At most %(n)d characters.", n=LIMITS["member_email"])
        elif email in first_row_of:
            errors[prefix + "email"] = _("This email is already in row %(n)d.", n=first_row_of[email] + 1)
        elif email:
            first_row_of[email] = row
        kind = kinds.get((member.kind or "").strip())
        if kind is None:
            errors[prefix + "kind"] = _("Choose student or staff.")
        cleaned.append((name, email, kind))
    return cleaned


def _clean_links(text: str, errors: dict[str, str]) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        errors["links"] = _("At most %(n)d links, one a line.", n=MAX_LINKS)
        return lines
    for number, line in enumerate(lines, start=1):
        try:
            parts = urlsplit(line)
        except ValueError:
            parts = None
        if (parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname
                or any(c.isspace() for c in line) or len(line) > LIMITS["link"]):
            errors["links"] = _("Line %(n)d is not a web address starting with http:// or https://.", n=number)
            break
    return lines


def _check(call: InnovationCall, details: EntryDetails, errors: dict[str, str]) -> _Checked:
    _clean_text(details, errors)
    if details.category_id not in {c.id for c in call.categories}:
        errors["category_id"] = _("Choose a category of this call.")
    stage = next((s for s in EntryStage if s.value == details.stage), None)
    if stage is None:
        errors["stage"] = _("Choose the stage of the work.")
    if not details.institution_id and len(details.institution_name) < 3:
        errors["institution_name"] = _("Choose your institution from the list, or type its full name.")
    return _Checked(members=_clean_members(details.members or [], errors),
                    links=_clean_links(details.links, errors), stage=stage)


def _resolve_institution(details: EntryDetails, errors: dict[str, str]):
    try:
        return institutions.resolve(details.institution_id, details.institution_name)
    except DomainError as error:
        errors[error.field or "institution_name"] = error.message
        return None


# --- writing -----------------------------------------------------------------------------


def new_reference() -> str:
    """An unguessable, checksummed reference no other entry has, e.g. `IN-7K3QX9D2MB-F`."""
    while True:
        reference = random_reference("IN")
        if db.session.scalar(sa.select(Entry.id).where(Entry.reference == reference)) is None:
            return reference


def _apply(entry: Entry, details: EntryDetails, checked: _Checked, institution) -> None:
    entry.title, entry.category_id, entry.institution_id = details.title, details.category_id, institution.id
    entry.abstract, entry.problem, entry.solution = details.abstract, details.problem, details.solution
    entry.stage, entry.links = checked.stage, "\n".join(checked.links)


def _members(checked: _Checked) -> list[TeamMember]:
    return [TeamMember(position=n, name=name, email=email, kind=kind)
            for n, (name, email, kind) in enumerate(checked.members, start=1)]


def _store(upload, file_storage) -> StoredFile | None:
    return store_bytes(*upload, file_storage.filename) if upload is not None else None


def _read_everything(call, details, paper, poster):
    """Check the details and read the files; raise InvalidInput with every problem at once
    (nothing is written: a typed new institution is only flushed, and then rolled back)."""
    errors: dict[str, str] = {}
    checked = _check(call, details, errors)
    paper_upload, poster_upload = read_paper(paper, errors), read_poster(poster, errors)
    institution = None if "institution_name" in errors else _resolve_institution(details, errors)
    if errors:
        db.session.rollback()
        raise InvalidInput(errors)
    return checked, institution, paper_upload, poster_upload


def submit_entry(call: InnovationCall, owner, details: EntryDetails, paper=None, poster=None,
                 now: datetime | None = None) -> Entry:
    """Submit a new entry to the call for the `owner` account's team.

    Refused outside the call's opening and closing. The title, abstract, category (of this
    call), stage, institution and at least one team member (at most MAX_MEMBERS, no email
    twice) are required; links are http or https addresses, one a line (at most MAX_LINKS).
    The paper and poster are optional, checked by content and size. The owner is emailed the
    entry's reference.
    """
    now = now or utcnow()
    check_open(call, now)
    checked, institution, paper_upload, poster_upload = _read_everything(call, details, paper, poster)
    stored: list[StoredFile] = []
    try:
        entry = Entry(call_id=call.id, owner_id=owner.id, reference=new_reference(), status=EntryStatus.SUBMITTED,
                      submitted_at=now)
        _apply(entry, details, checked, institution)
        entry.members = _members(checked)
        for kind, upload, file_storage in (("paper", paper_upload, paper), ("poster", poster_upload, poster)):
            saved = _store(upload, file_storage)
            if saved is not None:
                stored.append(saved)
                setattr(entry, f"{kind}_file", saved.name)
                setattr(entry, f"{kind}_name", saved.original_name)
        db.session.add(entry)
        db.session.flush()
        audit.record(owner.id, "innovations.entry_submitted", f"innovation_entry:{entry.id}", entry.reference)
        db.session.commit()
    except Exception:
        db.session.rollback()
        for saved in stored:
            delete_upload(saved.name)
        raise
    from eventapp.innovations.notifications import notify_entry_received

    notify_entry_received(entry)
    return entry


def _check_owner_may_change(entry: Entry, owner, now: datetime) -> None:
    if owner is None or entry.owner_id != owner.id:
        raise DomainError(_("Only the account that submitted this entry may change it."))
    if entry.status is EntryStatus.WITHDRAWN:
        raise DomainError(_("This entry was withdrawn; it can no longer be changed."))
    check_open(entry.call, now)
    if entry_has_scores(entry):
        raise DomainError(_("The judges have started scoring this entry; it can no longer be changed."))


def update_entry(entry: Entry, owner, details: EntryDetails, paper=None, poster=None,
                 now: datetime | None = None) -> Entry:
    """Change the owner's entry while the call is open, with the same checks as `submit_entry`.
    Without a new paper or poster the entry keeps its file; a replaced file is deleted once the
    change is saved. An entry screened ineligible goes back to the committee for screening."""
    now = now or utcnow()
    _check_owner_may_change(entry, owner, now)
    checked, institution, paper_upload, poster_upload = _read_everything(entry.call, details, paper, poster)
    stored: list[StoredFile] = []
    replaced: list[str] = []
    try:
        _apply(entry, details, checked, institution)
        entry.members.clear()
        db.session.flush()  # the old rows go first: a kept email must not meet itself
        entry.members = _members(checked)
        for kind, upload, file_storage in (("paper", paper_upload, paper), ("poster", poster_upload, poster)):
            saved = _store(upload, file_storage)
            if saved is not None:
                stored.append(saved)
                if getattr(entry, f"{kind}_file"):
                    replaced.append(getattr(entry, f"{kind}_file"))
                setattr(entry, f"{kind}_file", saved.name)
                setattr(entry, f"{kind}_name", saved.original_name)
        if entry.status is EntryStatus.INELIGIBLE:
            entry.status, entry.screening_reason = EntryStatus.SUBMITTED, ""
        audit.record(owner.id, "innovations.entry_changed", f"innovation_entry:{entry.id}", entry.reference)
        db.session.commit()
    except Exception:
        db.session.rollback()
        for saved in stored:
            delete_upload(saved.name)
        raise
    for name in replaced:
        delete_upload(name)
    return entry


def withdraw_entry(entry: Entry, owner, now: datetime | None = None) -> Entry:
    """Withdraw the owner's entry before the call closes; it is no longer screened or judged."""
    now = now or utcnow()
    _check_owner_may_change(entry, owner, now)
    entry.status = EntryStatus.WITHDRAWN
    audit.record(owner.id, "innovations.entry_withdrawn", f"innovation_entry:{entry.id}", entry.reference)
    db.session.commit()
    return entry
