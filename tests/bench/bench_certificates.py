"""Benchmark: a batch of 1,500 certificates (the size of the 2025 meeting) drawn into one PDF.

Seeds one event with a participation design (two signatories with signature pictures), ten
sponsors whose package puts their logo on certificates, and 1,500 certificates (bulk insert),
then times:

  app        the certificates loaded (ORM) and `render_certificates` drawing all of them into
             one PDF — what the batch job does;
  bare       reportlab and qrcode alone, no app code: the same A4 landscape pages, the same
             strings drawn with drawString/drawCentredString on every page, the same pictures
             (drawImage on every page), and the same QR contents with the same qrcode settings
             (error correction M, fixed mask) drawn as a reportlab path of dark squares;
  bare+form  the same, with the part every page shares drawn once into a PDF form (the app's
             one drawing trick, without the app);
  tuned      bare+form with the app's QR drawing too (one literal path of dark runs in module
             units): the same drawing as the app, without the app — the floor;
  naive      for information: the common recipe, qrcode.make(url) as a PNG picture per page
             (qrcode's automatic mask choice), everything else as in `bare`.

The baselines use reportlab's settings as the app does (compressed streams without the ASCII85
layer), so the ratios measure what the app adds, not a setting. It reports each wall time, the
app's ratio to each, pages per second, and memory for 500, 1,000 and 1,500
certificates (and 3,000 with --count 3000), each in a fresh process: how far the resident set's
high-water mark (VmHWM, reset just before) rises above the resident set while rendering, the
tracemalloc peak of the render, and the PDF's size. Targets (issue 9): the app under 15 s on the
2-core machine and within 1.5x of bare.

    .venv/bin/python tests/bench/bench_certificates.py                 # SQLite file in a temp dir
    .venv/bin/python tests/bench/bench_certificates.py --count 3000
    DATABASE_URL=postgresql://user@host/db .venv/bin/python tests/bench/bench_certificates.py

DATABASE_URL must point at a throwaway database: its tables are dropped and created again.
Not collected by pytest (addopts ignores tests/bench).
"""
import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timezone
from itertools import groupby
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import qrcode  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402
from qrcode.constants import ERROR_CORRECT_M  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from config import TestingConfig  # noqa: E402
from eventapp import create_app  # noqa: E402
from eventapp.certificates.documents import render_certificates  # noqa: E402
from eventapp.certificates.issuing import serial_for  # noqa: E402
from eventapp.certificates.models import (  # noqa: E402
    Certificate,
    CertificateDesign,
    CertificateType,
    new_certificate_code,
)
from eventapp.certificates.page_drawing import binary_streams  # noqa: E402
from eventapp.events.models import Event, EventStatus  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.registration.models import Institution, InstitutionType  # noqa: E402
from eventapp.sponsors.models import Sponsor, SponsorshipPackage, SponsorStatus  # noqa: E402
from tests.bench.bench_registrations_list import FIRST, LAST, database_url, insert  # noqa: E402

PAGE = landscape(A4)
CENTRE = PAGE[0] / 2
SPONSORS = ["NMB", "NBC", "TANAPA", "TCRA", "UCSAF", "COSTECH", "WCF", "NSSF", "MSD", "SSRA"]
MEMORY_SIZES = (500, 1000, 1500, 3000)


def make_app(url: str, uploads: str):
    config = type("BenchConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {},
                                                     "UPLOAD_FOLDER": uploads, "BASE_URL": "https://kikaokazi.ega.go.tz"})
    return create_app(config)


def picture(path: Path, size: tuple[int, int], text: str, transparent: bool) -> str:
    image = Image.new("RGBA" if transparent else "RGB", size, (0, 0, 0, 0) if transparent else "white")
    draw = ImageDraw.Draw(image)
    rng = random.Random(text)
    points = [(rng.randrange(size[0]), rng.randrange(size[1])) for _ in range(12)]
    draw.line(points, fill=(20, 30, 120, 255), width=5)
    draw.text((10, size[1] // 2), text, fill=(0, 90, 40, 255))
    image.save(path, format="PNG")
    return path.name


def seed(count: int, uploads: Path) -> int:
    """Fill the database and the upload folder; returns the event id."""
    rng = random.Random(2025)
    now = datetime.now(timezone.utc)
    event = Event(edition=6, title_sw="Kikao Kazi cha Sita cha Serikali Mtandao",
                  title_en="The Sixth e-Government Annual Meeting",
                  theme_sw="Serikali Mtandao kwa Huduma Bora kwa Wananchi",
                  theme_en="e-Government for better public services", venue="AICC", city="Arusha",
                  starts_on=date(2025, 2, 11), ends_on=date(2025, 2, 13), status=EventStatus.CLOSED,
                  registration_opens_on=date(2024, 12, 1), registration_closes_on=date(2025, 2, 10))
    db.session.add(event)
    db.session.flush()
    db.session.add(CertificateDesign(
        event_id=event.id, type=CertificateType.PARTICIPATION, title_sw="CHETI CHA USHIRIKI",
        title_en="CERTIFICATE OF PARTICIPATION", statement_sw=f"kwa kushiriki {event.title_sw}.",
        statement_en=f"for participating in {event.title_en}.", signatory1_name="Eng. Benedict B. Ndomba",
        signatory1_title="Mkurugenzi Mkuu, Mamlaka ya Serikali Mtandao",
        signatory1_signature=picture(uploads / "signature1.png", (600, 200), "B. Ndomba", True),
        signatory2_name="Bi. Asha Mwinyi", signatory2_title="Mwenyekiti, Kamati ya Maandalizi",
        signatory2_signature=picture(uploads / "signature2.png", (600, 200), "A. Mwinyi", True),
        show_sponsor_logos=True, min_days_attended=1))
    package = SponsorshipPackage(event_id=event.id, code="gold", name_sw="Dhahabu", name_en="Gold", rank=1,
                                 amount=10_000_000, logo_on_certificates=True)
    db.session.add(package)
    for name in SPONSORS:
        institution = Institution(name=name, name_key=name.lower(), type=InstitutionType.MINISTRY)
        db.session.add(Sponsor(event_id=event.id, institution=institution, package=package, pledged_amount=1,
                               contact_name="Contact", contact_email="c@example.org", status=SponsorStatus.PAID,
                               logo_file=picture(uploads / f"logo-{name}.png", (600, 300), name, False)))
    db.session.flush()
    first_id = (db.session.scalar(sa.select(sa.func.max(Certificate.id))) or 0) + 1
    insert(Certificate, [{
        "id": first_id + n, "event_id": event.id, "type": "participation", "code": new_certificate_code(),
        "serial": serial_for(event, CertificateType.PARTICIPATION, first_id + n), "subject_key": f"registration:{n}",
        "holder_name": f"{rng.choice(['Bw.', 'Bi.', 'Dkt.', 'Prof.'])} {rng.choice(FIRST)} {rng.choice(LAST)}"
                       + (f" {rng.choice(LAST)}" if n % 3 == 0 else ""),
        "holder_institution": f"Wizara ya {rng.choice(['Fedha', 'Afya', 'Elimu', 'Kilimo', 'Maji'])} na Mipango",
        "holder_email": f"p{n}@example.org", "detail_sw": "", "detail_en": "", "language": "sw",
        "issued_at": now, "revoke_reason": "",
    } for n in range(count)])
    db.session.commit()
    return event.id


def load(event_id: int, count: int) -> list[Certificate]:
    return list(db.session.scalars(sa.select(Certificate).where(Certificate.event_id == event_id)
                                   .order_by(Certificate.id).limit(count)))


# --- the bare baselines: reportlab and qrcode, no app code ----------------------------------


def bare_inputs(app, event_id: int, uploads: Path) -> tuple[list[tuple], list[tuple], list[str]]:
    """The strings the app prints (read once, untimed): the shared ones with their font, size and
    height, each page's own, and the picture files."""
    event = db.session.get(Event, event_id)
    design = db.session.scalar(sa.select(CertificateDesign).where(CertificateDesign.event_id == event_id))
    shared = [
        ("Helvetica-Bold", 11, 540, "JAMHURI YA MUUNGANO WA TANZANIA"),
        ("Helvetica", 9, 527, "OFISI YA RAIS – MENEJIMENTI YA UTUMISHI WA UMMA NA UTAWALA BORA"),
        ("Helvetica-Bold", 11, 513, "WAKALA YA SERIKALI MTANDAO (eGA) · e-GOVERNMENT AUTHORITY"),
        ("Helvetica-Bold", 13, 490, event.title_sw), ("Helvetica-Oblique", 10, 477, event.title_en),
        ("Helvetica", 9.5, 463, f"Kaulimbiu: {event.theme_sw}"), ("Helvetica-Oblique", 8.5, 452,
                                                                   f"Theme: {event.theme_en}"),
        ("Times-Bold", 26, 426, design.title_sw), ("Times-Bold", 15, 408, design.title_en),
        ("Times-Italic", 13, 384, "Hii ni kuthibitisha kwamba"), ("Times-Italic", 10.5, 370, "This is to certify that"),
        ("Times-Roman", 13, 263, design.statement_sw), ("Times-Italic", 11, 248, design.statement_en),
        ("Helvetica", 10, 178, "AICC, Arusha, 11–13 Februari 2025"),
        ("Helvetica-Oblique", 9, 167, "AICC, Arusha, 11–13 February 2025"),
    ]
    for x, (name, title) in zip((PAGE[0] * 0.22, PAGE[0] * 0.78), ((design.signatory1_name, design.signatory1_title),
                                                                  (design.signatory2_name, design.signatory2_title))):
        shared += [("Helvetica-Bold", 10, 89, name, x), ("Helvetica", 8.5, 78, title, x)]
    rows = db.session.execute(sa.select(Certificate.code, Certificate.serial, Certificate.holder_name,
                                        Certificate.holder_institution).where(Certificate.event_id == event_id)
                              .order_by(Certificate.id)).all()
    base = app.config["BASE_URL"] + "/verify/"
    pages = [(base + code, f"Namba ya cheti / Serial No.: {serial}", name, institution,
              "Kimetolewa tarehe 11 Machi 2025 / Issued on 11 March 2025", f"Hakiki / Verify: {base + code}")
             for code, serial, name, institution in rows]
    files = [str(uploads / "signature1.png"), str(uploads / "signature2.png")]
    files += [str(uploads / f"logo-{name}.png") for name in SPONSORS]
    return shared, pages, files


def _shared_part(canvas: Canvas, shared: list[tuple], images: list[ImageReader]) -> None:
    canvas.setStrokeColor(colors.green)
    canvas.setLineWidth(3)
    canvas.rect(18, 18, PAGE[0] - 36, PAGE[1] - 36)
    canvas.setLineWidth(1)
    canvas.rect(26, 26, PAGE[0] - 52, PAGE[1] - 52)
    for font, size, y, text, *x in shared:
        canvas.setFont(font, size)
        canvas.drawCentredString(x[0] if x else CENTRE, y, text)
    for image, x in zip(images[:2], (PAGE[0] * 0.22, PAGE[0] * 0.78)):
        canvas.drawImage(image, x - 75, 104, 150, 46, mask="auto", preserveAspectRatio=True)
        canvas.line(x - 90, 101, x + 90, 101)
    for n, logo in enumerate(images[2:]):
        canvas.drawImage(logo, 90 + n * 68, 34, 52, 26, mask="auto", preserveAspectRatio=True)


def _own_part(canvas: Canvas, page: tuple, naive: bool, tuned: bool) -> None:
    url, serial, name, institution, issued, verify = page
    canvas.setFont("Times-Bold", 30)
    canvas.drawCentredString(CENTRE, 324, name)
    canvas.setFont("Helvetica", 12)
    canvas.drawCentredString(CENTRE, 290, institution)
    canvas.setFont("Helvetica-Bold", 8.5)
    canvas.drawCentredString(CENTRE, 85, serial)
    canvas.setFont("Helvetica", 7.5)
    canvas.drawCentredString(CENTRE, 75, issued)
    canvas.setFont("Helvetica", 7)
    canvas.drawCentredString(CENTRE, 66, verify)
    if naive:
        png = io.BytesIO()
        qrcode.make(url).save(png, format="PNG")
        canvas.drawImage(ImageReader(png), CENTRE - 32, 96, 64, 64)
        return
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=0)
    code.add_data(url, optimize=0 if tuned else 20)
    code.make(fit=True)
    modules = code.modules
    side = 64 / len(modules)
    if tuned:  # the app's way: rows of dark runs in module units, one literal path
        runs = []
        for row_number, row in enumerate(modules):
            x = 0
            for dark, run in groupby(row):
                length = len(list(run))
                if dark:
                    runs.append(f"{x} {len(modules) - 1 - row_number} {length} 1 re")
                x += length
        canvas.saveState()
        canvas.translate(CENTRE - 32, 96)
        canvas.scale(side, side)
        canvas.addLiteral("\n".join(runs) + "\nf")
        canvas.restoreState()
        return
    path = canvas.beginPath()
    for row_number, row in enumerate(modules):
        y = 96 + (len(modules) - 1 - row_number) * side
        start = None
        for column, dark in enumerate([*row, False]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                path.rect(CENTRE - 32 + start * side, y, (column - start) * side, side)
                start = None
    canvas.drawPath(path, stroke=0, fill=1)


def bare(shared: list[tuple], pages: list[tuple], files: list[str], form: bool = False, naive: bool = False,
         tuned: bool = False) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    images = [ImageReader(f) for f in files]
    if form:
        canvas.beginForm("shared")
        _shared_part(canvas, shared, images)
        canvas.endForm()
    for page in pages:
        if form:
            canvas.doForm("shared")
        else:
            _shared_part(canvas, shared, images)
        _own_part(canvas, page, naive, tuned)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- memory, in a fresh process per size ----------------------------------------------------


def _peak_rss_kb() -> int:
    """The process's resident-set high-water mark (VmHWM), in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _current_rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def memory_child(url: str, uploads: str, event_id: int, count: int) -> None:
    app = make_app(url, uploads)
    with app.app_context():
        certificates = load(event_id, count)
        render_certificates(certificates[:5])  # imports, fonts and caches warmed up
        before = _current_rss_kb()
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident set (Linux)
        pdf = render_certificates(certificates)
        peak = _peak_rss_kb()
        tracemalloc.start()
        render_certificates(certificates)
        _current, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # The batch job's way to print: PDFs of PRINT_PART_PAGES pages in a ZIP on a temporary file.
        from eventapp.certificates.batches import print_parts

        ids = [c.id for c in certificates]
        db.session.expunge_all()
        tracemalloc.start()
        parts = print_parts(ids)
        _current, parts_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(json.dumps({"count": count, "rss_growth_kb": peak - before, "rss_kb": peak,
                      "traced_peak": traced_peak, "pdf_bytes": len(pdf), "parts_traced_peak": parts_peak,
                      "parts_bytes": len(parts)}))


def measure_memory(url: str, uploads: str, event_id: int, sizes) -> list[dict]:
    results = []
    for count in sizes:
        out = subprocess.run([sys.executable, __file__, "--memory-child", str(count), "--database", url,
                              "--uploads", uploads, "--event", str(event_id)], check=True, capture_output=True,
                             text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1500)
    parser.add_argument("--memory-child", type=int)
    parser.add_argument("--database")
    parser.add_argument("--uploads")
    parser.add_argument("--event", type=int)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.database, args.uploads, args.event, args.memory_child)
        return

    url, uploads = database_url(), Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    app = make_app(url, str(uploads))
    with app.app_context():
        db.drop_all()
        db.create_all()
        seconds, event_id = timed(seed, args.count, uploads)
        print(f"seeded {args.count} certificates in {seconds:.1f} s ({url.split(':')[0]})")
        db.session.remove()

        render_certificates(load(event_id, 5))  # warm up imports and fonts, as a running worker has
        db.session.remove()
        load_seconds, certificates = timed(load, event_id, args.count)
        render_seconds, pdf = timed(render_certificates, certificates)
        app_seconds = load_seconds + render_seconds
        shared, pages, files = bare_inputs(app, event_id, uploads)
        db.session.remove()
    with binary_streams():
        bare_seconds, bare_pdf = timed(bare, shared, pages, files)
        form_seconds, _pdf = timed(bare, shared, pages, files, form=True)
        tuned_seconds, _pdf = timed(bare, shared, pages, files, form=True, tuned=True)
        naive_seconds, _pdf = timed(bare, shared, pages, files, naive=True)

    print(f"\n{'':12}{'wall':>9}{'pages/s':>10}{'PDF':>10}")
    print(f"{'app':12}{app_seconds:8.2f}s{args.count / app_seconds:10.0f}{len(pdf) / 1e6:9.1f}M"
          f"   (loading {load_seconds:.2f} s, drawing {render_seconds:.2f} s)")
    print(f"{'bare':12}{bare_seconds:8.2f}s{args.count / bare_seconds:10.0f}{len(bare_pdf) / 1e6:9.1f}M")
    print(f"{'bare+form':12}{form_seconds:8.2f}s{args.count / form_seconds:10.0f}")
    print(f"{'tuned':12}{tuned_seconds:8.2f}s{args.count / tuned_seconds:10.0f}")
    print(f"{'naive':12}{naive_seconds:8.2f}s{args.count / naive_seconds:10.0f}")
    print(f"\napp / bare      {app_seconds / bare_seconds:.2f}x   (target: at most 1.5x)")
    print(f"app / bare+form {app_seconds / form_seconds:.2f}x")
    print(f"app / tuned     {app_seconds / tuned_seconds:.2f}x   (what the app itself adds)")
    print(f"app wall time   {app_seconds:.2f} s   (target: under 15 s)")

    sizes = [n for n in MEMORY_SIZES if n <= args.count] or [args.count]
    print("\nmemory (a fresh process per size):")
    rows = measure_memory(url, str(uploads), event_id, sizes)
    for row in rows:
        print(f"  {row['count']:>6} certificates: resident set grew {row['rss_growth_kb'] / 1024:6.1f} MB "
              f"(to {row['rss_kb'] / 1024:.0f} MB); tracemalloc peak {row['traced_peak'] / 1e6:6.1f} MB; "
              f"PDF {row['pdf_bytes'] / 1e6:.2f} MB")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        per = (last["traced_peak"] - first["traced_peak"]) / (last["count"] - first["count"])
        print(f"  growth per certificate: {per / 1000:.1f} kB traced at the peak, "
              f"{last['pdf_bytes'] / last['count'] / 1000:.1f} kB of PDF")
    print("\nthe batch job's print output (PDFs of at most 250 pages in a ZIP), tracemalloc peak:")
    for row in rows:
        print(f"  {row['count']:>6} certificates: {row['parts_traced_peak'] / 1e6:6.1f} MB "
              f"(the ZIP itself {row['parts_bytes'] / 1e6:.2f} MB, returned as the job's file)")


if __name__ == "__main__":
    main()
