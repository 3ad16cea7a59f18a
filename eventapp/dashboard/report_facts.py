"""The factual part of the post-event report, as plain values in one language: the meeting,
participants per group and category, fees billed and collected, sponsors, the programme in
summary, tables I, II and III (`report_tables`), certificates issued and the resolutions.

Every number comes from the service that owns its rule (participants, finance, sponsors,
programme, compliance, innovations, certificates, resolutions); this module only gathers them.
The PDF (`report_pdf`), the workbook (`report_workbook`) and the page read the same facts.
"""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from babel.dates import format_date
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from eventapp.certificates.listing import valid_per_type
from eventapp.certificates.verification import TYPE_LABELS
from eventapp.dashboard.participants import participants_by_category, participants_total
from eventapp.dashboard.report_tables import (
    TABLE_III_TITLES,
    Innovations,
    MinistryReports,
    innovations,
    ministry_reports,
)
from eventapp.events.models import Event
from eventapp.events.wording import event_dates, venue
from eventapp.extensions import db
from eventapp.programme.models import ItemKind
from eventapp.programme.queries import people_in, timetable
from eventapp.registration.services.finance import finance_by_category
from eventapp.reports.calls import call_of as report_call_of
from eventapp.reports.compliance_documents import TABLE_TITLES
from eventapp.reports.models import ReportSubmission
from eventapp.reports.resolutions import STATUS_LABELS as RESOLUTION_STATUS_LABELS
from eventapp.reports.resolutions import list_resolutions, owner_label
from eventapp.sponsors.figures import pledged_vs_paid
from eventapp.sponsors.forms import STATUS_LABELS as SPONSOR_STATUS_LABELS
from eventapp.sponsors.services import COMMITTED, list_sponsors

LANGUAGES = ("sw", "en")


@dataclass(frozen=True)
class Meeting:
    edition: int
    year: int
    title: str
    theme: str
    venue: str
    dates: str


@dataclass(frozen=True)
class CategoryLine:
    code: str
    name: str
    fee: int
    currency: str
    participants: int


@dataclass(frozen=True)
class GroupParticipants:
    number: int
    name: str
    categories: tuple[CategoryLine, ...]

    @property
    def subtotal(self) -> int:
        return sum(c.participants for c in self.categories)


@dataclass(frozen=True)
class FeeLine:
    label: str
    currency: str
    billed: int
    collected: int

    @property
    def outstanding(self) -> int:
        return max(self.billed - self.collected, 0)


@dataclass(frozen=True)
class SponsorLine:
    number: int
    name: str
    package: str
    currency: str
    pledged: int
    paid: int
    status: str


@dataclass(frozen=True)
class ProgrammeDay:
    day: date
    date_text: str
    label: str
    groups: str
    sessions: int
    presentations: int
    speakers: int  # people with a role on the day's items, each counted once a day

    @property
    def heading(self) -> str:
        return " — ".join(part for part in (self.date_text, self.label) if part)


@dataclass(frozen=True)
class CertificateLine:
    type: str
    issued: int  # live certificates (not revoked)


@dataclass(frozen=True)
class ResolutionLine:
    number: int
    text: str
    owner: str
    due_on: date | None
    due_text: str
    status: str


@dataclass(frozen=True)
class PostEventFacts:
    language: str
    meeting: Meeting
    groups: tuple[GroupParticipants, ...]
    participants: int
    fees: tuple[FeeLine, ...]
    fee_totals: tuple[FeeLine, ...]  # one per currency
    sponsors: tuple[SponsorLine, ...]
    sponsor_totals: tuple[FeeLine, ...]  # pledged as "billed", paid as "collected", per currency
    programme: tuple[ProgrammeDay, ...]
    ministries_presented: int  # ministries' reports linked to a presentation slot
    reports: MinistryReports
    innovations: Innovations
    certificates: tuple[CertificateLine, ...]
    resolutions: tuple[ResolutionLine, ...]
    titles: dict[str, str]  # section key -> numbered heading, in `language`
    headers: dict[str, tuple[str, ...]]  # table key -> its column headings, in `language`
    sentences: dict[str, str]  # "headline", "reports", "innovations": the numbers in words

    @property
    def filename_stem(self) -> str:
        """"taarifa-kikao-2-2019", "report-meeting-2-2019"."""
        word = "taarifa-kikao" if self.language == "sw" else "report-meeting"
        return f"{word}-{self.meeting.edition}-{self.meeting.year}"

    @property
    def sessions(self) -> int:
        return sum(d.sessions for d in self.programme)

    @property
    def presentations(self) -> int:
        return sum(d.presentations for d in self.programme)


def _pick(obj, field: str, language: str) -> str:
    """`obj.<field>_<language>`, else the other language's."""
    other = "en" if language == "sw" else "sw"
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_{other}", "")


def _meeting(event: Event, language: str) -> Meeting:
    return Meeting(edition=event.edition, year=event.year, title=_pick(event, "title", language),
                   theme=_pick(event, "theme", language), venue=venue(event),
                   dates=event_dates(event.starts_on, event.ends_on, language))


def _groups(event: Event, language: str) -> tuple[GroupParticipants, ...]:
    """Participants per group and category, by `dashboard.participants` (confirmed only)."""
    groups: list[GroupParticipants] = []
    for row in participants_by_category(event):
        line = CategoryLine(row.category_code, row.category_name(language), row.fee_amount, row.currency,
                            row.participants)
        if groups and groups[-1].number == row.group_number:
            last = groups[-1]
            groups[-1] = GroupParticipants(last.number, last.name, (*last.categories, line))
        else:
            groups.append(GroupParticipants(row.group_number, row.group_name(language), (line,)))
    return tuple(groups)


def _fees(event: Event) -> tuple[tuple[FeeLine, ...], tuple[FeeLine, ...]]:
    """Billed and collected per category (`registration.services.finance.finance_by_category`)
    and their sum per currency. Not `finance_totals`: it counts every bill of the edition,
    sponsors' pledge bills too, which section 4 reports on their own."""
    rows = tuple(FeeLine(r.label, r.currency, r.billed, r.collected) for r in finance_by_category(event))
    sums: dict[str, list[int]] = {}
    for row in rows:
        pair = sums.setdefault(row.currency, [0, 0])
        pair[0] += row.billed
        pair[1] += row.collected
    return rows, tuple(FeeLine(_("Total"), currency, billed, collected)
                       for currency, (billed, collected) in sorted(sums.items()))


def _sponsors(event: Event, language: str) -> tuple[tuple[SponsorLine, ...], tuple[FeeLine, ...]]:
    """The committed sponsors (confirmed, invoiced or paid: those the sponsors' pages count as
    pledged), in package rank and name order; paid is what their pledge bill has received."""
    committed = [s for s in list_sponsors(event) if s.status in COMMITTED]
    lines = tuple(
        SponsorLine(number, sponsor.institution.label, _pick(sponsor.package, "name", language), sponsor.currency,
                    sponsor.pledged_amount, sponsor.bill.amount_paid if sponsor.bill is not None else 0,
                    str(SPONSOR_STATUS_LABELS[sponsor.status]))
        for number, sponsor in enumerate(committed, start=1)
    )
    per_currency: dict[str, list[int]] = {}
    for package in pledged_vs_paid(event):
        if package.sponsors:
            sums = per_currency.setdefault(package.package.currency, [0, 0])
            sums[0] += package.pledged
            sums[1] += package.paid
    totals = tuple(FeeLine(_("Total"), currency, pledged, paid) for currency, (pledged, paid) in per_currency.items())
    return lines, totals


def _programme(event: Event, language: str) -> tuple[ProgrammeDay, ...]:
    """Per day with items: its date, label and groups, its sessions and presentations (sub-items
    included) and how many people have a role on its items."""
    days = []
    for day in timetable(event):
        kinds = [item.kind for item, _depth in day.walk()]
        days.append(ProgrammeDay(
            day=day.day.date, date_text=format_date(day.day.date, "EEEE d MMMM y", locale=language),
            label=_pick(day.day, "label", language),
            groups=", ".join(_pick(group, "name", language) for group in day.day.groups),
            sessions=kinds.count(ItemKind.SESSION), presentations=kinds.count(ItemKind.PRESENTATION),
            speakers=len(people_in([day])),
        ))
    return tuple(days)


def _ministries_presented(event: Event) -> int:
    """Ministries' reports linked to their presentation slot in the programme."""
    call = report_call_of(event)
    if call is None:
        return 0
    return db.session.scalar(
        sa.select(sa.func.count(ReportSubmission.id))
        .where(ReportSubmission.call_id == call.id, ReportSubmission.programme_item_id.is_not(None))
    ) or 0


def _certificates(event: Event) -> tuple[CertificateLine, ...]:
    """Per certificate type, the live (not revoked) certificates, by `certificates.listing`."""
    return tuple(CertificateLine(str(TYPE_LABELS[kind]), n) for kind, n in valid_per_type(event).items())


def _resolutions(event: Event, language: str) -> tuple[ResolutionLine, ...]:
    return tuple(
        ResolutionLine(r.number, _pick(r, "text", language), owner_label(r), r.due_on,
                       format_date(r.due_on, "d MMM y", locale=language) if r.due_on else "",
                       str(RESOLUTION_STATUS_LABELS[r.status]))
        for r in list_resolutions(event)
    )


def section_titles(language: str) -> dict[str, str]:
    """The report's numbered headings (in the current locale; tables keep the 2019 titles)."""
    first, second = TABLE_TITLES[language]
    return {
        "meeting": "1.0 " + _("The meeting"),
        "participants": "2.0 " + _("Participants"),
        "fees": "3.0 " + _("Participation fees"),
        "sponsors": "4.0 " + _("Sponsors"),
        "programme": "5.0 " + _("The programme"),
        "reports": "6.0 " + _("Ministries' implementation reports"),
        "table_one": "6.1 " + first,
        "table_two": "6.2 " + second,
        "innovations": "7.0 " + _("Research and innovation"),
        "table_three": "7.1 " + TABLE_III_TITLES[language],
        "certificates": "8.0 " + _("Certificates issued"),
        "resolutions": "9.0 " + _("Resolutions"),
    }


def column_headers() -> dict[str, tuple[str, ...]]:
    """Each table's column headings (current locale), "No." ("Na.") first as in the 2019 tables."""
    number = _("No.")
    return {
        "participants": (number, _("Group"), _("Category"), _("Fee"), _("Participants")),
        "fees": (number, _("Category"), _("Billed"), _("Collected"), _("Outstanding")),
        "sponsors": (number, _("Sponsor"), _("Package"), _("Pledged"), _("Paid"), _("Status")),
        "programme": (number, _("Day"), _("Groups"), _("Sessions"), _("Presentations"), _("Speakers")),
        "table_one": (number, _("Ministry"), _("Date submitted")),
        "table_two": (number, _("Ministry")),
        "table_three": (number, _("Institution"), _("Research / innovation"), _("Exhibited"), _("Presented")),
        "certificates": (number, _("Certificate"), _("Issued")),
        "resolutions": (number, _("Resolution"), _("Owner"), _("Due date"), _("Status")),
    }


def _sentences(participants: int, reports: MinistryReports, entries: Innovations, sponsors: int,
               presented: int) -> dict[str, str]:
    """The headline numbers and the counts under tables I–III, in words (current locale)."""
    reported = _("%(submitted)d of %(required)d ministries submitted their implementation report",
                 submitted=reports.submitted_count, required=reports.required_count)
    entered = _("%(submitted)d research and innovation entries submitted, %(exhibited)d selected for the "
                "exhibition, %(presented)d presented", submitted=entries.submitted, exhibited=entries.exhibited,
                presented=entries.presented)
    parts = [ngettext("%(num)d participant", "%(num)d participants", participants)]
    if reports.has_call:
        parts.append(reported)
    if entries.has_call:
        parts.append(entered)
    parts.append(ngettext("%(num)d sponsor", "%(num)d sponsors", sponsors))
    return {
        "headline": "; ".join(parts) + ".",
        "reports": reported + "; " + ngettext("%(num)d did not.", "%(num)d did not.", len(reports.missing)),
        "innovations": entered + ".",
        "presented": _("Ministries' reports presented in the programme: %(count)d.", count=presented),
    }


def post_event_facts(event: Event, language: str) -> PostEventFacts:
    """Every fact of the post-event report of `event`, with its labels in `language` ("sw" or
    "en"; anything else is a ValueError)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}")
    with force_locale(language):
        fees, fee_totals = _fees(event)
        sponsors, sponsor_totals = _sponsors(event, language)
        participants, entries = participants_total(event), innovations(event)
        reports, presented = ministry_reports(event, language), _ministries_presented(event)
        return PostEventFacts(
            language=language, meeting=_meeting(event, language), groups=_groups(event, language),
            participants=participants, fees=fees, fee_totals=fee_totals,
            sponsors=sponsors, sponsor_totals=sponsor_totals, programme=_programme(event, language),
            ministries_presented=presented, reports=reports, innovations=entries,
            certificates=_certificates(event), resolutions=_resolutions(event, language),
            titles=section_titles(language), headers=column_headers(),
            sentences=_sentences(participants, reports, entries, len(sponsors), presented),
        )
