"""Organisers' results pages: the ranking (each judge's total, the mean, the normalised score,
the disagreement flags and the tie-break), the shortlist and the selection by hand, awards,
booths and programme slots for selected entries, publishing the results, and the results
sheet (XLSX). Organisers only."""
import io

from flask import flash, make_response, redirect, render_template, send_file, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.errors import DomainError
from eventapp.core.form_flow import act, submit
from eventapp.core.i18n import localized
from eventapp.core.roles import Role, role_required
from eventapp.extensions import db
from eventapp.innovations import booths_and_slots as places
from eventapp.innovations import bp, selection
from eventapp.innovations.awards import AWARD_LABELS, award_label, awards_by_entry, awards_of, give_award, remove_award
from eventapp.innovations.models import Award, Entry, EntryStatus, InnovationCall
from eventapp.innovations.ranking import display
from eventapp.innovations.results_forms import AwardForm, BoothForm, SelectionForm, SlotForm
from eventapp.innovations.results_sheet import results_xlsx
from eventapp.innovations.standings import standings_of
from eventapp.innovations.views.calls import call_or_404
from eventapp.programme.models import ProgrammeItem
from eventapp.programme.wording import time_range
from eventapp.sponsors.models import Booth

organisers = role_required(Role.ORGANISER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _private(response):
    """Judges' scores: never cached, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _entry_or_404(entry_id: int) -> Entry:
    return db.get_or_404(Entry, entry_id)


def _results_url(call: InnovationCall, anchor: str = "") -> str:
    return url_for("innovations.results", event_id=call.event_id) + (f"#{anchor}" if anchor else "")


def _slot_label(item: ProgrammeItem) -> str:
    return f"{format_date(item.day.date, 'medium')} {time_range(item)} · {localized(item, 'title')}"


def _form_rows(call: InnovationCall, rows, selected, booths) -> dict[str, set[int]]:
    """The entries whose selection, booth and slot forms the page shows."""
    open_for_selection = call.scoring_closed_at is not None and call.results_published_at is None
    return {
        "selection": {row.entry.id for row in rows} if open_for_selection else set(),
        "booth": {row.entry.id for row in selected if row.entry.id not in booths},
        "slot": {row.entry.id for row in selected if row.entry.presenting and row.entry.programme_item_id is None},
    }


def _render(call: InnovationCall, failed: tuple[str, int, object] | None = None, award_form: AwardForm | None = None,
            code: int = 200):
    """The results page; `failed` is (form kind, entry id, form) of a per-entry form sent with
    errors, shown again in its row with what was typed."""
    standings = standings_of(call)
    awards = awards_of(call)
    entry_awards = awards_by_entry(awards)
    booths = places.booths_by_entry(call)
    free_booths = [(b.id, f"{b.number} · {b.size_m2} m²" + (f" · {b.location}" if b.location else ""))
                   for b in places.free_booths(call)]
    slots = [(item.id, _slot_label(item)) for item in places.presentation_choices(call)]

    def form_for(kind: str, entry: Entry):
        if failed is not None and failed[:2] == (kind, entry.id):
            form = failed[2]
        elif kind == "selection":
            form = SelectionForm(formdata=None, prefix=f"sel-{entry.id}", exhibition=entry.exhibition,
                                 presenting=entry.presenting)
        elif kind == "booth":
            form = BoothForm(formdata=None, prefix=f"booth-{entry.id}")
        else:
            form = SlotForm(formdata=None, prefix=f"slot-{entry.id}")
        if kind == "booth":
            form.set_choices(free_booths)
        elif kind == "slot":
            form.set_choices(slots)
        return form

    selected = [row for row in standings.rows if row.entry.exhibition]
    if failed is not None and failed[1] not in _form_rows(call, standings.rows, selected, booths)[failed[0]]:
        for message in [error for form_field in failed[2] for error in form_field.errors]:
            flash(message, "error")  # the entry's form is not on the page: the message goes on top
    award_form = award_form or AwardForm(formdata=None)
    award_form.set_choices([(row.entry.id, f"{row.entry.title} ({row.entry.reference})") for row in standings.rows])
    exhibited, presenting = selection.selected_count(call)
    response = make_response(render_template(
        "innovations/results.html", call=call, event=call.event, standings=standings,
        judge_names={j.id: j.user.full_name for j in standings.judges}, display=display,
        awards=awards, entry_awards=entry_awards, award_label=award_label, booths=booths,
        form_for=form_for, award_form=award_form, exhibited=exhibited, presenting=presenting,
        selected=selected, AWARD_LABELS=AWARD_LABELS,
    ), code)
    return _private(response)


@bp.get("/manage/events/<int:event_id>/innovations/results")
@organisers
def results(event_id: int):
    """The ranking of the call's eligible entries, and the selection, awards, booths, slots and
    publication of the results."""
    return _render(call_or_404(event_id))


@bp.get("/manage/events/<int:event_id>/innovations/results.xlsx", endpoint="results_xlsx")
@organisers
def results_xlsx_export(event_id: int):
    """The results sheet: one row per entry in ranking order."""
    call = call_or_404(event_id)
    data = results_xlsx(standings_of(call), awards_by_entry(awards_of(call)))
    name = f"innovation-results-{call.event.edition}.xlsx"
    return _private(send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name))


@bp.post("/manage/events/<int:event_id>/innovations/results/shortlist")
@organisers
def results_shortlist(event_id: int):
    """Select the top entries of the ranking for the exhibition and to present."""
    call = call_or_404(event_id)
    return act(lambda: selection.shortlist(call, actor_id=current_user.id),
               lambda counts: _("Shortlisted: %(exhibited)d entries for the exhibition, %(presenting)d of them to "
                                "present.", exhibited=counts[0], presenting=counts[1]),
               _results_url(call, "ranking"))


@bp.post("/manage/innovations/entries/<int:entry_id>/selection")
@organisers
def results_selection(entry_id: int):
    """Select or unselect one entry by hand."""
    entry = _entry_or_404(entry_id)
    call = entry.call
    form = SelectionForm(prefix=f"sel-{entry.id}")
    done = submit(form, lambda: selection.set_selection(entry, form.exhibition.data, form.presenting.data,
                                                        actor_id=current_user.id),
                  _("Selection saved for “%(title)s”.", title=entry.title), _results_url(call, f"entry-{entry.id}"))
    return done or _render(call, failed=("selection", entry.id, form), code=422)


@bp.post("/manage/events/<int:event_id>/innovations/results/awards")
@organisers
def results_award(event_id: int):
    """Give an entry an award, with its citation in both languages."""
    call = call_or_404(event_id)
    form = AwardForm()

    def give() -> Award:
        entry = db.session.get(Entry, form.entry_id.data) if form.entry_id.data else None
        if entry is None or entry.call_id != call.id or entry.status != EntryStatus.ELIGIBLE:
            raise DomainError(_("Choose one of the call's eligible entries."), field="entry_id")
        return give_award(entry, form.details(), actor_id=current_user.id)

    done = submit(form, give,
                  lambda award: _("%(award)s given to “%(title)s”.", award=award_label(award), title=award.entry.title),
                  _results_url(call, "awards"))
    return done or _render(call, award_form=form, code=422)


@bp.post("/manage/innovations/awards/<int:award_id>/remove")
@organisers
def results_award_remove(award_id: int):
    """Take an award back."""
    award = db.get_or_404(Award, award_id)
    call = db.session.get(InnovationCall, award.call_id)
    remove_award(award, actor_id=current_user.id)
    flash(_("The award was removed."), "success")
    return redirect(_results_url(call, "awards"))


@bp.post("/manage/innovations/entries/<int:entry_id>/booth")
@organisers
def results_booth(entry_id: int):
    """Give an entry selected for the exhibition a free booth of the meeting."""
    entry = _entry_or_404(entry_id)
    call = entry.call
    form = BoothForm(prefix=f"booth-{entry.id}")

    def give() -> Booth:
        booth = db.session.get(Booth, form.booth_id.data) if form.booth_id.data else None
        return places.give_booth(entry, booth, actor_id=current_user.id)

    done = submit(form, give,
                  lambda booth: _("Booth %(number)s given to “%(title)s”.", number=booth.number, title=entry.title),
                  _results_url(call, f"place-{entry.id}"))
    return done or _render(call, failed=("booth", entry.id, form), code=422)


@bp.post("/manage/innovations/entries/<int:entry_id>/booth/release")
@organisers
def results_booth_release(entry_id: int):
    """Take the entry's booth back."""
    entry = _entry_or_404(entry_id)
    return act(lambda: places.release_entry_booth(entry, actor_id=current_user.id),
               lambda booth: _("Booth %(number)s is free again.", number=booth.number),
               _results_url(entry.call, f"place-{entry.id}"))


@bp.post("/manage/innovations/entries/<int:entry_id>/slot")
@organisers
def results_slot(entry_id: int):
    """Give an entry selected to present its presentation slot in the programme."""
    entry = _entry_or_404(entry_id)
    call = entry.call
    form = SlotForm(prefix=f"slot-{entry.id}")

    def link() -> None:
        item_id = form.programme_item_id.data
        places.link_presentation(entry, db.session.get(ProgrammeItem, item_id) if item_id else None,
                                 actor_id=current_user.id)

    done = submit(form, link, _("“%(title)s” is linked to its presentation slot.", title=entry.title),
                  _results_url(call, f"place-{entry.id}"))
    return done or _render(call, failed=("slot", entry.id, form), code=422)


@bp.post("/manage/innovations/entries/<int:entry_id>/slot/unlink")
@organisers
def results_slot_unlink(entry_id: int):
    """Free the entry's presentation slot."""
    entry = _entry_or_404(entry_id)
    return act(lambda: places.unlink_presentation(entry, actor_id=current_user.id),
               _("The presentation slot is free again."), _results_url(entry.call, f"place-{entry.id}"))


@bp.post("/manage/events/<int:event_id>/innovations/results/publish")
@organisers
def results_publish(event_id: int):
    """Publish the results and email each team its outcome (once)."""
    call = call_or_404(event_id)
    return act(lambda: selection.publish_results(call, actor_id=current_user.id),
               lambda sent: (_("The results are published; %(n)d teams were emailed.", n=sent) if sent
                             else _("The results are published; no team was waiting for an email.")),
               _results_url(call, "publish"))
