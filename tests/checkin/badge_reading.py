"""Reading badges as a gate's camera and a person would: each page rendered to an image at
150 dpi (poppler's pdftoppm) and its QR codes decoded with zxing-cpp; the words with their
boxes (pdftotext -bbox). Missing tools fail the test: these checks are never skipped."""
import glob
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import PIL.Image
import pytest
import zxingcpp


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} (poppler-utils) is needed to read the badges")
    return path


def qr_codes(data: bytes, tmp_path, name: str = "badges") -> list[list[str]]:
    """The QR codes' texts on each page, page by page."""
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run([_tool("pdftoppm"), "-r", "150", "-png", str(pdf), str(tmp_path / name)], check=True)
    pages = []
    for image in sorted(glob.glob(str(tmp_path / f"{name}-*.png"))):
        with PIL.Image.open(image) as picture:
            found = zxingcpp.read_barcodes(picture)
        pages.append([code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode])
    return pages


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float  # from the top of the page, in points
    x_max: float
    y_max: float


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]


def pdf_words(data: bytes, tmp_path, name: str = "words") -> list[Page]:
    """Every word of every page with its box, as pdftotext -bbox reports them."""
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(data)
    out = subprocess.run([_tool("pdftotext"), "-bbox", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    root = ET.fromstring(out)
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        words = [
            Word(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
            for w in page.findall(".//x:word", namespace)
        ]
        pages.append(Page(float(page.get("width")), float(page.get("height")), words))
    return pages
