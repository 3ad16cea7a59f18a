"""The reports committee's call pages: the call's summary (or the form to open it), its dates and
instructions, its sections, the institutions that must report, and the template."""
import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from eventapp.core.form_flow import act, submit
from eventapp.core.forms import show_row_errors
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.events.services import list_events
from eventapp.extensions import db
from eventapp.registration.models import Institution, InstitutionType
from eventapp.reports import bp, calls, focal
from eventapp.reports.forms import (
    STATUS_LABELS,
    AppointForm,
    CallForm,
    InstitutionForm,
    NewSectionForm,
    SectionsForm,
    TemplateForm,
)
from eventapp.reports.models import ReportCall, ReportSection, ReportSubmission
from eventapp.reports.submissions import call_state

committee = role_required(Role.REPORTS, Role.ORGANISER)


def _status() -> int:
    return 422 if request.method == "POST" else 200


def appoint_form(institution_id: int, formdata=None) -> AppointForm:
    """The form appointing a focal person of one institution (one per institution on the page)."""
    return AppointForm(prefix=f"focal{institution_id}", formdata=formdata)


def render_manage_page(event: Event, call: ReportCall | None, call_form: CallForm | None = None,
                       sent_appoint: tuple[int, AppointForm] | None = None):
    """The call's summary, or the form to open it; `sent_appoint` re-shows one institution's
    appointment form with its errors."""
    if call is None:
        return render_template("reports/manage_call.html", event=event, call=None,
                               form=call_form or CallForm(formdata=None)), _status()
    institutions = calls.reporting_institutions(call)
    submissions = {s.institution_id: s for s in db.session.scalars(
        sa.select(ReportSubmission).where(ReportSubmission.call_id == call.id))}
    forms = {i.id: appoint_form(i.id) for i in institutions}
    if sent_appoint is not None:
        forms[sent_appoint[0]] = sent_appoint[1]
    return render_template(
        "reports/manage_call.html", event=event, call=call, state=call_state(call), institutions=institutions,
        focal_persons=focal.focal_persons_of([i.id for i in institutions]), submissions=submissions,
        appoint_forms=forms, STATUS_LABELS=STATUS_LABELS,
    ), _status()


@bp.get("/manage/reports")
@committee
def manage_index():
    """Every edition, newest first, leading to its call for reports."""
    return render_template("reports/manage_index.html", events=list_events())


@bp.get("/manage/events/<int:event_id>/reports")
@committee
def manage_call(event_id: int):
    """The event's call for ministries' reports: dates, sections, the institutions that must
    report and their focal persons (with forms to appoint and remove them); a form to open the
    call when there is none."""
    event = db.get_or_404(Event, event_id)
    return render_manage_page(event, calls.call_of(event))


@bp.post("/manage/events/<int:event_id>/reports/call")
@committee
def create_call(event_id: int):
    """Open the call: it starts with the standard sections and every ministry in the directory."""
    event = db.get_or_404(Event, event_id)
    form = CallForm()
    done = submit(form, lambda: calls.save_call(event, form.details(), actor_id=current_user.id),
                  _("The call for reports is open to the ministries on the dates set."),
                  url_for("reports.manage_call", event_id=event.id))
    return done or render_manage_page(event, calls.call_of(event), call_form=form)


@bp.route("/manage/reports/calls/<int:call_id>/edit", methods=["GET", "POST"])
@committee
def edit_call(call_id: int):
    """Change the call's opening, deadlines and instructions."""
    call = db.get_or_404(ReportCall, call_id)
    form = CallForm()
    if request.method == "GET":
        form.fill_from(call)
    done = submit(form, lambda: calls.save_call(call.event, form.details(), call, actor_id=current_user.id),
                  _("The call is saved."), url_for("reports.manage_call", event_id=call.event_id))
    return done or (render_template("reports/call_form.html", form=form, call=call, event=call.event), _status())


# --- sections ----------------------------------------------------------------------------


def _sections_page(call: ReportCall, form: SectionsForm | None = None, new_form: NewSectionForm | None = None):
    if form is None:
        form = SectionsForm(formdata=None)
        form.fill_from(call)
    return render_template("reports/sections.html", call=call, event=call.event, form=form,
                           new_form=new_form or NewSectionForm(formdata=None),
                           locked=calls.has_submissions(call)), _status()


@bp.route("/manage/reports/calls/<int:call_id>/sections", methods=["GET", "POST"])
@committee
def edit_sections(call_id: int):
    """The report's sections: titles, guidance, required or not, and their order."""
    call = db.get_or_404(ReportCall, call_id)
    if request.method == "GET":
        return _sections_page(call)
    form = SectionsForm()
    done = submit(form, lambda: calls.update_sections(call, form.rows(), actor_id=current_user.id),
                  _("The sections are saved."), url_for("reports.edit_sections", call_id=call.id),
                  show_error=lambda form, error: show_row_errors(form, "sections", error))
    return done or _sections_page(call, form=form)


@bp.post("/manage/reports/calls/<int:call_id>/sections/new")
@committee
def add_section(call_id: int):
    """Add a section (only while no ministry has submitted)."""
    call = db.get_or_404(ReportCall, call_id)
    form = NewSectionForm()
    done = submit(form, lambda: calls.add_section(call, form.section_details(), actor_id=current_user.id),
                  _("The section is added."), url_for("reports.edit_sections", call_id=call.id))
    return done or _sections_page(call, new_form=form)


@bp.post("/manage/reports/sections/<int:section_id>/delete")
@committee
def remove_section(section_id: int):
    """Remove a section (only while no ministry has submitted)."""
    section = db.get_or_404(ReportSection, section_id)
    return act(lambda: calls.remove_section(section, actor_id=current_user.id),
               _("The section is removed."), url_for("reports.edit_sections", call_id=section.call_id))


# --- institutions that must report -------------------------------------------------------

GROUP_LABELS = {True: _l("Ministries"), False: _l("Other institutions")}


def _institution_choices(call: ReportCall) -> list[SelectChoice]:
    """The directory's institutions not yet on the list: ministries, then the others."""
    return [SelectChoice(i.id, i.label, optgroup=str(GROUP_LABELS[i.type is InstitutionType.MINISTRY]))
            for i in calls.addable_institutions(call)]


@bp.route("/manage/reports/calls/<int:call_id>/institutions", methods=["GET", "POST"])
@committee
def edit_institutions(call_id: int):
    """The institutions that must report, and the form to add one from the directory."""
    call = db.get_or_404(ReportCall, call_id)
    form = InstitutionForm()
    form.institution_id.choices = _institution_choices(call)
    done = submit(form,
                  lambda: calls.add_reporting_institution(call, form.institution_id.data, actor_id=current_user.id),
                  lambda added: _("%(name)s must now report.", name=added.name),
                  url_for("reports.edit_institutions", call_id=call.id))
    if done:
        return done
    submitted = set(db.session.scalars(sa.select(ReportSubmission.institution_id)
                                       .where(ReportSubmission.call_id == call.id)))
    return render_template("reports/institutions.html", call=call, event=call.event, form=form,
                           institutions=calls.reporting_institutions(call), submitted=submitted), _status()


@bp.post("/manage/reports/calls/<int:call_id>/institutions/<int:institution_id>/delete")
@committee
def remove_institution(call_id: int, institution_id: int):
    """Take an institution off the list (not once it has submitted)."""
    call = db.get_or_404(ReportCall, call_id)
    institution = db.get_or_404(Institution, institution_id)
    return act(lambda: calls.remove_reporting_institution(call, institution, actor_id=current_user.id),
               _("%(name)s no longer has to report.", name=institution.name),
               url_for("reports.edit_institutions", call_id=call.id))


# --- the template ------------------------------------------------------------------------


@bp.route("/manage/reports/calls/<int:call_id>/template", methods=["GET", "POST"])
@committee
def manage_template(call_id: int):
    """The template the ministries download: the organisers' own DOCX or PDF, or else the PDF
    generated from the sections."""
    call = db.get_or_404(ReportCall, call_id)
    form = TemplateForm()
    limit = int(current_app.config["MAX_REPORT_BYTES"])
    form.template.description = _("At most %(mb)s MB; checked by its content, not its name.",
                                  mb=f"{limit / 1_000_000:.1f}")
    done = submit(form, lambda: calls.upload_template(call, form.template.data, actor_id=current_user.id),
                  lambda saved: _("The template is replaced by %(name)s.", name=saved.template_name),
                  url_for("reports.manage_template", call_id=call.id))
    return done or (render_template("reports/template.html", call=call, event=call.event, form=form), _status())


@bp.post("/manage/reports/calls/<int:call_id>/template/delete")
@committee
def remove_template(call_id: int):
    """Go back to the template generated from the sections."""
    call = db.get_or_404(ReportCall, call_id)
    calls.remove_template(call, actor_id=current_user.id)
    flash(_("The ministries now download the template generated from the sections."), "success")
    return redirect(url_for("reports.manage_template", call_id=call.id))
