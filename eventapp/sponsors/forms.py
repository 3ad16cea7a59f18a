"""Forms of the organisers' sponsors pages (packages, sponsors, passes, programme slots) and of
the sponsor contact's page."""
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TelField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from eventapp.core.forms import int_or_none
from eventapp.registration.forms import DetailsForm
from eventapp.registration.services.payments import MAX_AMOUNT
from eventapp.registration.services.registering import LIMITS, ParticipantDetails
from eventapp.sponsors.models import SponsorStatus
from eventapp.sponsors.services import PackageDetails, SponsorDetails

REQUIRED = _l("This field is required.")
STATUS_LABELS = {
    SponsorStatus.PROSPECT: _l("Prospect"),
    SponsorStatus.CONFIRMED: _l("Confirmed"),
    SponsorStatus.INVOICED: _l("Invoiced"),
    SponsorStatus.PAID: _l("Paid"),
}
WHOLE = _l("Enter a whole number.")


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class PackageForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(message=REQUIRED), Length(max=20)],
                       description=_l("Short, like PLATINUM, GOLD or EXHIBITOR."))
    name_sw = StringField(_l("Name (Swahili)"), validators=[DataRequired(message=REQUIRED), Length(max=120)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(message=REQUIRED), Length(max=120)])
    rank = IntegerField(_l("Order on the sponsors page"), default=1,
                        validators=[Optional(), NumberRange(min=0, max=1000)],
                        description=_l("1 comes first."))
    amount = IntegerField(_l("Amount"), validators=[InputRequired(message=WHOLE), NumberRange(min=0, max=MAX_AMOUNT)],
                          description=_l("Whole shillings."))
    currency = StringField(_l("Currency"), default="TZS", validators=[DataRequired(message=REQUIRED),
                                                                     Length(min=3, max=3)])
    booth_size_m2 = IntegerField(_l("Booth size (m²)"), validators=[Optional(), NumberRange(min=1, max=10_000)],
                                 description=_l("Leave empty when the package has no booth."))
    complimentary_passes = IntegerField(_l("Complimentary passes"), default=0,
                                        validators=[Optional(), NumberRange(min=0, max=1000)],
                                        description=_l("Staff the sponsor may register without a fee."))
    programme_minutes = IntegerField(_l("Programme minutes"), default=0,
                                     validators=[Optional(), NumberRange(min=0, max=24 * 60)],
                                     description=_l("Time in sponsor slots of the programme."))
    logo_on_programme = BooleanField(_l("Logo on the programme PDF"))
    logo_on_website = BooleanField(_l("Logo on the website"), default=True)
    logo_on_certificates = BooleanField(_l("Logo on the certificates"))

    def details(self) -> PackageDetails:
        return PackageDetails(
            code=self.code.data or "", name_sw=self.name_sw.data or "", name_en=self.name_en.data or "",
            amount=self.amount.data, currency=self.currency.data or "", rank=self.rank.data,
            booth_size_m2=self.booth_size_m2.data, complimentary_passes=self.complimentary_passes.data,
            programme_minutes=self.programme_minutes.data, logo_on_programme=bool(self.logo_on_programme.data),
            logo_on_website=bool(self.logo_on_website.data),
            logo_on_certificates=bool(self.logo_on_certificates.data),
        )


class SponsorForm(FlaskForm):
    institution_id = HiddenField(validators=[Length(max=20)])
    institution_name = StringField(
        _l("Institution"), validators=[DataRequired(message=REQUIRED), Length(max=200)],
        description=_l("Choose from the directory; a name that is not there is added for review."),
        render_kw={"autocomplete": "off", "maxlength": 200},
    )
    package_id = SelectField(_l("Package"), coerce=int_or_none, validate_choice=False,
                             validators=[DataRequired(message=_l("Choose a sponsorship package."))])
    pledged_amount = IntegerField(_l("Pledged amount"), validators=[Optional(), NumberRange(min=0, max=MAX_AMOUNT)],
                                  description=_l("Whole shillings; leave empty for the package's amount."))
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(message=REQUIRED), Length(max=160)])
    contact_email = EmailField(_l("Contact's email"), validators=[DataRequired(message=REQUIRED), Length(max=254)])
    contact_phone = TelField(_l("Contact's phone"), validators=[Optional(), Length(max=30)],
                             description=_l("For example 0754 123 456."))
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300)],
                       description=_l("The full address, like https://www.nmbbank.co.tz"))
    logo = FileField(_l("Logo"), description=_l("A PNG or JPEG picture; it is resized to fit 600 × 300 pixels."),
                     render_kw={"accept": ".png,.jpg,.jpeg,image/png,image/jpeg"})

    def set_logo_limit(self, max_bytes: int) -> None:
        self.logo.description = _l("A PNG or JPEG picture of at most %(mb)s MB; it is resized to fit 600 × 300 "
                                   "pixels.", mb=f"{max_bytes / 1_000_000:.1f}")

    def details(self) -> SponsorDetails:
        institution_id = int_or_none(self.institution_id.data)
        return SponsorDetails(
            package_id=self.package_id.data, contact_name=self.contact_name.data or "",
            contact_email=self.contact_email.data or "", institution_id=institution_id,
            institution_name=self.institution_name.data or "", pledged_amount=self.pledged_amount.data,
            contact_phone=self.contact_phone.data or "", website=self.website.data or "",
        )

    def fill_from(self, sponsor) -> None:
        self.institution_id.data = str(sponsor.institution_id)
        self.institution_name.data = sponsor.institution.name


class StatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired(), Length(max=20)])


class PassForm(DetailsForm):
    """A sponsor's staff member on a complimentary pass: the institution is the sponsor's."""

    institution_id = None
    institution_name = None
    email = EmailField(
        _l("Email"), validators=[DataRequired(message=REQUIRED), Length(max=LIMITS["email"])],
        description=_l("The confirmation, with the person's own link, is sent here."),
        render_kw={"autocomplete": "off", "maxlength": LIMITS["email"]},
    )
    category_id = SelectField(_l("Participant category"), coerce=int_or_none, validate_choice=False,
                              validators=[DataRequired(message=_l("Choose a participant category."))])
    language = SelectField(_l("Language of the emails"), choices=choices([("sw", "Kiswahili"), ("en", "English")]))

    def details(self) -> ParticipantDetails:
        language = self.language.data or str(get_locale() or "sw")
        return ParticipantDetails(
            title=self.title.data or "", first_name=self.first_name.data or "",
            middle_name=self.middle_name.data or "", last_name=self.last_name.data or "",
            gender=self.gender.data or "", position=self.position.data or "", email=self.email.data or "",
            phone=self.phone.data or "", category_id=self.category_id.data,
            special_needs=self.special_needs.data or "", language=language if language in ("sw", "en") else "sw",
        )


class SlotForm(FlaskForm):
    item_id = SelectField(_l("Sponsor slot"), coerce=int_or_none, validate_choice=False,
                          validators=[DataRequired(message=_l("Choose a sponsor slot of this meeting's programme."))])
