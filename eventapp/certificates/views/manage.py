"""The organisers' certificate pages: per type who qualifies and what is issued, issuing a batch
(a background job), bundles to print, those who qualify but were missed, the list with its
filters and CSV, and one certificate's page (its PDF, history, revoking, correcting the name,
emailing it again). Another event's certificate is not found here (404)."""
import io
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, send_file, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.certificates import bp, delivery, listing, management
from eventapp.certificates.batches import running_batch, start_batch, start_bundle
from eventapp.certificates.designs import ready_for_issuing
from eventapp.certificates.eligibility import subjects_for
from eventapp.certificates.manage_forms import (
    BundleForm,
    CertificateFilterForm,
    CorrectNameForm,
    IssueBatchForm,
    IssueOneForm,
    RevokeForm,
    type_from_value,
)
from eventapp.certificates.models import Certificate, CertificateType
from eventapp.certificates.verification import TYPE_LABELS
from eventapp.core.errors import DomainError
from eventapp.core.form_flow import act, submit
from eventapp.core.forms import show_domain_error
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.exports import csv_lines

organiser_only = role_required(Role.ORGANISER)


def _type_or_404(type_value: str) -> CertificateType:
    certificate_type = type_from_value(type_value)
    if certificate_type is None:
        abort(404)
    return certificate_type


def _certificate_or_404(event_id: int, certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.event_id != event_id:
        abort(404)
    return certificate


def _index_url(event: Event, certificate_type: CertificateType | None = None) -> str:
    anchor = f"#type-{certificate_type.value}" if certificate_type else ""
    return url_for("certificates.manage_index", event_id=event.id) + anchor


# --- per type ------------------------------------------------------------------------------


@bp.get("/manage/events/<int:event_id>/certificates")
@organiser_only
def manage_index(event_id: int):
    """Each type: who qualifies, the valid and revoked certificates, what stops issuing (with
    the way to the design), the Issue button and the bundles to print."""
    event = db.get_or_404(Event, event_id)
    summaries = listing.summaries(event)
    return render_template(
        "certificates/manage_index.html", event=event, summaries=summaries, type_labels=TYPE_LABELS,
        issue_forms={s.type: IssueBatchForm(prefix=s.type.value, formdata=None) for s in summaries},
        bundle_forms={s.type: BundleForm(prefix=f"bundle-{s.type.value}", formdata=None) for s in summaries},
        running={s.type: running_batch(event, s.type) for s in summaries},
    )


@bp.post("/manage/events/<int:event_id>/certificates/<type_value>/issue")
@organiser_only
def issue_batch(event_id: int, type_value: str):
    """Start issuing a type's certificates to everyone who qualifies (a background job; the
    organiser goes to its progress page). Refused, with nothing queued, when the design is not
    ready, nobody qualifies or a batch of the type is already under way."""
    event = db.get_or_404(Event, event_id)
    certificate_type = _type_or_404(type_value)
    form = IssueBatchForm(prefix=certificate_type.value)
    if not form.validate_on_submit():
        flash(_("Choose what to download, then press Issue again."), "error")
        return redirect(_index_url(event, certificate_type))
    try:
        job = start_batch(event, certificate_type, current_user.id, email=form.email.data, bundle=form.bundle.data)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(_index_url(event, certificate_type))
    return redirect(url_for("jobs.status", job_id=job.id))


@bp.post("/manage/events/<int:event_id>/certificates/<type_value>/bundle")
@organiser_only
def bundle_certificates(event_id: int, type_value: str):
    """Every valid certificate of a type as a ZIP or one PDF to print (a background job)."""
    event = db.get_or_404(Event, event_id)
    certificate_type = _type_or_404(type_value)
    form = BundleForm(prefix=f"bundle-{certificate_type.value}")
    if not form.validate_on_submit():
        flash(_("Choose what to download."), "error")
        return redirect(_index_url(event, certificate_type))
    try:
        job = start_bundle(event, certificate_type, current_user.id, bundle=form.bundle.data)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(_index_url(event, certificate_type))
    return redirect(url_for("jobs.status", job_id=job.id))


@bp.get("/manage/events/<int:event_id>/certificates/<type_value>/missing")
@organiser_only
def manage_missing(event_id: int, type_value: str):
    """Those who qualify for a type and hold no valid certificate of it, each with a button
    to issue theirs by hand."""
    event = db.get_or_404(Event, event_id)
    certificate_type = _type_or_404(type_value)
    held = listing.live_keys(event, certificate_type)
    missing = [s for s in subjects_for(event, certificate_type) if s.key not in held]
    return render_template("certificates/manage_missing.html", event=event, certificate_type=certificate_type,
                           type_label=TYPE_LABELS[certificate_type], missing=missing, form=IssueOneForm(),
                           problems=ready_for_issuing(event, certificate_type))


@bp.post("/manage/events/<int:event_id>/certificates/<type_value>/issue-one")
@organiser_only
def issue_one(event_id: int, type_value: str):
    """Issue one qualifying person's certificate by hand (a batch missed them)."""
    event = db.get_or_404(Event, event_id)
    certificate_type = _type_or_404(type_value)
    back = url_for("certificates.manage_missing", event_id=event.id, type_value=certificate_type.value)
    form = IssueOneForm()
    if not form.validate_on_submit():
        flash(_("Choose the person again."), "error")
        return redirect(back)
    try:
        certificate = management.issue_one(event, certificate_type, form.key.data, current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    flash(_("Certificate %(serial)s issued to %(name)s.", serial=certificate.serial, name=certificate.holder_name),
          "success")
    return redirect(url_for("certificates.manage_certificate", event_id=event.id, certificate_id=certificate.id))


# --- the list ------------------------------------------------------------------------------


def _filter_form() -> CertificateFilterForm:
    form = CertificateFilterForm(formdata=request.args)
    form.validate()
    return form


def _filter_args(form: CertificateFilterForm) -> dict:
    filters = form.filters()
    args = {"type": filters.type.value if filters.type else None, "status": filters.status, "q": filters.text}
    return {name: value for name, value in args.items() if value}


@bp.get("/manage/events/<int:event_id>/certificates/list")
@organiser_only
def manage_list(event_id: int):
    """The event's certificates: by type, valid or revoked, searched by name, serial, email or
    institution; 50 a page, newest first."""
    event = db.get_or_404(Event, event_id)
    form = _filter_form()
    page = listing.certificates_page(event, form.filters(), request.args.get("page", 1, type=int) or 1)
    return render_template("certificates/manage_list.html", event=event, form=form, page=page,
                           args=_filter_args(form), type_labels=TYPE_LABELS)


@bp.get("/manage/events/<int:event_id>/certificates/export.csv")
@organiser_only
def export_csv(event_id: int):
    """The filtered list as CSV, streamed as it is read."""
    event = db.get_or_404(Event, event_id)
    filters = _filter_form().filters()
    name = f"certificates-{event.edition}-{date.today().isoformat()}.csv"
    return Response(stream_with_context(csv_lines(listing.EXPORT_COLUMNS, listing.export_rows(event, filters))),
                    mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- one certificate -----------------------------------------------------------------------


def _certificate_page(event: Event, certificate: Certificate, revoke_form=None, name_form=None, status=200):
    return render_template(
        "certificates/manage_certificate.html", event=event, certificate=certificate,
        history=listing.history_of(certificate), type_label=TYPE_LABELS[certificate.type],
        revoke_form=revoke_form or RevokeForm(formdata=None),
        name_form=name_form or CorrectNameForm(formdata=None, holder_name=certificate.holder_name),
    ), status


@bp.get("/manage/events/<int:event_id>/certificates/<int:certificate_id>")
@organiser_only
def manage_certificate(event_id: int, certificate_id: int):
    """One certificate: what it says, its PDF, who issued (and revoked) it and when, the one it
    replaced or that replaced it; revoke, correct the name, email again."""
    event = db.get_or_404(Event, event_id)
    return _certificate_page(event, _certificate_or_404(event.id, certificate_id))


@bp.get("/manage/events/<int:event_id>/certificates/<int:certificate_id>.pdf")
@organiser_only
def certificate_pdf(event_id: int, certificate_id: int):
    """The certificate's PDF (a revoked one too: the organisers keep the record)."""
    certificate = _certificate_or_404(event_id, certificate_id)
    response = send_file(io.BytesIO(delivery.render_one(certificate)), mimetype="application/pdf",
                         as_attachment=True, download_name=delivery.certificate_filename(certificate), max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/manage/events/<int:event_id>/certificates/<int:certificate_id>/revoke")
@organiser_only
def revoke_certificate(event_id: int, certificate_id: int):
    """Revoke with a reason; errors beside the field, nothing changed."""
    event = db.get_or_404(Event, event_id)
    certificate = _certificate_or_404(event.id, certificate_id)
    form = RevokeForm()
    here = url_for("certificates.manage_certificate", event_id=event.id, certificate_id=certificate.id)
    done = submit(form, lambda: management.revoke_certificate(certificate, form.reason.data, current_user.id),
                  _("Certificate %(serial)s is revoked.", serial=certificate.serial), here)
    return done or _certificate_page(event, certificate, revoke_form=form, status=422)


@bp.post("/manage/events/<int:event_id>/certificates/<int:certificate_id>/correct-name")
@organiser_only
def correct_certificate_name(event_id: int, certificate_id: int):
    """Correct the holder's name: the old certificate is revoked, a new one issued (and emailed
    if the old one was); the organiser goes to the new one."""
    event = db.get_or_404(Event, event_id)
    certificate = _certificate_or_404(event.id, certificate_id)
    form = CorrectNameForm()
    if form.validate_on_submit():
        try:
            correction = management.correct_certificate_name(certificate, form.holder_name.data, current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            new = correction.certificate
            flash(_("%(old)s is revoked; %(new)s is issued with the corrected name.", old=certificate.serial,
                    new=new.serial), "success")
            if correction.emailed is True:
                flash(_("The holder was emailed the new certificate."), "success")
            elif correction.emailed is False:
                flash(_("The new certificate could not be emailed; use “Email again”."), "error")
            return redirect(url_for("certificates.manage_certificate", event_id=event.id, certificate_id=new.id))
    return _certificate_page(event, certificate, name_form=form, status=422)


@bp.post("/manage/events/<int:event_id>/certificates/<int:certificate_id>/resend")
@organiser_only
def resend_certificate(event_id: int, certificate_id: int):
    """Email the certificate to its holder again."""
    certificate = _certificate_or_404(event_id, certificate_id)
    return act(lambda: delivery.resend(certificate, current_user.id),
               _("Certificate %(serial)s was emailed to %(email)s.", serial=certificate.serial,
                 email=certificate.holder_email),
               url_for("certificates.manage_certificate", event_id=event_id, certificate_id=certificate.id))
