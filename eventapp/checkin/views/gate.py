"""The gate: the scanner page (camera, keyboard-wedge scanner, offline list and queue), its
JSON endpoints, and the search for a lost or broken badge. Gate staff and organisers; any
gate user may scan at any event (there is no per-event gate assignment)."""
from pathlib import Path

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.api.bodies import BadBody, json_object, refusal
from eventapp.checkin import bp, gate_list
from eventapp.checkin.gate_list import default_day, event_day, events_on, gate_events
from eventapp.checkin.gate_search import MAX_RESULTS, MIN_QUERY_LENGTH, search_registrations, tidy_query
from eventapp.checkin.gate_sync import MAX_SCANS, queued_scans, sync_scans
from eventapp.checkin.models import MAX_GATE_LENGTH, CheckinSource
from eventapp.checkin.scan_input import scan_from_json
from eventapp.checkin.scanning import Scan, arrivals_count, check_in, check_in_registration
from eventapp.core.clock import event_timezone, local_today
from eventapp.core.errors import InvalidInput
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Registration

GATE_ROLES = (Role.GATE, Role.ORGANISER)
MAX_SCAN_BYTES = 4 * 1024
MAX_SYNC_BYTES = MAX_SCANS * 512  # a queued scan is about 250 bytes of JSON
SERVICE_WORKER = Path("js") / "gate-sw.js"
DAY_PLACEHOLDER = "0000-00-00"  # in the offline list's URL, replaced by the page with its day


def _language() -> str:
    return str(get_locale() or "sw")


def _event_or_404(event_id: int) -> Event:
    return db.get_or_404(Event, event_id)


def _day_or_default(event: Event, text: str | None):
    return event_day(event, text) or default_day(event, local_today())


def _private(response):
    """Gate pages and lists carry names: never kept by a shared cache or the browser's own."""
    response.headers["Cache-Control"] = "no-store, private"
    return response


@bp.get("/gate")
@role_required(*GATE_ROLES)
def gate_home():
    """The event on at the gate today (straight to its scanner), else the events to choose from."""
    today = local_today()
    events = events_on(today)
    if len(events) == 1:
        return redirect(url_for("checkin.scanner", event_id=events[0].id))
    return render_template("checkin/gate_home.html", events=events or gate_events(), on_today=bool(events),
                           today=today)


@bp.get("/gate/<int:event_id>")
@role_required(*GATE_ROLES)
def scanner(event_id: int):
    """The scanner page for a day of the event (`?day=YYYY-MM-DD`; default today)."""
    event = _event_or_404(event_id)
    chosen = event_day(event, request.args.get("day"))
    day = chosen or default_day(event, local_today())
    if day is None:
        flash(_("This meeting has no days set yet: the gate cannot scan for it."), "error")
        return redirect(url_for("checkin.gate_home"))
    config = {
        "eventId": event.id,
        "day": day.isoformat(),
        "fixedDay": chosen is not None,  # else the page follows today's date on the device
        "days": [d.date.isoformat() for d in event.days],
        "dayPlaceholder": DAY_PLACEHOLDER,
        "language": _language(),
        "timezone": str(event_timezone()),
        "urls": {
            "scan": url_for("checkin.scan", event_id=event.id),
            "sync": url_for("checkin.sync", event_id=event.id),
            "list": url_for("checkin.offline_list", event_id=event.id, day=DAY_PLACEHOLDER),
            "worker": url_for("checkin.service_worker"),
            "jsqr": url_for("static", filename="vendor/jsqr/jsQR.js"),
        },
        "maxBatch": MAX_SCANS,
    }
    return _private(current_app.make_response(render_template(
        "checkin/gate_scanner.html", event=event, day=day, today=local_today(), config=config,
        arrivals=arrivals_count(event.id, day), max_gate=MAX_GATE_LENGTH,
    )))


@bp.post("/gate/<int:event_id>/scan")
@role_required(*GATE_ROLES)
def scan(event_id: int):
    """Check in a badge read by the scanner page. Body: {token, day?, gate?, scan_id?}.
    Answers the scan's result (as the API does) with the day's `arrivals`; 400 for a bad body."""
    event = _event_or_404(event_id)
    try:
        reading = scan_from_json(json_object(MAX_SCAN_BYTES), CheckinSource.SCANNER, event_id=event.id,
                                 user_id=current_user.id)
    except (BadBody, InvalidInput) as error:
        return refusal(error)
    result = check_in(reading)
    body = result.as_json(_language())
    body["arrivals"] = arrivals_count(event.id, result.day)
    return jsonify(body)


@bp.get("/gate/<int:event_id>/days/<day>/list.json")
@role_required(*GATE_ROLES)
def offline_list(event_id: int, day: str):
    """The day's offline list (see gate_list.offline_list); 404 for a day not of the event."""
    event = _event_or_404(event_id)
    chosen = event_day(event, day)
    if chosen is None:
        abort(404)
    return _private(jsonify(gate_list.offline_list(event, chosen, _language())))


@bp.post("/gate/<int:event_id>/sync")
@role_required(*GATE_ROLES)
def sync(event_id: int):
    """The offline queue: {scans: [{token, day, gate, scan_id, scanned_at}, ...]} (at most
    MAX_SCANS), each checked in in order; answers {results: [...], arrivals: {day: n}}.
    A scan with a bad field is answered `status: "error"`; a bad body is a 400."""
    event = _event_or_404(event_id)
    try:
        scans = queued_scans(json_object(MAX_SYNC_BYTES))
    except (BadBody, InvalidInput) as error:
        return refusal(error)
    return jsonify(sync_scans(event.id, current_user.id, scans, _language()))


@bp.get("/gate/<int:event_id>/search")
@role_required(*GATE_ROLES)
def search(event_id: int):
    """Find a registration by name, reference, email or phone (`?q=`, `?day=`)."""
    event = _event_or_404(event_id)
    return _search_page(event, _day_or_default(event, request.args.get("day")), request.args.get("q"))


@bp.post("/gate/<int:event_id>/registrations/<int:registration_id>/checkin")
@role_required(*GATE_ROLES)
def manual_checkin(event_id: int, registration_id: int):
    """Check in a registration found by the search (form: day, gate, q); shows the result
    above the search again. Another event's registration: 404."""
    event = _event_or_404(event_id)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    day = _day_or_default(event, request.form.get("day"))
    gate = " ".join(request.form.get("gate", "").split())[:MAX_GATE_LENGTH]
    result = check_in_registration(registration, Scan(
        "", day=day, gate=gate, source=CheckinSource.MANUAL, event_id=event.id, user_id=current_user.id,
    ))
    return _search_page(event, day, request.form.get("q"), result=result.as_json(_language()))


def _search_page(event: Event, day, text: str | None, result: dict | None = None):
    text = tidy_query(text)
    found = search_registrations(event, text, day, _language()) if day else []
    return _private(current_app.make_response(render_template(
        "checkin/gate_search.html", event=event, day=day, q=text, found=found, result=result,
        max_results=MAX_RESULTS, too_short=bool(text) and len(text) < MIN_QUERY_LENGTH,
        arrivals=arrivals_count(event.id, day) if day else 0,
    )))


@bp.get("/gate/sw.js")
@role_required(*GATE_ROLES)
def service_worker():
    """The scanner's service worker, served under /gate/ so that it may control the gate's pages."""
    response = send_file(Path(current_app.static_folder) / SERVICE_WORKER, mimetype="text/javascript",
                         max_age=0)
    response.headers["Service-Worker-Allowed"] = url_for("checkin.gate_home") + "/"
    response.headers["Cache-Control"] = "no-cache"
    return response
