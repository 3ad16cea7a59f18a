"""Editions and their programme for other systems: `GET /api/v1/events` and
`GET /api/v1/events/<id>/programme`, open to a token of any role (see `editions` for drafts)."""
from typing import Annotated

from flask import jsonify
from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field

from eventapp.api import bp
from eventapp.api.bodies import refusal
from eventapp.api.editions import editions_page, visible_event
from eventapp.api.params import Absent, BadQuery, PageQuery, page_block, query_of
from eventapp.api.schemas import Bilingual, ErrorBody, PageBlock
from eventapp.api.spec import documented
from eventapp.auth.api_tokens import api_role_required, current_api_token
from eventapp.events.models import EventStatus
from eventapp.programme.models import ItemKind, PersonRole
from eventapp.programme.queries import group_by_number, timetable
from eventapp.programme.serialise import bilingual, programme_document

READ_ERRORS = {401: ErrorBody, 403: ErrorBody}


class Edition(BaseModel):
    id: int
    edition: int
    year: int
    title: Bilingual
    theme: Bilingual
    starts_on: str = Field(description="YYYY-MM-DD")
    ends_on: str
    registration_opens_on: str
    registration_closes_on: str
    venue: str
    city: str
    status: EventStatus


class EditionList(BaseModel):
    items: list[Edition]
    pagination: PageBlock


def edition_json(event) -> dict:
    return {
        "id": event.id, "edition": event.edition, "year": event.year,
        "title": bilingual(event, "title"), "theme": bilingual(event, "theme"),
        "starts_on": event.starts_on.isoformat(), "ends_on": event.ends_on.isoformat(),
        "registration_opens_on": event.registration_opens_on.isoformat(),
        "registration_closes_on": event.registration_closes_on.isoformat(),
        "venue": event.venue, "city": event.city, "status": event.status.value,
    }


@bp.get("/events")
@api_role_required()
@documented(tags=("programme",), query=PageQuery,
            responses={200: EditionList, 400: ErrorBody, **READ_ERRORS})
def events():
    """The editions, newest first, a page at a time (drafts only for admin, organiser and
    programme tokens)."""
    try:
        query = query_of(PageQuery)
    except BadQuery as error:
        return refusal(error)
    found, page, total = editions_page(current_api_token().role, query.page, query.per_page)
    return jsonify({"items": [edition_json(e) for e in found],
                    "pagination": page_block(page, query.per_page, total)})


class ProgrammeQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    group: Annotated[int, Field(ge=1, le=1000)] | Absent = Field(None, description="One group's programme.")


class ProgrammeEvent(BaseModel):
    edition: int
    year: int
    title: Bilingual
    theme: Bilingual
    venue: str
    city: str
    starts_on: str
    ends_on: str
    timezone: str


class ProgrammeGroup(BaseModel):
    number: int
    name: Bilingual
    days: list[str]
    calendar: str = Field(description="The group's iCalendar URL.")


class ProgrammeRoom(BaseModel):
    id: int
    name: str


class ProgrammePerson(BaseModel):
    id: int
    role: PersonRole
    honorific: str
    name: str
    display_name: str
    position: str
    institution: str
    calendar: str


class ProgrammeItem(BaseModel):
    id: int
    starts_at: str = Field(description="HH:MM, East Africa Time")
    ends_at: str | None
    kind: ItemKind
    title: Bilingual
    description: Bilingual
    sponsor_label: str | None
    room: ProgrammeRoom | None
    groups: list[int]
    people: list[ProgrammePerson]
    children: list["ProgrammeItem"]


class ProgrammeDay(BaseModel):
    date: str
    label: Bilingual
    items: list[ProgrammeItem]


class Programme(BaseModel):
    event: ProgrammeEvent
    group: int | None
    groups: list[ProgrammeGroup]
    days: list[ProgrammeDay]


@bp.get("/events/<int:event_id>/programme")
@api_role_required()
@documented(tags=("programme",), query=ProgrammeQuery,
            responses={200: Programme, 400: ErrorBody, 404: ErrorBody, **READ_ERRORS})
def programme(event_id: int):
    """The edition's programme: days → items (times, kind, titles in both languages, room,
    groups, people with roles, sub-items as children); ?group=<number> for one group's."""
    event = visible_event(event_id, current_api_token().role)
    if event is None:
        return jsonify({"error": _("No edition has this id.")}), 404
    try:
        query = query_of(ProgrammeQuery)
        group = None
        if query.group is not None:
            group = group_by_number(event, query.group)
            if group is None:
                raise BadQuery({"group": _("The edition has no group with this number.")})
    except BadQuery as error:
        return refusal(error)
    return jsonify(programme_document(event, group, timetable(event, group)))
