"""Forms of the organisers' certificate pages: issuing a batch, a bundle to print, the list's
filters, revoking, correcting a name and issuing one by hand."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from eventapp.certificates.issuing import MAX_NAME, MAX_REASON, MIN_REASON
from eventapp.certificates.listing import CertificateFilter
from eventapp.certificates.models import CertificateType
from eventapp.certificates.verification import TYPE_LABELS

BUNDLE_CHOICES = [SelectChoice("zip", _l("A ZIP with one PDF per certificate")),
                  SelectChoice("pdf", _l("PDFs to print, a page each (at most 250 pages a PDF)"))]


def type_from_value(value) -> CertificateType | None:
    return next((t for t in CertificateType if t.value == value), None)


class IssueBatchForm(FlaskForm):
    email = BooleanField(_l("Email each holder their certificate"))
    bundle = RadioField(_l("Then download"), choices=BUNDLE_CHOICES, default="zip", validators=[DataRequired()])


class BundleForm(FlaskForm):
    bundle = RadioField(_l("Download"), choices=BUNDLE_CHOICES, default="pdf", validators=[DataRequired()])


class CertificateFilterForm(FlaskForm):
    """The list's filters, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    type = SelectField(_l("Type"), validators=[Optional()],
                       choices=[SelectChoice("", _l("All types"))]
                       + [SelectChoice(t.value, TYPE_LABELS[t]) for t in CertificateType])
    status = SelectField(_l("Status"), validators=[Optional()],
                         choices=[SelectChoice("", _l("Valid and revoked")), SelectChoice("valid", _l("Valid")),
                                  SelectChoice("revoked", _l("Revoked"))])
    q = StringField(_l("Name, serial, email or institution"), validators=[Optional(), Length(max=100)])

    def filters(self) -> CertificateFilter:
        """The filters; a value not offered (or a search too long) counts as no filter."""
        type_value = self.type.data if not self.type.errors else ""
        status = self.status.data if not self.status.errors and self.status.data in ("valid", "revoked") else None
        text = (self.q.data or "") if not self.q.errors else ""
        return CertificateFilter(type=type_from_value(type_value), status=status, text=text.strip())


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Why is it revoked?"), description=_l("Kept on record for the organisers."),
                           validators=[DataRequired(), Length(min=MIN_REASON, max=MAX_REASON)])


class CorrectNameForm(FlaskForm):
    holder_name = StringField(_l("The name as it should be printed"),
                              description=_l("The certificate is revoked and a new one issued with this name."),
                              validators=[DataRequired(), Length(min=3, max=MAX_NAME)])


class IssueOneForm(FlaskForm):
    key = HiddenField(validators=[DataRequired(), Length(max=80)])
