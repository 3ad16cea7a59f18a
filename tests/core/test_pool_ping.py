"""A pooled PostgreSQL connection is pinged before use only after sitting idle: a dead idle
connection is replaced before the request sees it; one used a moment ago is trusted."""
import pytest
import sqlalchemy as sa

from eventapp.core import pool_ping
from eventapp.extensions import db

pytestmark = pytest.mark.database


def _kill_pooled_connection(app) -> None:
    """Terminate, from another connection, the server process behind the pool's one connection."""
    with db.engine.connect() as connection:
        pid = connection.scalar(sa.text("SELECT pg_backend_pid()"))
    other = sa.create_engine(db.engine.url)
    with other.connect() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    other.dispose()


@pytest.fixture
def one_connection_app(tmp_path):
    """The app on PostgreSQL (SQLite has no server connection to lose)."""
    from eventapp import create_app
    from tests.conftest import make_config

    app = create_app(make_config("postgresql", {}, tmp_path))
    with app.app_context():
        yield app
        db.engine.dispose()


def test_a_dead_idle_connection_is_replaced_before_use(one_connection_app, monkeypatch):
    import time

    _kill_pooled_connection(one_connection_app)
    later = time.monotonic() + pool_ping.DEFAULT_IDLE_SECONDS + 1
    monkeypatch.setattr(pool_ping.time, "monotonic", lambda: later)

    with db.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT 1")) == 1


def test_a_connection_used_a_moment_ago_is_not_pinged(one_connection_app):
    _kill_pooled_connection(one_connection_app)

    with pytest.raises(sa.exc.OperationalError):
        with db.engine.connect() as connection:
            connection.scalar(sa.text("SELECT 1"))
    with db.engine.connect() as connection:  # the pool noticed and starts afresh
        assert connection.scalar(sa.text("SELECT 1")) == 1
