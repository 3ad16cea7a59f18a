"""Gate devices: `POST /api/v1/checkin` with a gate token."""
from flask import jsonify
from flask_babel import get_locale
from pydantic import BaseModel, Field

from eventapp.api import bp
from eventapp.api.bodies import BadBody, json_object, refusal
from eventapp.api.schemas import ErrorBody
from eventapp.api.spec import documented
from eventapp.auth.api_tokens import api_role_required, current_api_token
from eventapp.checkin.models import MAX_GATE_LENGTH, MAX_SCAN_ID_LENGTH, CheckinSource
from eventapp.checkin.scan_input import MAX_TOKEN_INPUT, scan_from_json
from eventapp.checkin.scanning import ScanStatus, check_in
from eventapp.core.errors import InvalidInput
from eventapp.core.roles import Role
from eventapp.core.unthrottled import unthrottled

MAX_BODY_BYTES = 4 * 1024


class CheckinBody(BaseModel):
    token: str = Field(max_length=MAX_TOKEN_INPUT, description="What the badge's QR code holds.")
    day: str | None = Field(None, max_length=10, description="YYYY-MM-DD; default today in East Africa Time.")
    gate: str | None = Field(None, max_length=MAX_GATE_LENGTH)
    scan_id: str | None = Field(None, max_length=MAX_SCAN_ID_LENGTH,
                                description="The device's id for the scan: sent again, the first answer comes back.")
    scanned_at: str | None = Field(None, max_length=40, description="ISO 8601, for a queued offline scan.")


class GateGroup(BaseModel):
    number: int
    name: str
    colour: str


class GateParticipant(BaseModel):
    name: str
    reference: str
    position: str
    institution: str
    group: GateGroup
    category: str


class CheckinAnswer(BaseModel):
    status: ScanStatus
    colour: str = Field(description="green (let in), amber (look again) or red (stop).")
    message: str
    day: str
    participant: GateParticipant | None
    reason: str | None = None
    checked_in_at: str | None = None
    gate: str | None = None
    replayed: bool | None = None


@bp.post("/checkin")
@unthrottled  # a gate scans all morning: no limit, and no time spent looking for one
@api_role_required(Role.GATE)
@documented(tags=("check-in",), json=CheckinBody,
            responses={200: CheckinAnswer, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody})
def checkin():
    """Check in the holder of a badge.

    Body: {token, day? (YYYY-MM-DD, default today in East Africa Time), gate?, scan_id?
    (the device's id for the scan: sending it again is answered from the first answer),
    scanned_at? (ISO 8601, for a queued offline scan)}. Answers 200 with `status`: ok,
    already_checked_in (with the first check-in's `checked_in_at` and `gate`), not_paid,
    cancelled, wrong_day or invalid, a `message`, and the `participant` (name, reference,
    institution, group, category) when the badge is known; 400 with `error` (and `errors`
    per field) for a bad body.
    """
    try:
        scan = scan_from_json(json_object(MAX_BODY_BYTES), CheckinSource.DEVICE, api_token_id=current_api_token().id)
    except (BadBody, InvalidInput) as error:
        return refusal(error)
    result = check_in(scan)
    locale = get_locale()
    return jsonify(result.as_json(locale.language if locale else "sw"))
