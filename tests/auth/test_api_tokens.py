"""API tokens: stored hashed, shown once (UI and CLI), scoped to a role, revocable."""
import hashlib
import re

import pytest
import sqlalchemy as sa
from flask import Blueprint

from eventapp.auth.api_tokens import (
    api_role_required,
    authenticate_api_token,
    create_api_token,
    hash_token,
    revoke_api_token,
)
from eventapp.auth.models import ApiToken
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.extensions import db


def _tokens(app) -> list[ApiToken]:
    with app.app_context():
        tokens = db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id)).all()
        for token in tokens:
            db.session.expunge(token)
        return tokens


# --- the service ------------------------------------------------------------------------

def test_a_token_is_stored_as_its_hash_only(app_ctx):
    token, plaintext = create_api_token("Gate 1 phone", Role.GATE, actor_id=None)

    assert len(plaintext) >= 43  # 32 random bytes, base64url
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest() == hash_token(plaintext)
    assert token.prefix == plaintext[:8]
    row = db.session.execute(sa.select(ApiToken.__table__)).one()
    assert plaintext not in [str(v) for v in row]
    assert token.role is Role.GATE and token.active


def test_every_token_is_different(app_ctx):
    plaintexts = {create_api_token(f"Gate {n}", Role.GATE, None)[1] for n in range(20)}

    assert len(plaintexts) == 20


def test_authenticate_finds_the_token_and_notes_its_use(app_ctx):
    token, plaintext = create_api_token("GePG", Role.FINANCE, None)

    found = authenticate_api_token(plaintext)

    assert found is not None and found.id == token.id
    assert found.last_used_at is not None


@pytest.mark.parametrize("attempt", ["", "wrong", "x" * 1000])
def test_authenticate_refuses_other_strings(app_ctx, attempt):
    create_api_token("GePG", Role.FINANCE, None)

    assert authenticate_api_token(attempt) is None


def test_a_revoked_token_no_longer_authenticates(app_ctx):
    token, plaintext = create_api_token("Old gate", Role.GATE, None)

    revoke_api_token(token, actor_id=None)
    revoke_api_token(token, actor_id=None)  # twice changes nothing

    assert authenticate_api_token(plaintext) is None
    assert token.revoked_at is not None and not token.active
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions == ["api_token.create", "api_token.revoke"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_token_needs_a_sensible_name(app_ctx, name):
    with pytest.raises(DomainError) as error:
        create_api_token(name, Role.GATE, None)

    assert error.value.field == "name"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


# --- the decorator ----------------------------------------------------------------------

@pytest.fixture
def gate_endpoint(app):
    extra = Blueprint("api_token_test", __name__)

    @extra.post("/api/v1/test-gate")
    @api_role_required(Role.GATE)
    def gate_only():
        from eventapp.auth.api_tokens import current_api_token

        return {"token": current_api_token().name}

    app.register_blueprint(extra)
    return "/api/v1/test-gate"


@pytest.mark.parametrize("role, status", [
    (Role.GATE, 200), (Role.ADMIN, 200), (Role.FINANCE, 403), (Role.PARTICIPANT, 403),
])
def test_api_role_required_lets_the_role_and_admins_through(app, client, gate_endpoint, role, status):
    with app.app_context():
        _token, plaintext = create_api_token("Device", role, None)

    response = client.post(gate_endpoint, headers={"Authorization": f"Bearer {plaintext}"})

    assert response.status_code == status
    assert response.is_json
    if status == 200:
        assert response.get_json() == {"token": "Device"}
    assert app.view_functions["api_token_test.gate_only"].required_roles == {Role.GATE}


def test_api_role_required_accepts_the_scheme_in_any_case(app, client, gate_endpoint):
    with app.app_context():
        _token, plaintext = create_api_token("Device", Role.GATE, None)

    response = client.post(gate_endpoint, headers={"Authorization": f"bearer  {plaintext} "})

    assert response.status_code == 200


def test_a_logged_in_session_is_not_an_api_token(app, client, gate_endpoint, login):
    login(Role.ADMIN)

    response = client.post(gate_endpoint)

    assert response.status_code == 401


# --- the CLI ----------------------------------------------------------------------------

def test_cli_prints_the_token_once_and_stores_its_hash(app, runner):
    result = runner.invoke(args=["create-api-token", "Gate 2 scanner", "--role", "gate"])

    assert result.exit_code == 0, result.output
    tokens = _tokens(app)
    assert len(tokens) == 1 and tokens[0].name == "Gate 2 scanner" and tokens[0].role is Role.GATE
    printed = [line for line in result.output.splitlines() if hash_token(line.strip()) == tokens[0].token_hash]
    assert len(printed) == 1
    assert result.output.count(printed[0]) == 1
    with app.app_context():
        assert authenticate_api_token(printed[0]).name == "Gate 2 scanner"


@pytest.mark.parametrize("args", [["create-api-token", "Gate"], ["create-api-token", "Gate", "--role", "king"],
                                  ["create-api-token", "  ", "--role", "gate"]])
def test_cli_refuses_a_missing_or_unknown_role_or_an_empty_name(app, runner, args):
    result = runner.invoke(args=args)

    assert result.exit_code != 0
    assert _tokens(app) == []


# --- the admin pages --------------------------------------------------------------------

def test_admin_creates_a_token_and_sees_it_once(app, client, login):
    admin = login(Role.ADMIN)

    response = client.post("/admin/api-tokens/new", data={"name": "Gate 1 phone", "role": "gate"})

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    token = _tokens(app)[0]
    assert token.created_by_id == admin.id and token.role is Role.GATE
    shown = re.search(r'id="api-token"[^>]*value="([^"]+)"', response.get_data(as_text=True)).group(1)
    assert hash_token(shown) == token.token_hash
    listing = client.get("/admin/api-tokens").get_data(as_text=True)
    assert "Gate 1 phone" in listing and token.prefix in listing
    assert shown not in listing


def test_admin_form_shows_errors_and_keeps_the_input(app, client, login):
    login(Role.ADMIN)

    response = client.post("/admin/api-tokens/new", data={"name": "", "role": "gate"})

    assert response.status_code == 200
    assert 'class="errors"' in response.get_data(as_text=True)
    assert _tokens(app) == []
    response = client.post("/admin/api-tokens/new", data={"name": "Gate", "role": "emperor"})
    assert 'class="errors"' in response.get_data(as_text=True)
    assert _tokens(app) == []


def test_admin_revokes_a_token(app, client, login):
    login(Role.ADMIN)
    with app.app_context():
        token, plaintext = create_api_token("Lost phone", Role.GATE, None)
        token_id = token.id

    response = client.post(f"/admin/api-tokens/{token_id}/revoke")

    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/api-tokens")
    assert _tokens(app)[0].revoked_at is not None
    with app.app_context():
        assert authenticate_api_token(plaintext) is None
    assert "revoked" in client.get("/admin/api-tokens").get_data(as_text=True)
    assert client.post("/admin/api-tokens/999/revoke").status_code == 404


@pytest.mark.parametrize("method, url", [
    ("GET", "/admin/api-tokens"), ("GET", "/admin/api-tokens/new"), ("POST", "/admin/api-tokens/new"),
    ("POST", "/admin/api-tokens/1/revoke"),
])
def test_only_admins_manage_tokens(app, client, login, method, url):
    login(Role.ORGANISER, Role.FINANCE, Role.GATE)

    response = client.open(url, method=method, data={"name": "Sneaky", "role": "admin"})

    assert response.status_code == 403
    assert _tokens(app) == []
