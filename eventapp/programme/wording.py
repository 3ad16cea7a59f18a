"""How the programme is written out, the same on the page, in the PDF and in the calendar:
"07:00 – 08:00", "Day One: 30th January 2019", "Chairperson: …", "Panelists: 1. … 2. …"."""
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.core.i18n import localized
from eventapp.programme.models import ItemKind, Person, PersonRole, ProgrammeItem

# The order the printed programme names people in.
ROLE_ORDER = (
    PersonRole.GUEST_OF_HONOUR,
    PersonRole.CHAIRPERSON,
    PersonRole.FACILITATOR,
    PersonRole.SPEAKER,
    PersonRole.PRESENTER,
    PersonRole.PANELIST,
)


# Plain gettext for both forms (not ngettext): the editor uses the singular words as plain
# messages too, and one msgid cannot be both a plain and a plural entry of the catalogue.
ROLE_LABELS = {
    PersonRole.GUEST_OF_HONOUR: (_l("Guest of honour"), _l("Guests of honour")),
    PersonRole.CHAIRPERSON: (_l("Chairperson"), _l("Chairpersons")),
    PersonRole.FACILITATOR: (_l("Facilitator"), _l("Facilitators")),
    PersonRole.SPEAKER: (_l("Speaker"), _l("Speakers")),
    PersonRole.PRESENTER: (_l("Presenter"), _l("Presenters")),
    PersonRole.PANELIST: (_l("Panelist"), _l("Panelists")),
}


def role_label(role: PersonRole, count: int = 1) -> str:
    one, many = ROLE_LABELS[role]
    return str(one if count == 1 else many)


def person_text(person: Person) -> str:
    """"Dr. Florence Rashidi (Lecturer – UDOM-CIVE)": the name, then what they do and where."""
    about = " – ".join(part for part in (person.position.strip(), person.institution.strip()) if part)
    return f"{person.display_name} ({about})" if about else person.display_name


@dataclass
class RoleLine:
    role: PersonRole
    label: str
    people: list[Person]

    @property
    def names(self) -> list[str]:
        return [person_text(p) for p in self.people]

    @property
    def numbered(self) -> bool:
        """Panelists are numbered as in the printed programme; others are listed plainly."""
        return self.role is PersonRole.PANELIST and len(self.names) > 1

    def text(self) -> str:
        if self.numbered:
            names = " ".join(f"{n}. {name}" for n, name in enumerate(self.names, start=1))
        else:
            names = "; ".join(self.names)
        return f"{self.label}: {names}"


def people_lines(item: ProgrammeItem) -> list[RoleLine]:
    """The item's people grouped by role, in the printed order."""
    lines = []
    for role in ROLE_ORDER:
        people = [p.person for p in sorted(item.people, key=lambda p: (p.position, p.id)) if p.role is role]
        if people:
            lines.append(RoleLine(role, role_label(role, len(people)), people))
    return lines


def item_heading(item: ProgrammeItem) -> str:
    """The bold line of an item: a sponsor slot shows its sponsor, as printed ("NMB")."""
    if item.kind is ItemKind.SPONSOR_SLOT and item.sponsor_label.strip():
        return item.sponsor_label.strip()
    return localized(item, "title")


def item_subtitle(item: ProgrammeItem) -> str:
    """A sponsor slot's own title, when it says more than the sponsor's name."""
    if item.kind is ItemKind.SPONSOR_SLOT and item.sponsor_label.strip():
        title = localized(item, "title")
        return "" if title.strip() == item.sponsor_label.strip() else title
    return ""


def time_range(item: ProgrammeItem) -> str:
    """"07:00 – 08:00", or "17:15" for a moment such as the departure."""
    start = item.starts_at.strftime("%H:%M")
    return f"{start} – {item.ends_at.strftime('%H:%M')}" if item.ends_at else start


def _english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_date(value: date) -> str:
    """"30th January 2019" in English, "30 Januari 2019" in Swahili."""
    if str(get_locale() or "sw") == "en":
        return f"{_english_ordinal(value.day)} {format_date(value, 'MMMM y')}"
    return format_date(value, "d MMMM y")


def day_number(n: int) -> str:
    words = {
        1: _("Day One"), 2: _("Day Two"), 3: _("Day Three"), 4: _("Day Four"),
        5: _("Day Five"), 6: _("Day Six"), 7: _("Day Seven"),
    }
    return words.get(n) or _("Day %(n)d", n=n)


def day_heading(day, number: int) -> str:
    """"Day One: 30th January 2019"; a day with a label of its own uses the label
    ("Research and Innovation Day: 2nd February 2019")."""
    return f"{localized(day, 'label') or day_number(number)}: {long_date(day.date)}"
