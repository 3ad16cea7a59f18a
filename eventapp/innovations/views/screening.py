"""The organisers' entry pages: the call's entries (filtered by status, searched by title or
institution, a page at a time), one entry with its team and files, and its screening.
Organisers only."""
from flask import make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.form_flow import submit
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.innovations import bp, calls, screening
from eventapp.innovations.call_forms import STAGE_LABELS, STATUS_LABELS, EntryFilterForm, ScreeningForm
from eventapp.innovations.entries import entry_has_scores
from eventapp.innovations.models import Entry, EntryStatus
from eventapp.innovations.views.calls import organisers
from eventapp.innovations.views.entries import private


@bp.get("/manage/events/<int:event_id>/innovations/entries")
@organisers
def manage_entries(event_id: int):
    """The call's entries, filtered by ?status= and searched by title or institution (?q=), 25 a page."""
    event = db.get_or_404(Event, event_id)
    call = calls.call_of(event)
    form = EntryFilterForm(request.args)
    form.validate()
    status = form.chosen_status()
    text = "" if form.q.errors else (form.q.data or "")
    page = counts = None
    if call is not None:
        page = screening.entries_page(call, status, text, request.args.get("page", 1, type=int) or 1)
        counts = calls.status_counts(call)
    args = {k: v for k, v in (("q", text), ("status", status.value if status else "")) if v}
    return private(make_response(render_template(
        "innovations/manage_entries.html", event=event, call=call, form=form, page=page, counts=counts, args=args,
        STATUS_LABELS=STATUS_LABELS,
    )))


def _entry_page(entry: Entry, form: ScreeningForm | None = None, code: int = 200):
    if form is None:
        form = ScreeningForm(formdata=None)
        if entry.status is EntryStatus.INELIGIBLE:
            form.decision.data, form.reason.data = "ineligible", entry.screening_reason
    return private(make_response(render_template(
        "innovations/manage_entry.html", entry=entry, call=entry.call, event=entry.call.event, form=form,
        scored=entry_has_scores(entry), STATUS_LABELS=STATUS_LABELS, STAGE_LABELS=STAGE_LABELS,
        EntryStatus=EntryStatus,
    ), code))


@bp.get("/manage/innovations/entries/<int:entry_id>")
@organisers
def manage_entry(entry_id: int):
    """One entry for the organisers: details, team, links, files and the screening form."""
    return _entry_page(db.get_or_404(Entry, entry_id))


@bp.post("/manage/innovations/entries/<int:entry_id>/screen")
@organisers
def screen_entry(entry_id: int):
    """Screen the entry: eligible, or not eligible with the reason emailed to the team."""
    entry = db.get_or_404(Entry, entry_id)
    form = ScreeningForm()
    done = submit(form, lambda: screening.screen(entry, form.decision.data == "eligible", form.reason.data or "",
                                                 actor_id=current_user.id),
                  _screened, url_for("innovations.manage_entry", entry_id=entry.id))
    return done or _entry_page(entry, form, 422)


def _screened(entry: Entry) -> str:
    if entry.status is EntryStatus.ELIGIBLE:
        return _("The entry is eligible and goes to the judges.")
    return _("The entry is marked not eligible; the reason was emailed to the team.")
