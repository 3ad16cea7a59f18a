"""An entry's files: the paper (a PDF) and the poster (a PNG or JPEG picture), each checked by
its content, not its name, and within its size limit (MAX_PAPER_BYTES, MAX_POSTER_BYTES). A
poster is also decoded far enough to prove it is a whole picture (Pillow's verify, as the
sponsors' logos are), so a renamed SVG, a damaged file or an image bomb is refused."""
import io

from flask import current_app
from flask_babel import gettext as _
from PIL import Image

from eventapp.core.errors import DomainError
from eventapp.core.uploads import read_upload

PAPER_KINDS = {"pdf"}
POSTER_KINDS = {"png", "jpeg"}
PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG"}
# A small file can declare a huge picture that takes gigabytes to decode; its size is read
# from the header and refused before any pixel is decoded. An A0 poster at 200 dpi fits.
MAX_POSTER_PIXELS = 80_000_000


def chosen(file_storage) -> bool:
    """Whether a file was chosen in the form's file field."""
    return file_storage is not None and bool(getattr(file_storage, "filename", ""))


def check_picture(data: bytes, kind: str, field: str = "poster") -> None:
    """Raise DomainError (for `field`) unless `data` is a whole PNG or JPEG picture of `kind`
    with at most MAX_POSTER_PIXELS pixels."""
    unreadable = DomainError(_("This picture could not be read: the file is damaged or not a real PNG or JPEG "
                               "image."), field=field)
    too_big = DomainError(_("This picture has too many pixels; a poster may have at most %(n)d million pixels.",
                            n=MAX_POSTER_PIXELS // 1_000_000), field=field)
    try:
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]]) as picture:
            width, height = picture.size
            if width * height > MAX_POSTER_PIXELS:
                raise too_big
            picture.verify()
    except DomainError:
        raise
    except Image.DecompressionBombError:  # Pillow's own, larger limit, met while opening
        raise too_big from None
    except Exception:  # noqa: BLE001 — a crafted file makes decoders fail in many ways; each is a refusal
        raise unreadable from None


def read_paper(file_storage, errors: dict[str, str], field: str = "paper") -> tuple[bytes, str] | None:
    """The paper's bytes and kind; None when no file was chosen or (with the message in
    `errors`) when it is refused."""
    if not chosen(file_storage):
        return None
    try:
        return read_upload(file_storage, PAPER_KINDS, int(current_app.config["MAX_PAPER_BYTES"]), field=field)
    except DomainError as error:
        errors[field] = error.message
        return None


def read_poster(file_storage, errors: dict[str, str], field: str = "poster") -> tuple[bytes, str] | None:
    """The poster's bytes and kind, as `read_paper` does, after proving it is a whole picture."""
    if not chosen(file_storage):
        return None
    try:
        data, kind = read_upload(file_storage, POSTER_KINDS, int(current_app.config["MAX_POSTER_BYTES"]),
                                 field=field)
        check_picture(data, kind, field)
    except DomainError as error:
        errors[field] = error.message
        return None
    return data, kind
