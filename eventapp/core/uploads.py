"""Uploaded files: checked by their content (not their name), size-limited, stored under a
random name in `instance/uploads/`, served only by views that check permission."""
import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from eventapp.core.errors import DomainError

KIND_LABELS = {
    "pdf": "PDF",
    "png": "PNG",
    "jpeg": "JPEG",
    "docx": "DOCX",
    "pptx": "PPTX",
    "xlsx": "XLSX",
    "csv": "CSV",
}
EXTENSIONS = {
    "pdf": ".pdf",
    "png": ".png",
    "jpeg": ".jpg",
    "docx": ".docx",
    "pptx": ".pptx",
    "xlsx": ".xlsx",
    "csv": ".csv",
    "zip": ".zip",  # made by the app (batches of PDFs), never accepted as an upload
}


@dataclass(frozen=True)
class StoredFile:
    name: str  # the random file name under the upload folder
    original_name: str
    kind: str
    size: int


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    prefixes = {n.split("/", 1)[0] for n in names}
    for folder, kind in (("word", "docx"), ("ppt", "pptx"), ("xl", "xlsx")):
        if folder in prefixes:
            return kind
    return None


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data[:65536].decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def sniff_kind(data: bytes) -> str | None:
    """What the bytes really are (pdf, png, jpeg, docx, pptx, xlsx, csv) or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data and _looks_like_text(data):
        return "csv"
    return None


def read_upload(file_storage, allowed: set[str], max_bytes: int, field: str | None = None) -> tuple[bytes, str]:
    """Read an upload and check it is one of `allowed` kinds by content and within size.

    Returns the bytes and the kind; raises DomainError (for `field`) otherwise.
    """
    if file_storage is None or not getattr(file_storage, "filename", ""):
        raise DomainError(_("Choose a file to upload."), field=field)
    data = file_storage.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(
            _("The file is too large (the limit is %(mb).1f MB).", mb=max_bytes / 1_000_000), field=field
        )
    if not data:
        raise DomainError(_("The file is empty."), field=field)
    kind = sniff_kind(data)
    if kind not in allowed:
        allowed_text = ", ".join(KIND_LABELS[k] for k in sorted(allowed))
        raise DomainError(
            _("This file is not an accepted type (%(types)s). It was checked by its content, not its name.",
              types=allowed_text),
            field=field,
        )
    return data, kind


def store_bytes(data: bytes, kind: str, original_name: str) -> StoredFile:
    """Write bytes under a random name in the upload folder."""
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + EXTENSIONS[kind]
    (folder / name).write_bytes(data)
    return StoredFile(name=name, original_name=Path(original_name or "file").name[:200], kind=kind, size=len(data))


def upload_path(name: str) -> Path:
    """The path of a stored upload; refuses anything that is not a plain stored name."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise DomainError(_("File not found."))
    return Path(current_app.config["UPLOAD_FOLDER"]) / name


def delete_upload(name: str | None) -> None:
    if name:
        upload_path(name).unlink(missing_ok=True)
