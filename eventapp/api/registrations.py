"""The registrations list for other systems: `GET /api/v1/events/<id>/registrations`, a page at a
time with the organisers' filters, for organiser and finance tokens (admin passes). Never the
badge token (it opens the gate); the phone only for an organiser's or administrator's token."""
from typing import Literal

import sqlalchemy as sa
from flask import jsonify
from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field

from eventapp.api import bp
from eventapp.api.bodies import refusal
from eventapp.api.editions import visible_event
from eventapp.api.params import Absent, BadQuery, PageQuery, page_block, printable, query_of
from eventapp.api.schemas import Bilingual, ErrorBody, PageBlock, eat_timestamp
from eventapp.api.spec import documented
from eventapp.auth.api_tokens import api_role_required, current_api_token
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.programme.serialise import bilingual
from eventapp.registration.models import BillStatus, ParticipantCategory, RegistrationStatus
from eventapp.registration.services.listing import (
    LIVE,
    RegistrationFilter,
    bills_by_registration,
    registrations_page,
)

PHONE_READERS = frozenset({Role.ADMIN, Role.ORGANISER})
StatusFilter = Literal[(LIVE, *(s.value for s in RegistrationStatus))]


class RegistrationQuery(PageQuery):
    model_config = ConfigDict(extra="ignore")

    status: StatusFilter | Absent = Field(None, description="A status, or `live`: all not cancelled or rejected.")
    category: printable(20) | Absent = Field(None, description="A category's code.")
    q: printable(100) | Absent = Field(None,
                            description="Words of a name, email or reference; or a reference or control number.")


class NamedInstitution(BaseModel):
    id: int
    name: str
    acronym: str


class CategoryOfRegistration(BaseModel):
    code: str
    name: Bilingual


class GroupOfRegistration(BaseModel):
    number: int
    name: Bilingual


class Fee(BaseModel):
    amount: int
    currency: str
    waived: bool


class RegistrationRow(BaseModel):
    reference: str
    title: str
    first_name: str
    middle_name: str
    last_name: str
    position: str
    institution: NamedInstitution
    category: CategoryOfRegistration
    group: GroupOfRegistration
    status: RegistrationStatus
    fee: Fee
    paid: bool = Field(description="On a fully paid bill.")
    bill_status: BillStatus | None = Field(description="Its latest bill's status (none: no bill).")
    created_at: str = Field(description="ISO 8601, East Africa Time.")
    phone: str | None = Field(None, description="Only for an organiser's or administrator's token.")


class RegistrationList(BaseModel):
    items: list[RegistrationRow]
    pagination: PageBlock


def _category_id(event_id: int, code: str) -> int:
    found = db.session.scalar(sa.select(ParticipantCategory.id).where(
        ParticipantCategory.event_id == event_id, ParticipantCategory.code == code.strip()))
    if found is None:
        raise BadQuery({"category": _("The edition has no category with this code.")})
    return found


def registration_json(registration, bill, with_phone: bool) -> dict:
    category = registration.category
    body = {
        "reference": registration.reference,
        "title": registration.title,
        "first_name": registration.first_name,
        "middle_name": registration.middle_name,
        "last_name": registration.last_name,
        "position": registration.position,
        "institution": {"id": registration.institution.id, "name": registration.institution.name,
                        "acronym": registration.institution.acronym},
        "category": {"code": category.code, "name": bilingual(category, "name")},
        "group": {"number": category.group.number, "name": bilingual(category.group, "name")},
        "status": registration.status.value,
        "fee": {"amount": registration.fee_amount, "currency": registration.currency,
                "waived": registration.fee_waived},
        "paid": bill is not None and bill.status is BillStatus.PAID,
        "bill_status": bill.status.value if bill is not None else None,
        "created_at": eat_timestamp(registration.created_at),
    }
    if with_phone:
        body["phone"] = registration.phone
    return body


@bp.get("/events/<int:event_id>/registrations")
@api_role_required(Role.ORGANISER, Role.FINANCE)
@documented(tags=("registrations",), query=RegistrationQuery,
            responses={200: RegistrationList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody})
def registrations(event_id: int):
    """The edition's registrations, newest first, a page at a time (per_page at most
    100; a page past the last gives the last), filtered by status, category code and
    search words like the organisers' list."""
    role = current_api_token().role
    event = visible_event(event_id, role)
    if event is None:
        return jsonify({"error": _("No edition has this id.")}), 404
    try:
        query = query_of(RegistrationQuery)
        filters = RegistrationFilter(status=query.status or "", text=query.q or "",
                                     category_id=_category_id(event.id, query.category) if query.category else None)
    except BadQuery as error:
        return refusal(error)
    found = registrations_page(event, filters, page=query.page, per_page=query.per_page)
    bills = bills_by_registration([r.id for r in found.items])
    return jsonify({
        "items": [registration_json(r, bills.get(r.id), role in PHONE_READERS) for r in found.items],
        "pagination": page_block(found.page, found.per_page, found.total),
    })
