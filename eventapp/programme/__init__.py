"""The programme: items per day and group, rooms, people and their roles, breakout groups;
the timetable on the web, as PDF, iCal and JSON."""
from flask import Blueprint

bp = Blueprint("programme", __name__)

from eventapp.programme.views import manage, public  # noqa: E402,F401  (routes register on bp)
from eventapp.programme.views import breakouts as breakout_views  # noqa: E402,F401  (not `breakouts`: that is the service module)
