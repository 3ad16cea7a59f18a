"""Public verification of a certificate by its code (the QR code on the PDF opens it) and a form
to type a code; the holders' own certificates: a registrant's by the signed link of their
registration page, a logged-in person's under /my/certificates."""
import io

from flask import abort, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from eventapp.certificates import bp, holders, verification
from eventapp.certificates.documents import render_certificates
from eventapp.certificates.models import Certificate
from eventapp.certificates.verification import MAX_TYPED, RATE_LIMIT_SCOPE, code_from_typed, rate_limit, type_label
from eventapp.core.errors import DomainError
from eventapp.core.roles import login_required
from eventapp.extensions import limiter
from eventapp.registration.models import Registration
from eventapp.registration.services.lifecycle import registration_for_token

# One budget per client address for the page and the JSON API (eventapp/api/certificates.py).
verification_limit = limiter.shared_limit(rate_limit, scope=RATE_LIMIT_SCOPE)


class VerifyForm(FlaskForm):
    code = StringField(
        _l("Verification code"),
        validators=[DataRequired(message=_l("Type the code printed under the QR code.")), Length(max=MAX_TYPED)],
        description=_l("The code printed under the QR code, or the whole link."),
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false", "maxlength": MAX_TYPED},
    )


def _private(response, status: int | None = None):
    """Names of people: never cached (a revocation shows at once), never indexed."""
    response = make_response(response)
    if status is not None:
        response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def not_found_page():
    form = VerifyForm(formdata=None, meta={"csrf": False})
    return _private(render_template("certificates/verify_not_found.html", form=form), 404)


@bp.get("/verify")
def verify_form():
    """A form to type a certificate's code (or paste its link); sent, it opens /verify/<code>."""
    form = VerifyForm(formdata=request.args, meta={"csrf": False})
    if "code" in request.args:
        if form.validate():
            code = code_from_typed(form.code.data)
            if code:
                return redirect(url_for("certificates.verify", code=code))
            form.code.errors.append(_l("Type the code printed under the QR code."))
        return _private(render_template("certificates/verify_form.html", form=form), 422)
    return _private(render_template("certificates/verify_form.html", form=form))


@bp.get("/verify/<path:code>")
@verification_limit
def verify(code: str):
    """VALID or REVOKED with the holder, event, type, issue date and serial; any code that is not
    a certificate's (unknown, malformed, tampered) gets the same not-found page, status 404."""
    found = verification.verify(code)
    if found is None:
        return not_found_page()
    return _private(render_template("certificates/verify.html", v=found))


def _pdf(certificate: Certificate):
    response = send_file(io.BytesIO(render_certificates([certificate])), mimetype="application/pdf",
                         as_attachment=True, download_name=f"certificate-{certificate.serial}.pdf", max_age=0)
    return _private(response)


def _withdrawn(certificate: Certificate, download_url, back_url: str):
    """A revoked certificate is not downloaded: a 404 page says so, with the corrected one's
    download when a name correction replaced it."""
    replacement = holders.valid_replacement(certificate)
    return _private(render_template(
        "certificates/verify_withdrawn.html", certificate=certificate, back_url=back_url,
        replacement_url=download_url(replacement) if replacement is not None else None,
    ), 404)


def _registrant_registration_or_404(token: str) -> Registration:
    try:
        return registration_for_token(token)
    except DomainError as error:
        abort(make_response(render_template("registration/status_invalid.html", message=error.message), 404))


bp.app_template_global("certificate_type_label")(type_label)


@bp.app_template_global()
def registrant_certificates(registration: Registration) -> list[Certificate]:
    """The registration's valid certificates, for the registrant's page (registration.status)."""
    return holders.registrant_certificates(registration)


@bp.get("/registration/<token>/certificates/<code>.pdf")
def registrant_certificate(token: str, code: str):
    """A registrant's certificate PDF by the signed link of their registration page; another
    registration's certificate is not found (404), a revoked one is refused (404)."""
    registration = _registrant_registration_or_404(token)
    certificate = holders.registrant_certificate(registration, code)
    if certificate is None:
        abort(404)
    if not certificate.valid:
        return _withdrawn(certificate, lambda c: url_for("certificates.registrant_certificate", token=token,
                                                         code=c.code),
                          url_for("registration.status", token=token))
    return _pdf(certificate)


@bp.get("/my/certificates")
@login_required
def mine():
    """The logged-in person's valid certificates (issued to the account or to its email)."""
    return _private(render_template("certificates/mine.html", certificates=holders.user_certificates(current_user)))


@bp.get("/my/certificates/<code>.pdf")
@login_required
def my_certificate_pdf(code: str):
    """One of the logged-in person's certificates as a PDF; anyone else's is not found (404)."""
    certificate = holders.user_certificate(current_user, code)
    if certificate is None:
        abort(404)
    if not certificate.valid:
        return _withdrawn(certificate, lambda c: url_for("certificates.my_certificate_pdf", code=c.code),
                          url_for("certificates.mine"))
    return _pdf(certificate)
