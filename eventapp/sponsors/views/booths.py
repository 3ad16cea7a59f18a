"""Organisers' exhibition pages: the booth list with holders and free booths, adding and
changing booths, giving a booth to a sponsor and taking it back, and the floor plan."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.i18n import localized
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.sponsors import booths as booth_rules
from eventapp.sponsors import bp
from eventapp.sponsors.booth_forms import AllocateForm, BoothForm, ReleaseForm
from eventapp.sponsors.floor_plan import lay_out, short_label
from eventapp.sponsors.models import Booth, Sponsor

organisers = role_required(Role.ORGANISER)


def _to_list(event_id: int):
    return redirect(url_for("sponsors.manage_booths", event_id=event_id))


def floor_plan_of(booths: list[Booth]):
    """The booths laid out on their grid, for `templates/sponsors/_booths_svg.html`."""
    return lay_out((booth, booth.grid_x, booth.grid_y) for booth in booths)


def _render(template: str, **context):
    return render_template(
        f"sponsors/{template}.html", holder_label=booth_rules.holder_label, short_label=short_label, **context
    )


@bp.route("/manage/events/<int:event_id>/booths", methods=["GET", "POST"])
@organisers
def manage_booths(event_id: int):
    """The edition's booths with their holders (free ones marked), and a form to add one."""
    event = db.get_or_404(Event, event_id)
    form = BoothForm()
    if form.validate_on_submit():
        try:
            booth = booth_rules.create_booth(event, form.details(), actor_id=current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Booth %(number)s added.", number=booth.number), "success")
            return _to_list(event.id)
    booths = booth_rules.list_booths(event)
    return _render(
        "booths", event=event, form=form, booths=booths,
        free_count=sum(1 for b in booths if booth_rules.is_free(b)),
        release_form=ReleaseForm(formdata=None),
    )


@bp.route("/manage/booths/<int:booth_id>/edit", methods=["GET", "POST"])
@organisers
def manage_edit_booth(booth_id: int):
    """Change a booth's number, size, location or place on the floor plan."""
    booth = db.get_or_404(Booth, booth_id)
    form = BoothForm(obj=booth)
    if form.validate_on_submit():
        try:
            booth_rules.update_booth(booth, form.details(), actor_id=current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return _to_list(booth.event_id)
    booth = db.get_or_404(Booth, booth_id)
    return _render("booths_form", booth=booth, event=booth.event, form=form)


@bp.post("/manage/booths/<int:booth_id>/delete")
@organisers
def manage_delete_booth(booth_id: int):
    """Remove a free booth."""
    booth = db.get_or_404(Booth, booth_id)
    event_id, number = booth.event_id, booth.number
    try:
        booth_rules.delete_booth(booth, actor_id=current_user.id)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Booth %(number)s removed.", number=number), "success")
    return _to_list(event_id)


def _package_name(sponsor: Sponsor) -> str:
    package = sponsor.package
    size = f", {package.booth_size_m2} m²" if package.booth_size_m2 else ""
    return f"{localized(package, 'name')}{size}"


@bp.route("/manage/booths/<int:booth_id>/allocate", methods=["GET", "POST"])
@organisers
def manage_allocate_booth(booth_id: int):
    """Give a free booth to one of the edition's confirmed (or invoiced, or paid) sponsors."""
    booth = db.get_or_404(Booth, booth_id)
    sponsors = booth_rules.eligible_sponsors(booth.event)
    form = AllocateForm()
    form.sponsor_id.choices = [("", _("Choose a sponsor"))] + [
        (s.id, f"{s.institution.label} — {_package_name(s)}") for s in sponsors
    ]
    if form.validate_on_submit():
        sponsor = db.session.get(Sponsor, form.sponsor_id.data) if form.sponsor_id.data else None
        if sponsor is None:
            form.sponsor_id.errors = [*form.sponsor_id.errors, _("Choose a sponsor.")]
        else:
            try:
                booth_rules.allocate_booth(booth, sponsor, actor_id=current_user.id)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                flash(_("Booth %(number)s allocated to %(holder)s.", number=booth.number,
                        holder=booth_rules.holder_label(booth)), "success")
                return _to_list(booth.event_id)
    booth = db.get_or_404(Booth, booth_id)
    return _render(
        "booths_allocate", booth=booth, event=booth.event, form=form, sponsors=sponsors,
        current_booths=booth_rules.booth_numbers_by_sponsor(booth.event),
    )


@bp.post("/manage/booths/<int:booth_id>/release")
@organisers
def manage_release_booth(booth_id: int):
    """Take a booth back from its holder (only the holder the organiser saw on the page)."""
    booth = db.get_or_404(Booth, booth_id)
    form = ReleaseForm()
    if form.validate_on_submit():
        try:
            booth_rules.release_booth(booth, expected_sponsor_id=form.sponsor_id.data,
                                      actor_id=current_user.id)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("Booth %(number)s is free again.", number=booth.number), "success")
    return _to_list(booth.event_id)


@bp.get("/manage/events/<int:event_id>/floor-plan")
@organisers
def manage_floor_plan(event_id: int):
    """The edition's floor plan; each booth links to its page (allocate if free, else edit)."""
    event = db.get_or_404(Event, event_id)
    booths = booth_rules.list_booths(event)
    return _render("booths_floor_plan", event=event, booths=booths, plan=floor_plan_of(booths))
