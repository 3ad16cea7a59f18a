"""The programme committee's timetable editor: days, items and sub-items, moves and copies,
people and their roles. Each view parses a form, calls one service and redirects, or
re-displays the form with the service's message beside the field it concerns."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.i18n import localized
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event, EventDay
from eventapp.events.services import list_events
from eventapp.extensions import db
from eventapp.programme import bp, conflict_report, services
from eventapp.programme import people as people_rules
from eventapp.programme import rooms as room_rules
from eventapp.programme.forms import AssignForm, CopyDayForm, ItemForm, MoveForm, choices
from eventapp.programme.messages import clock, kind_label, role_label, span
from eventapp.programme.models import ItemKind, ItemPerson, Person, ProgrammeItem

programme_editors = role_required(Role.PROGRAMME, Role.ORGANISER)

HELPERS = {"kind_label": kind_label, "role_label": role_label, "span": span, "clock": clock}


def _render(template: str, status: int = 200, **context):
    return render_template(f"programme/{template}.html", **HELPERS, **context), status


def _to_day(day_id: int, item_id: int | None = None):
    anchor = f"#item-{item_id}" if item_id else ""
    return redirect(url_for("programme.manage_day", day_id=day_id) + anchor)


def _day_label(day: EventDay) -> str:
    label = localized(day, "label")
    return f"{format_date(day.date, 'medium')} {label}".strip()


def _page_number() -> int:
    return request.args.get("page", 1, type=int) or 1


# Forms with their choices ----------------------------------------------------------------


def _next_start(items: list[ProgrammeItem]):
    """Where a new item most likely starts: when the day's last item ends."""
    ends = [i.ends_at or i.starts_at for i in items if i.parent_id is None]
    return max(ends) if ends else None


def _item_form(day: EventDay, item: ProgrammeItem | None = None, submitted: bool = True) -> ItemForm:
    """The item form with the day's sessions, the event's rooms and groups as its choices;
    `submitted=False` ignores the request's form data (a fresh form beside another one)."""
    event = day.event
    form = ItemForm(obj=item) if submitted else ItemForm(formdata=None, obj=item)
    items = services.day_items(day)
    sessions = [i for i in items if i.parent_id is None and (item is None or i.id != item.id)]
    form.parent_id.choices = choices(
        [("", _("— not inside a session —"))]
        + [(s.id, f"{span(s.starts_at, s.ends_at)} {localized(s, 'title')}") for s in sessions]
    )
    form.room_id.choices = choices([("", _("— no room —"))] + [(r.id, r.name) for r in room_rules.list_rooms(event)])
    form.group_ids.choices = choices((g.id, localized(g, "name")) for g in event.groups)
    fresh = not submitted or request.method == "GET"
    if fresh and item is not None:
        form.kind.data = item.kind.value
        form.group_ids.data = [g.id for g in item.groups]
    elif fresh:
        form.starts_at.data = _next_start(items)
    return form


def _move_form(item: ProgrammeItem, submitted: bool = False) -> MoveForm:
    # Prefixed: the item's own edit form on the same page also has a `starts_at`.
    form = MoveForm(prefix="move") if submitted else MoveForm(
        prefix="move", formdata=None, day_id=item.day_id, starts_at=item.starts_at
    )
    form.day_id.choices = choices([(d.id, _day_label(d)) for d in item.event.days])
    return form


def _assign_form(submitted: bool = False) -> AssignForm:
    form = AssignForm() if submitted else AssignForm(formdata=None)
    people = people_rules.search_people()
    form.person_id.choices = choices(
        [("", _("— choose a person —"))]
        + [(p.id, f"{p.display_name} ({p.institution})" if p.institution else p.display_name) for p in people]
    )
    return form


def _copy_form(day: EventDay, submitted: bool = False) -> CopyDayForm:
    form = CopyDayForm() if submitted else CopyDayForm(formdata=None)
    form.target_day_id.choices = choices(
        [("", _("— choose a day —"))] + [(d.id, _day_label(d)) for d in day.event.days if d.id != day.id]
    )
    return form


# Overview ---------------------------------------------------------------------------------


@bp.get("/manage/programme")
@programme_editors
def manage_index():
    """Every edition, with a link to its programme."""
    return _render("manage_index", events=list_events())


@bp.get("/manage/events/<int:event_id>/programme")
@programme_editors
def manage_event(event_id: int):
    """An edition's days with how many items and conflicts each has."""
    event = db.get_or_404(Event, event_id)
    notices = conflict_report.conflicts_for_event(event)
    conflict_counts: dict[int, int] = {}
    for notice in notices:
        conflict_counts[notice.day_id] = conflict_counts.get(notice.day_id, 0) + 1
    return _render(
        "manage_event", event=event, item_counts=services.item_counts(event), conflict_counts=conflict_counts,
        rooms=room_rules.list_rooms(event),
    )


# One day's timetable ----------------------------------------------------------------------


def _rows(items: list[ProgrammeItem]) -> list[tuple[ProgrammeItem, int]]:
    """The day's items as table rows: each session followed by its sub-items (depth 1)."""
    rows = []
    for item in items:
        if item.parent_id is None:
            rows.append((item, 0))
            rows.extend((child, 1) for child in item.children)
    return rows


def _day_page(day: EventDay, status: int = 200, item_form=None, copy_form=None):
    notices = conflict_report.conflicts_for_day(day)
    flagged: dict[int, list[str]] = {}
    for notice in notices:
        for item_id in notice.item_ids:
            flagged.setdefault(item_id, []).append(notice.message)
    rows = _rows(services.day_items(day))
    return _render(
        "manage_day", status, day=day, event=day.event, rows=rows, by_id={item.id: item for item, _depth in rows},
        notices=notices, flagged=flagged, item_form=item_form or _item_form(day, submitted=False),
        copy_form=copy_form or _copy_form(day),
    )


@bp.get("/manage/days/<int:day_id>/programme")
@programme_editors
def manage_day(day_id: int):
    """The day's timetable with its conflicts at the top, and forms to add and copy."""
    return _day_page(db.get_or_404(EventDay, day_id))


@bp.route("/manage/days/<int:day_id>/programme/items/new", methods=["GET", "POST"])
@programme_editors
def manage_new_item(day_id: int):
    """Add an item to the day; `?parent_id=` starts a sub-item of that session."""
    day = db.get_or_404(EventDay, day_id)
    form = _item_form(day)
    if request.method == "GET":
        parent = db.session.get(ProgrammeItem, request.args.get("parent_id", type=int) or 0)
        if parent is not None and parent.day_id == day.id and parent.parent_id is None:
            form.parent_id.data = parent.id
            form.kind.data = ItemKind.PRESENTATION.value
            form.room_id.data = parent.room_id
            form.group_ids.data = [g.id for g in parent.groups]
            last = parent.children[-1] if parent.children else None
            form.starts_at.data = (last.ends_at or last.starts_at) if last else parent.starts_at
    if form.validate_on_submit():
        try:
            item = services.create_item(day.event, form.details(day.id))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Item added."), "success")
            return _to_day(day.id, item.id)
    return _render("manage_item_form", day=day, event=day.event, form=form)


def _item_page(item: ProgrammeItem, status: int = 200, form=None, move_form=None, assign_form=None):
    day = item.day
    return _render(
        "manage_item", status, item=item, day=day, event=item.event,
        form=form or _item_form(day, item, submitted=False),
        move_form=move_form or _move_form(item),
        assign_form=assign_form or _assign_form(),
        notices=[n for n in conflict_report.conflicts_for_day(day) if item.id in n.item_ids],
    )


@bp.route("/manage/items/<int:item_id>", methods=["GET", "POST"])
@programme_editors
def manage_item(item_id: int):
    """One item: edit it, move it, give people roles on it, or delete it."""
    item = db.get_or_404(ProgrammeItem, item_id)
    day = item.day
    if request.method == "GET":
        return _item_page(item)
    form = _item_form(day, item)
    if form.validate_on_submit():
        try:
            services.update_item(item, form.details(day.id))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return _to_day(day.id, item.id)
    return _item_page(db.get_or_404(ProgrammeItem, item_id), form=form)


@bp.post("/manage/items/<int:item_id>/move")
@programme_editors
def manage_move_item(item_id: int):
    """Move the item (and its sub-items) to another day or start time."""
    item = db.get_or_404(ProgrammeItem, item_id)
    form = _move_form(item, submitted=True)
    if form.validate_on_submit():
        try:
            services.move_item(item, form.day_id.data, form.starts_at.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Moved."), "success")
            return _to_day(item.day_id, item.id)
    return _item_page(db.get_or_404(ProgrammeItem, item_id), 422, move_form=form)


@bp.post("/manage/items/<int:item_id>/delete")
@programme_editors
def manage_delete_item(item_id: int):
    """Delete the item with its sub-items."""
    item = db.get_or_404(ProgrammeItem, item_id)
    day_id = item.day_id
    services.delete_item(item)
    flash(_("Item deleted."), "success")
    return _to_day(day_id)


@bp.post("/manage/items/<int:item_id>/people")
@programme_editors
def manage_assign_person(item_id: int):
    """Give a person a role on the item: someone chosen from the list, or a new person."""
    item = db.get_or_404(ProgrammeItem, item_id)
    form = _assign_form(submitted=True)
    if form.validate_on_submit():
        try:
            if form.person_id.data is not None:
                person = db.session.get(Person, form.person_id.data)
                services.assign_person(item, person, form.role.data)
            else:
                services.assign_new_person(item, form.person_details(), form.role.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Person added to the item."), "success")
            return redirect(url_for("programme.manage_item", item_id=item.id) + "#people")
    return _item_page(db.get_or_404(ProgrammeItem, item_id), 422, assign_form=form)


@bp.post("/manage/item-people/<int:link_id>/delete")
@programme_editors
def manage_remove_person(link_id: int):
    """Take a person's role off an item."""
    link = db.get_or_404(ItemPerson, link_id)
    item_id = link.item_id
    services.remove_person(link)
    flash(_("Removed from the item."), "success")
    return redirect(url_for("programme.manage_item", item_id=item_id) + "#people")


@bp.post("/manage/days/<int:day_id>/programme/copy")
@programme_editors
def manage_copy_day(day_id: int):
    """Copy this day's whole programme to another day that has none yet."""
    day = db.get_or_404(EventDay, day_id)
    form = _copy_form(day, submitted=True)
    if form.validate_on_submit():
        try:
            copied = services.copy_day(day, form.target_day_id.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("%(n)d items copied.", n=copied), "success")
            return _to_day(form.target_day_id.data)
    return _day_page(db.get_or_404(EventDay, day_id), 422, copy_form=form)
