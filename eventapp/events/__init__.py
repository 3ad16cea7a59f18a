"""Events (editions of the meeting), their days, participant groups and committees."""
from flask import Blueprint

bp = Blueprint("events", __name__)

from eventapp.events.views import manage, public  # noqa: E402,F401  (routes register on bp)
