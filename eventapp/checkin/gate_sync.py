"""The scanner page's offline queue, sent in batches when the network comes back.

Each queued scan goes through the gate's one rule (scanning.check_in) with its own scan_id
and the time the phone read it, so a batch sent twice is answered `ok` with `replayed`
from the check-ins it made the first time, and a badge another gate checked in meanwhile is
`already_checked_in`, counted once. A scan with a bad field is answered `error` with its
fields; the others in the batch still go through.
"""
from datetime import date

from flask_babel import gettext as _

from eventapp.checkin.models import CheckinSource
from eventapp.checkin.scan_input import scan_from_json
from eventapp.checkin.scanning import ScanStatus, arrivals_count, check_in
from eventapp.core.errors import InvalidInput

MAX_SCANS = 500


def queued_scans(body: dict) -> list:
    """The batch's list of scans: `{"scans": [...]}` with at most MAX_SCANS; InvalidInput else."""
    scans = body.get("scans")
    if not isinstance(scans, list):
        raise InvalidInput({"scans": _("A list of scans.")}, _("The body must hold a list of scans."))
    if not scans:
        raise InvalidInput({"scans": _("No scans to send.")}, _("The body must hold a list of scans."))
    if len(scans) > MAX_SCANS:
        raise InvalidInput({"scans": _("At most %(n)d scans per request.", n=MAX_SCANS)},
                           _("Too many scans in one request: send at most %(n)d.", n=MAX_SCANS))
    return scans


def _refused(item, error: InvalidInput) -> dict:
    scan_id = item.get("scan_id") if isinstance(item, dict) else None
    return {
        "status": "error",
        "scan_id": scan_id if isinstance(scan_id, str) and len(scan_id) <= 64 else None,
        "error": error.message,
        "errors": error.errors,
    }


def _scan(item, event_id: int, user_id: int | None):
    if not isinstance(item, dict):
        raise InvalidInput({"scan": _("Must be an object.")}, _("The scan has invalid fields."))
    scan = scan_from_json(item, CheckinSource.OFFLINE, event_id=event_id, user_id=user_id)
    if scan.scan_id is None:  # without it a queue sent twice could not be told from a second scan
        raise InvalidInput({"scan_id": _("This field is required.")}, _("The scan has invalid fields."))
    return scan


def sync_scans(event_id: int, user_id: int | None, scans: list, language: str) -> dict:
    """Check in each queued scan at `event_id` in order; the answers in the same order (each with
    its scan_id), and the arrivals of each day the batch touched."""
    results, days = [], set()
    for item in scans:
        try:
            scan = _scan(item, event_id, user_id)
        except InvalidInput as error:
            results.append(_refused(item, error))
            continue
        result = check_in(scan)
        if result.status in (ScanStatus.OK, ScanStatus.ALREADY_CHECKED_IN):  # only the event's days
            days.add(result.day)
        answer = result.as_json(language)
        answer["scan_id"] = scan.scan_id
        results.append(answer)
    return {"results": results, "arrivals": _arrivals(event_id, days)}


def _arrivals(event_id: int, days: set[date]) -> dict[str, int]:
    return {day.isoformat(): arrivals_count(event_id, day) for day in sorted(days)}
