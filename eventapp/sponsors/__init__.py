"""Sponsors, sponsorship packages and the exhibition booths."""
from flask import Blueprint

bp = Blueprint("sponsors", __name__)

from eventapp.sponsors.views import manage, public  # noqa: E402,F401  (routes register on bp)
