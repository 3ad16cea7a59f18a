"""How an edition's dates and place read on printed documents (badges, certificates)."""
from datetime import date

from babel.dates import format_date


def event_dates(starts_on: date, ends_on: date, locale: str = "sw") -> str:
    """"30–31 Januari 2019", "30 January – 2 February 2019": the shared parts said once."""
    def long(day: date) -> str:
        return format_date(day, "d MMMM y", locale=locale)

    if starts_on == ends_on:
        return long(starts_on)
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day}–{long(ends_on)}"
    if starts_on.year == ends_on.year:
        return f"{format_date(starts_on, 'd MMMM', locale=locale)} – {long(ends_on)}"
    return f"{long(starts_on)} – {long(ends_on)}"


def venue(event) -> str:
    """"AICC, Arusha": the venue and the city, the city left out when the venue names it."""
    place, city = (event.venue or "").strip(), (event.city or "").strip()
    return place if not city or city.lower() in place.lower() else ", ".join(p for p in (place, city) if p)
