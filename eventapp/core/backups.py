"""`flask backup` and `flask restore`: one archive with a consistent copy of the database, the
uploads and a manifest; a restore that checks all of it before it replaces anything.

The archive is written under a temporary name and renamed only when complete, so a failed
backup (pg_dump missing, disk full) leaves no half-written archive behind. A restore first
unpacks and checks the archive (`checked_backup`), then replaces the database and the uploads
(`restore_checked`) and counts what it restored against the manifest.
"""
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from flask_babel import gettext as _

from eventapp.core.backup_archive import (
    FORMAT,
    FORMAT_VERSION,
    UPLOADS_PREFIX,
    WORKING_PREFIX,
    extract_archive,
    uploads_summary,
    write_archive,
)
from eventapp.core.backup_database import (
    DUMP_NAMES,
    BackupError,
    check_sqlite_copy,
    copy_database,
    count_rows,
    dialect_of,
    restore_database,
)

__all__ = ["BackupError", "BackupResult", "CheckedBackup", "RestoreResult", "checked_backup", "make_backup",
           "restore_backup", "restore_checked"]

ARCHIVE_PREFIX = "eventapp-backup-"
ARCHIVE_SUFFIX = ".tar.gz"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int  # of the archive, in bytes
    dialect: str
    alembic_revision: str | None
    tables: dict[str, int]  # rows per table
    upload_files: int
    upload_bytes: int


@dataclass(frozen=True)
class CheckedBackup:
    """An archive that passed every check, unpacked in `staging` and ready to restore."""
    archive: Path
    manifest: dict
    staging: Path

    @property
    def created_at(self) -> str:
        return str(self.manifest.get("created_at", ""))

    @property
    def dialect(self) -> str:
        return self.manifest["dialect"]

    @property
    def alembic_revision(self) -> str | None:
        return self.manifest.get("alembic_revision")

    @property
    def tables(self) -> dict[str, int]:
        return self.manifest["tables"]

    @property
    def upload_files(self) -> int:
        return self.manifest["uploads"]["files"]

    @property
    def upload_bytes(self) -> int:
        return self.manifest["uploads"].get("bytes", 0)


@dataclass(frozen=True)
class RestoreResult:
    archive: Path
    created_at: str
    dialect: str
    alembic_revision: str | None
    tables: dict[str, int]  # rows per table, counted in the database after the restore
    upload_files: int  # counted in the upload folder after the restore
    upload_bytes: int


def _app_context(app: Flask):
    if has_app_context() and current_app._get_current_object() is app:
        return nullcontext()
    return app.app_context()


def _engine():
    from eventapp.extensions import db

    return db.engine


def _archive_name(output_dir: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    path = output_dir / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    serial = 2
    while path.exists():  # two backups within the same second
        path = output_dir / f"{ARCHIVE_PREFIX}{stamp}-{serial}{ARCHIVE_SUFFIX}"
        serial += 1
    return path


def make_backup(app: Flask, output_dir: str | Path | None = None) -> BackupResult:
    """Write `eventapp-backup-<UTC time>.tar.gz` into `output_dir` (default `instance/backups/`):
    a consistent copy of the database, the upload folder as it is and `manifest.json`.

    Raises BackupError (nothing left behind) when the copy or the archive cannot be made.
    """
    output = Path(output_dir) if output_dir else Path(app.instance_path) / "backups"
    upload_folder = Path(app.config["UPLOAD_FOLDER"])
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(_("The backup folder %(folder)s could not be created: %(error)s",
                            folder=str(output), error=str(error))) from None
    now = datetime.now(timezone.utc)
    target = _archive_name(output, now)
    partial = output / f".{target.name}.partial"
    staging = None
    try:
        with _app_context(app):
            engine = _engine()
            dialect = dialect_of(engine)
            staging = Path(tempfile.mkdtemp(prefix=WORKING_PREFIX + "backup-", dir=output))
            copy = copy_database(engine, staging)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": now.isoformat(timespec="seconds"),
            "dialect": dialect,
            "alembic_revision": copy.alembic_revision,
            "tables": copy.tables,
        }
        manifest = write_archive(partial, copy.path, upload_folder, manifest, skip=output.resolve())
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except sa.exc.SQLAlchemyError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The database could not be read for the backup: %(error)s",
                            error=str(error).splitlines()[0])) from None
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The backup could not be written to %(folder)s: %(error)s",
                            folder=str(output), error=str(error))) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return BackupResult(path=target, size=target.stat().st_size, dialect=dialect,
                        alembic_revision=copy.alembic_revision, tables=copy.tables,
                        upload_files=manifest["uploads"]["files"], upload_bytes=manifest["uploads"]["bytes"])


@contextmanager
def checked_backup(app: Flask, archive_path: str | Path) -> Iterator[CheckedBackup]:
    """Unpack `archive_path` into a working folder and check it: ours, complete, every checksum
    right, of the configured database's kind (and on SQLite, the copy sound with the manifest's
    counts). Yields a CheckedBackup; the working folder is removed afterwards. Changes nothing."""
    archive = Path(archive_path)
    upload_folder = Path(app.config["UPLOAD_FOLDER"])
    with _app_context(app):
        configured = dialect_of(_engine())
        try:
            upload_folder.mkdir(parents=True, exist_ok=True)
            # Unpacked beside the uploads, so that putting them in place is a rename.
            staging = Path(tempfile.mkdtemp(prefix=WORKING_PREFIX + "restore-", dir=upload_folder))
        except OSError as error:
            raise BackupError(_("The upload folder %(folder)s cannot be written: %(error)s",
                                folder=str(upload_folder), error=str(error))) from None
        try:
            manifest = extract_archive(archive, staging)
            if manifest["dialect"] != configured:
                raise BackupError(_("%(archive)s is a backup of a %(archived)s database, but the app is configured "
                                    "for %(configured)s; nothing was changed.", archive=archive.name,
                                    archived=manifest["dialect"], configured=configured))
            if configured == "sqlite":
                tables, _revision = check_sqlite_copy(staging / DUMP_NAMES["sqlite"])
                if tables != manifest["tables"]:
                    raise BackupError(_("%(archive)s is damaged: its database copy does not hold the rows its "
                                        "manifest counts; nothing was changed.", archive=archive.name))
            yield CheckedBackup(archive=archive, manifest=manifest, staging=staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _replace_uploads(upload_folder: Path, restored: Path) -> None:
    """Swap the upload folder's contents for `restored`'s, by renames on the same file system."""
    replaced = Path(tempfile.mkdtemp(prefix=WORKING_PREFIX + "replaced-", dir=upload_folder))
    moved_out, moved_in = [], []
    try:
        for entry in sorted(upload_folder.iterdir()):
            if not entry.name.startswith(WORKING_PREFIX):
                entry.rename(replaced / entry.name)
                moved_out.append(entry.name)
        if restored.is_dir():
            for entry in sorted(restored.iterdir()):
                entry.rename(upload_folder / entry.name)
                moved_in.append(entry.name)
    except OSError as error:
        for name in moved_in:  # put the folder back as it was
            (upload_folder / name).rename(restored / name)
        for name in moved_out:
            (replaced / name).rename(upload_folder / name)
        shutil.rmtree(replaced, ignore_errors=True)
        raise BackupError(_("The database was restored, but the uploads could not be put in place (%(error)s); "
                            "the upload folder was left as it was.", error=str(error))) from None
    shutil.rmtree(replaced, ignore_errors=True)


def restore_checked(app: Flask, checked: CheckedBackup) -> RestoreResult:
    """Replace the configured database and the upload folder's contents with a checked backup,
    then count both again; raises BackupError if the counts differ from the manifest's."""
    from eventapp.extensions import db

    upload_folder = Path(app.config["UPLOAD_FOLDER"])
    with _app_context(app):
        db.session.remove()  # our own open transaction would hold the tables being replaced
        engine = _engine()
        restore_database(engine, checked.staging / DUMP_NAMES[checked.dialect])
        _replace_uploads(upload_folder, checked.staging / UPLOADS_PREFIX)
        tables = count_rows(engine)
    files, size = uploads_summary(upload_folder)
    differing = sorted(name for name, count in checked.tables.items() if tables.get(name) != count)
    if differing:
        raise BackupError(_("The restore finished, but these tables do not hold the manifest's row counts: "
                            "%(names)s.", names=", ".join(differing[:10])))
    if (files, size) != (checked.upload_files, checked.upload_bytes):
        raise BackupError(_("The restore finished, but the upload folder holds %(files)d files (%(bytes)d bytes) "
                            "where the manifest counts %(expected_files)d (%(expected_bytes)d bytes).",
                            files=files, bytes=size, expected_files=checked.upload_files,
                            expected_bytes=checked.upload_bytes))
    return RestoreResult(archive=checked.archive, created_at=checked.created_at, dialect=checked.dialect,
                         alembic_revision=checked.alembic_revision,
                         tables={name: tables[name] for name in checked.tables}, upload_files=files,
                         upload_bytes=size)


def restore_backup(app: Flask, archive_path: str | Path) -> RestoreResult:
    """Check `archive_path` and restore it (database and uploads) without asking; see `checked_backup`
    for what is refused (with nothing changed)."""
    with checked_backup(app, archive_path) as checked:
        return restore_checked(app, checked)

