"""Organisers' judging pages: the panel of judges with their progress, the assignments of
eligible entries to judges (by hand and automatically, conflicts shown), and closing or
reopening the scoring."""
import sqlalchemy as sa
from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import joinedload

from eventapp.core.errors import DomainError
from eventapp.core.form_flow import act, submit
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.innovations import assignments, bp, calls, scoring
from eventapp.innovations import panel as panel_rules  # not `panel`: the view of that name
from eventapp.innovations.judging_forms import AddJudgeForm, ReasonForm, institution_choices
from eventapp.innovations.models import Assignment, Conflict, Entry, EntryStatus, InnovationCall, Judge, Score
from eventapp.innovations.views.calls import call_or_404
from eventapp.registration.models import Institution

organisers = role_required(Role.ORGANISER)


def _private(response, status: int = 200):
    """Judges' names and scores: never cached, never indexed."""
    response = make_response(response, status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def call_page_url(event_id: int) -> str:
    """The organisers' page of the call when it exists in this app, else the event's page."""
    for endpoint in ("innovations.manage_call", "innovations.manage"):
        if endpoint in current_app.view_functions:
            return url_for(endpoint, event_id=event_id)
    return url_for("events.manage_event", event_id=event_id)


def _add_form(formdata=None) -> AddJudgeForm:
    form = AddJudgeForm(formdata=formdata)
    reviewed = db.session.scalars(sa.select(Institution).where(Institution.reviewed.is_(True)))
    form.institution_id.choices = institution_choices(reviewed)
    return form


def _panel_page(event: Event, call: InnovationCall | None, form: AddJudgeForm | None = None, status: int = 200):
    context = {"event": event, "call": call, "back": call_page_url(event.id)}
    if call is not None:
        context.update(judges=panel_rules.panel_of(call), progress=scoring.scoring_progress(call),
                       form=form or _add_form())
    return _private(render_template("innovations/panel.html", **context), status)


@bp.get("/manage/events/<int:event_id>/innovations/judges")
@organisers
def panel(event_id: int):
    """The call's panel of judges, each with the institution they come from and their progress
    (entries assigned, fully scored); the form to add a judge and a button to remove one."""
    event = db.get_or_404(Event, event_id)
    return _panel_page(event, calls.call_of(event))


@bp.post("/manage/events/<int:event_id>/innovations/judges")
@organisers
def add_judge(event_id: int):
    """Add a judge (their account is created if need be, and they are emailed); errors are shown
    beside the fields with what was typed."""
    call = call_or_404(event_id)
    form = _add_form(formdata=request.form)
    done = submit(form, lambda: panel_rules.add_judge(call, form.email.data, form.full_name.data or "",
                                                      form.institution_id.data, actor_id=current_user.id),
                  lambda judge: _("%(name)s is on the panel and has been emailed.", name=judge.user.full_name),
                  url_for("innovations.panel", event_id=event_id))
    return done or _panel_page(call.event, call, form, 422)


@bp.post("/manage/events/<int:event_id>/innovations/judges/<int:judge_id>/delete")
@organisers
def remove_judge(event_id: int, judge_id: int):
    """Take a judge off the panel with their assignments; refused once they have scores."""
    call = call_or_404(event_id)
    judge = db.session.get(Judge, judge_id)
    if judge is None or judge.call_id != call.id:
        abort(404)
    return act(lambda: panel_rules.remove_judge(judge, actor_id=current_user.id),
               _("%(name)s is no longer on the panel.", name=judge.user.full_name),
               url_for("innovations.panel", event_id=event_id))


# --- assignments -------------------------------------------------------------------------


def _assignments_page(call: InnovationCall, reopen_form: ReasonForm | None = None, status: int = 200):
    judges = panel_rules.panel_of(call)
    entries = list(db.session.scalars(
        sa.select(Entry).options(joinedload(Entry.institution))
        .where(Entry.call_id == call.id, Entry.status == EntryStatus.ELIGIBLE).order_by(Entry.id)))
    criteria = len(call.criteria)
    cells = {}
    for assignment, scored in db.session.execute(
            sa.select(Assignment, sa.func.count(Score.id)).join(Judge, Judge.id == Assignment.judge_id)
            .outerjoin(Score, Score.assignment_id == Assignment.id)
            .where(Judge.call_id == call.id).group_by(Assignment.id)):
        cells[(assignment.entry_id, assignment.judge_id)] = (assignment, scored, scored >= criteria > 0)
    conflicts = {(c.entry_id, c.judge_id): c for c in db.session.scalars(
        sa.select(Conflict).join(Judge, Judge.id == Conflict.judge_id).where(Judge.call_id == call.id))}
    others = db.session.scalar(sa.select(sa.func.count(Entry.id)).where(
        Entry.call_id == call.id, Entry.status != EntryStatus.ELIGIBLE))
    return _private(render_template(
        "innovations/panel_assignments.html", call=call, event=call.event, judges=judges, entries=entries,
        cells=cells, conflicts=conflicts, others=others, back=call_page_url(call.event_id),
        progress=scoring.scoring_progress(call), reopen_form=reopen_form or ReasonForm(formdata=None),
    ), status)


@bp.get("/manage/events/<int:event_id>/innovations/assignments", endpoint="assignments")
@organisers
def assignments_page(event_id: int):
    """Eligible entries against judges: who is assigned (and has scored), conflicts and own
    institutions marked, buttons to assign and unassign, the automatic assignment, and closing
    or reopening the scoring."""
    return _assignments_page(call_or_404(event_id))


@bp.post("/manage/events/<int:event_id>/innovations/assignments/<int:entry_id>/<int:judge_id>")
@organisers
def assign(event_id: int, entry_id: int, judge_id: int):
    """Assign one judge to one entry by hand."""
    call = call_or_404(event_id)
    entry, judge = db.session.get(Entry, entry_id), db.session.get(Judge, judge_id)
    if entry is None or judge is None or entry.call_id != call.id or judge.call_id != call.id:
        abort(404)
    return act(lambda: assignments.assign(entry, judge, actor_id=current_user.id),
               _("%(name)s now judges “%(title)s”.", name=judge.user.full_name, title=entry.title),
               url_for("innovations.assignments", event_id=event_id) + f"#entry-{entry_id}")


@bp.post("/manage/events/<int:event_id>/innovations/assignments/<int:assignment_id>/delete")
@organisers
def unassign(event_id: int, assignment_id: int):
    """Remove an assignment the judge has not scored."""
    call = call_or_404(event_id)
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.judge.call_id != call.id:
        abort(404)
    return act(lambda: assignments.unassign(assignment, actor_id=current_user.id),
               _("%(name)s no longer judges “%(title)s”.", name=assignment.judge.user.full_name,
                 title=assignment.entry.title),
               url_for("innovations.assignments", event_id=event_id) + f"#entry-{assignment.entry_id}")


@bp.post("/manage/events/<int:event_id>/innovations/assignments/automatic")
@organisers
def auto_assign(event_id: int):
    """Give every eligible entry the call's number of judges, balanced; the summary is flashed,
    with each entry that could not get enough judges and why."""
    call = call_or_404(event_id)
    try:
        summary = assignments.auto_assign(call, actor_id=current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(ngettext("%(num)d assignment added.", "%(num)d assignments added.", summary.added) + " "
              + _("Eligible entries: %(entries)d; judges: %(judges)d; judges wanted an entry: %(per)d.",
                  entries=summary.entries, judges=summary.judges, per=call.judges_per_entry), "success")
        for shortfall in summary.shortfalls:
            flash(shortfall.reason, "error")
    return redirect(url_for("innovations.assignments", event_id=event_id))


# --- closing the scoring -----------------------------------------------------------------


@bp.post("/manage/events/<int:event_id>/innovations/scoring/close")
@organisers
def close_scoring(event_id: int):
    """Close the scoring: scores are final and the judges see each other's."""
    call = call_or_404(event_id)
    return act(lambda: scoring.close_scoring(call, actor_id=current_user.id),
               _("The scoring is closed; the judges now see each other's scores."),
               url_for("innovations.assignments", event_id=event_id))


@bp.post("/manage/events/<int:event_id>/innovations/scoring/reopen")
@organisers
def reopen_scoring(event_id: int):
    """Reopen the scoring with a reason (audited); the reason's errors show beside it."""
    call = call_or_404(event_id)
    form = ReasonForm()
    done = submit(form, lambda: scoring.reopen_scoring(call, current_user.id, form.reason.data),
                  _("The scoring is open again; judges can change their scores."),
                  url_for("innovations.assignments", event_id=event_id))
    return done or _assignments_page(call, reopen_form=form, status=422)
