"""QR codes as PNG bytes or as images reportlab can draw."""
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

# A fixed mask pattern gives a valid code that every reader decodes (the tests decode ours);
# letting qrcode try all eight and score them costs most of the time of a badge sheet.
MASK_PATTERN = 0


def qr_png(data: str, box_size: int = 8, border: int = 2) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border,
                         mask_pattern=MASK_PATTERN)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def qr_image_reader(data: str, box_size: int = 8):
    """The QR code as a reportlab ImageReader, ready for canvas.drawImage."""
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(qr_png(data, box_size=box_size)))


def qr_flowable(data: str, size: float, box_size: int = 6):
    """The QR code as a platypus Image of `size` points square."""
    from reportlab.platypus import Image

    return Image(io.BytesIO(qr_png(data, box_size=box_size)), width=size, height=size)
