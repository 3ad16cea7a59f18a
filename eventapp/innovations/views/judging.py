"""The judges' pages: the entries assigned to them with their progress, an entry's details with
the rubric and their score sheet, and declaring a conflict of interest. A judge reaches an entry
only through an assignment of theirs (`assignments.assignment_of`); any other entry answers 404.
Other judges' scores show only once the organisers close the scoring (`scoring.scores_visible_to`)."""
from itertools import groupby

import sqlalchemy as sa
from flask import abort, current_app, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import contains_eager

from eventapp.core.form_flow import submit
from eventapp.core.roles import Role, role_required
from eventapp.extensions import db
from eventapp.innovations import assignments, bp, scoring
from eventapp.innovations.judging_forms import ReasonForm, score_form
from eventapp.innovations.models import (
    Assignment,
    Criterion,
    Entry,
    EntryStatus,
    InnovationCall,
    Judge,
    Score,
)

judges = role_required(Role.JUDGE)


def _private(response, status: int = 200):
    """Entries under judgement and scores: never cached, never indexed."""
    response = make_response(response, status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _assignment_or_404(entry_id: int) -> Assignment:
    assignment = assignments.assignment_of(current_user, entry_id)
    if assignment is None:
        abort(404)
    return assignment


@bp.get("/judging")
@judges
def judging():
    """The entries assigned to the judge, call by call (scoring open first), each with how many
    criteria they have scored."""
    rows = db.session.execute(
        sa.select(Assignment, sa.func.count(Score.id)).join(Judge, Judge.id == Assignment.judge_id)
        .join(Entry, Entry.id == Assignment.entry_id).join(InnovationCall, InnovationCall.id == Entry.call_id)
        .outerjoin(Score, Score.assignment_id == Assignment.id)
        .options(contains_eager(Assignment.entry).contains_eager(Entry.call))
        .where(Judge.user_id == current_user.id)
        .group_by(Assignment.id, Entry.id, InnovationCall.id)
        .order_by(InnovationCall.scoring_closed_at.is_not(None), InnovationCall.closes_at.desc(),
                  InnovationCall.id, Entry.id)
    ).all()
    call_ids = {assignment.entry.call_id for assignment, _count in rows}
    criteria = dict(db.session.execute(
        sa.select(Criterion.call_id, sa.func.count(Criterion.id)).where(Criterion.call_id.in_(call_ids))
        .group_by(Criterion.call_id)).all())
    calls = [(call, list(items)) for call, items in groupby(rows, key=lambda row: row[0].entry.call)]
    return _private(render_template("innovations/judging.html", calls=calls, criteria=criteria,
                                    EntryStatus=EntryStatus))


def _entry_page(assignment: Assignment, form=None, conflict_form: ReasonForm | None = None, status: int = 200):
    entry = assignment.entry
    call = entry.call
    criteria = list(call.criteria)
    own = scoring.own_scores(assignment)
    read_only = call.scoring_closed_at is not None or entry.status is not EntryStatus.ELIGIBLE
    visible = [s for s in scoring.scores_visible_to(current_user, entry) if s.assignment_id != assignment.id]
    others = [(judge, {s.criterion_id: s for s in scores})
              for judge, scores in groupby(visible, key=lambda s: s.assignment.judge)]
    file_links = {}
    if "innovations.entry_file" in current_app.view_functions:
        for kind, stored in (("paper", entry.paper_file), ("poster", entry.poster_file)):
            if stored:
                file_links[kind] = url_for("innovations.entry_file", entry_id=entry.id, kind=kind)
    links = [line.strip() for line in (entry.links or "").splitlines() if line.strip()]
    return _private(render_template(
        "innovations/judging_entry.html", assignment=assignment, entry=entry, call=call, event=call.event,
        criteria=criteria, own=own, others=others, read_only=read_only, links=links, file_links=file_links,
        form=form or score_form(criteria, own),
        conflict_form=conflict_form or ReasonForm(formdata=None, prefix="conflict"),
    ), status)


@bp.route("/judging/entries/<int:entry_id>", methods=["GET", "POST"])
@judges
def judge_entry(entry_id: int):
    """An assigned entry: its details, team, links and files, the rubric with its descriptions
    and the judge's score sheet (a value and a comment per criterion, filled with their saved
    scores). Errors show beside each criterion with what was typed. Once the scoring is closed
    the sheet is read-only and the other judges' scores show beside it."""
    assignment = _assignment_or_404(entry_id)
    if request.method == "GET":
        return _entry_page(assignment)
    criteria = list(assignment.entry.call.criteria)
    form = score_form(criteria, formdata=request.form)
    done = submit(form, lambda: scoring.save_scores(assignment, current_user, form.values()),
                  _("Your scores of “%(title)s” are saved; you can change them until the scoring closes.",
                    title=assignment.entry.title),
                  url_for("innovations.judging"))
    return done or _entry_page(assignment, form=form, status=422)


@bp.post("/judging/entries/<int:entry_id>/conflict")
@judges
def declare_conflict(entry_id: int):
    """The judge declares a conflict of interest: the assignment and its scores go, and the
    entry is never assigned to them again."""
    assignment = _assignment_or_404(entry_id)
    form = ReasonForm(prefix="conflict")
    done = submit(form, lambda: assignments.declare_conflict(assignment.judge, assignment.entry, form.reason.data),
                  _("Your conflict with “%(title)s” is recorded; the entry is no longer yours to judge.",
                    title=assignment.entry.title),
                  url_for("innovations.judging"))
    return done or _entry_page(assignment, conflict_form=form, status=422)
