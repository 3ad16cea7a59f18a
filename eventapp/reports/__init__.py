"""Ministries' e-Government implementation reports: the call, focal persons' submissions with
every version kept, the reports committee's review, compliance and reminders, consolidation of
challenges and recommendations, and the meeting's resolutions."""
from flask import Blueprint

bp = Blueprint("reports", __name__)
