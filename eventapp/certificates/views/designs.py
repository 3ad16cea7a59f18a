"""Organisers' pages for the certificate designs of an event: the six types with their state,
a type's wording and signatories, its current signature pictures, and a sample PDF."""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.certificates import bp, designs, documents
from eventapp.certificates.design_forms import TYPE_LABELS, DesignForm
from eventapp.certificates.models import CertificateType
from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.roles import Role, role_required
from eventapp.core.uploads import upload_path
from eventapp.events.models import Event
from eventapp.extensions import db

organisers = role_required(Role.ORGANISER)


def _type_or_404(value: str) -> CertificateType:
    certificate_type = designs.type_from_value(value)
    if certificate_type is None:
        abort(404)
    return certificate_type


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/manage/events/<int:event_id>/certificates/designs", endpoint="designs")
@organisers
def designs_page(event_id: int):
    """The six certificate types of the event: saved or default wording, signatories, and what
    still stops issuing each."""
    event = db.get_or_404(Event, event_id)
    rows = []
    for certificate_type in CertificateType:
        design = designs.design_for(event, certificate_type)
        rows.append({"type": certificate_type, "label": TYPE_LABELS[certificate_type], "design": design,
                     "saved": design.id is not None, "signatories": designs.signatories(design),
                     "problems": designs.ready_for_issuing(event, certificate_type)})
    return render_template("certificates/design_list.html", event=event, rows=rows)


@bp.route("/manage/events/<int:event_id>/certificates/designs/<type>", methods=["GET", "POST"])
@organisers
def edit_design(event_id: int, type: str):  # noqa: A002 — the URL's own word
    """Change a type's wording, signatories (with signature pictures), logos and (participation)
    the days attended; every problem is shown beside its field and nothing is saved."""
    event = db.get_or_404(Event, event_id)
    certificate_type = _type_or_404(type)
    design = designs.design_for(event, certificate_type)
    form = DesignForm().for_type(certificate_type, designs.event_day_count(event))
    if request.method == "GET":
        form.fill_from(design)
    elif form.validate_on_submit():
        try:
            designs.save_design(
                event, certificate_type, form.details(), signatures=(form.signature1.data, form.signature2.data),
                remove_signatures=(bool(form.remove_signature1.data), bool(form.remove_signature2.data)),
                actor_id=current_user.id,
            )
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The design of the %(type)s certificate is saved.", type=TYPE_LABELS[certificate_type]),
                  "success")
            return redirect(url_for("certificates.designs", event_id=event.id))
    status = 422 if request.method == "POST" else 200
    return render_template("certificates/design_form.html", event=event, form=form, design=design,
                           type=certificate_type, label=TYPE_LABELS[certificate_type]), status


@bp.get("/manage/events/<int:event_id>/certificates/designs/<type>/preview.pdf")
@organisers
def preview_design(event_id: int, type: str):  # noqa: A002
    """A sample certificate of the type's current design, marked MFANO / SAMPLE, whose QR code
    verifies as not found."""
    event = db.get_or_404(Event, event_id)
    certificate_type = _type_or_404(type)
    pdf = documents.render_sample(event, certificate_type)
    response = send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=False,
                         download_name=f"cheti-mfano-{certificate_type.value}.pdf", max_age=0)
    return _no_store(response)


@bp.get("/manage/events/<int:event_id>/certificates/designs/<type>/signature-<int:number>.png")
@organisers
def design_signature(event_id: int, type: str, number: int):  # noqa: A002
    """A stored signature picture of a saved design (for the organisers' form)."""
    event = db.get_or_404(Event, event_id)
    design = designs.saved_design(event, _type_or_404(type))
    if design is None or number not in designs.SIGNATORIES:
        abort(404)
    name = getattr(design, f"signatory{number}_signature")
    path = upload_path(name) if name else None
    if path is None or not path.is_file():
        abort(404)
    return _no_store(send_file(path, mimetype="image/png", max_age=0))
