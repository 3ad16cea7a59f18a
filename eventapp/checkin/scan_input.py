"""A scan as a JSON object (`{"token", "day", "gate", "scan_id", "scanned_at"}`) read into a
Scan, the same for a gate device's API call and the scanner page's queue. A badge token that
is the wrong shape is not an input error: it is a badge to refuse (`invalid`)."""
import re
from datetime import date, datetime

from flask_babel import gettext as _

from eventapp.checkin.models import MAX_GATE_LENGTH, MAX_SCAN_ID_LENGTH, CheckinSource
from eventapp.checkin.scanning import Scan
from eventapp.core.clock import aware
from eventapp.core.errors import InvalidInput

MAX_TOKEN_INPUT = 200  # anything longer is not worth reading: refused as a bad field
SCAN_ID_PATTERN = re.compile(rf"[A-Za-z0-9_.:-]{{1,{MAX_SCAN_ID_LENGTH}}}")


def _text(data: dict, name: str, limit: int, errors: dict, required: bool = False) -> str:
    value = data.get(name)
    if value is None:
        if required:
            errors[name] = _("This field is required.")
        return ""
    if not isinstance(value, str):
        errors[name] = _("Must be a string.")
        return ""
    value = value.strip()
    if len(value) > limit:
        errors[name] = _("At most %(n)d characters.", n=limit)
    elif any(ord(ch) < 32 for ch in value):
        errors[name] = _("Must not contain control characters.")
    elif required and not value:
        errors[name] = _("This field is required.")
    return value


def _day(text: str, errors: dict) -> date | None:
    if not text:
        return None
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        errors["day"] = _("A date as YYYY-MM-DD.")
        return None


def _moment(text: str, errors: dict) -> datetime | None:
    if not text:
        return None
    try:
        return aware(datetime.fromisoformat(text))
    except ValueError:
        errors["scanned_at"] = _("A date and time in ISO 8601 (for example 2026-02-02T07:45:00+03:00).")
        return None


def scan_from_json(data: dict, source: CheckinSource, **ids) -> Scan:
    """The Scan a JSON object describes; InvalidInput names every bad field."""
    errors: dict[str, str] = {}
    token = _text(data, "token", MAX_TOKEN_INPUT, errors, required=True)
    day_text = _text(data, "day", 10, errors)
    day = _day(day_text, errors) if "day" not in errors else None
    gate = " ".join(_text(data, "gate", MAX_GATE_LENGTH, errors).split())
    scan_id = _text(data, "scan_id", MAX_SCAN_ID_LENGTH, errors) or None
    if scan_id is not None and "scan_id" not in errors and not SCAN_ID_PATTERN.fullmatch(scan_id):
        errors["scan_id"] = _("Letters, digits and - _ . : only.")
    moment_text = _text(data, "scanned_at", 40, errors)
    scanned_at = _moment(moment_text, errors) if "scanned_at" not in errors else None
    if errors:
        raise InvalidInput(errors, _("The scan has invalid fields."))
    return Scan(token=token, day=day, gate=gate, source=source, scan_id=scan_id, scanned_at=scanned_at, **ids)
