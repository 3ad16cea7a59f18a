"""Account rules: login, password reset and change, creating users and granting roles, and
accounts made on someone's behalf (a focal person, a judge) with their invitation link."""
import functools
import hashlib
import re
import secrets
from collections.abc import Callable

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from eventapp.auth.models import User, UserRole
from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.models import utcnow
from eventapp.core.roles import Role
from eventapp.core.tokens import TokenInvalid, make_token, read_token
from eventapp.extensions import db

MIN_PASSWORD_LENGTH = 10
MAX_FULL_NAME = 160  # the length of User.full_name


@functools.cache
def _dummy_hash_for(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


def _dummy_hash() -> str:
    return _dummy_hash_for(current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt")
RESET_PURPOSE = "password-reset"
INVITE_PURPOSE = "account-invitation"


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH),
            field=field,
        )


def authenticate(email: str, password: str) -> User:
    """Return the active user with this email and password, or raise one vague DomainError.

    The message never says which of the two was wrong, so it cannot be used to find
    out who has an account.
    """
    user = find_user_by_email(email)
    if user is None:
        # Spend the same time as a real check, so response times do not reveal accounts.
        check_password_hash(_dummy_hash(), password or "")
        raise DomainError(_("Wrong email or password."))
    if not user.check_password(password or "") or not user.active:
        raise DomainError(_("Wrong email or password."))
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def create_user(
    email: str,
    full_name: str,
    password: str,
    roles: list[Role] | tuple[Role, ...] = (),
    actor_id: int | None = None,
) -> User:
    """Create an account with the given roles; refuses a duplicate email or weak password."""
    email = normalise_email(email)
    if not email or "@" not in email:
        raise DomainError(_("Enter a valid email address."), field="email")
    if find_user_by_email(email) is not None:
        raise DomainError(_("An account with this email already exists."), field="email")
    check_password_strength(password)
    user = User(email=email, full_name=(full_name or "").strip() or email)
    user.set_password(password)
    user.roles = [UserRole(role=role) for role in dict.fromkeys(roles)]
    db.session.add(user)
    audit.record(actor_id, "user.create", f"user:{email}", ",".join(r.value for r in roles))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise DomainError(_("An account with this email already exists."), field="email") from None
    return user


def update_user(
    user: User, full_name: str, roles: list[Role], active: bool, actor: User
) -> User:
    """Change a user's name, roles and active flag (an admin's action, audited).

    An administrator cannot remove their own admin role or deactivate themselves, so
    the system is never left without a way in.
    """
    if user.id == actor.id and (Role.ADMIN not in roles or not active):
        raise DomainError(_("You cannot remove your own administrator role or deactivate yourself."))
    before = sorted(r.value for r in user.role_set)
    user.full_name = (full_name or "").strip() or user.full_name
    wanted = dict.fromkeys(roles)  # a role sent twice must not become two rows
    held = user.role_set
    user.roles = [r for r in user.roles if r.role in wanted] + [
        UserRole(role=role) for role in wanted if role not in held
    ]
    user.active = active
    after = sorted(r.value for r in wanted)
    audit.record(
        actor.id, "user.update", f"user:{user.email}",
        f"roles {before} -> {after}; active={active}",
    )
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change a password after checking the current one."""
    if not user.check_password(current_password or ""):
        raise DomainError(_("The current password is not correct."), field="current_password")
    check_password_strength(new_password, field="new_password")
    user.set_password(new_password)
    db.session.commit()


def _password_fingerprint(user: User) -> str:
    # Binds a reset link to the current password: once used (or the password changed)
    # every earlier link stops working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def password_reset_token(user: User) -> str:
    return make_token(RESET_PURPOSE, {"uid": user.id, "fp": _password_fingerprint(user)})


def invitation_token(user: User) -> str:
    """A link for an account made on someone's behalf (a focal person, a judge) to choose its
    password: like a reset link, used once, but valid INVITATION_MAX_AGE (days, not an hour),
    since the email may wait in an inbox until the person gets to it."""
    return make_token(INVITE_PURPOSE, {"uid": user.id, "fp": _password_fingerprint(user)})


def invitation_link(user: User) -> str:
    from eventapp.core.urls import external_url

    return external_url("auth.reset_password", token=invitation_token(user))


def invitation_days() -> int:
    return max(current_app.config["INVITATION_MAX_AGE"] // 86400, 1)


def find_or_invite_user(email: str, full_name: str, role: Role, actor_id: int | None = None, *,
                        invalid_email: str, errors: dict[str, str] | None = None,
                        check_existing: Callable[[User], None] | None = None) -> tuple[User, bool]:
    """The account of `email`, holding `role`, and whether it was created just now.

    The address is checked (`invalid_email` is the message: each area gives its own example)
    and the name tidied; `errors`, the caller's own field errors, are refused with these in
    one InvalidInput. An existing account must be active and pass `check_existing` (the
    caller's rule; it raises a DomainError) before anything changes; it then gains `role`,
    left for the caller to commit with its own row. A new account needs the name; it is
    created with a random password and `role`, and the caller emails it `invitation_link`.
    """
    problems: dict[str, str] = {}
    full_name = re.sub(r"\s+", " ", full_name or "").strip()
    try:
        email = validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        problems["email"] = invalid_email
    if len(full_name) > MAX_FULL_NAME:
        problems["full_name"] = _("At most %(n)d characters.", n=MAX_FULL_NAME)
    problems.update(errors or {})
    user = find_user_by_email(email) if "email" not in problems else None
    if user is None and not full_name and "full_name" not in problems:
        problems["full_name"] = _("Enter the person's full name; they have no account yet.")
    if problems:
        raise InvalidInput(problems)
    if user is None:
        return create_user(email, full_name, secrets.token_urlsafe(24), roles=[role], actor_id=actor_id), True
    if not user.active:
        raise DomainError(_("The account of %(email)s is deactivated; an administrator must reactivate it first.",
                            email=email), field="email")
    if check_existing is not None:
        check_existing(user)
    if not user.has_role(role):
        user.roles.append(UserRole(role=role))
    return user, False


def send_password_reset(email: str) -> None:
    """Email a signed, expiring reset link if the address has an active account.

    Says nothing about whether it has: the view shows the same answer either way.
    """
    from eventapp.core.mail import send_email
    from eventapp.core.urls import external_url

    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    link = external_url("auth.reset_password", token=password_reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    send_email(
        user.email,
        _("Reset your password"),
        "auth/reset_password",
        language=user.locale,
        user=user,
        link=link,
        minutes=minutes,
    )


def user_for_reset_token(token: str) -> User:
    """The user a reset link is for; DomainError if it is tampered, expired or used."""
    data = None
    for purpose, max_age in ((RESET_PURPOSE, "PASSWORD_RESET_MAX_AGE"), (INVITE_PURPOSE, "INVITATION_MAX_AGE")):
        try:
            data = read_token(purpose, token, max_age=current_app.config[max_age])
            break
        except TokenInvalid as error:
            if error.expired:
                raise DomainError(_("This reset link has expired. Ask for a new one.")) from None
    if data is None:
        raise DomainError(_("This reset link is not valid. Ask for a new one."))
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("fp") != _password_fingerprint(user):
        raise DomainError(_("This reset link is not valid. Ask for a new one."))
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; the link cannot be used again."""
    user = user_for_reset_token(token)
    check_password_strength(new_password)
    user.set_password(new_password)
    db.session.commit()
    return user


def set_preferred_language(user: User, code: str) -> None:
    """Remember the account's language so emails and the next login use it."""
    user.locale = code
    db.session.commit()
