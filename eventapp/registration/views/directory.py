"""Organisers' pages for the institutions directory: list, edit, review typed-in names,
CSV import and export."""
from datetime import date

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.uploads import read_upload
from eventapp.extensions import db
from eventapp.registration import bp
from eventapp.registration.manage_forms import (
    ApproveInstitutionForm,
    ImportInstitutionsForm,
    InstitutionForm,
    MergeInstitutionForm,
    choices,
)
from eventapp.registration.models import Institution, InstitutionType
from eventapp.registration.services import (
    directory,
    institutions,
)
from eventapp.registration.views.manage import _page_number, organiser_only

# --- institutions directory --------------------------------------------------------------


def _institution_type(value: str | None) -> InstitutionType | None:
    try:
        return InstitutionType(value) if value else None
    except ValueError:
        return None


@bp.get("/manage/institutions")
@organiser_only
def manage_institutions():
    """The directory: search, filter by type, page through; import and export as CSV."""
    text = (request.args.get("q") or "").strip()[:100]
    type_ = _institution_type(request.args.get("type"))
    page = directory.institutions_page(text, type_, _page_number())
    return render_template(
        "registration/manage_institutions.html", page=page, q=text, type_=type_,
        counts=directory.registration_counts_by_institution([i.id for i in page.items]),
        pending=directory.pending_count(), types=list(InstitutionType),
    )


def _institution_form(institution: Institution | None = None) -> InstitutionForm:
    form = InstitutionForm(obj=institution)
    if institution is not None and request.method == "GET":
        form.type.data = institution.type.value
    form.parent_id.choices = choices([(None, _("None"))] + [
        (m.id, m.label) for m in directory.ministries() if institution is None or m.id != institution.id
    ])
    return form


def _save_institution_view(institution: Institution | None):
    form = _institution_form(institution)
    if form.validate_on_submit():
        try:
            saved = institutions.save_institution(
                form.name.data, InstitutionType(form.type.data), form.acronym.data or "", form.parent_id.data,
                institution=institution,
            )
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(name)s saved.", name=saved.name), "success")
            return redirect(url_for("registration.manage_institutions", q=saved.name))
    merge_form = None
    if institution is not None:
        merge_form = MergeInstitutionForm(formdata=None)
        merge_form.target_id.choices = choices(_merge_targets(institution))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "registration/manage_institution_form.html", form=form, institution=institution, merge_form=merge_form,
        registrations=directory.registration_counts_by_institution([institution.id]).get(institution.id, 0)
        if institution else 0,
    ), status


def _merge_targets(institution: Institution) -> list:
    return [(None, "—")] + [
        (iid, f"{name} ({acronym})" if acronym else name)
        for iid, name, acronym in directory.reviewed_institutions() if iid != institution.id
    ]


@bp.route("/manage/institutions/new", methods=["GET", "POST"])
@organiser_only
def new_institution():
    """Add an institution to the directory."""
    return _save_institution_view(None)


@bp.route("/manage/institutions/<int:institution_id>/edit", methods=["GET", "POST"])
@organiser_only
def edit_institution(institution_id: int):
    """Change a directory entry (saving a typed-in name accepts it into the directory)."""
    return _save_institution_view(db.get_or_404(Institution, institution_id))


@bp.get("/manage/institutions/pending")
@organiser_only
def pending_institutions():
    """Names typed in by registrants, to accept into the directory or merge into an entry."""
    pending = directory.pending_institutions()
    targets = [(None, "—")] + [
        (iid, f"{name} ({acronym})" if acronym else name) for iid, name, acronym in directory.reviewed_institutions()
    ]
    return render_template(
        "registration/manage_institutions_pending.html", pending=pending, targets=targets,
        counts=directory.registration_counts_by_institution([i.id for i in pending]),
        types=list(InstitutionType),
    )


@bp.post("/manage/institutions/<int:institution_id>/approve")
@organiser_only
def approve_institution(institution_id: int):
    """Accept a typed-in name into the directory with a type."""
    institution = db.get_or_404(Institution, institution_id)
    form = ApproveInstitutionForm()
    if form.validate_on_submit():
        try:
            directory.approve_institution(institution, InstitutionType(form.type.data), actor_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("%(name)s is now in the directory.", name=institution.name), "success")
    else:
        flash(_("Choose the institution's type."), "error")
    return redirect(url_for("registration.pending_institutions"))


@bp.post("/manage/institutions/<int:institution_id>/merge")
@organiser_only
def merge_institution(institution_id: int):
    """Merge an entry into another one; its registrations move with it."""
    source = db.get_or_404(Institution, institution_id)
    form = MergeInstitutionForm()
    target = db.session.get(Institution, form.target_id.data) if form.validate_on_submit() else None
    back = request.form.get("back") == "pending"
    if target is None:
        flash(_("Choose the institution to merge into."), "error")
    else:
        source_name, target_name = source.name, target.name
        try:
            moved = directory.merge_institution(source, target, actor_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("%(source)s was merged into %(target)s; %(n)d registrations moved.",
                    source=source_name, target=target_name, n=moved), "success")
            if not back:
                return redirect(url_for("registration.edit_institution", institution_id=target.id))
    if back:
        return redirect(url_for("registration.pending_institutions"))
    return redirect(url_for("registration.edit_institution", institution_id=institution_id))


@bp.route("/manage/institutions/import", methods=["GET", "POST"])
@organiser_only
def import_institutions():
    """Add or update directory entries from a CSV file; nothing is saved if a row is wrong."""
    form = ImportInstitutionsForm()
    if form.validate_on_submit():
        try:
            data, _kind = read_upload(form.file.data, {"csv"}, current_app.config["MAX_SPREADSHEET_BYTES"],
                                      field="file")
            added, updated = institutions.import_csv(_decode(data))
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Directory imported: %(added)d added, %(updated)d updated.", added=added, updated=updated),
                  "success")
            return redirect(url_for("registration.manage_institutions"))
    status = 422 if request.method == "POST" else 200
    return render_template("registration/manage_institutions_import.html", form=form), status


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


@bp.get("/manage/institutions/export.csv")
@organiser_only
def export_institutions():
    """The whole directory as CSV, in the format the import reads."""
    return Response(
        "\ufeff" + institutions.export_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="institutions-{date.today().isoformat()}.csv"'},
    )
