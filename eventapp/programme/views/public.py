"""The public programme (no login): the timetable per group and day, and its exports as
PDF, iCal (per group and per person) and JSON. Only published editions are shown; a draft
edition's programme is a 404 like any unknown page.

A visitor who opened their registrant page is remembered in the session
(`programme_group_id`), so their own group is listed first and shown by default.
"""
import io

from flask import abort, jsonify, make_response, render_template, request, send_file, session
from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.core.i18n import localized
from eventapp.events.services import current_event, public_event
from eventapp.extensions import db
from eventapp.programme import bp
from eventapp.programme.calendars import programme_calendar
from eventapp.programme.documents import render_programme
from eventapp.programme.models import Person
from eventapp.programme.queries import (
    DayTimetable,
    group_by_number,
    groups_own_first,
    people_in,
    person_items,
    sponsor_labels,
    timetable,
)
from eventapp.programme.serialise import programme_document
from eventapp.programme.wording import day_heading, item_heading, item_subtitle, people_lines, time_range

OWN_GROUP_KEY = "programme_group_id"


def _event_or_404(edition: int):
    event = public_event(edition)
    if event is None:
        abort(404)
    return event


def _requested_group(event):
    """The group of ?group=<number> (404 if the event has no such group), else None."""
    number = request.args.get("group", type=int)
    if number is None:
        if "group" in request.args:
            abort(404)
        return None
    group = group_by_number(event, number)
    if group is None:
        abort(404)
    return group


def _show_programme(event):
    groups = groups_own_first(event, session.get(OWN_GROUP_KEY))
    group = _requested_group(event) or (groups[0] if groups else None)
    days = timetable(event, group)
    return render_template(
        "programme/public_programme.html",
        event=event,
        groups=groups,
        group=group,
        own_group_id=session.get(OWN_GROUP_KEY),
        days=days,
        sponsors=sponsor_labels(days),
        people=people_in(days),
        day_heading=day_heading,
        item_heading=item_heading,
        item_subtitle=item_subtitle,
        people_lines=people_lines,
        time_range=time_range,
    )


@bp.get("/programme")
def current():
    """The programme of the current edition; a page saying it is not out yet if there is none."""
    event = current_event()
    if event is None:
        return render_template("programme/public_none.html")
    return _show_programme(event)


@bp.get("/meetings/<int:edition>/programme")
def edition_programme(edition: int):
    """An edition's programme for one group (?group=<number>, else the visitor's own or the
    first), day by day. 404 for a draft or unknown edition or group."""
    return _show_programme(_event_or_404(edition))


def _file_stem(event, group) -> str:
    stem = f"programme-{event.edition}-{event.year}"
    return f"{stem}-group-{group.number}" if group is not None else stem


@bp.get("/meetings/<int:edition>/programme.pdf")
def programme_pdf(edition: int):
    """The printable programme (A4): one group's with ?group=<number>, else every group's,
    each from a new page."""
    event = _event_or_404(edition)
    group = _requested_group(event)
    groups = [group] if group is not None else sorted(event.groups, key=lambda g: g.number)
    if groups:
        sections = [(g, timetable(event, g)) for g in groups]
    else:
        sections = [(None, timetable(event))]
    sponsors: list[str] = []
    for _group, days in sections:
        sponsors += [label for label in sponsor_labels(days) if label not in sponsors]
    data = render_programme(event, sections, sponsors)
    filename = f"{_file_stem(event, group)}.pdf"
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=filename)


def _calendar_language():
    """?lang=sw|en for calendar apps (which send no cookie); else the visitor's language."""
    lang = request.args.get("lang")
    return lang if lang in ("sw", "en") else None


def _ics_response(name: str, items, filename: str):
    lang = _calendar_language()
    if lang:
        with force_locale(lang):
            data = programme_calendar(name, items)
    else:
        data = programme_calendar(name, items)
    response = make_response(data)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _flatten(days: list[DayTimetable]) -> list:
    return [item for day in days for item, _depth in day.walk()]


@bp.get("/meetings/<int:edition>/programme-group-<int:number>.ics")
def group_ical(edition: int, number: int):
    """A group's programme as iCalendar: every item of its days, sub-items included."""
    event = _event_or_404(edition)
    group = group_by_number(event, number)
    if group is None:
        abort(404)
    items = _flatten(timetable(event, group))
    name = f"{localized(event, 'title')} — {localized(group, 'name')}"
    return _ics_response(name, items, f"{_file_stem(event, group)}.ics")


@bp.get("/programme/people/<int:person_id>.ics")
def person_ical(person_id: int):
    """The items one person is on (chairing, presenting…) in published editions, as
    iCalendar; 404 if they are on none."""
    person = db.get_or_404(Person, person_id)
    items = person_items(person.id)
    if not items:
        abort(404)
    return _ics_response(
        _("Programme of %(name)s", name=person.display_name), items, f"programme-person-{person.id}.ics"
    )


@bp.get("/meetings/<int:edition>/programme.json")
def programme_json(edition: int):
    """The programme as JSON: days → items (times, kind, titles in both languages, room,
    groups, people with roles, sub-items as children); ?group=<number> for one group."""
    event = _event_or_404(edition)
    group = _requested_group(event)
    return jsonify(programme_document(event, group, timetable(event, group)))
