"""Reading the PDFs the app makes, as a person would see them: poppler's pdftotext (text laid
out as on the page) and pdfinfo (page size). Without poppler-utils the test is skipped, except
under CI=true, where it fails (`make browser` installs it)."""
import os
import shutil
import subprocess

import pytest


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text as laid out on the page; pdftotext fails on a file it cannot open."""
    if not shutil.which("pdftotext"):
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils (pdftotext) is missing under CI=true: `make browser` installs it")
        pytest.skip("poppler-utils (pdftotext) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_info(data: bytes, tmp_path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
