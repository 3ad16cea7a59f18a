"""The organisers' dashboard: every figure of an edition as a chart and a table (each
exportable), the post-event report (PDF and XLSX) and the editions side by side."""
from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from eventapp.dashboard import views  # noqa: E402,F401  (routes register on bp)
