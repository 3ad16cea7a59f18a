"""Every edition of the meeting side by side: its year, city and theme, then the same key figures
for each (`key_figures`), one column per edition in the order of their numbers. The page and
its CSV/XLSX exports read the same rows."""
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _

from eventapp.core.money import format_money
from eventapp.dashboard.key_figures import KeyFigures, key_figures
from eventapp.events.models import Event
from eventapp.extensions import db

NOTHING = "—"


@dataclass(frozen=True)
class EditionColumn:
    event_id: int
    edition: int
    year: int
    title: str

    @property
    def heading(self) -> str:
        return _("Edition %(number)d (%(year)d)", number=self.edition, year=self.year)


@dataclass(frozen=True)
class SideBySideRow:
    """One figure across the editions; a value is None where an edition does not have it
    (no call for reports, no such group)."""

    label: str
    values: tuple
    unit: str = ""  # a currency code for money
    plain: bool = False  # written as it is (year, city, theme): no thousands separators

    def cell(self, value) -> str:
        """A value as the page shows it: thousands separated, money with its currency, — for None."""
        if value is None:
            return NOTHING
        if self.plain or not isinstance(value, int):
            return str(value)
        return format_money(value, self.unit) if self.unit else f"{value:,}"

    def cells(self) -> list[str]:
        return [self.cell(value) for value in self.values]

    @property
    def export_label(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class SideBySide:
    editions: tuple[EditionColumn, ...]
    figures: tuple[SideBySideRow, ...]

    def header(self) -> list[str]:
        return [_("Figure"), *(e.heading for e in self.editions)]

    def rows(self) -> list[list]:
        """The rows for CSV/XLSX: numbers as numbers, None (an empty cell) where there is no value."""
        return [[row.export_label, *row.values] for row in self.figures]


def _count_rows(figures: list[KeyFigures], currency: str) -> list[SideBySideRow]:
    def row(label: str, attribute: str, unit: str = "") -> SideBySideRow:
        return SideBySideRow(label, tuple(getattr(kf, attribute) for kf in figures), unit)

    groups = sorted({number for kf in figures for number in kf.participants_by_group})
    return [
        row(_("Participants"), "participants"),
        *(SideBySideRow(_("Participants in group %(number)d", number=number),
                        tuple(kf.participants_by_group.get(number) for kf in figures)) for number in groups),
        row(_("Registrations pending approval or payment"), "pending"),
        row(_("On the waiting list"), "waitlisted"),
        row(_("Registrations cancelled or rejected"), "cancelled_or_rejected"),
        row(_("Fees billed"), "fees_billed", currency),
        row(_("Fees collected"), "fees_collected", currency),
        row(_("Fees outstanding"), "fees_outstanding", currency),
        row(_("People who arrived"), "arrived"),
        row(_("Check-ins"), "checkins"),
        row(_("Ministries' reports submitted"), "reports_submitted"),
        row(_("Ministries required to report"), "reports_required"),
        row(_("Innovation entries submitted"), "entries_submitted"),
        row(_("Entries selected for the exhibition"), "entries_exhibition"),
        row(_("Entries presented"), "entries_presenting"),
        row(_("Entries awarded"), "entries_awarded"),
        row(_("Sponsors"), "sponsors"),
        row(_("Sponsorship pledged"), "sponsors_pledged", currency),
        row(_("Sponsorship paid"), "sponsors_paid", currency),
        row(_("Certificates issued"), "certificates"),
        row(_("Resolutions"), "resolutions"),
    ]


def _currency(figures: list[KeyFigures]) -> str:
    """The currency of the money rows: the one most editions bill in (every one so far: TZS)."""
    currencies = [kf.currency for kf in figures] or ["TZS"]
    return max(sorted(set(currencies)), key=currencies.count)


def editions_side_by_side() -> SideBySide:
    """Every edition in the system by edition number (the latest last), with its year, city and
    theme (in the current language) and its key figures. Inside a request or app context."""
    events = db.session.scalars(sa.select(Event).order_by(Event.edition)).all()
    english = str(get_locale() or "sw") == "en"
    figures = [key_figures(event) for event in events]
    editions = tuple(EditionColumn(e.id, e.edition, e.year, (e.title_en if english else e.title_sw) or e.title_sw)
                     for e in events)
    described = [
        SideBySideRow(_("Year"), tuple(e.year for e in events), plain=True),
        SideBySideRow(_("City"), tuple(e.city for e in events), plain=True),
        SideBySideRow(_("Theme"), tuple((e.theme_en if english else e.theme_sw) or e.theme_sw for e in events),
                      plain=True),
    ]
    return SideBySide(editions=editions, figures=tuple(described + _count_rows(figures, _currency(figures))))
