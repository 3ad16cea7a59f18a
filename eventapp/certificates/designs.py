"""The design of a certificate per event and type: what it says (a title and a statement, in
Swahili and in English) and who signs it (one or two signatories, each with an optional
signature picture). An event starts with a sensible default wording for each of the six types;
signatories are never guessed, so a type cannot be issued until an organiser names one.

Signature pictures are PNG or JPEG (checked by their content, not their name), at most
MAX_SIGNATURE_BYTES, shrunk to fit SIGNATURE_BOX and stored as PNG in the upload folder; a
replaced or removed picture's file is deleted once the change is committed."""
import io
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps

from eventapp.certificates.models import CertificateDesign, CertificateType
from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.uploads import delete_upload, read_upload, store_bytes, upload_path
from eventapp.events.models import Event
from eventapp.extensions import db

MAX_TITLE = 120
MAX_STATEMENT = 300
MAX_SIGNATORY_NAME = 160
MAX_SIGNATORY_TITLE = 200
MAX_SIGNATURE_BYTES = 1_000_000  # the app's MAX_SIGNATURE_BYTES setting wins when there is one
SIGNATURE_BOX = (600, 200)  # width, height in pixels: the largest a signature is kept
MAX_SIGNATURE_PIXELS = 25_000_000  # refused before decoding: a small file can declare a huge picture
SIGNATORIES = (1, 2)

# The default wording: (title_sw, title_en, statement_sw, statement_en); {sw} and {en} are the
# event's title in each language.
DEFAULT_WORDING = {
    CertificateType.PARTICIPATION: (
        "CHETI CHA USHIRIKI", "CERTIFICATE OF PARTICIPATION",
        "kwa kushiriki {sw}.", "for participating in the {en}.",
    ),
    CertificateType.PRESENTER: (
        "CHETI CHA UWASILISHAJI", "CERTIFICATE OF PRESENTATION",
        "kwa kuwasilisha mada katika {sw}.", "for presenting at the {en}.",
    ),
    CertificateType.EXHIBITOR: (
        "CHETI CHA MAONESHO", "CERTIFICATE OF EXHIBITION",
        "kwa ubunifu uliochaguliwa kuoneshwa katika maonesho ya utafiti na ubunifu ya {sw}.",
        "for an innovation selected for the research and innovation exhibition of the {en}.",
    ),
    CertificateType.AWARD: (
        "CHETI CHA TUZO", "CERTIFICATE OF AWARD",
        "kwa kutunukiwa tuzo katika shindano la utafiti na ubunifu la {sw}.",
        "for an award in the research and innovation competition of the {en}.",
    ),
    CertificateType.JUDGE: (
        "CHETI CHA SHUKRANI", "CERTIFICATE OF APPRECIATION",
        "kwa kuhudumu katika jopo la majaji wa shindano la utafiti na ubunifu la {sw}.",
        "for serving on the panel of judges of the research and innovation competition of the {en}.",
    ),
    CertificateType.COMMITTEE: (
        "CHETI CHA SHUKRANI", "CERTIFICATE OF APPRECIATION",
        "kwa kuhudumu kama mjumbe wa kamati ya maandalizi ya {sw}.",
        "for serving as a member of an organising committee of the {en}.",
    ),
}


@dataclass(frozen=True)
class DesignDetails:
    """What an organiser typed for a design (the signature pictures come separately)."""

    title_sw: str
    title_en: str
    statement_sw: str
    statement_en: str
    signatory1_name: str
    signatory1_title: str
    signatory2_name: str = ""
    signatory2_title: str = ""
    show_sponsor_logos: bool = True
    min_days_attended: int | None = 1


def type_from_value(value: str) -> CertificateType | None:
    return next((t for t in CertificateType if t.value == value), None)


def event_day_count(event: Event) -> int:
    """The event's days (its programme days, else the days from its start to its end)."""
    return len(event.days) or (event.ends_on - event.starts_on).days + 1


def default_design(event: Event, certificate_type: CertificateType) -> CertificateDesign:
    """The unsaved default design of a type: its wording and no signatory."""
    title_sw, title_en, statement_sw, statement_en = DEFAULT_WORDING[certificate_type]
    return CertificateDesign(
        event_id=event.id, event=event, type=certificate_type, title_sw=title_sw, title_en=title_en,
        statement_sw=statement_sw.format(sw=event.title_sw.strip(), en=event.title_en.strip()),
        statement_en=statement_en.format(sw=event.title_sw.strip(), en=event.title_en.strip()),
        signatory1_name="", signatory1_title="", signatory1_signature=None,
        signatory2_name="", signatory2_title="", signatory2_signature=None,
        show_sponsor_logos=True, min_days_attended=1,
    )


def saved_design(event: Event, certificate_type: CertificateType) -> CertificateDesign | None:
    return db.session.scalar(sa.select(CertificateDesign).where(CertificateDesign.event_id == event.id,
                                                                CertificateDesign.type == certificate_type))


def design_for(event: Event, certificate_type: CertificateType) -> CertificateDesign:
    """The saved design of the type, or its unsaved default (never added to the session)."""
    return saved_design(event, certificate_type) or default_design(event, certificate_type)


def signatories(design: CertificateDesign) -> list[tuple[str, str, str | None]]:
    """(name, title, stored signature picture or None) of each named signatory, in order."""
    pairs = [(design.signatory1_name, design.signatory1_title, design.signatory1_signature),
             (design.signatory2_name, design.signatory2_title, design.signatory2_signature)]
    return [(name.strip(), title.strip(), picture) for name, title, picture in pairs if (name or "").strip()]


def ready_for_issuing(event: Event, certificate_type: CertificateType) -> list[str]:
    """What stops certificates of this type being issued now (empty when nothing does)."""
    design = design_for(event, certificate_type)
    problems = []
    if not signatories(design):
        problems.append(_("Name at least one signatory (name and title) in the certificate's design."))
    for name, _title, picture in signatories(design):
        if picture and not upload_path(picture).is_file():
            problems.append(_("The signature picture of %(name)s is missing; upload it again.", name=name))
    if not design.title_sw.strip() or not design.title_en.strip():
        problems.append(_("Give the certificate a title in Swahili and in English."))
    return problems


# --- signature pictures ------------------------------------------------------------------


def _unreadable(field: str) -> DomainError:
    return DomainError(_("This picture could not be read: the file is damaged or not a real PNG or JPEG image."),
                       field=field)


def fit_signature(data: bytes, kind: str, field: str) -> bytes:
    """The picture as PNG bytes within SIGNATURE_BOX (aspect kept, never enlarged, metadata
    dropped). Raises DomainError for a damaged file or one with too many pixels."""
    formats = [{"png": "PNG", "jpeg": "JPEG"}[kind]]
    try:
        with Image.open(io.BytesIO(data), formats=formats) as probe:
            if probe.size[0] * probe.size[1] > MAX_SIGNATURE_PIXELS:
                raise DomainError(_("This picture has too many pixels."), field=field)
            probe.verify()
        with Image.open(io.BytesIO(data), formats=formats) as image:  # verify() spent the first one
            image.load()
            picture = ImageOps.exif_transpose(image)
            if picture.mode not in ("RGB", "RGBA", "L", "LA"):
                picture = picture.convert("RGBA" if "transparency" in picture.info or "A" in picture.mode else "RGB")
            picture.thumbnail(SIGNATURE_BOX, Image.Resampling.LANCZOS)
    except DomainError:
        raise
    except Image.DecompressionBombError:
        raise DomainError(_("This picture has too many pixels."), field=field) from None
    except Exception:  # noqa: BLE001 — a crafted file makes decoders fail in many ways; each is a refusal
        raise _unreadable(field) from None
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _signature_png(upload, field: str, errors: dict) -> bytes | None:
    if upload is None or not getattr(upload, "filename", ""):
        return None
    try:
        limit = int(current_app.config.get("MAX_SIGNATURE_BYTES", MAX_SIGNATURE_BYTES))
        data, kind = read_upload(upload, {"png", "jpeg"}, limit, field=field)
        return fit_signature(data, kind, field)
    except DomainError as error:
        errors[field] = error.message
        return None


# --- saving --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _problems(event: Event, certificate_type: CertificateType, details: DesignDetails) -> dict[str, str]:
    errors = {}
    for field, limit in (("title_sw", MAX_TITLE), ("title_en", MAX_TITLE), ("statement_sw", MAX_STATEMENT),
                         ("statement_en", MAX_STATEMENT), ("signatory1_name", MAX_SIGNATORY_NAME),
                         ("signatory1_title", MAX_SIGNATORY_TITLE), ("signatory2_name", MAX_SIGNATORY_NAME),
                         ("signatory2_title", MAX_SIGNATORY_TITLE)):
        value = getattr(details, field)
        if field.startswith(("title", "statement")) and not value:
            errors[field] = _("This field is required.")
        elif len(value) > limit:
            errors[field] = _("At most %(n)d characters.", n=limit)
    for n in SIGNATORIES:
        name, title = getattr(details, f"signatory{n}_name"), getattr(details, f"signatory{n}_title")
        if name and not title:
            errors.setdefault(f"signatory{n}_title", _("Write the signatory's title (their position)."))
        if title and not name:
            errors.setdefault(f"signatory{n}_name", _("Write the signatory's name."))
    if not details.signatory1_name and not details.signatory1_title:
        errors.setdefault("signatory1_name", _("Name at least one signatory: the certificate must be signed."))
    if certificate_type is CertificateType.PARTICIPATION:
        days = event_day_count(event)
        if details.min_days_attended is None or not 1 <= details.min_days_attended <= days:
            errors["min_days_attended"] = _("Between 1 and %(n)d (the meeting's days).", n=days)
    return errors


def _cleaned(details: DesignDetails) -> DesignDetails:
    return DesignDetails(
        title_sw=_clean(details.title_sw), title_en=_clean(details.title_en),
        statement_sw=_clean(details.statement_sw), statement_en=_clean(details.statement_en),
        signatory1_name=_clean(details.signatory1_name), signatory1_title=_clean(details.signatory1_title),
        signatory2_name=_clean(details.signatory2_name), signatory2_title=_clean(details.signatory2_title),
        show_sponsor_logos=bool(details.show_sponsor_logos), min_days_attended=details.min_days_attended,
    )


def save_design(event: Event, certificate_type: CertificateType, details: DesignDetails, signatures=(None, None),
                remove_signatures=(False, False), actor_id: int | None = None) -> CertificateDesign:
    """Save the design of a type for an event (created on first save).

    `signatures` are the uploaded pictures of signatory 1 and 2 (or None): each replaces the
    stored one. `remove_signatures` removes a stored picture (an upload wins over removing).
    A signatory is a name and a title; the first is required, the second optional — clearing
    the second's name and title removes it with its picture. Minimum days attended (1 to the
    meeting's days) counts for participation only. Every problem is reported at once, by
    field, and nothing is saved or stored when there is one.
    """
    details = _cleaned(details)
    errors = _problems(event, certificate_type, details)
    pngs = [_signature_png(upload, f"signature{n}", errors) for n, upload in zip(SIGNATORIES, signatures)]
    if pngs[1] is not None and not details.signatory2_name:
        errors.setdefault("signature2", _("Write the second signatory's name and title first."))
    if errors:
        raise InvalidInput(errors)

    design = saved_design(event, certificate_type)
    adding = design is None
    if adding:
        design = default_design(event, certificate_type)
        db.session.add(design)
    for field in ("title_sw", "title_en", "statement_sw", "statement_en", "signatory1_name", "signatory1_title",
                  "signatory2_name", "signatory2_title", "show_sponsor_logos"):
        setattr(design, field, getattr(details, field))
    if certificate_type is CertificateType.PARTICIPATION:
        design.min_days_attended = details.min_days_attended

    stored, discarded = [], []
    for n, png, remove in zip(SIGNATORIES, pngs, remove_signatures):
        attribute = f"signatory{n}_signature"
        old = getattr(design, attribute)
        if png is not None:
            new = store_bytes(png, "png", f"signature{n}.png").name
            stored.append(new)
            setattr(design, attribute, new)
        elif remove or (n == 2 and not details.signatory2_name):
            setattr(design, attribute, None)
        if old and old != getattr(design, attribute):
            discarded.append(old)
    try:
        db.session.flush()
        audit.record(actor_id, "certificates.design_saved", f"event:{event.id}", certificate_type.value)
        db.session.commit()
    except sa.exc.IntegrityError:  # the same design created meanwhile by another request
        db.session.rollback()
        for name in stored:
            delete_upload(name)
        raise DomainError(_("This design was saved by someone else at the same moment; check it and save "
                            "again.")) from None
    for name in discarded:
        delete_upload(name)
    return design
