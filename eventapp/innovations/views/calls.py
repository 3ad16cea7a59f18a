"""The organisers' call pages: every edition's call, one call's summary (or the form to create
it) with its categories, rubric and entries counted by status, and the pages changing its
dates and numbers, its categories and its rubric. Organisers only."""
from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.form_flow import act, submit
from eventapp.core.forms import show_row_errors
from eventapp.core.roles import role_required
from eventapp.events.models import Event
from eventapp.events.services import list_events
from eventapp.extensions import db
from eventapp.innovations import access, bp, calls, rubric
from eventapp.innovations.call_forms import (
    CALL_STATE_LABELS,
    STATUS_LABELS,
    CallForm,
    CategoriesForm,
    NewCategoryForm,
    NewCriterionForm,
    RubricForm,
)
from eventapp.innovations.models import Criterion, EntryStatus, InnovationCall, InnovationCategory

organisers = role_required(*access.ORGANISER_ROLES)


def call_or_404(event_id: int) -> InnovationCall:
    """The event's innovation call; 404 for an unknown event or one without a call."""
    call = calls.call_of(db.get_or_404(Event, event_id))
    if call is None:
        abort(404)
    return call


def _status() -> int:
    return 422 if request.method == "POST" else 200


def _manage_page(event: Event, call: InnovationCall | None, form: CallForm | None = None):
    if call is None:
        return render_template("innovations/manage_call.html", event=event, call=None,
                               form=form or CallForm(formdata=None)), _status()
    return render_template(
        "innovations/manage_call.html", event=event, call=call, state=calls.call_state(call),
        counts=calls.status_counts(call), shares=rubric.weight_shares(call.criteria),
        scored=rubric.has_scores(call), STATUS_LABELS=STATUS_LABELS, CALL_STATE_LABELS=CALL_STATE_LABELS,
        EntryStatus=EntryStatus,
    ), _status()


@bp.get("/manage/innovations")
@organisers
def manage_index():
    """Every edition, newest first, leading to its innovation competition."""
    return render_template("innovations/manage_index.html", events=list_events())


@bp.get("/manage/events/<int:event_id>/innovations")
@organisers
def manage_call(event_id: int):
    """The event's innovation call: dates, eligibility, numbers, categories, the rubric with each
    weight's share and the entries counted by status; the form to create it when there is none."""
    event = db.get_or_404(Event, event_id)
    return _manage_page(event, calls.call_of(event))


@bp.post("/manage/events/<int:event_id>/innovations/call")
@organisers
def create_call(event_id: int):
    """Create the call: it starts with the standard categories and rubric."""
    event = db.get_or_404(Event, event_id)
    form = CallForm()
    done = submit(form, lambda: calls.save_call(event, form.details(), actor_id=current_user.id),
                  _("The innovation call is created; innovators can submit entries on the dates set."),
                  url_for("innovations.manage_call", event_id=event.id))
    return done or _manage_page(event, calls.call_of(event), form)


@bp.route("/manage/innovations/calls/<int:call_id>/edit", methods=["GET", "POST"])
@organisers
def edit_call(call_id: int):
    """Change the call's dates, eligibility, places and judging options."""
    call = db.get_or_404(InnovationCall, call_id)
    form = CallForm()
    if request.method == "GET":
        form.fill_from(call)
    done = submit(form, lambda: calls.save_call(call.event, form.details(), call, actor_id=current_user.id),
                  _("The call is saved."), url_for("innovations.manage_call", event_id=call.event_id))
    return done or (render_template("innovations/call_form.html", form=form, call=call, event=call.event), _status())


# --- categories --------------------------------------------------------------------------


def _categories_page(call: InnovationCall, form: CategoriesForm | None = None,
                     new_form: NewCategoryForm | None = None):
    if form is None:
        form = CategoriesForm(formdata=None)
        form.fill_from(call)
    return render_template("innovations/categories.html", call=call, event=call.event, form=form,
                           new_form=new_form or NewCategoryForm(formdata=None),
                           used=calls.used_category_ids(call)), _status()


@bp.route("/manage/innovations/calls/<int:call_id>/categories", methods=["GET", "POST"])
@organisers
def edit_categories(call_id: int):
    """The call's categories: their names in Swahili and English and their order."""
    call = db.get_or_404(InnovationCall, call_id)
    if request.method == "GET":
        return _categories_page(call)
    form = CategoriesForm()
    done = submit(form, lambda: calls.update_categories(call, form.rows(), actor_id=current_user.id),
                  _("The categories are saved."), url_for("innovations.edit_categories", call_id=call.id),
                  show_error=lambda form, error: show_row_errors(form, "categories", error))
    return done or _categories_page(call, form=form)


@bp.post("/manage/innovations/calls/<int:call_id>/categories/new")
@organisers
def add_category(call_id: int):
    """Add a category."""
    call = db.get_or_404(InnovationCall, call_id)
    form = NewCategoryForm()
    done = submit(form, lambda: calls.add_category(call, form.category_details(), actor_id=current_user.id),
                  _("The category is added."), url_for("innovations.edit_categories", call_id=call.id))
    return done or _categories_page(call, new_form=form)


@bp.post("/manage/innovations/categories/<int:category_id>/delete")
@organisers
def remove_category(category_id: int):
    """Remove a category no entry is filed under."""
    category = db.get_or_404(InnovationCategory, category_id)
    return act(lambda: calls.remove_category(category, actor_id=current_user.id),
               _("The category is removed."), url_for("innovations.edit_categories", call_id=category.call_id))


# --- the rubric --------------------------------------------------------------------------


def _rubric_page(call: InnovationCall, form: RubricForm | None = None, new_form: NewCriterionForm | None = None):
    if form is None:
        form = RubricForm(formdata=None)
        form.fill_from(call)
    return render_template("innovations/rubric.html", call=call, event=call.event, form=form,
                           new_form=new_form or NewCriterionForm(formdata=None),
                           shares=rubric.weight_shares(call.criteria), locked=rubric.has_scores(call)), _status()


@bp.route("/manage/innovations/calls/<int:call_id>/rubric", methods=["GET", "POST"])
@organisers
def edit_rubric(call_id: int):
    """The scoring rubric: criteria with descriptions, weights (shown as shares of their sum),
    scales and order; frozen once any judge has scored."""
    call = db.get_or_404(InnovationCall, call_id)
    if request.method == "GET":
        return _rubric_page(call)
    form = RubricForm()
    done = submit(form, lambda: rubric.update_criteria(call, form.rows(), actor_id=current_user.id),
                  _("The rubric is saved."), url_for("innovations.edit_rubric", call_id=call.id),
                  show_error=lambda form, error: show_row_errors(form, "criteria", error))
    return done or _rubric_page(call, form=form)


@bp.post("/manage/innovations/calls/<int:call_id>/rubric/new")
@organisers
def add_criterion(call_id: int):
    """Add a criterion (not once any judge has scored)."""
    call = db.get_or_404(InnovationCall, call_id)
    form = NewCriterionForm()
    done = submit(form, lambda: rubric.add_criterion(call, form.criterion_details(), actor_id=current_user.id),
                  _("The criterion is added."), url_for("innovations.edit_rubric", call_id=call.id))
    return done or _rubric_page(call, new_form=form)


@bp.post("/manage/innovations/criteria/<int:criterion_id>/delete")
@organisers
def remove_criterion(criterion_id: int):
    """Remove a criterion (not once any judge has scored)."""
    criterion = db.get_or_404(Criterion, criterion_id)
    return act(lambda: rubric.remove_criterion(criterion, actor_id=current_user.id),
               _("The criterion is removed."), url_for("innovations.edit_rubric", call_id=criterion.call_id))
