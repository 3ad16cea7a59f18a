"""`flask backup` and `flask restore` (eventapp/core/backups.py): back up, damage, restore and find
every registration, payment and upload again, on a SQLite file and on PostgreSQL; refuse a
tampered or foreign archive without changing anything; ask before replacing; exit codes."""
import io
import json
import tarfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventapp.core import backups
from eventapp.core.backups import BackupError, make_backup, restore_backup
from eventapp.core.uploads import store_bytes
from eventapp.extensions import db
from eventapp.registration.models import Payment, PaymentChannel, PaymentSource, Registration
from eventapp.registration.services import billing, payments
from tests import factories
from tests.checkin.factories import confirmed, gate_event, unpaid

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 500
NESTED = b"a file in a subfolder of the uploads"


@pytest.fixture
def app_config(tmp_path):
    # A database file, not memory: the restore writes into the configured file (PostgreSQL
    # runs replace this URL with TEST_DATABASE_URL).
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'eventapp.sqlite'}"}


def _pay(bill, transaction_id="TX-BACKUP-1"):
    notice = payments.PaymentNotice(
        transaction_id=transaction_id, control_number=bill.control_number, amount=bill.total_amount,
        currency=bill.currency, paid_at=datetime.now(timezone.utc), channel=PaymentChannel.MPESA,
        psp_name="M-Pesa", payer_name="Asha",
    )
    result = payments.record_payment(notice, PaymentSource.MANUAL)
    assert result.payment is not None
    return result.payment


def _build(app) -> dict:
    """Four registrations (two free ones confirmed, one paid by M-Pesa, one still waiting to pay),
    one payment and three upload files (two stored by the app, one in a subfolder)."""
    event = gate_event()
    confirmed(event, 1, email="amina@example.org")
    confirmed(event, 3, email="baraka@example.org")
    paid = unpaid(event, 2, email="chausiku@example.org")
    unpaid(event, 1, email="daudi@example.org")
    [bill] = billing.bills_for(paid)
    _pay(bill)
    proof = store_bytes(PDF, "pdf", "proof.pdf")
    logo = store_bytes(PNG, "png", "logo.png")
    folder = Path(app.config["UPLOAD_FOLDER"])
    (folder / "sheets").mkdir()
    (folder / "sheets" / "nested.txt").write_bytes(NESTED)
    return {"proof": proof.name, "logo": logo.name}


def _registrations() -> list[tuple]:
    rows = db.session.execute(sa.select(Registration.email, Registration.reference, Registration.status,
                                         Registration.badge_token).order_by(Registration.email))
    return [tuple(row) for row in rows]


def _payments() -> list[tuple]:
    rows = db.session.execute(sa.select(Payment.transaction_id, Payment.amount, Payment.bill_id))
    return [tuple(row) for row in rows]


def _uploads(app) -> dict[str, bytes]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _damage(app, names) -> None:
    """Delete two registrations and every payment, add a stray registration; delete one upload,
    corrupt another and add a stray file."""
    db.session.execute(sa.delete(Payment))
    db.session.execute(sa.delete(Registration).where(
        Registration.email.in_(["amina@example.org", "chausiku@example.org"])))
    db.session.commit()
    stray_event = factories.open_event()
    factories.registration(factories.category(stray_event, fee=0), email="stray@example.org")
    folder = Path(app.config["UPLOAD_FOLDER"])
    (folder / names["proof"]).unlink()
    (folder / names["logo"]).write_bytes(b"garbage")
    (folder / "stray.pdf").write_bytes(b"%PDF-1.4 stray")


@pytest.mark.database
def test_backup_damage_restore_finds_everything_again(app, app_ctx, db_backend, tmp_path):
    names = _build(app)
    before_registrations, before_payments, before_uploads = _registrations(), _payments(), _uploads(app)
    assert len(before_registrations) == 4 and len(before_payments) == 1  # built above: 4 people, 1 payment
    assert len(before_uploads) == 3

    result = make_backup(app, tmp_path / "backups")

    assert result.path.parent == tmp_path / "backups"
    assert result.path.name.startswith("eventapp-backup-") and result.path.name.endswith(".tar.gz")
    assert result.dialect == db_backend
    assert result.tables["registrations"] == 4
    assert result.tables["payments"] == 1
    assert result.tables["bills"] == 2  # a bill for each paid-category registration (Chausiku's, Daudi's)
    assert result.upload_files == 3
    assert result.upload_bytes == len(PDF) + len(PNG) + len(NESTED)
    assert [p.name for p in result.path.parent.iterdir()] == [result.path.name]  # no temporary left

    _damage(app, names)
    assert len(_registrations()) == 3 and _payments() == []  # 4 - 2 deleted + 1 stray

    restored = restore_backup(app, result.path)

    assert _registrations() == before_registrations
    assert _payments() == before_payments
    assert _uploads(app) == before_uploads
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.email == "stray@example.org")) == 0
    assert restored.tables["registrations"] == 4 and restored.tables["payments"] == 1
    assert restored.upload_files == 3
    assert [p.name for p in Path(app.config["UPLOAD_FOLDER"]).iterdir() if p.name.startswith(".")] == []
    # The app keeps working on the restored database: Daudi pays his bill now.
    registration = db.session.scalar(sa.select(Registration).filter_by(email="daudi@example.org"))
    [bill] = billing.bills_for(registration)
    _pay(bill, "TX-AFTER-RESTORE")
    assert len(_payments()) == 2


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def _rewrite(archive: Path, target: Path, change) -> Path:
    """Copy `archive` to `target`, passing each member's (info, bytes) through `change`."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = source.extractfile(member).read()
            changed = change(member, data)
            if changed is None:
                continue
            info, data = changed
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return target


def _corrupt_upload(member, data):
    if member.name.startswith("uploads/") and member.name.endswith(".pdf"):
        return member, data[:-10] + b"tampered!!"
    return member, data


def test_a_tampered_archive_is_refused_and_nothing_changes(app, app_ctx, tmp_path):
    names = _build(app)
    archive = make_backup(app, tmp_path / "backups").path
    _damage(app, names)
    damaged_registrations, damaged_uploads = _registrations(), _uploads(app)
    tampered = _rewrite(archive, tmp_path / "tampered.tar.gz", _corrupt_upload)

    with pytest.raises(BackupError, match=r"tampered\.tar\.gz is damaged: the checksum of uploads/.*\.pdf"):
        restore_backup(app, tampered)

    assert _registrations() == damaged_registrations
    assert _uploads(app) == damaged_uploads



def test_the_manifest_records_what_the_archive_holds(app, app_ctx, tmp_path):
    _build(app)
    db.session.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    db.session.execute(sa.text("INSERT INTO alembic_version VALUES ('abc123def456')"))
    db.session.commit()

    archive = make_backup(app, tmp_path).path
    manifest = _manifest(archive)

    assert manifest["format"] == "eventapp-backup" and manifest["version"] == 1
    assert manifest["dialect"] == "sqlite"
    assert manifest["alembic_revision"] == "abc123def456"
    assert manifest["tables"]["registrations"] == 4 and manifest["tables"]["alembic_version"] == 1
    assert manifest["uploads"] == {"files": 3, "bytes": len(PDF) + len(PNG) + len(NESTED)}
    assert set(manifest["members"]) == {"database.sqlite3", "uploads/sheets/nested.txt"} | {
        f"uploads/{name}" for name in _uploads(app) if "/" not in name}
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None


def _archive_of(tmp_path, members: dict[str, bytes]) -> Path:
    target = tmp_path / "handmade.tar.gz"
    with tarfile.open(target, "w:gz") as out:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return target


def _refused(app, archive, message) -> None:
    registrations, uploads = _registrations(), _uploads(app)
    with pytest.raises(BackupError, match=message):
        restore_backup(app, archive)
    assert _registrations() == registrations
    assert _uploads(app) == uploads
    assert not any(p.name.startswith(".") for p in Path(app.config["UPLOAD_FOLDER"]).iterdir())


def test_foreign_and_broken_archives_are_refused_and_nothing_changes(app, app_ctx, tmp_path):
    _build(app)
    archive = make_backup(app, tmp_path / "backups").path
    not_gzip = tmp_path / "notes.tar.gz"
    not_gzip.write_bytes(b"just some text")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:-200])

    _refused(app, tmp_path / "missing.tar.gz", "does not exist")
    _refused(app, not_gzip, r"notes\.tar\.gz is not a readable eventapp backup \(it cannot be read as a \.tar\.gz")
    _refused(app, truncated, "truncated.tar.gz is not a readable eventapp backup")
    _refused(app, _archive_of(tmp_path, {"etc/passwd": b"x"}), "unexpected member etc/passwd")
    _refused(app, _archive_of(tmp_path, {"uploads/../../escape": b"x"}), "unexpected member")
    _refused(app, _archive_of(tmp_path, {"database.sqlite3": b"x"}), "it has no manifest.json")
    _refused(app, _archive_of(tmp_path, {"manifest.json": b'{"format": "other"}'}), "not an eventapp manifest")
    without_upload = _rewrite(archive, tmp_path / "incomplete.tar.gz",
                              lambda m, d: None if m.name.endswith(".png") else (m, d))
    _refused(app, without_upload, r"incomplete\.tar\.gz is incomplete: uploads/.*\.png missing")


def test_a_backup_of_another_kind_of_database_is_refused(app, app_ctx, tmp_path):
    archive = make_backup(app, tmp_path / "backups").path
    dump = b"PGDMP pretend"
    import hashlib

    def as_postgresql(member, data):
        if member.name == "database.sqlite3":
            member.name, data = "database.pgdump", dump
        elif member.name == "manifest.json":
            manifest = json.loads(data)
            manifest["dialect"] = "postgresql"
            manifest["members"] = {"database.pgdump": hashlib.sha256(dump).hexdigest()}
            data = json.dumps(manifest).encode()
        return member, data

    foreign = _rewrite(archive, tmp_path / "from-postgres.tar.gz", as_postgresql)

    _refused(app, foreign, "is a backup of a postgresql database, but the app is configured for sqlite")


def test_cli_backup_and_restore(app, tmp_path):
    runner = app.test_cli_runner()
    with app.app_context():
        names = _build(app)
        before = _registrations(), _payments(), _uploads(app)

    result = runner.invoke(args=["backup", "--output", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    [archive] = (tmp_path / "out").iterdir()
    assert f"Backup written to {archive}" in result.output
    assert "  registrations: 4\n" in result.output and "  payments: 1\n" in result.output
    assert "Uploads: 3 files" in result.output

    with app.app_context():
        _damage(app, names)
        damaged = _registrations(), _payments(), _uploads(app)

    refused = runner.invoke(args=["restore", str(archive)], input="n\n")
    assert refused.exit_code == 1
    assert "REPLACES the whole database" in refused.output
    assert "Not restored; nothing was changed." in refused.output
    with app.app_context():
        assert (_registrations(), _payments(), _uploads(app)) == damaged

    restored = runner.invoke(args=["restore", str(archive)], input="y\n")
    assert restored.exit_code == 0, restored.output
    assert "checked (every checksum matches)" in restored.output
    assert f"Restored {archive.name}" in restored.output
    with app.app_context():
        assert (_registrations(), _payments(), _uploads(app)) == before

    again = runner.invoke(args=["restore", str(archive), "--yes"])
    assert again.exit_code == 0, again.output
    assert "Continue?" not in again.output


def test_cli_restore_refuses_a_damaged_archive_before_asking(app, tmp_path):
    runner = app.test_cli_runner()
    with app.app_context():
        _build(app)
    runner.invoke(args=["backup", "--output", str(tmp_path / "out")])
    [archive] = (tmp_path / "out").iterdir()
    tampered = _rewrite(archive, tmp_path / "tampered.tar.gz", _corrupt_upload)

    result = runner.invoke(args=["restore", str(tampered)], input="y\n")

    assert result.exit_code == 1
    assert "Continue?" not in result.output
    assert "Error: tampered.tar.gz is damaged: the checksum of uploads/" in result.output
    assert runner.invoke(args=["restore"]).exit_code == 2  # no archive named


def test_a_failed_backup_leaves_no_half_written_archive(app, tmp_path, monkeypatch):
    import errno

    real_write = backups.write_archive

    def disk_full(target, *args, **kwargs):
        real_write(target, *args, **kwargs)  # a whole archive's bytes under the temporary name...
        raise OSError(errno.ENOSPC, "No space left on device")  # ...then the disk fills

    monkeypatch.setattr(backups, "write_archive", disk_full)
    with app.app_context():
        _build(app)

    result = app.test_cli_runner().invoke(args=["backup", "--output", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert "The backup could not be written to" in result.output and "No space left on device" in result.output
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.database
def test_backup_without_pg_dump(app, db_backend, tmp_path, monkeypatch):
    """PostgreSQL needs pg_dump and says so; SQLite needs no client tool at all."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    result = app.test_cli_runner().invoke(args=["backup", "--output", str(tmp_path / "out")])

    if db_backend == "postgresql":
        assert result.exit_code == 1
        assert "pg_dump was not found: install the PostgreSQL client tools" in result.output
        assert list((tmp_path / "out").iterdir()) == []
    else:
        assert result.exit_code == 0, result.output


def test_backups_kept_inside_the_upload_folder_are_not_backed_up_again(app, app_ctx):
    _build(app)
    inside = Path(app.config["UPLOAD_FOLDER"]) / "backups"

    make_backup(app, inside)
    second = make_backup(app, inside)

    assert second.upload_files == 3  # the three files built, not the first archive
    assert len(list(inside.iterdir())) == 2
