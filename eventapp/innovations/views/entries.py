"""Innovators' pages: their entries with their status and the open calls (eligibility and rubric,
so they know how they will be judged), the entry form (new and changing), an entry's page and
withdrawing it. Who may see or change an entry is decided in `access`: anyone else's entry
answers 404."""
from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.form_flow import act
from eventapp.core.forms import show_domain_error
from eventapp.core.roles import Role, role_required
from eventapp.extensions import db
from eventapp.innovations import access, bp, calls, entries, rubric
from eventapp.innovations.call_forms import CALL_STATE_LABELS, STAGE_LABELS, STATUS_LABELS
from eventapp.innovations.entry_forms import START_ROWS, EntryForm, paper_help, poster_help, wanted_rows
from eventapp.innovations.models import EntryStatus, InnovationCall

innovators = role_required(Role.PARTICIPANT)
may_see_entries = role_required(Role.PARTICIPANT, Role.JUDGE, *access.ORGANISER_ROLES)


def private(response):
    """An entry's pages carry a team's names and unpublished work: never cached, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _place_entry_errors(form: EntryForm, error: DomainError) -> list[str]:
    """Messages beside the fields (team rows by their `members-<n>-<field>` names); returns the
    messages about the team as a whole, shown above the table."""
    if not isinstance(error, InvalidInput):
        show_domain_error(form, error)
        return []
    by_name = {f.name: f for entry in form.members for f in entry.form}
    team_errors = []
    for name, message in error.errors.items():
        if name == "members":
            team_errors.append(message)
        elif name in by_name:
            by_name[name].errors = [*by_name[name].errors, message]
        elif name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            team_errors.append(message)
    flash(error.message, "error")
    return team_errors


def _render_form(call: InnovationCall, form: EntryForm, entry=None, team_errors=(), rows: int = 0):
    limits = current_app.config
    form.paper.description = paper_help(int(limits["MAX_PAPER_BYTES"]), entry.paper_name if entry and
                                        entry.paper_file else "")
    form.poster.description = poster_help(int(limits["MAX_POSTER_BYTES"]), entry.poster_name if entry and
                                          entry.poster_file else "")
    action_args = {"rows": rows} if rows > START_ROWS else {}  # a form shown again keeps its rows
    if entry is None:
        action = url_for("innovations.new_entry", call_id=call.id, **action_args)
    else:
        action = url_for("innovations.edit_entry", entry_id=entry.id, **action_args)
    return private(make_response(render_template(
        "innovations/entry_form.html", call=call, event=call.event, form=form, entry=entry, action=action,
        team_errors=list(team_errors), state=calls.call_state(call), CallState=calls.CallState,
        more_rows=len(form.members.entries) < entries.MAX_MEMBERS, max_members=entries.MAX_MEMBERS,
        shares=rubric.weight_shares(call.criteria),
    ), 422 if request.method == "POST" else 200))


@bp.get("/innovations")
@innovators
def my_entries():
    """The innovator's entries with their status, and the calls open now or soon with their
    eligibility and rubric."""
    current = calls.current_calls()
    return private(make_response(render_template(
        "innovations/my_entries.html", entries=entries.entries_of(current_user), current=current,
        shares={c.id: rubric.weight_shares(c.criteria) for c in current}, call_state=calls.call_state,
        CallState=calls.CallState, CALL_STATE_LABELS=CALL_STATE_LABELS, STATUS_LABELS=STATUS_LABELS,
    )))


@bp.route("/innovations/calls/<int:call_id>/entries/new", methods=["GET", "POST"])
@innovators
def new_entry(call_id: int):
    """The entry form; errors are shown beside the fields with everything typed kept (files
    must be chosen again). ?rows=N shows more team rows."""
    call = db.get_or_404(InnovationCall, call_id)
    form = EntryForm()
    rows = wanted_rows(request.args.get("rows"), form.filled_rows())
    form.prepare(call, rows)
    team_errors = []
    if form.validate_on_submit():
        try:
            entry = entries.submit_entry(call, current_user, form.details(), form.paper.data, form.poster.data)
        except DomainError as error:
            db.session.rollback()
            team_errors = _place_entry_errors(form, error)
        else:
            flash(_("Your entry is received; its reference is %(reference)s. We have emailed you a confirmation.",
                    reference=entry.reference), "success")
            return redirect(url_for("innovations.entry", entry_id=entry.id))
    return _render_form(call, form, team_errors=team_errors, rows=rows)


@bp.get("/innovations/entries/<int:entry_id>")
@may_see_entries
def entry(entry_id: int):
    """One entry: its details, team, links and files, status and (when not eligible) the reason.
    For its owner, the organisers and the judges assigned to it."""
    found = access.entry_or_404(entry_id, current_user)
    owner = access.is_owner(current_user, found)
    may_change = (owner and found.status is not EntryStatus.WITHDRAWN
                  and calls.call_state(found.call) is calls.CallState.OPEN)
    return private(make_response(render_template(
        "innovations/entry.html", entry=found, call=found.call, event=found.call.event, owner=owner,
        may_change=may_change, organiser=access.is_organiser(current_user), STATUS_LABELS=STATUS_LABELS,
        STAGE_LABELS=STAGE_LABELS,
    )))


@bp.route("/innovations/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@innovators
def edit_entry(entry_id: int):
    """Change one's own entry while the call is open; files are kept unless new ones are chosen."""
    found = access.own_entry_or_404(entry_id, current_user)
    form = EntryForm()
    if request.method == "GET":
        form.fill_from(found)
    rows = wanted_rows(request.args.get("rows"), max(form.filled_rows(), len(found.members)))
    form.prepare(found.call, rows)
    team_errors = []
    if form.validate_on_submit():
        try:
            entries.update_entry(found, current_user, form.details(), form.paper.data, form.poster.data)
        except DomainError as error:
            db.session.rollback()
            team_errors = _place_entry_errors(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("innovations.entry", entry_id=found.id))
    return _render_form(found.call, form, entry=found, team_errors=team_errors, rows=rows)


@bp.post("/innovations/entries/<int:entry_id>/withdraw")
@innovators
def withdraw_entry(entry_id: int):
    """Withdraw one's own entry before the call closes."""
    found = access.own_entry_or_404(entry_id, current_user)
    return act(lambda: entries.withdraw_entry(found, current_user),
               _("The entry is withdrawn; it will not be judged."), url_for("innovations.entry", entry_id=found.id))
