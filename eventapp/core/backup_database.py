"""The database half of a backup: a consistent copy out of, and back into, the configured
database (SQLite through its online backup API, PostgreSQL through pg_dump/pg_restore), and
the row count of every table.

The copy and its counts always describe the same moment: on SQLite both come from the copy
itself; on PostgreSQL the counts are read inside a snapshot that pg_dump is told to use.
"""
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.engine import Engine

from eventapp.core.errors import DomainError

SUPPORTED_DIALECTS = ("sqlite", "postgresql")
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# pg_restore waits at most this long for a table that another process (a running app) holds.
RESTORE_LOCK_TIMEOUT = "30s"


class BackupError(DomainError):
    """A backup or a restore could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class DatabaseCopy:
    path: Path
    tables: dict[str, int]  # table name -> rows, at the moment of the copy
    alembic_revision: str | None


def dialect_of(engine: Engine) -> str:
    name = engine.dialect.name
    if name not in SUPPORTED_DIALECTS:
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(dialect)s.", dialect=name))
    return name


def copy_database(engine: Engine, folder: Path) -> DatabaseCopy:
    """A consistent copy of the database in `folder`, with its row counts and alembic revision."""
    dialect = dialect_of(engine)
    target = folder / DUMP_NAMES[dialect]
    if dialect == "sqlite":
        return _copy_sqlite(engine, target)
    return _dump_postgresql(engine, target)


def restore_database(engine: Engine, dump: Path) -> None:
    """Replace the configured database's contents with `dump` (made by `copy_database`)."""
    if dialect_of(engine) == "sqlite":
        _restore_sqlite(engine, dump)
    else:
        _restore_postgresql(engine, dump)


def count_rows(engine: Engine) -> dict[str, int]:
    """Rows per table of the configured database, as it is now."""
    with engine.connect() as connection:
        return _count_tables(connection)


def check_sqlite_copy(path: Path) -> tuple[dict[str, int], str | None]:
    """Open a SQLite copy, check its integrity and return its row counts and alembic revision."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            [verdict] = connection.execute("PRAGMA integrity_check").fetchone()
            if verdict != "ok":
                raise BackupError(_("The database copy is damaged (%(verdict)s).", verdict=verdict))
            names = [row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            tables = {name: connection.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]  # nosec B608  # names from sqlite_master, quoted
                      for name in names}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError as error:
        raise BackupError(_("The database copy could not be read: %(error)s", error=str(error))) from None
    return tables, revision


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count_tables(connection) -> dict[str, int]:
    preparer = connection.dialect.identifier_preparer
    names = sorted(sa.inspect(connection).get_table_names())
    return {name: connection.execute(sa.text(f"SELECT count(*) FROM {preparer.quote(name)}")).scalar_one()  # nosec B608  # names from the catalogue, quoted
            for name in names}


# SQLite ------------------------------------------------------------------------------------

def _copy_sqlite(engine: Engine, target: Path) -> DatabaseCopy:
    source = engine.raw_connection()  # through the pool: the same file, memory or settings as the app
    try:
        with closing(sqlite3.connect(target)) as copy:
            # One step: SQLite holds a read lock for the whole copy, so it is a single moment
            # even while the app keeps writing (writers wait at most their busy timeout).
            source.driver_connection.backup(copy)
    except sqlite3.Error as error:
        raise BackupError(_("The SQLite database could not be copied: %(error)s", error=str(error))) from None
    finally:
        source.close()
    tables, revision = check_sqlite_copy(target)
    return DatabaseCopy(target, tables, revision)


def _restore_sqlite(engine: Engine, dump: Path) -> None:
    target = engine.raw_connection()
    try:
        with closing(sqlite3.connect(f"file:{dump}?mode=ro", uri=True)) as source:
            source.backup(target.driver_connection)
    except sqlite3.Error as error:
        raise BackupError(_("The SQLite database could not be restored: %(error)s", error=str(error))) from None
    finally:
        target.close()
    if engine.url.database not in (None, "", ":memory:"):
        engine.dispose()  # every later connection opens the restored file afresh


# PostgreSQL --------------------------------------------------------------------------------

def _client_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(_("%(tool)s was not found: install the PostgreSQL client tools (the same major "
                            "version as the server or newer, e.g. the postgresql-client package).", tool=name))
    return path


def _libpq_target(engine: Engine) -> tuple[str, dict[str, str]]:
    """The database as a libpq URI without its password, and the environment carrying the password."""
    url = engine.url
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, environment


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    try:
        completed = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # nosec B603  # an argument list, no shell
    except OSError as error:
        raise BackupError(_("%(what)s could not be started: %(error)s", what=what, error=str(error))) from None
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise BackupError(_("%(what)s failed (exit code %(code)d): %(detail)s", what=what,
                            code=completed.returncode, detail=" ".join(detail[-5:]) or "-"))


def _dump_postgresql(engine: Engine, target: Path) -> DatabaseCopy:
    pg_dump = _client_tool("pg_dump")
    uri, environment = _libpq_target(engine)
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with connection.begin():
            # Counts and dump read the same snapshot: what the manifest says is what the dump holds.
            snapshot = connection.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
            tables = _count_tables(connection)
            revision = None
            if "alembic_version" in tables:
                revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            _run([pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={target}",
                  f"--dbname={uri}"], environment, "pg_dump")
    return DatabaseCopy(target, tables, revision)


def _restore_postgresql(engine: Engine, dump: Path) -> None:
    pg_restore = _client_tool("pg_restore")
    uri, environment = _libpq_target(engine)
    environment["PGOPTIONS"] = (environment.get("PGOPTIONS", "") + f" -c lock_timeout={RESTORE_LOCK_TIMEOUT}").strip()
    engine.dispose()  # our own pooled connections would otherwise hold locks on the tables being replaced
    # One transaction: if anything fails, the database is left exactly as it was.
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", "--no-password", f"--dbname={uri}", str(dump)], environment, "pg_restore")
    engine.dispose()
