"""The middle yardstick for bench_checkin.py: eventapp's own check-in (the API token check, the
body's fields, scanning.check_in with its lookup, rule and insert, the answer in the caller's
language) served by a Flask app with nothing else bound: no sessions, CSRF, logins, rate limits,
request ids or log lines, security headers or OpenAPI. Between the bare endpoint and the real
one it shows what the rule costs by itself and what the rest of the application adds.

    DATABASE_URL=postgresql://... EVENTAPP_CONFIG=production SECRET_KEY=... \\
        gunicorn -w 4 tests.bench.checkin_rule_app:app
"""
from flask import Blueprint, Flask, jsonify
from flask_babel import get_locale

from config import config_from_environment
from eventapp import models  # noqa: F401  (every table, for the foreign keys)
from eventapp.api.bodies import BadBody, json_object, refusal
from eventapp.api.checkin import MAX_BODY_BYTES
from eventapp.auth.api_tokens import bearer_token, identify_api_token
from eventapp.checkin.models import CheckinSource
from eventapp.checkin.scan_input import scan_from_json
from eventapp.checkin.scanning import check_in
from eventapp.core import i18n
from eventapp.core.errors import InvalidInput
from eventapp.extensions import babel, db

app = Flask(__name__)
app.config.from_object(config_from_environment())
db.init_app(app)
babel.init_app(app, locale_selector=i18n.select_locale)
bp = Blueprint("api", __name__)  # the API's name: the language rule reads no account for it


@bp.post("/checkin")
def checkin():
    token = identify_api_token(bearer_token() or "")
    if token is None:
        return jsonify(error="no valid token"), 401
    try:
        scan = scan_from_json(json_object(MAX_BODY_BYTES), CheckinSource.DEVICE, api_token_id=token.id)
    except (BadBody, InvalidInput) as error:
        return refusal(error)
    return jsonify(check_in(scan).as_json(get_locale().language))


app.register_blueprint(bp)
