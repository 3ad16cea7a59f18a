"""The programme: items per day and group, rooms, people and their roles, breakout groups;
the timetable on the web, as PDF, iCal and JSON."""
from flask import Blueprint

bp = Blueprint("programme", __name__)


@bp.record_once
def _hold_the_programme_inside_its_days(state) -> None:
    from eventapp.events.services import DAY_HOURS_CHECKS
    from eventapp.programme.services import check_day_hours

    if check_day_hours not in DAY_HOURS_CHECKS:
        DAY_HOURS_CHECKS.append(check_day_hours)


from eventapp.programme.views import breakouts as breakout_views  # noqa: E402,F401  (not `breakouts`: that is the service module)
from eventapp.programme.views import manage, public, rooms_people  # noqa: E402,F401  (routes register on bp)
