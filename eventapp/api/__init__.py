"""JSON API v1 (`/api/v1/...`), authenticated by API tokens."""
from flask import Blueprint

from eventapp.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Callers send a bearer token, not a browser cookie, so there is no session to forge.
csrf.exempt(bp)

from eventapp.api import certificates, checkin, events, payments, registrations, results, spec  # noqa: E402,F401,I001  (routes register on bp)
