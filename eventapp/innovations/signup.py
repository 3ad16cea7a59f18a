"""Innovators' accounts: anyone may sign up to enter the competition. The account gets the
participant role and owns the entries it submits; team members named on an entry need no
account. An email that already has an account is never taken over: the person is told to log
in, or to ask for a password reset link."""
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from eventapp.auth.services import check_password_strength, create_user, find_user_by_email
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.roles import Role
from eventapp.extensions import db

MAX_NAME = 160


def existing_account_message() -> str:
    return _("An account with this email already exists. Log in with it, or use \u201cForgot your password?\u201d "
             "to get a link to choose a new password.")


def sign_up(full_name: str, email: str, password: str, language: str | None = None):
    """Create an innovator's account (Role.PARTICIPANT) and return it.

    Every problem with the name, email and password is reported at once; the password must
    pass the accounts' strength check. An email that has an account is refused (field
    `email`) with a message pointing to login and to "forgot password".
    """
    errors: dict[str, str] = {}
    full_name = " ".join((full_name or "").split())
    if not full_name:
        errors["full_name"] = _("This field is required.")
    elif len(full_name) > MAX_NAME:
        errors["full_name"] = _("At most %(n)d characters.", n=MAX_NAME)
    clean_email = ""
    try:
        clean_email = validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors["email"] = _("Enter a valid email address, like jina@chuo.ac.tz.")
    try:
        check_password_strength(password)
    except DomainError as error:
        errors["password"] = error.message
    if errors:
        raise InvalidInput(errors)
    if find_user_by_email(clean_email) is not None:
        raise DomainError(existing_account_message(), field="email")
    try:
        user = create_user(clean_email, full_name, password, roles=[Role.PARTICIPANT])
    except DomainError as error:
        if error.field == "email":  # created meanwhile, by a second click or another person
            raise DomainError(existing_account_message(), field="email") from None
        raise
    if language:
        user.locale = language
        db.session.commit()
    return user
