"""Arrivals at the gate: people checked in per day by group (against those expected), and per
hour of each day in East Africa Time.

Counted in SQL whatever the number of check-ins: the per-day numbers are attendance's own
grouped queries, hours included (so the dashboard and the attendance page cannot disagree).
"""
from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _

from eventapp.checkin.attendance import arrivals_by_group, arrivals_by_hour, expected_by_group
from eventapp.dashboard.figures import Figure, Series
from eventapp.events.models import Event


def day_label(day: date) -> str:
    """A day as the charts show it, e.g. "30/01"."""
    return day.strftime("%d/%m")


def _group_name(group, language: str) -> str:
    return (group.name_en if language == "en" else group.name_sw) or group.name_sw or group.name_en


def arrivals_by_day(event: Event) -> Figure:
    """Per day of the event (and any other day with check-ins): the people checked in that day
    in each group, stacked, with the number expected (confirmed registrations whose group
    attends that day) in the table. Four queries: the days, the groups and two grouped counts."""
    arrived, expected = arrivals_by_group(event), expected_by_group(event)
    days = sorted({day.date for day in event.days} | {day for day, _group in arrived})
    language = str(get_locale() or "sw")
    series = tuple(
        Series(_group_name(group, language), tuple(arrived.get((day, group.id), 0) for day in days), group.colour)
        for group in event.groups
    )
    expected_per_day = tuple(sum(n for (d, _group), n in expected.items() if d == day) for day in days)
    return Figure(
        key="arrivals-by-day",
        title=_("Arrivals per day"),
        chart="stacked",
        label_heading=_("Day"),
        labels=tuple(day_label(day) for day in days),
        series=series,
        note=_("People checked in at the gate each day, by group; expected: confirmed registrations "
               "whose group attends that day."),
        extra=(Series(_("Expected"), expected_per_day),),
    )


def arrivals_per_hour(event: Event) -> Figure:
    """Check-ins per hour of the day in East Africa Time, one line per day with arrivals, over
    every hour from the earliest arrival's to the latest's (of all days). One grouped query."""
    counts = {(day, hour): n for day, hours in arrivals_by_hour(event).items() for hour, n in hours.items()}
    days = sorted({day for day, _hour in counts})
    hours = range(min(h for _d, h in counts), max(h for _d, h in counts) + 1) if counts else range(0)
    return Figure(
        key="arrivals-by-hour",
        title=_("Arrivals per hour"),
        chart="line",
        label_heading=_("Hour (East Africa Time)"),
        labels=tuple(f"{hour:02d}:00" for hour in hours),
        series=tuple(Series(day_label(day), tuple(counts.get((day, hour), 0) for hour in hours)) for day in days),
        note=_("People checked in at the gate in each hour, East Africa Time, one line per day."),
    )
