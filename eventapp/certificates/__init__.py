"""Certificates: designs per event and type, issuing by rule (in bulk, as a background job),
revoking and correcting, the PDFs, delivery, and public verification by QR code."""
from flask import Blueprint

bp = Blueprint("certificates", __name__)

from eventapp.certificates import views  # noqa: E402,F401  (routes register on bp)
