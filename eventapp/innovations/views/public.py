"""The public list of an edition's selected innovation entries, shown once the organisers have
published the results (404 before, and for draft or unknown editions): institution, category,
presenting or exhibiting, awards and booth; never a score."""
from flask import abort, render_template, url_for

from eventapp.events.models import Event
from eventapp.events.services import PUBLIC_STATUSES, public_event
from eventapp.innovations import bp
from eventapp.innovations.awards import award_label, awards_by_entry, awards_of
from eventapp.innovations.booths_and_slots import booths_by_entry
from eventapp.innovations.models import InnovationCall
from eventapp.innovations.published import published_call, selected_entries


def _published_call(event: Event | None) -> InnovationCall | None:
    return None if event is None else published_call(event.id)


@bp.app_template_global()
def innovation_results_url(event: Event | None) -> str | None:
    """The public list of the edition's selected entries, once published (for the home page)."""
    if event is None or event.status not in PUBLIC_STATUSES or _published_call(event) is None:
        return None
    return url_for("innovations.public_selected", edition=event.edition)


@bp.get("/meetings/<int:edition>/innovations")
def public_selected(edition: int):
    """The selected entries: those presenting first, then the exhibition, each by title."""
    event = public_event(edition)
    call = _published_call(event)
    if call is None:
        abort(404)
    entries = selected_entries(call)
    awards = awards_of(call)
    return render_template(
        "innovations/public_selected.html", event=event, call=call, entries=entries,
        awards=awards, entry_awards=awards_by_entry(awards),
        booths=booths_by_entry(call), award_label=award_label,
    )
