"""GET /healthz: 200 when the database (and Redis, when REDIS_URL is set) answer, 503 naming the
failing check otherwise; JSON, never cached, no login, no rate limit, never a 500 or a secret."""
import pytest

from eventapp import create_app
from eventapp.extensions import db, limiter
from tests.conftest import make_config

LOCAL_REDIS = "redis://127.0.0.1:6379/12"  # this test's own Redis database (PING only: nothing written)
DEAD_PORT = 1  # nothing listens on port 1 of this machine


@pytest.fixture
def redis_is_up():
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    connection = Redis.from_url(LOCAL_REDIS)
    try:
        connection.ping()
    except RedisDown:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (the project's machines and CI have it)")
    finally:
        connection.close()


def _app_on(database_url: str, tmp_path, **settings):
    """An app whose database is `database_url` (no tables made: the check needs none)."""
    return create_app(make_config("sqlite", {"SQLALCHEMY_DATABASE_URI": database_url, **settings}, tmp_path))


def _assert_failed_without_secrets(response, *secrets):
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    for secret in secrets:
        assert secret not in body


def test_healthz_is_ok_on_sqlite_without_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "application/json"


def test_a_sqlite_file_in_a_missing_directory_fails_the_database_check(tmp_path):
    app = _app_on(f"sqlite:///{tmp_path}/no-such-directory/eventapp.sqlite", tmp_path)

    response = app.test_client().get("/healthz")

    _assert_failed_without_secrets(response, "no-such-directory")
    answer = response.get_json()
    assert answer["status"] == "fail"
    assert answer["checks"] == {"database": "fail: OperationalError"}
    assert response.headers["Cache-Control"] == "no-store"


def test_a_postgresql_server_that_is_not_there_fails_without_telling_its_address(tmp_path):
    app = _app_on(f"postgresql+psycopg://root:hunter2@127.0.0.1:{DEAD_PORT}/eventapp", tmp_path)

    response = app.test_client().get("/healthz")

    _assert_failed_without_secrets(response, "hunter2", "127.0.0.1", "postgresql", "eventapp")
    assert response.get_json() == {"status": "fail", "checks": {"database": "fail: OperationalError"}}


@pytest.mark.parametrize("app_config", [{"REDIS_URL": LOCAL_REDIS}])
def test_redis_is_checked_when_configured(client, redis_is_up):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


@pytest.mark.parametrize("app_config", [{"REDIS_URL": f"redis://:hunter2@127.0.0.1:{DEAD_PORT}/12"}])
def test_redis_on_a_dead_port_fails_the_check(client):
    response = client.get("/healthz")

    _assert_failed_without_secrets(response, "hunter2", "127.0.0.1")
    assert response.get_json() == {"status": "fail", "checks": {"database": "ok", "redis": "fail: ConnectionError"}}


@pytest.mark.parametrize("app_config", [{"REDIS_URL": "not a redis url"}])
def test_a_malformed_redis_url_fails_the_check_instead_of_a_500(client):
    response = client.get("/healthz")

    _assert_failed_without_secrets(response, "not a redis url")
    assert response.get_json()["checks"]["redis"] == "fail: ValueError"


def test_both_failing_are_both_named(tmp_path):
    app = _app_on(f"sqlite:///{tmp_path}/missing/x.sqlite", tmp_path, REDIS_URL=f"redis://127.0.0.1:{DEAD_PORT}/12")

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "fail: OperationalError", "redis": "fail: ConnectionError"}


def test_healthz_is_exempt_from_rate_limits(tmp_path, monkeypatch):
    # An application-wide limit of 2 a minute (kept in the shared limiter: put back after the test).
    monkeypatch.setattr(limiter.limit_manager, "_application_limits", [])
    app = create_app(make_config("sqlite", {"RATELIMIT_ENABLED": True, "RATELIMIT_APPLICATION": "2 per minute"},
                                 tmp_path))
    with app.app_context():
        db.create_all()
    client = app.test_client()

    home = [client.get("/").status_code for _ in range(3)]
    health = [client.get("/healthz").status_code for _ in range(5)]

    assert home == [200, 200, 429]  # the limit is on: the home page's third visit is refused
    assert health == [200, 200, 200, 200, 200]


def test_healthz_sets_no_session_cookie(client):
    response = client.get("/healthz")

    assert "Set-Cookie" not in response.headers
