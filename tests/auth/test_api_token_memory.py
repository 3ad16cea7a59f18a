"""A worker remembers an API token it has just checked for API_TOKEN_CACHE_SECONDS: a busy gate
device does not cost a database query per scan, and a revoked token stops working within
that time (at once in the worker that revoked it)."""
import pytest
import sqlalchemy as sa
from flask import Blueprint

from eventapp.auth import api_tokens
from eventapp.auth.api_tokens import api_role_required, create_api_token, revoke_api_token
from eventapp.auth.models import ApiToken
from eventapp.core.models import utcnow
from eventapp.core.roles import Role
from eventapp.extensions import db


@pytest.fixture
def app_config():
    return {"API_TOKEN_CACHE_SECONDS": 10}


@pytest.fixture(autouse=True)
def empty_memory():
    api_tokens.forget_remembered_tokens()
    yield
    api_tokens.forget_remembered_tokens()


@pytest.fixture
def endpoint(app):
    extra = Blueprint("api_token_memory_test", __name__)

    @extra.post("/api/v1/test-memory")
    @api_role_required(Role.GATE)
    def gate_only():
        return {"token": api_tokens.current_api_token().name}

    app.register_blueprint(extra)
    return "/api/v1/test-memory"


@pytest.fixture
def device(app):
    with app.app_context():
        return create_api_token("Lango 1", Role.GATE, None)[1]


@pytest.fixture
def queries(app):
    """Counts the SQL statements sent while the test runs."""
    seen = []
    with app.app_context():
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        sa.event.listen(db.engine, "before_cursor_execute", listener)
        yield seen
        sa.event.remove(db.engine, "before_cursor_execute", listener)


def call(client, endpoint, device):
    return client.post(endpoint, headers={"Authorization": f"Bearer {device}"})


def test_a_remembered_token_costs_no_query(client, endpoint, device, queries):
    assert call(client, endpoint, device).status_code == 200
    asked = len([q for q in queries if "api_tokens" in q])

    for _n in range(5):
        assert call(client, endpoint, device).status_code == 200

    assert asked >= 1
    assert len([q for q in queries if "api_tokens" in q]) == asked


def test_revoking_in_this_worker_stops_the_token_at_once(app, client, endpoint, device):
    assert call(client, endpoint, device).status_code == 200
    with app.app_context():
        revoke_api_token(db.session.scalar(sa.select(ApiToken)), actor_id=None)

    assert call(client, endpoint, device).status_code == 401


def test_a_token_revoked_elsewhere_stops_within_the_memory_time(app, client, endpoint, device, monkeypatch):
    import time

    assert call(client, endpoint, device).status_code == 200
    with app.app_context():  # another worker revokes it: this one's memory is not told
        db.session.execute(sa.update(ApiToken).values(revoked_at=utcnow()))
        db.session.commit()
    assert call(client, endpoint, device).status_code == 200  # still remembered

    later = time.monotonic() + 11
    monkeypatch.setattr(api_tokens.time, "monotonic", lambda: later)

    assert call(client, endpoint, device).status_code == 401


def test_unknown_tokens_are_never_remembered(app, client, endpoint, queries):
    for _n in range(3):
        assert call(client, endpoint, "not-a-token").status_code == 401

    assert len([q for q in queries if "api_tokens" in q]) == 3
