"""Organisers' pages: editions, their days, participant groups and committees."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.roles import Role, role_required
from eventapp.events import bp, services
from eventapp.events.forms import CommitteeForm, DayForm, EventForm, GroupForm, MemberForm, StatusForm
from eventapp.events.models import (
    Committee,
    CommitteeMember,
    CommitteeRole,
    Event,
    EventDay,
    EventStatus,
    ParticipantGroup,
)
from eventapp.extensions import db

organiser_only = role_required(Role.ORGANISER)


def _to_event(event: Event, anchor: str = ""):
    return redirect(url_for("events.manage_event", event_id=event.id) + (f"#{anchor}" if anchor else ""))


@bp.get("/manage/events")
@organiser_only
def manage_events():
    """All editions, newest first."""
    return render_template(
        "events/manage_events.html", events=services.list_events(), status_label=services.status_label
    )


@bp.route("/manage/events/new", methods=["GET", "POST"])
@organiser_only
def new_event():
    """Create an edition (starts as a draft)."""
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = services.create_event(form.details(), actor_id=current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Edition %(n)d created.", n=event.edition), "success")
            return _to_event(event)
    return render_template("events/event_form.html", form=form, event=None)


@bp.get("/manage/events/<int:event_id>")
@organiser_only
def manage_event(event_id: int):
    """One edition with its days, groups and committees, and forms to add to each."""
    event = db.get_or_404(Event, event_id)
    return render_template(
        "events/manage_event.html",
        event=event,
        day_form=DayForm(formdata=None),
        committee_form=CommitteeForm(formdata=None),
        status_form=StatusForm(formdata=None),
        next_statuses=sorted(services.STATUS_TRANSITIONS[event.status], key=lambda s: list(EventStatus).index(s)),
        status_label=services.status_label,
    )


@bp.route("/manage/events/<int:event_id>/edit", methods=["GET", "POST"])
@organiser_only
def edit_event(event_id: int):
    """Change an edition's titles, theme, venue and dates."""
    event = db.get_or_404(Event, event_id)
    form = EventForm(obj=event)
    if form.validate_on_submit():
        try:
            services.update_event(event, form.details(), actor_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return _to_event(event)
    return render_template("events/event_form.html", form=form, event=event)


@bp.post("/manage/events/<int:event_id>/status")
@organiser_only
def change_event_status(event_id: int):
    """Move the edition to another status (draft, open, closed, archived)."""
    event = db.get_or_404(Event, event_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            services.change_status(event, EventStatus(form.status.data), actor_id=current_user.id)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("The event is now %(status)s.", status=services.status_label(event.status)), "success")
    else:
        flash(_("Choose a valid status."), "error")
    return _to_event(event)


@bp.route("/manage/events/<int:event_id>/days/new", methods=["GET", "POST"])
@organiser_only
def new_day(event_id: int):
    """Add a day to the edition."""
    event = db.get_or_404(Event, event_id)
    form = DayForm()
    if form.validate_on_submit():
        try:
            services.add_day(event, form.date.data, form.label_sw.data or "", form.label_en.data or "",
                             form.opens_at.data, form.closes_at.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Day added."), "success")
            return _to_event(event, "days")
    return render_template("events/day_form.html", form=form, event=event, day=None)


@bp.route("/manage/days/<int:day_id>/edit", methods=["GET", "POST"])
@organiser_only
def edit_day(day_id: int):
    """Change a day's date, label or opening hours."""
    day = db.get_or_404(EventDay, day_id)
    form = DayForm(obj=day)
    if form.validate_on_submit():
        try:
            services.update_day(day, form.date.data, form.label_sw.data or "", form.label_en.data or "",
                                form.opens_at.data, form.closes_at.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return _to_event(day.event, "days")
    return render_template("events/day_form.html", form=form, event=day.event, day=day)


@bp.post("/manage/days/<int:day_id>/delete")
@organiser_only
def delete_day(day_id: int):
    """Remove a day (groups simply stop attending it)."""
    day = db.get_or_404(EventDay, day_id)
    event = day.event
    try:
        services.delete_day(day)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Day removed."), "success")
    return _to_event(event, "days")


def _group_form(event: Event, group: ParticipantGroup | None = None) -> GroupForm:
    form = GroupForm(obj=group)
    form.day_ids.choices = [(d.id, d.date.isoformat()) for d in event.days]
    if group is not None and request.method == "GET":
        form.day_ids.data = [d.id for d in group.days]
    return form


@bp.route("/manage/events/<int:event_id>/groups/new", methods=["GET", "POST"])
@organiser_only
def new_group(event_id: int):
    """Add a participant group and the days it attends."""
    event = db.get_or_404(Event, event_id)
    form = _group_form(event)
    if form.validate_on_submit():
        try:
            services.create_group(event, form.details())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Group added."), "success")
            return _to_event(event, "groups")
    return render_template("events/group_form.html", form=form, event=event, group=None)


@bp.route("/manage/groups/<int:group_id>/edit", methods=["GET", "POST"])
@organiser_only
def edit_group(group_id: int):
    """Change a group's names, colour and days."""
    group = db.get_or_404(ParticipantGroup, group_id)
    event = group.event
    form = _group_form(event, group)
    if form.validate_on_submit():
        try:
            services.update_group(group, form.details())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return _to_event(event, "groups")
    return render_template("events/group_form.html", form=form, event=event, group=group)


@bp.post("/manage/groups/<int:group_id>/delete")
@organiser_only
def delete_group(group_id: int):
    """Remove a participant group."""
    group = db.get_or_404(ParticipantGroup, group_id)
    event = group.event
    services.delete_group(group)
    flash(_("Group removed."), "success")
    return _to_event(event, "groups")


@bp.route("/manage/events/<int:event_id>/committees/new", methods=["GET", "POST"])
@organiser_only
def new_committee(event_id: int):
    """Add an organising committee."""
    event = db.get_or_404(Event, event_id)
    form = CommitteeForm()
    if form.validate_on_submit():
        try:
            committee = services.save_committee(
                event, form.name_sw.data, form.name_en.data, form.remit_sw.data or "", form.remit_en.data or ""
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Committee added."), "success")
            return redirect(url_for("events.manage_committee", committee_id=committee.id))
    return render_template("events/committee_form.html", form=form, event=event, committee=None)


@bp.route("/manage/committees/<int:committee_id>", methods=["GET", "POST"])
@organiser_only
def manage_committee(committee_id: int):
    """A committee: rename it, and list, add and remove its members."""
    committee = db.get_or_404(Committee, committee_id)
    form = CommitteeForm(obj=committee)
    if form.validate_on_submit():
        try:
            services.save_committee(
                committee.event, form.name_sw.data, form.name_en.data,
                form.remit_sw.data or "", form.remit_en.data or "", committee=committee,
            )
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("events.manage_committee", committee_id=committee.id))
    return render_template(
        "events/committee_form.html", form=form, event=committee.event, committee=committee,
        member_form=MemberForm(formdata=None),
    )


@bp.post("/manage/committees/<int:committee_id>/delete")
@organiser_only
def delete_committee(committee_id: int):
    """Remove a committee and its member list."""
    committee = db.get_or_404(Committee, committee_id)
    event = committee.event
    services.delete_committee(committee)
    flash(_("Committee removed."), "success")
    return _to_event(event, "committees")


@bp.post("/manage/committees/<int:committee_id>/members")
@organiser_only
def add_member(committee_id: int):
    """Add a member to a committee."""
    committee = db.get_or_404(Committee, committee_id)
    member_form = MemberForm()
    if member_form.validate_on_submit():
        try:
            services.add_member(
                committee, member_form.name.data, CommitteeRole(member_form.role.data),
                member_form.position.data or "", member_form.institution.data or "", member_form.email.data,
            )
        except DomainError as error:
            show_domain_error(member_form, error)
        else:
            flash(_("Member added."), "success")
            return redirect(url_for("events.manage_committee", committee_id=committee.id))
    return render_template(
        "events/committee_form.html", form=CommitteeForm(obj=committee, formdata=None),
        event=committee.event, committee=committee, member_form=member_form,
    ), 422 if request.method == "POST" else 200


@bp.post("/manage/members/<int:member_id>/delete")
@organiser_only
def remove_member(member_id: int):
    """Remove a member from a committee."""
    member = db.get_or_404(CommitteeMember, member_id)
    committee_id = member.committee_id
    services.remove_member(member)
    flash(_("Member removed."), "success")
    return redirect(url_for("events.manage_committee", committee_id=committee_id))

