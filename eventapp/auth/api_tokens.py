"""API tokens: created by an administrator (in the UI or with `flask create-api-token`),
shown once, stored as a SHA-256 hash, scoped to one role, revocable. `api_role_required`
guards a JSON endpoint with them, as `role_required` guards a page with a login."""
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, jsonify, request
from flask_babel import gettext as _

from eventapp.auth.models import ApiToken
from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.models import utcnow
from eventapp.core.roles import Role
from eventapp.extensions import db

PREFIX_LENGTH = 8
MAX_NAME_LENGTH = 80
# Longer than any token we issue; a longer header value is refused before it is hashed.
MAX_TOKEN_LENGTH = 200
# Writing last_used_at on every call would turn each API read into a write; once a minute
# is enough to tell an idle device from a busy one.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenIdentity:
    """Who is calling: what a view needs of the API token that authenticated the request."""

    id: int
    name: str
    role: Role


# A gate device scans a badge every few seconds all morning: each worker process remembers a
# token it has checked for API_TOKEN_CACHE_SECONDS instead of asking the database on every
# call. Revoking forgets the token in this process at once; other workers stop accepting it
# within that many seconds. 0 turns the memory off.
_remembered: dict[str, tuple[float, TokenIdentity]] = {}


def _remember(digest: str, identity: TokenIdentity) -> None:
    seconds = current_app.config.get("API_TOKEN_CACHE_SECONDS", 0)
    if seconds > 0:
        if len(_remembered) > 1000:  # never grows without bound
            _remembered.clear()
        _remembered[digest] = (time.monotonic() + seconds, identity)


def _recall(digest: str) -> TokenIdentity | None:
    entry = _remembered.get(digest)
    if entry is None:
        return None
    if entry[0] < time.monotonic():
        _remembered.pop(digest, None)
        return None
    return entry[1]


def forget_remembered_tokens() -> None:
    _remembered.clear()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_token(name: str, role: Role, actor_id: int | None) -> tuple[ApiToken, str]:
    """Create a token for `role`; returns it and the plaintext, which is never stored and
    cannot be shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Give the token a name (the device or system that will use it)."), field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError(_("At most %(n)d characters.", n=MAX_NAME_LENGTH), field="name")
    if not isinstance(role, Role):
        raise DomainError(_("Choose a role."), field="role")
    plaintext = secrets.token_urlsafe(32)
    token = ApiToken(
        name=name, token_hash=hash_token(plaintext), prefix=plaintext[:PREFIX_LENGTH], role=role,
        created_by_id=actor_id,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(actor_id, "api_token.create", f"api_token:{token.id}", f"{name} ({role.value})")
    db.session.commit()
    return token, plaintext


def revoke_api_token(token: ApiToken, actor_id: int | None) -> ApiToken:
    """Revoke a token: it stops working at once. Revoking twice changes nothing."""
    _remembered.pop(token.token_hash, None)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(actor_id, "api_token.revoke", f"api_token:{token.id}", token.name)
        db.session.commit()
    return token


def authenticate_api_token(plaintext: str) -> ApiToken | None:
    """The active token with this plaintext, or None.

    The lookup is by the token's hash, so no comparison ever runs over the secret itself;
    the final compare_digest only guards against a database that compares loosely.
    """
    if not plaintext or len(plaintext) > MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(plaintext)
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest) or token.revoked_at is not None:
        return None
    now = utcnow()
    last = token.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite hands back naive UTC
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or now - last >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.commit()
    return token


def identify_api_token(plaintext: str) -> TokenIdentity | None:
    """The identity of an active token, from this worker's memory when it checked it a moment
    ago, else from the database (see `authenticate_api_token`)."""
    if not plaintext or len(plaintext) > MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(plaintext)
    identity = _recall(digest)
    if identity is None:
        token = authenticate_api_token(plaintext)
        if token is None:
            return None
        identity = TokenIdentity(id=token.id, name=token.name, role=token.role)
        _remember(digest, identity)
    return identity


def current_api_token() -> TokenIdentity | None:
    """The token that authenticated this API request (set by `api_role_required`)."""
    return g.get("api_token")


def _refuse(status: int, message: str):
    response = jsonify({"error": message})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def bearer_token() -> str | None:
    """The token of the request's `Authorization: Bearer <token>` header, or None."""
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def api_role_required(*roles: Role):
    """Let an API call through only with `Authorization: Bearer <token>` of one of `roles`.

    No token, an unknown or a revoked one: 401. A token of another role: 403. An admin
    token passes every role check. Answers are JSON `{"error": ...}`. The roles are kept
    on the view (`required_roles`) like `role_required`, for the permission walk.
    """

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            plaintext = bearer_token()
            if plaintext is None:
                return _refuse(401, _("An API token is required (Authorization: Bearer <token>)."))
            token = identify_api_token(plaintext)
            if token is None:
                return _refuse(401, _("This API token is not valid or has been revoked."))
            if roles and token.role is not Role.ADMIN and token.role not in roles:
                return _refuse(403, _("This API token may not use this endpoint."))
            g.api_token = token
            return view(*args, **kwargs)

        guarded.required_roles = frozenset(roles)
        guarded.api_token_required = True
        return guarded

    return decorator
