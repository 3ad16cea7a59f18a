"""Public pages (no login): the sponsors of an edition, grouped by package, and the
exhibition floor plan. Only published editions are shown; a draft is a 404."""
from flask import abort, current_app, render_template

from eventapp.events.services import current_event, public_event
from eventapp.sponsors import booths as booth_rules
from eventapp.sponsors import bp
from eventapp.sponsors.floor_plan import lay_out, short_label
from eventapp.sponsors.published import published_sponsors

LOGO_ENDPOINT = "sponsors.sponsor_logo"


def _event_or_404(edition: int):
    event = public_event(edition)
    if event is None:
        abort(404)
    return event


def _show_sponsors(event):
    return render_template(
        "sponsors/public_sponsors.html",
        event=event,
        groups=published_sponsors(event),
        # The logo view belongs to the sponsors' management pages; without it, names only.
        logos=LOGO_ENDPOINT in current_app.view_functions,
        has_booths=booth_rules.count_booths(event) > 0,
    )


@bp.get("/sponsors")
def public_sponsors():
    """The current edition's sponsors; a page saying none are announced if there is no edition."""
    event = current_event()
    if event is None:
        return render_template("sponsors/public_none.html")
    return _show_sponsors(event)


@bp.get("/meetings/<int:edition>/sponsors")
def edition_sponsors(edition: int):
    """An edition's sponsors with their logos and websites, grouped by package in rank order."""
    return _show_sponsors(_event_or_404(edition))


@bp.get("/meetings/<int:edition>/exhibition")
def edition_exhibition(edition: int):
    """An edition's exhibition floor plan: every booth on its grid with its holder's name."""
    event = _event_or_404(edition)
    booths = booth_rules.list_booths(event)
    return render_template(
        "sponsors/public_exhibition.html",
        event=event,
        booths=booths,
        plan=lay_out((booth, booth.grid_x, booth.grid_y) for booth in booths),
        holder_label=booth_rules.holder_label,
        short_label=short_label,
    )
