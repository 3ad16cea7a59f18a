"""SQLite as a zero-setup database that still keeps its promises under concurrent requests.

pysqlite opens transactions lazily and as readers; two requests that read and then write
(take a place, apply a payment) can then fail with "database is locked" instead of waiting.
Every transaction here starts with BEGIN IMMEDIATE, so writers queue (up to busy_timeout)
and each one sees the previous one's commit. Production runs on PostgreSQL, which has row
locks and needs none of this.
"""
from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 15000


def configure(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
