"""Certificate verification for other systems: `GET /api/v1/certificates/<code>`, public like the
verification page (whoever holds a certificate may check it from anywhere) and rate-limited with
it, on one budget per client address."""
from typing import Literal

from flask import jsonify
from flask_babel import gettext as _
from pydantic import BaseModel

from eventapp.api import bp
from eventapp.api.schemas import ErrorBody
from eventapp.api.spec import documented
from eventapp.certificates import verification
from eventapp.certificates.models import CertificateType
from eventapp.extensions import limiter

verification_limit = limiter.shared_limit(verification.rate_limit, scope=verification.RATE_LIMIT_SCOPE)


def _private(response, status: int):
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


class CertificateEvent(BaseModel):
    edition: int
    title_sw: str
    title_en: str
    starts_on: str
    ends_on: str
    venue: str
    city: str


class CertificateAnswer(BaseModel):
    code: str
    status: Literal["valid", "revoked"]
    holder: str
    institution: str
    type: CertificateType
    type_label: str
    detail_sw: str
    detail_en: str
    event: CertificateEvent
    issued_on: str
    serial: str
    revoked_on: str | None = None
    replaced_by_code: str | None = None


@bp.get("/certificates/<path:code>")
@verification_limit
@documented(tags=("certificates",), responses={200: CertificateAnswer, 404: ErrorBody, 429: ErrorBody}, token=False)
def certificate(code: str):
    """The certificate with this code: 200 {code, status ("valid" or "revoked"), holder,
    institution, type (participation, presenter, exhibitor, award, judge, committee), type_label,
    detail_sw, detail_en, event {edition, title_sw, title_en, starts_on, ends_on, venue, city},
    issued_on, serial, and for a revoked one revoked_on and replaced_by_code (the corrected
    certificate's code after a name correction, else null)}. Any other code, unknown, malformed
    or tampered alike: 404 {error}. Dates are ISO 8601 (East Africa Time)."""
    found = verification.verify(code)
    if found is None:
        return _private(jsonify({"error": _("No certificate has this code.")}), 404)
    return _private(jsonify(verification.as_json(found)), 200)
