"""`GET /healthz`: is this worker able to serve? For load balancers, nginx and monitoring.

It asks the database for `SELECT 1` on the app's engine and, when REDIS_URL is set, Redis for
a PING (with a short timeout). The answer is JSON, never cached:

    {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}             200
    {"status": "fail", "checks": {"database": "fail: OperationalError"}}      503

A failing check names only the kind of error; the details (hosts, ports, the driver's message)
go to the log `eventapp.health`, never into the answer. No login, no rate limit, no session.
"""
import logging

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify

from eventapp.core.unthrottled import unthrottled
from eventapp.extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger("eventapp.health")

OK = "ok"
REDIS_TIMEOUT_SECONDS = 1.0


def _failure(check: str, error: Exception) -> str:
    log.warning("health check %s failed: %s", check, error, exc_info=log.isEnabledFor(logging.DEBUG))
    return f"fail: {type(error).__name__}"


def check_database(engine: sa.engine.Engine) -> str:
    """Return "ok" when the database answers `SELECT 1`, else "fail: <kind of error>"."""
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1")).scalar_one()
    except Exception as error:  # noqa: BLE001 — any failure means the database cannot serve
        return _failure("database", error)
    return OK


def check_redis(url: str, timeout: float = REDIS_TIMEOUT_SECONDS) -> str:
    """Return "ok" when Redis at `url` answers PING within `timeout` seconds, else "fail: <kind of error>"."""
    from redis import Redis

    try:
        client = Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:  # noqa: BLE001 — a bad URL, a refused or silent port: all fail
        return _failure("redis", error)
    return OK


def run_checks(engine: sa.engine.Engine, redis_url: str | None) -> dict[str, str]:
    """Each check's result by name: the database always, Redis when a URL is given."""
    checks = {"database": check_database(engine)}
    if redis_url:
        checks["redis"] = check_redis(redis_url)
    return checks


@bp.get("/healthz")
@unthrottled
def healthz():
    checks = run_checks(db.engine, current_app.config.get("REDIS_URL"))
    healthy = all(result == OK for result in checks.values())
    response = jsonify({"status": OK if healthy else "fail", "checks": checks})
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
