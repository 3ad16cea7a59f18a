"""Public pages: the home page with the current edition."""
from flask import abort, render_template

from eventapp.events import bp, services


@bp.get("/")
def home():
    """The current edition: theme, dates, venue, groups and the days each attends."""
    return render_template("events/home.html", event=services.current_event())


@bp.get("/meetings/<int:edition>")
def edition(edition: int):
    """A published edition by its number (404 for unknown or draft editions)."""
    event = services.public_event(edition)
    if event is None:
        abort(404)
    return render_template("events/home.html", event=event)
