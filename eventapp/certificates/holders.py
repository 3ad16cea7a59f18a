"""A holder's own certificates: a registrant's (by the signed link of their registration page) and
a logged-in person's (a judge, an innovator, a committee member with an account). Someone
else's certificate is never found here, so the views answer 404 for it."""
import sqlalchemy as sa

from eventapp.auth.models import User
from eventapp.certificates.issuing import replacement
from eventapp.certificates.models import Certificate
from eventapp.certificates.verification import well_formed
from eventapp.extensions import db
from eventapp.registration.models import Registration

NEWEST_FIRST = (Certificate.issued_at.desc(), Certificate.id.desc())


def _of_registration(registration: Registration):
    return Certificate.registration_id == registration.id


def _of_user(user: User):
    """Issued to the account itself. Not matched by email: anyone may sign up as an innovator
    with any address, unverified, so an email match would hand one person's certificates to
    whoever typed their address. (People known by email only get theirs by email.)"""
    return Certificate.user_id == user.id


def _valid(condition) -> list[Certificate]:
    return list(db.session.scalars(
        sa.select(Certificate).where(condition, Certificate.revoked_at.is_(None)).order_by(*NEWEST_FIRST)
    ))


def _one(condition, code: str) -> Certificate | None:
    if not well_formed(code):
        return None
    return db.session.scalar(sa.select(Certificate).where(condition, Certificate.code == code))


def registrant_certificates(registration: Registration) -> list[Certificate]:
    """The registration's valid certificates, newest first."""
    return _valid(_of_registration(registration))


def registrant_certificate(registration: Registration, code: str) -> Certificate | None:
    """The registration's certificate with this code, valid or revoked; None for any other."""
    return _one(_of_registration(registration), code)


def user_certificates(user: User) -> list[Certificate]:
    """The valid certificates held by the account, newest first."""
    return _valid(_of_user(user))


def user_certificate(user: User, code: str) -> Certificate | None:
    """The account's certificate with this code, valid or revoked; None for anyone else's."""
    return _one(_of_user(user), code)


def valid_replacement(certificate: Certificate) -> Certificate | None:
    """The valid certificate that replaced a revoked one (a name correction), following the
    corrections made since; None when it was revoked for good."""
    seen = set()
    while certificate is not None and not certificate.valid and certificate.id not in seen:
        seen.add(certificate.id)
        certificate = replacement(certificate)
    return certificate
