"""Ping a pooled database connection before use only when it has sat idle for a while.

SQLAlchemy's pool_pre_ping sends a round trip on every checkout: for the gate's check-in (two
statements) that is a third of its database traffic. A connection used a moment ago is
alive; one that idled (overnight, or across a database restart) is pinged and, if dead,
replaced before the request sees it — SQLAlchemy's "pessimistic" disconnect handling,
applied only where it can matter.
"""
import time

import sqlalchemy as sa
from sqlalchemy.engine import Engine

DEFAULT_IDLE_SECONDS = 10.0


def configure(engine: Engine, idle_seconds: float = DEFAULT_IDLE_SECONDS) -> None:
    if engine.dialect.name == "sqlite":
        return  # a file on this machine: nothing to lose touch with

    @sa.event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, record) -> None:
        record.info["returned_at"] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def _lent(dbapi_connection, record, proxy) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return  # brand new, or used a moment ago
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            if not getattr(dbapi_connection, "autocommit", True):
                dbapi_connection.rollback()
        except Exception as error:  # noqa: BLE001 — any failure means the connection is gone
            raise sa.exc.DisconnectionError(f"pooled connection is dead: {error}") from error
