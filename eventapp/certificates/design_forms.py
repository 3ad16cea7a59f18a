"""The organisers' form for a certificate design: wording in both languages, one or two
signatories with their signature pictures, sponsors' logos and (participation) the days."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from eventapp.certificates import designs
from eventapp.certificates.models import CertificateDesign, CertificateType

REQUIRED = _l("This field is required.")
TYPE_LABELS = {
    CertificateType.PARTICIPATION: _l("Participation"),
    CertificateType.PRESENTER: _l("Presenter or speaker"),
    CertificateType.EXHIBITOR: _l("Exhibitor (selected innovation)"),
    CertificateType.AWARD: _l("Award"),
    CertificateType.JUDGE: _l("Judge"),
    CertificateType.COMMITTEE: _l("Organising committee member"),
}
PICTURE_ACCEPT = ".png,.jpg,.jpeg,image/png,image/jpeg"
SIGNATURE_HELP = _l("A PNG or JPEG picture of the signature, at most 1 MB; it is shrunk to fit 600 × 200 pixels. "
                    "A transparent or white background looks best.")


def _text(label, limit: int, required: bool = False, area: bool = False, description=None):
    validators = [DataRequired(message=REQUIRED)] if required else [Optional()]
    field = TextAreaField if area else StringField
    return field(label, validators=[*validators, Length(max=limit)], description=description,
                 render_kw={"maxlength": limit, **({"rows": 3} if area else {})})


class DesignForm(FlaskForm):
    title_sw = _text(_l("Title in Swahili"), designs.MAX_TITLE, required=True,
                     description=_l("For example CHETI CHA USHIRIKI."))
    title_en = _text(_l("Title in English"), designs.MAX_TITLE, required=True,
                     description=_l("For example CERTIFICATE OF PARTICIPATION."))
    statement_sw = _text(_l("What it certifies, in Swahili"), designs.MAX_STATEMENT, required=True, area=True,
                         description=_l("Printed under the holder's name, e.g. “kwa kushiriki …”."))
    statement_en = _text(_l("What it certifies, in English"), designs.MAX_STATEMENT, required=True, area=True,
                         description=_l("Printed under the Swahili, e.g. “for participating in …”."))
    signatory1_name = _text(_l("Name"), designs.MAX_SIGNATORY_NAME)
    signatory1_title = _text(_l("Title (position)"), designs.MAX_SIGNATORY_TITLE)
    signature1 = FileField(_l("Signature picture"), description=SIGNATURE_HELP,
                           render_kw={"accept": PICTURE_ACCEPT})
    remove_signature1 = BooleanField(_l("Remove the signature picture"))
    signatory2_name = _text(_l("Name"), designs.MAX_SIGNATORY_NAME)
    signatory2_title = _text(_l("Title (position)"), designs.MAX_SIGNATORY_TITLE)
    signature2 = FileField(_l("Signature picture"), description=SIGNATURE_HELP,
                           render_kw={"accept": PICTURE_ACCEPT})
    remove_signature2 = BooleanField(_l("Remove the signature picture"))
    show_sponsor_logos = BooleanField(_l("Print the logos of sponsors whose package includes certificates"),
                                      default=True)
    min_days_attended = IntegerField(
        _l("Days a participant must have attended"), validators=[Optional()],
        description=_l("Checked in at the gate on at least this many of their group's days."),
        render_kw={"min": 1, "inputmode": "numeric"},
    )

    def for_type(self, certificate_type: CertificateType, days: int) -> "DesignForm":
        """Only participation certificates have a rule on days attended."""
        if certificate_type is CertificateType.PARTICIPATION:
            self.min_days_attended.render_kw = {**self.min_days_attended.render_kw, "max": days}
        else:
            del self.min_days_attended
        return self

    def fill_from(self, design: CertificateDesign) -> None:
        for name in ("title_sw", "title_en", "statement_sw", "statement_en", "signatory1_name", "signatory1_title",
                     "signatory2_name", "signatory2_title", "show_sponsor_logos"):
            getattr(self, name).data = getattr(design, name)
        if "min_days_attended" in self:
            self.min_days_attended.data = design.min_days_attended

    def details(self) -> designs.DesignDetails:
        return designs.DesignDetails(
            title_sw=self.title_sw.data or "", title_en=self.title_en.data or "",
            statement_sw=self.statement_sw.data or "", statement_en=self.statement_en.data or "",
            signatory1_name=self.signatory1_name.data or "", signatory1_title=self.signatory1_title.data or "",
            signatory2_name=self.signatory2_name.data or "", signatory2_title=self.signatory2_title.data or "",
            show_sponsor_logos=bool(self.show_sponsor_logos.data),
            min_days_attended=self.min_days_attended.data if "min_days_attended" in self else 1,
        )
