"""Certificates as PDFs (reportlab): one A4 landscape page per certificate, bilingual — Swahili
first, English under it, smaller.

A page shows the government letterhead, the event's title and theme, the design's title,
"Hii ni kuthibitisha kwamba / This is to certify that", the holder's name big (a long name gets
a smaller font, then a second line), the institution, the design's statement and the
certificate's own detail (e.g. the award and the entry), the place and dates, one or two
signatories (signature picture, a line, name and title), the sponsors' logos, the serial, the
issue date, the verification address and a QR code holding exactly that address.

This module gathers what is printed (from the event, the design, the certificate and the
sponsors' logo providers); `page_drawing` draws it. A batch is drawn on one canvas: what is the
same on every page of an event's type is drawn once as a PDF form that each page reuses, so a
page adds only its own text and QR code.

The PDF is built in memory (reportlab keeps a document's pages until it is saved): about 1.7 kB
a certificate, 2.6 MB for 1,500; drawing needs about 12 kB a certificate at its peak (20 MB for
1,500, tests/bench/bench_certificates.py).
"""
import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.utils import ImageReader

from eventapp.certificates import designs
from eventapp.certificates.models import Certificate, CertificateType
from eventapp.certificates.page_drawing import (
    CertificateContent,
    Layout,
    Signatory,
    draw_document,
)
from eventapp.core.clock import event_timezone, local_today
from eventapp.core.uploads import upload_path
from eventapp.core.urls import external_url
from eventapp.events.models import Event
from eventapp.events.wording import event_dates, venue

LOGO_PIXELS = (360, 120)  # drawn at most 80 × 26 points: over 300 dpi
SIGNATURE_PIXELS = (600, 184)  # drawn in 150 × 46 points
SAMPLE_CODE = "0" * 24  # a code no certificate has (codes are random): the sample verifies as not found

# Areas with logos to print (the sponsors) register a function event -> [path or file-like
# image]; certificates depend on none of them.
CERTIFICATE_LOGO_PROVIDERS: list[Callable[[Event], list]] = []


def sponsor_logos(event: Event) -> list:
    """The logos to print at the foot of the event's certificates, each a path or a file-like image."""
    return [logo for provider in CERTIFICATE_LOGO_PROVIDERS for logo in provider(event)]


def verification_url(code: str) -> str:
    """The public address that verifies a certificate (built from BASE_URL): what its QR code holds."""
    return external_url("certificates.verify", code=code)


# --- what is drawn ---------------------------------------------------------------------------


def _image(source, box: tuple[int, int]) -> ImageReader | None:
    """A stored picture (a path or file-like) shrunk to fit `box` pixels — enough for print at
    the size it is drawn, and what every PDF embedding it compresses — or None when it cannot be
    read (a missing or damaged picture leaves a gap, not a failed batch). A file's picture is
    kept while the file is unchanged: each certificate emailed on its own reuses it."""
    if isinstance(source, (str, Path)):
        try:
            stat = os.stat(source)
        except OSError:
            return None
        return _file_image(str(source), stat.st_mtime_ns, stat.st_size, box)
    return _load_image(source, box)


@lru_cache(maxsize=32)
def _file_image(path: str, _mtime_ns: int, _size: int, box: tuple[int, int]) -> ImageReader | None:
    return _load_image(path, box)


def _load_image(source, box: tuple[int, int]) -> ImageReader | None:
    try:
        with PILImage.open(source) as picture:
            picture.load()
            picture = picture.convert("RGBA" if "A" in picture.getbands() or "transparency" in picture.info
                                      else "RGB")
        picture.thumbnail(box, PILImage.Resampling.LANCZOS)
        return ImageReader(picture)
    except Exception:  # noqa: BLE001 — a crafted or vanished file fails in many ways; each leaves a gap
        return None


def layout_of(event: Event, certificate_type: CertificateType, design=None) -> Layout:
    """The common part of the pages of `event`'s certificates of one type (its design by default)."""
    design = design or designs.design_for(event, certificate_type)
    signatories = [
        Signatory(name, title, _image(upload_path(picture), SIGNATURE_PIXELS) if picture else None)
        for name, title, picture in designs.signatories(design)
    ]
    logos = [_image(logo, LOGO_PIXELS) for logo in sponsor_logos(event)] if design.show_sponsor_logos else []
    where = venue(event)
    return Layout(
        form=f"certificate-{event.id}-{certificate_type.value}",
        event_title=(event.title_sw.strip(), event.title_en.strip()),
        theme=(f"Kaulimbiu: {event.theme_sw.strip()}" if event.theme_sw.strip() else "",
               f"Theme: {event.theme_en.strip()}" if event.theme_en.strip() else ""),
        title=(design.title_sw, design.title_en),
        statement=(design.statement_sw, design.statement_en),
        place=(", ".join(p for p in (where, event_dates(event.starts_on, event.ends_on, "sw")) if p),
               ", ".join(p for p in (where, event_dates(event.starts_on, event.ends_on, "en")) if p)),
        signatories=signatories,
        logos=[logo for logo in logos if logo is not None],
    )


def certificate_content(certificate: Certificate, timezone=None) -> CertificateContent:
    issued = certificate.issued_at.astimezone(timezone or event_timezone()).date()
    return CertificateContent(
        layout=(certificate.event_id, certificate.type.value), url=verification_url(certificate.code),
        serial=certificate.serial or "", holder_name=certificate.holder_name,
        holder_institution=certificate.holder_institution or "", detail_sw=certificate.detail_sw or "",
        detail_en=certificate.detail_en or "", issued_on=issued,
    )


class CertificateRenderer:
    """Draws certificates, keeping each event's type's layout (design, signature pictures, logos)
    for the next call: one renderer for a ZIP of one PDF per certificate reads every picture
    once."""

    def __init__(self):
        self.layouts: dict[tuple[int, str], Layout] = {}

    def render(self, certificates: Iterable[Certificate], on_page: Callable[[], None] | None = None) -> bytes:
        """One PDF with a page per certificate, in the order given; `on_page` is called after
        each page (progress). Every certificate is read before the first page is drawn, so
        `on_page` may commit the session."""
        timezone = event_timezone()
        contents = []
        for certificate in certificates:
            key = (certificate.event_id, certificate.type.value)
            if key not in self.layouts:
                self.layouts[key] = layout_of(certificate.event, certificate.type)
            contents.append(certificate_content(certificate, timezone))
        title = "Cheti / Certificate" if len(contents) == 1 else "Vyeti / Certificates"
        return draw_document(contents, self.layouts, title, on_page)


def render_certificates(certificates: Iterable[Certificate], on_page: Callable[[], None] | None = None) -> bytes:
    """One PDF with a page per certificate, in the order given, on one canvas; `on_page` is
    called after each page (progress) and may commit the session."""
    return CertificateRenderer().render(certificates, on_page)


def render_certificate(certificate: Certificate) -> bytes:
    return render_certificates([certificate])


def render_sample(event: Event, certificate_type: CertificateType) -> bytes:
    """A sample certificate of the type's current design (saved or default) for a made-up holder,
    marked "MFANO / SAMPLE", with a code that verifies as not found."""
    from eventapp.certificates.issuing import serial_for

    layout = layout_of(event, certificate_type)
    with_detail = certificate_type in (CertificateType.AWARD, CertificateType.EXHIBITOR, CertificateType.PRESENTER)
    content = CertificateContent(
        layout=(event.id, certificate_type.value), url=verification_url(SAMPLE_CODE),
        serial=serial_for(event, certificate_type, 0), holder_name="Jina la Mfano / Sample Name",
        holder_institution="Taasisi ya Mfano / Sample Institution",
        detail_sw="Maelezo ya mfano (k.m. tuzo na ubunifu)" if with_detail else "",
        detail_en="A sample detail (e.g. the award and the entry)" if with_detail else "",
        issued_on=local_today(),
    )
    return draw_document([content], {content.layout: layout}, "Cheti cha mfano / Sample certificate", sample=True)
