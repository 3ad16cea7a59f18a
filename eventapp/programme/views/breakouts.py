"""Breakout groups of an event: list and create them, set their room and programme item,
assign institutions from the directory or single participants by their reference."""
import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import joinedload
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.i18n import localized
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme import bp, breakouts
from eventapp.programme.models import BreakoutGroup, BreakoutMember, ProgrammeItem, Room
from eventapp.registration.models import InstitutionType

breakout_editors = role_required(Role.PROGRAMME, Role.ORGANISER)


class BreakoutForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=breakouts.NAME_MAX)])
    room_id = SelectField(_l("Room"), coerce=int, validators=[Optional()])
    item_id = SelectField(
        _l("Programme item"), coerce=int, validators=[Optional()],
        description=_l("The session in which the breakout groups meet, if the programme has one."),
    )


class InstitutionMemberForm(FlaskForm):
    # The service, not the choice list, refuses an institution that is already in a group.
    institution_id = SelectField(_l("Institution"), coerce=int, validate_choice=False, validators=[DataRequired()])


class RegistrationMemberForm(FlaskForm):
    reference = StringField(_l("Registration reference"), validators=[DataRequired(), Length(max=20)])


def _breakout_form(event: Event, breakout: BreakoutGroup | None = None, formdata=None) -> BreakoutForm:
    if breakout is not None and formdata is None and request.method == "GET":
        form = BreakoutForm(obj=breakout)
        form.room_id.data = breakout.room_id or 0
        form.item_id.data = breakout.item_id or 0
    else:
        form = BreakoutForm(formdata=formdata)
    rooms = db.session.scalars(sa.select(Room).where(Room.event_id == event.id).order_by(Room.name))
    form.room_id.choices = [(0, _("— no room —"))] + [(r.id, r.name) for r in rooms]
    items = db.session.scalars(
        sa.select(ProgrammeItem)
        .where(ProgrammeItem.event_id == event.id, ProgrammeItem.parent_id.is_(None))
        .options(joinedload(ProgrammeItem.day))
    )
    ordered = sorted(items, key=lambda i: (i.day.date, i.starts_at, i.id))
    form.item_id.choices = [(0, _("— no programme item —"))] + [
        (i.id, f"{i.day.date.isoformat()} {i.starts_at.strftime('%H:%M')} {localized(i, 'title')}") for i in ordered
    ]
    return form


def _institution_form(event: Event) -> InstitutionMemberForm:
    form = InstitutionMemberForm(formdata=None)
    form.institution_id.choices = _institution_choices(event)
    return form


def _institution_choices(event: Event) -> dict:
    free = breakouts.unassigned_institutions(event)
    ministries = [(i.id, i.label) for i in free if i.type is InstitutionType.MINISTRY]
    others = [(i.id, i.label) for i in free if i.type is not InstitutionType.MINISTRY]
    grouped = {}
    if ministries:
        grouped[str(_("Ministries"))] = ministries
    if others:
        grouped[str(_("Other institutions"))] = others
    return grouped


def _to_list(event_id: int, breakout_id: int | None = None):
    anchor = f"#breakout-{breakout_id}" if breakout_id else ""
    return redirect(url_for("programme.manage_breakouts", event_id=event_id) + anchor)


def _list_page(event: Event, form: BreakoutForm, status: int = 200):
    groups = breakouts.list_breakouts(event)
    return render_template(
        "programme/breakouts.html",
        event=event,
        breakouts=groups,
        form=form,
        institution_form=_institution_form(event),
        registration_form=RegistrationMemberForm(formdata=None),
        ministries_left=[i for i in breakouts.unassigned_institutions(event) if i.type is InstitutionType.MINISTRY],
    ), status


@bp.route("/manage/events/<int:event_id>/breakouts", methods=["GET", "POST"])
@breakout_editors
def manage_breakouts(event_id: int):
    """The event's breakout groups with their members; the form to add one."""
    event = db.get_or_404(Event, event_id)
    if request.method == "GET":
        return _list_page(event, _breakout_form(event, formdata=None))
    form = _breakout_form(event, formdata=request.form)
    if form.validate_on_submit():
        try:
            breakout = breakouts.create_breakout(event, form.name.data, form.room_id.data, form.item_id.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Breakout group %(name)s added.", name=breakout.name), "success")
            return _to_list(event.id, breakout.id)
    return _list_page(event, form, 422)


@bp.route("/manage/breakouts/<int:breakout_id>/edit", methods=["GET", "POST"])
@breakout_editors
def edit_breakout(breakout_id: int):
    """Rename a breakout group, change its room or its programme item."""
    breakout = db.get_or_404(BreakoutGroup, breakout_id)
    event = breakout.event
    form = _breakout_form(event, breakout, formdata=request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        try:
            breakouts.update_breakout(breakout, form.name.data, form.room_id.data, form.item_id.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return _to_list(event.id, breakout.id)
    status = 422 if request.method == "POST" else 200
    return render_template("programme/breakouts_edit.html", event=event, breakout=breakout, form=form), status


@bp.post("/manage/breakouts/<int:breakout_id>/delete")
@breakout_editors
def delete_breakout(breakout_id: int):
    """Remove a breakout group; its members become unassigned."""
    breakout = db.get_or_404(BreakoutGroup, breakout_id)
    event_id, name = breakout.event_id, breakout.name
    breakouts.delete_breakout(breakout)
    flash(_("Breakout group %(name)s removed.", name=name), "success")
    return _to_list(event_id)


@bp.post("/manage/breakouts/<int:breakout_id>/institutions")
@breakout_editors
def assign_breakout_institution(breakout_id: int):
    """Put an institution of the directory in the group."""
    breakout = db.get_or_404(BreakoutGroup, breakout_id)
    form = InstitutionMemberForm()
    form.institution_id.choices = _institution_choices(breakout.event)
    if not form.validate_on_submit():
        flash(_("Choose an institution from the directory."), "error")
        return _to_list(breakout.event_id, breakout.id)
    try:
        member = breakouts.assign_institution(breakout, form.institution_id.data)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("%(institution)s added to %(group)s.", institution=member.institution.name, group=breakout.name),
              "success")
    return _to_list(breakout.event_id, breakout.id)


@bp.post("/manage/breakouts/<int:breakout_id>/registrations")
@breakout_editors
def assign_breakout_registration(breakout_id: int):
    """Put one participant, found by their registration reference, in the group."""
    breakout = db.get_or_404(BreakoutGroup, breakout_id)
    form = RegistrationMemberForm()
    if not form.validate_on_submit():
        flash(_("Type the participant's registration reference."), "error")
        return _to_list(breakout.event_id, breakout.id)
    registration = breakouts.registration_by_reference(breakout.event, form.reference.data)
    try:
        breakouts.assign_registration(breakout, registration.id if registration else None)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("%(person)s added to %(group)s.", person=f"{registration.first_name} {registration.last_name}",
                group=breakout.name), "success")
    return _to_list(breakout.event_id, breakout.id)


@bp.post("/manage/breakout-members/<int:member_id>/delete")
@breakout_editors
def remove_breakout_member(member_id: int):
    """Take an institution or a participant out of their breakout group."""
    member = db.get_or_404(BreakoutMember, member_id)
    breakout = member.breakout
    breakouts.remove_member(member)
    flash(_("Removed from %(group)s.", group=breakout.name), "success")
    return _to_list(breakout.event_id, breakout.id)
