"""The backup archive: a .tar.gz holding the database copy, the uploads under `uploads/` and
`manifest.json` (what it holds and a SHA-256 of every other member). Writing hashes each file
as it goes into the archive; reading checks every name, type and checksum before anything of
it is used, so a damaged or foreign archive is refused with a clear message."""
import gzip
import hashlib
import io
import json
import tarfile
import zlib
from pathlib import Path, PurePosixPath

from flask_babel import gettext as _

from eventapp.core.backup_database import DUMP_NAMES, SUPPORTED_DIALECTS, BackupError

FORMAT = "eventapp-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
UPLOADS_PREFIX = "uploads"
# Our own working folders inside the upload folder (a restore's staging area): never backed up.
WORKING_PREFIX = ".eventapp-"
MAX_MANIFEST_BYTES = 50_000_000
CHUNK = 1024 * 1024


class _HashingReader:
    """A file read by tarfile, hashed on the way through."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.digest.update(data)
        return data


def upload_files(folder: Path, skip: Path | None = None) -> list[Path]:
    """The regular files under the upload folder (not our working folders, not `skip`), sorted."""
    if not folder.is_dir():
        return []
    if skip is not None and folder.resolve() not in skip.resolve().parents:
        skip = None  # only a backup folder inside the upload folder is left out
    folder = folder.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0].startswith(WORKING_PREFIX):
            continue
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found


def uploads_summary(folder: Path) -> tuple[int, int]:
    """How many upload files there are and their total size in bytes."""
    files = upload_files(folder)
    return len(files), sum(path.stat().st_size for path in files)


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> tuple[str, int]:
    with path.open("rb") as handle:
        info = archive.gettarinfo(arcname=name, fileobj=handle)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return reader.digest.hexdigest(), info.size


def write_archive(target: Path, database_copy: Path, upload_folder: Path, manifest: dict,
                  skip: Path | None = None) -> dict:
    """Write the archive to `target`: the database copy, the uploads, then the manifest (completed
    with the uploads' numbers and every member's checksum, and returned)."""
    members: dict[str, str] = {}
    files = size = 0
    upload_folder = upload_folder.resolve()
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        members[database_copy.name], _size = _add_file(archive, database_copy, database_copy.name)
        for path in upload_files(upload_folder, skip):
            name = str(PurePosixPath(UPLOADS_PREFIX, *path.relative_to(upload_folder).parts))
            try:
                members[name], file_size = _add_file(archive, path, name)
            except FileNotFoundError:
                continue  # deleted by the app since the folder was listed: not part of this moment
            files += 1
            size += file_size
        manifest = dict(manifest, uploads={"files": files, "bytes": size}, members=members)
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size = len(data)
        info.mtime = int(Path(database_copy).stat().st_mtime)
        info.mode = 0o644
        archive.addfile(info, io.BytesIO(data))
    return manifest


def _foreign(archive: Path, why: str) -> BackupError:
    return BackupError(_("%(archive)s is not a readable eventapp backup (%(why)s); nothing was changed.",
                         archive=archive.name, why=why))


def _safe_name(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        return None
    if "\\" in name:
        return None
    return path


def _expected_member(path: PurePosixPath) -> bool:
    if str(path) == MANIFEST_NAME or str(path) in DUMP_NAMES.values():
        return True
    return path.parts[0] == UPLOADS_PREFIX


def extract_archive(archive_path: Path, staging: Path) -> dict:
    """Read the archive into `staging`, checking each member's name and type, and every checksum
    against the manifest; returns the manifest. Raises BackupError for anything not ours or damaged."""
    if not archive_path.is_file():
        raise BackupError(_("%(archive)s does not exist or is not a file.", archive=str(archive_path)))
    hashes: dict[str, str] = {}
    manifest_data = None
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive:
                path = _safe_name(member.name)
                if path is None or not _expected_member(path):
                    raise _foreign(archive_path, _("unexpected member %(name)s", name=member.name))
                if member.isdir() and path.parts[0] == UPLOADS_PREFIX:
                    (staging / path).mkdir(parents=True, exist_ok=True)
                    continue
                if not member.isfile() or path.parts == (UPLOADS_PREFIX,):
                    raise _foreign(archive_path, _("%(name)s is not a regular file", name=member.name))
                if str(path) in hashes or (str(path) == MANIFEST_NAME and manifest_data is not None):
                    raise _foreign(archive_path, _("%(name)s appears twice", name=member.name))
                source = archive.extractfile(member)
                if str(path) == MANIFEST_NAME:
                    if member.size > MAX_MANIFEST_BYTES:
                        raise _foreign(archive_path, _("its manifest is too large"))
                    manifest_data = source.read()
                    continue
                target = staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                hashes[str(path)] = digest.hexdigest()
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise _foreign(archive_path, _("it cannot be read as a .tar.gz archive: %(error)s", error=str(error))) \
            from None
    except OSError as error:
        raise BackupError(_("The archive could not be unpacked: %(error)s", error=str(error))) from None
    manifest = _parse_manifest(archive_path, manifest_data)
    _check_members(archive_path, manifest, hashes)
    return manifest


def _parse_manifest(archive_path: Path, data: bytes | None) -> dict:
    if data is None:
        raise _foreign(archive_path, _("it has no manifest.json"))
    try:
        manifest = json.loads(data)
    except ValueError:
        raise _foreign(archive_path, _("its manifest.json is not valid JSON")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _foreign(archive_path, _("its manifest.json is not an eventapp manifest"))
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(_("%(archive)s is an eventapp backup of format version %(version)s, which this version "
                            "of eventapp cannot restore; nothing was changed.", archive=archive_path.name,
                            version=manifest.get("version")))
    members, tables = manifest.get("members"), manifest.get("tables")
    uploads = manifest.get("uploads")
    if manifest.get("dialect") not in SUPPORTED_DIALECTS or not isinstance(members, dict) \
            or not isinstance(tables, dict) or not isinstance(uploads, dict) \
            or not all(isinstance(count, int) for count in tables.values()):
        raise _foreign(archive_path, _("its manifest.json is incomplete"))
    return manifest


def _check_members(archive_path: Path, manifest: dict, hashes: dict[str, str]) -> None:
    expected = manifest["members"]
    database = DUMP_NAMES[manifest["dialect"]]
    if database not in expected:
        raise _foreign(archive_path, _("its manifest lists no database copy"))
    missing = sorted(set(expected) - set(hashes))
    if missing:
        raise BackupError(_("%(archive)s is incomplete: %(names)s missing; nothing was changed.",
                            archive=archive_path.name, names=", ".join(missing[:5])))
    unlisted = sorted(set(hashes) - set(expected))
    if unlisted:
        raise BackupError(_("%(archive)s holds files its manifest does not list (%(names)s); nothing was changed.",
                            archive=archive_path.name, names=", ".join(unlisted[:5])))
    damaged = sorted(name for name, digest in hashes.items() if expected[name] != digest)
    if damaged:
        raise BackupError(_("%(archive)s is damaged: the checksum of %(names)s does not match its manifest; "
                            "nothing was changed.", archive=archive_path.name, names=", ".join(damaged[:5])))
    uploads = [name for name in hashes if name.startswith(UPLOADS_PREFIX + "/")]
    if manifest["uploads"].get("files") != len(uploads):
        raise BackupError(_("%(archive)s is damaged: its manifest counts %(listed)s upload files, it holds "
                            "%(held)d; nothing was changed.", archive=archive_path.name,
                            listed=manifest["uploads"].get("files"), held=len(uploads)))
