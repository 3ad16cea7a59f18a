"""The programme committee's pages for rooms and for the people on the programme."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme import bp
from eventapp.programme import people as people_rules
from eventapp.programme import rooms as room_rules
from eventapp.programme.forms import PersonForm, RoomForm
from eventapp.programme.models import Person, Room
from eventapp.programme.views.manage import _page_number, _render, programme_editors
from eventapp.registration.services.listing import Page

# Rooms ------------------------------------------------------------------------------------


@bp.route("/manage/events/<int:event_id>/rooms", methods=["GET", "POST"])
@programme_editors
def manage_rooms(event_id: int):
    """The edition's rooms, and a form to add one."""
    event = db.get_or_404(Event, event_id)
    form = RoomForm()
    if form.validate_on_submit():
        try:
            room_rules.create_room(event, form.name.data, form.capacity.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Room added."), "success")
            return redirect(url_for("programme.manage_rooms", event_id=event.id))
    rooms = room_rules.list_rooms(event)
    return _render(
        "manage_rooms", event=event, form=form, rooms=rooms,
        usage={r.id: room_rules.room_usage(r) for r in rooms},
    )


@bp.route("/manage/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@programme_editors
def manage_edit_room(room_id: int):
    """Rename a room or change its seats."""
    room = db.get_or_404(Room, room_id)
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        try:
            room_rules.update_room(room, form.name.data, form.capacity.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("programme.manage_rooms", event_id=room.event_id))
    room = db.get_or_404(Room, room_id)
    return _render("manage_room_form", room=room, event=room.event, form=form)


@bp.post("/manage/rooms/<int:room_id>/delete")
@programme_editors
def manage_delete_room(room_id: int):
    """Remove a room no item uses."""
    room = db.get_or_404(Room, room_id)
    event_id = room.event_id
    try:
        room_rules.delete_room(room)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Room removed."), "success")
    return redirect(url_for("programme.manage_rooms", event_id=event_id))


# People -----------------------------------------------------------------------------------


@bp.get("/manage/people")
@programme_editors
def manage_people():
    """Everyone who can appear on a programme: search by name, institution, position or email."""
    text = (request.args.get("q") or "").strip()[:100]
    total = people_rules.count_people(text)
    per_page = people_rules.PEOPLE_PER_PAGE
    page_number = min(max(_page_number(), 1), max((total + per_page - 1) // per_page, 1))
    people = people_rules.search_people(text, limit=per_page, offset=(page_number - 1) * per_page)
    page = Page(items=people, page=page_number, per_page=per_page, total=total)
    return _render("manage_people", page=page, q=text)


@bp.route("/manage/people/new", methods=["GET", "POST"])
@programme_editors
def manage_new_person():
    """Add a person who can be given roles on the programme."""
    form = PersonForm()
    if form.validate_on_submit():
        try:
            person = people_rules.create_person(form.person_details())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("%(name)s added.", name=person.display_name), "success")
            return redirect(url_for("programme.manage_people", q=person.name))
    return _render("manage_person_form", form=form, person=None, roles=[])


@bp.route("/manage/people/<int:person_id>/edit", methods=["GET", "POST"])
@programme_editors
def manage_edit_person(person_id: int):
    """Change a person's details; lists the items they are on."""
    person = db.get_or_404(Person, person_id)
    form = PersonForm(obj=person)
    if form.validate_on_submit():
        try:
            people_rules.update_person(person, form.person_details())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("programme.manage_people", q=person.name))
    person = db.get_or_404(Person, person_id)
    roles = sorted(person.roles, key=lambda r: (r.item.day.date, r.item.starts_at))
    return _render("manage_person_form", form=form, person=person, roles=roles)
