"""The walk-in desk: register, settle the fee and check in a person at the venue."""
import sqlalchemy as sa
from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from eventapp.checkin import bp
from eventapp.checkin.walk_in import AlreadyRegistered, desk_open, desk_outcome, may_waive, register_walk_in
from eventapp.checkin.walk_in_forms import WalkInForm
from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import ParticipantCategory


def _form(event: Event) -> WalkInForm:
    form = WalkInForm()
    categories = db.session.scalars(
        sa.select(ParticipantCategory)
        .join(ParticipantGroup, ParticipantGroup.id == ParticipantCategory.group_id)
        .where(ParticipantCategory.event_id == event.id)
        .order_by(ParticipantGroup.number, ParticipantCategory.fee_amount.desc(), ParticipantCategory.code)
    ).all()
    form.set_categories(categories)
    return form


@bp.route("/gate/<int:event_id>/walk-in", methods=["GET", "POST"])
@role_required(Role.GATE, Role.ORGANISER)
def walk_in(event_id: int):
    """The walk-in desk's form; posted, it registers, settles the fee, checks in and shows the
    result (`?done=<registration id>`) with the badge to print and a fresh form behind it.

    A refusal (email already registered, receipt number already recorded, waiver by someone
    who may not waive, full category) stays on the form beside its field, nothing written.
    """
    event = db.get_or_404(Event, event_id)
    done = None
    if request.method == "GET" and "done" in request.args:
        done_id = request.args.get("done", type=int)
        done = desk_outcome(event, done_id) if done_id else None
        if done is None:
            abort(404)
    form = _form(event)
    duplicate = None
    if form.validate_on_submit():
        try:
            walked_in = register_walk_in(event, form.details(), form.desk_payment(), bool(form.consent.data),
                                         actor_id=current_user.id)
        except AlreadyRegistered as error:
            db.session.rollback()
            duplicate = error.registration.email
            show_domain_error(form, error)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            return redirect(url_for("checkin.walk_in", event_id=event.id, done=walked_in.registration.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "checkin/walk_in.html", event=event, form=form, done=done, duplicate=duplicate,
        desk_open=desk_open(event), may_waive=may_waive(current_user),
    ), status
