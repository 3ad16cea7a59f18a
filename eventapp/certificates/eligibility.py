"""Who qualifies for a certificate of each type: one function per type returning the Subjects,
ordered by name, each with a stable key (so issuing by rule twice issues nothing twice).

- participation: a confirmed registration checked in on at least the design's
  `min_days_attended` of its group's days (all of them when the group has fewer days);
- presenter: a person on the event's programme in one of PRESENTER_ROLES (not a guest of
  honour, who opens or closes the meeting and gets no certificate), one certificate listing
  their items;
- exhibitor: each team member of an eligible entry selected for the exhibition, once the
  results are published (until then the selection may still change);
- award: each team member of an eligible entry given an award, one per award;
- judge: each judge of the event's call assigned at least one entry;
- committee: each member of the event's organising committees, one per committee.

The detail lines are stored in Swahili and English on the certificate, so they are written here
in both languages rather than translated at request time.
"""
from collections import defaultdict
from collections.abc import Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from eventapp.auth.models import User
from eventapp.certificates.issuing import Subject
from eventapp.certificates.models import CertificateDesign, CertificateType
from eventapp.checkin.models import Checkin
from eventapp.events.models import Committee, CommitteeMember, CommitteeRole, Event, EventDay, group_days
from eventapp.extensions import db
from eventapp.innovations.models import Assignment, Award, AwardKind, Entry, EntryStatus, InnovationCall, Judge
from eventapp.programme.models import ItemPerson, PersonRole, ProgrammeItem
from eventapp.registration.models import ParticipantCategory, Registration, RegistrationStatus

# The programme roles that earn a presenter/speaker certificate.
PRESENTER_ROLES = (PersonRole.PRESENTER, PersonRole.SPEAKER, PersonRole.PANELIST, PersonRole.CHAIRPERSON,
                   PersonRole.FACILITATOR)
ROLE_WORDS = {  # (Swahili, English), in the order a certificate lists them
    PersonRole.PRESENTER: ("Mtoa mada", "Presenter"),
    PersonRole.SPEAKER: ("Mzungumzaji", "Speaker"),
    PersonRole.CHAIRPERSON: ("Mwenyekiti", "Chairperson"),
    PersonRole.PANELIST: ("Mjadili", "Panellist"),
    PersonRole.FACILITATOR: ("Mwezeshaji", "Facilitator"),
}
COMMITTEE_ROLE_WORDS = {
    CommitteeRole.CHAIR: ("Mwenyekiti", "Chair"),
    CommitteeRole.SECRETARY: ("Katibu", "Secretary"),
    CommitteeRole.MEMBER: ("Mjumbe", "Member"),
}
SWAHILI_ORDINALS = ("kwanza", "pili", "tatu", "nne", "tano", "sita", "saba", "nane", "tisa", "kumi")
ENGLISH_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
MAX_DETAIL = 300  # of the model's 400: the page has room for about this much


def _cap(text: str, limit: int = MAX_DETAIL) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip(" ;,") + "…"


def _language(code: str | None) -> str:
    code = (code or "")[:2].lower()
    return code if code in ("sw", "en") else "sw"


def _sorted(subjects: Iterable[Subject], sort_names: dict[str, str] | None = None) -> list[Subject]:
    """By name (without the honorific when `sort_names` gives one), then key: the same order every time."""
    sort_names = sort_names or {}
    return sorted(subjects, key=lambda s: (sort_names.get(s.key, s.holder_name).casefold(), s.key))


def _registration_languages(event: Event, emails: Iterable[str]) -> dict[str, str]:
    """The language of the event's live registrations by email: how a presenter or an innovator
    registered is the best guess of the language they read."""
    emails = {e.lower() for e in emails if e}
    if not emails:
        return {}
    rows = db.session.execute(
        sa.select(Registration.email, Registration.language)
        .where(Registration.event_id == event.id, Registration.email.in_(emails),
               Registration.status.not_in((RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED)))
    )
    return {email: language for email, language in rows}


def min_days_attended(event: Event) -> int:
    """The participation rule's setting in the event's design (1 when there is no design yet)."""
    value = db.session.scalar(sa.select(CertificateDesign.min_days_attended).where(
        CertificateDesign.event_id == event.id, CertificateDesign.type == CertificateType.PARTICIPATION))
    return max(value or 1, 1)


# --- participation -------------------------------------------------------------------------


def subjects_participation(event: Event, min_days: int | None = None) -> list[Subject]:
    """Confirmed registrations checked in on at least `min_days` (the design's setting) of their
    group's days, or on all of them when the group has fewer days than that. A check-in on a day
    that is not one of the group's days does not count."""
    min_days = max(min_days or min_days_attended(event), 1)
    days_per_group = dict(db.session.execute(
        sa.select(group_days.c.group_id, sa.func.count(group_days.c.day_id))
        .join(EventDay, EventDay.id == group_days.c.day_id)
        .where(EventDay.event_id == event.id).group_by(group_days.c.group_id)
    ).all())
    attended = db.session.execute(
        sa.select(Registration.id, ParticipantCategory.group_id, sa.func.count(sa.distinct(Checkin.day)))
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .join(group_days, group_days.c.group_id == ParticipantCategory.group_id)
        .join(EventDay, EventDay.id == group_days.c.day_id)
        .join(Checkin, sa.and_(Checkin.registration_id == Registration.id, Checkin.day == EventDay.date))
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
               EventDay.event_id == event.id)
        .group_by(Registration.id, ParticipantCategory.group_id)
    ).all()
    qualifying = [registration_id for registration_id, group_id, days in attended
                  if days >= min(min_days, days_per_group.get(group_id, 0))]
    subjects, sort_names = [], {}
    for start in range(0, len(qualifying), 500):
        registrations = db.session.scalars(
            sa.select(Registration).where(Registration.id.in_(qualifying[start:start + 500]))
            .options(joinedload(Registration.institution))
        )
        for registration in registrations:
            key = f"registration:{registration.id}"
            sort_names[key] = f"{registration.last_name} {registration.first_name} {registration.middle_name}"
            subjects.append(Subject(
                key=key, holder_name=registration.display_name, holder_institution=registration.institution.name,
                holder_email=registration.email, language=_language(registration.language),
                registration_id=registration.id,
            ))
    return _sorted(subjects, sort_names)


# --- presenters and speakers ---------------------------------------------------------------


def _role_detail(roles: dict[PersonRole, list[ProgrammeItem]], language: int) -> str:
    parts = []
    for role, words in ROLE_WORDS.items():
        titles = []
        for item in roles.get(role, []):
            title = item.title_sw if language == 0 else item.title_en
            title = title or item.title_en or item.title_sw
            if title not in titles:
                titles.append(title)
        if titles:
            parts.append(f"{words[language]}: {'; '.join(titles)}")
    return _cap(" · ".join(parts))


def subjects_presenter(event: Event) -> list[Subject]:
    """People on the event's programme as presenter, speaker, panellist, chairperson or
    facilitator: one certificate per person, its detail listing their items by role."""
    rows = db.session.scalars(
        sa.select(ItemPerson).join(ProgrammeItem, ProgrammeItem.id == ItemPerson.item_id)
        .join(EventDay, EventDay.id == ProgrammeItem.day_id)
        .where(ProgrammeItem.event_id == event.id, ItemPerson.role.in_(PRESENTER_ROLES))
        .options(joinedload(ItemPerson.person), joinedload(ItemPerson.item))
        .order_by(EventDay.date, ProgrammeItem.starts_at, ProgrammeItem.id)
    ).all()
    people, roles = {}, defaultdict(lambda: defaultdict(list))
    for row in rows:
        people[row.person_id] = row.person
        roles[row.person_id][row.role].append(row.item)
    languages = _registration_languages(event, (p.email for p in people.values()))
    subjects, sort_names = [], {}
    for person_id, person in people.items():
        key = f"person:{person_id}"
        sort_names[key] = person.name
        subjects.append(Subject(
            key=key, holder_name=person.display_name, holder_institution=person.institution,
            holder_email=person.email or "", language=_language(languages.get((person.email or "").lower())),
            detail_sw=_role_detail(roles[person_id], 0), detail_en=_role_detail(roles[person_id], 1),
        ))
    return _sorted(subjects, sort_names)


# --- the innovation competition ------------------------------------------------------------


def _event_call(event: Event) -> InnovationCall | None:
    return db.session.scalar(sa.select(InnovationCall).where(InnovationCall.event_id == event.id))


def _member_subjects(event: Event, entries: Iterable[tuple[Entry, str, str, str]]) -> list[Subject]:
    """One subject per team member of each (entry, key prefix, detail_sw, detail_en)."""
    entries = list(entries)
    languages = _registration_languages(event, (m.email for entry, *_ in entries for m in entry.members))
    subjects = []
    for entry, prefix, detail_sw, detail_en in entries:
        for member in entry.members:
            subjects.append(Subject(
                key=f"{prefix}member:{member.id}", holder_name=member.name, holder_institution=entry.institution.name,
                holder_email=member.email, language=_language(languages.get(member.email.lower())),
                detail_sw=_cap(detail_sw), detail_en=_cap(detail_en),
            ))
    return _sorted(subjects)


def subjects_exhibitor(event: Event) -> list[Subject]:
    """The team members of the eligible entries selected for the exhibition, once the call's
    results are published."""
    call = _event_call(event)
    if call is None or call.results_published_at is None:
        return []
    entries = db.session.scalars(
        sa.select(Entry).where(Entry.call_id == call.id, Entry.exhibition.is_(True),
                               Entry.status == EntryStatus.ELIGIBLE)
        .options(selectinload(Entry.members), joinedload(Entry.institution)).order_by(Entry.title)
    ).all()
    return _member_subjects(event, ((entry, "", entry.title, entry.title) for entry in entries))


def award_words(award: Award) -> tuple[str, str]:
    """What the award is, in Swahili and English: the best paper is the winner; runner-up n
    takes place n + 1."""
    if award.kind is AwardKind.BEST_PAPER:
        return "Mshindi wa kwanza (makala bora)", "Winner (best paper)"
    if award.kind is AwardKind.RUNNER_UP:
        place = award.rank + 1
        sw = f"wa {SWAHILI_ORDINALS[place - 1]}" if place <= len(SWAHILI_ORDINALS) else f"nafasi ya {place}"
        en = f"{ENGLISH_ORDINALS[award.rank - 1]} runner-up" if award.rank <= len(ENGLISH_ORDINALS) \
            else f"Runner-up {award.rank}"
        return f"Mshindi {sw}", ("Runner-up" if award.rank == 1 else en)
    return "Kutambuliwa maalum", "Special mention"


def subjects_award(event: Event) -> list[Subject]:
    """The team members of each eligible entry given an award: one certificate per award and
    member (an entry with two awards earns each member two)."""
    call = _event_call(event)
    if call is None:
        return []
    awards = db.session.scalars(
        sa.select(Award).join(Entry, Entry.id == Award.entry_id)
        .where(Award.call_id == call.id, Entry.status == EntryStatus.ELIGIBLE)
        .options(joinedload(Award.entry).selectinload(Entry.members),
                 joinedload(Award.entry).joinedload(Entry.institution))
    ).unique().all()
    rows = []
    for award in awards:
        sw, en = award_words(award)
        rows.append((award.entry, f"award:{award.id}:", f"{sw} — {award.entry.title}", f"{en} — {award.entry.title}"))
    return _member_subjects(event, rows)


def subjects_judge(event: Event) -> list[Subject]:
    """The judges of the event's call who were assigned at least one entry."""
    call = _event_call(event)
    if call is None:
        return []
    judges = db.session.scalars(
        sa.select(Judge).where(Judge.call_id == call.id,
                               sa.exists().where(Assignment.judge_id == Judge.id))
        .options(joinedload(Judge.user), joinedload(Judge.institution))
    ).all()
    return _sorted(Subject(
        key=f"judge:{judge.id}", holder_name=judge.user.full_name,
        holder_institution=judge.institution.name if judge.institution else "", holder_email=judge.user.email,
        language=_language(judge.user.locale), user_id=judge.user_id,
    ) for judge in judges)


# --- committees ----------------------------------------------------------------------------


def subjects_committee(event: Event) -> list[Subject]:
    """Every member of the event's organising committees, one certificate per committee, its
    detail the role and the committee."""
    rows = db.session.execute(
        sa.select(CommitteeMember, Committee, User.locale)
        .join(Committee, Committee.id == CommitteeMember.committee_id)
        .outerjoin(User, User.id == CommitteeMember.user_id)
        .where(Committee.event_id == event.id)
    ).all()
    languages = _registration_languages(event, (m.email for m, _c, _l in rows if m.email))
    subjects = []
    for member, committee, locale in rows:
        role_sw, role_en = COMMITTEE_ROLE_WORDS[member.role]
        email = member.email or ""
        subjects.append(Subject(
            key=f"committee_member:{member.id}", holder_name=member.name, holder_institution=member.institution,
            holder_email=email, language=_language(locale or languages.get(email.lower())),
            detail_sw=_cap(f"{role_sw} — {committee.name_sw}"), detail_en=_cap(f"{role_en} — {committee.name_en}"),
            user_id=member.user_id,
        ))
    return _sorted(subjects)


SUBJECT_RULES: dict[CertificateType, Callable[[Event], list[Subject]]] = {
    CertificateType.PARTICIPATION: subjects_participation,
    CertificateType.PRESENTER: subjects_presenter,
    CertificateType.EXHIBITOR: subjects_exhibitor,
    CertificateType.AWARD: subjects_award,
    CertificateType.JUDGE: subjects_judge,
    CertificateType.COMMITTEE: subjects_committee,
}


def subjects_for(event: Event, certificate_type: CertificateType) -> list[Subject]:
    """Everyone who qualifies for a certificate of `certificate_type` at `event`, by name."""
    return SUBJECT_RULES[certificate_type](event)
