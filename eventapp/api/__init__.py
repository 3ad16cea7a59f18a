"""JSON API v1 (`/api/v1/...`), authenticated by API tokens."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from eventapp.api import payments  # noqa: E402,F401  (routes register on bp)
