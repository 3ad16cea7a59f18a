"""Gate devices: `POST /api/v1/checkin` with a gate token."""
from flask import jsonify
from flask_babel import get_locale

from eventapp.api import bp
from eventapp.api.bodies import BadBody, json_object, refusal
from eventapp.auth.api_tokens import api_role_required, current_api_token
from eventapp.checkin.models import CheckinSource
from eventapp.checkin.scan_input import scan_from_json
from eventapp.checkin.scanning import check_in
from eventapp.core.errors import InvalidInput
from eventapp.core.roles import Role

MAX_BODY_BYTES = 4 * 1024


@bp.post("/checkin")
@api_role_required(Role.GATE)
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
