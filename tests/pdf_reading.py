"""Reading the PDFs the app makes, as a person would see them: poppler's pdftotext (text laid
out as on the page) and pdfinfo (page size). Without poppler-utils the test fails: `make test`
installs them (`make browser`)."""
import shutil
import subprocess

import pytest


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text as laid out on the page; pdftotext fails on a file it cannot open."""
    if not shutil.which("pdftotext"):
        pytest.fail("poppler-utils (pdftotext) is not installed: `make browser` installs it (apt-get install "
                    "poppler-utils)")
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_info(data: bytes, tmp_path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
