"""Badges, the gate's scanner (online and offline), the walk-in desk and attendance."""
from flask import Blueprint

bp = Blueprint("checkin", __name__)

from eventapp.checkin import views  # noqa: E402,F401  (routes register on bp)
