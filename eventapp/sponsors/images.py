"""A sponsor's logo: proven to be a whole PNG or JPEG picture by decoding it with Pillow, then
shrunk to fit the logo box and written out as PNG (which also drops any metadata)."""
import io

from flask_babel import gettext as _
from PIL import Image, ImageOps

from eventapp.core.errors import DomainError

LOGO_BOX = (600, 300)  # width, height: the largest a logo is shown (sponsors page, programme PDF)
# A small file can declare a huge picture that takes gigabytes to decode (an "image bomb");
# its size is read from the header and refused before any pixel is decoded.
MAX_LOGO_PIXELS = 25_000_000
PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG"}


def _unreadable(field: str) -> DomainError:
    return DomainError(_("This picture could not be read: the file is damaged or not a real PNG or JPEG image."),
                       field=field)


def _too_many_pixels(field: str) -> DomainError:
    return DomainError(_("This picture has too many pixels; a logo may have at most %(n)d million pixels.",
                         n=MAX_LOGO_PIXELS // 1_000_000), field=field)


def _rgb(picture: Image.Image) -> Image.Image:
    """RGB, or RGBA when the picture has transparency (CMYK and palette JPEGs/PNGs included)."""
    if picture.mode in ("RGB", "RGBA"):
        return picture
    transparent = picture.mode in ("LA", "PA", "RGBa") or (picture.mode == "P" and "transparency" in picture.info)
    return picture.convert("RGBA" if transparent else "RGB")


def fit_logo(data: bytes, kind: str, field: str = "logo") -> bytes:
    """The logo as PNG bytes no larger than LOGO_BOX (aspect ratio kept, never enlarged).

    `kind` is what the content was sniffed as ("png" or "jpeg"). Raises DomainError (for
    `field`) for a damaged file, a file whose content is another format, or a picture with
    more than MAX_LOGO_PIXELS pixels.
    """
    try:
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]]) as probe:
            width, height = probe.size
            if width * height > MAX_LOGO_PIXELS:
                raise _too_many_pixels(field)
            probe.verify()
        # verify() leaves the image unusable, so it is opened again to decode the pixels.
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]]) as image:
            image.load()
            picture = _rgb(ImageOps.exif_transpose(image))
            picture.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
    except DomainError:
        raise
    except Image.DecompressionBombError:  # Pillow's own, larger limit, met while opening
        raise _too_many_pixels(field) from None
    except Exception:  # noqa: BLE001 — a crafted file makes decoders fail in many ways; each is a refusal
        raise _unreadable(field) from None
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
