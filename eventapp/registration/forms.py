"""Forms of the public registration pages: registering, correcting details, resending the link."""
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TelField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from eventapp.core.forms import int_or_none
from eventapp.core.i18n import localized
from eventapp.core.money import format_money
from eventapp.registration.models import Gender, ParticipantCategory
from eventapp.registration.services.registering import LIMITS, ParticipantDetails

REQUIRED = _l("This field is required.")
CHOOSE_CATEGORY = _l("Choose a participant category.")
CHOOSE_INSTITUTION = _l("Choose your institution from the list, or type its full name.")
TITLE_SUGGESTIONS = ("Bw.", "Bi.", "Dkt.", "Prof.", "Mhandisi", "Mhe.", "Mr.", "Ms.", "Dr.", "Eng.", "Hon.")


def category_label(category: ParticipantCategory) -> str:
    """`Group 1 — ICT officers (TZS 400,000)`, and a note when only the waiting list is left."""
    fee = format_money(category.fee_amount, category.currency) if category.fee_amount else _l("no fee")
    label = f"{localized(category.group, 'name')} — {localized(category, 'name')} ({fee})"
    if category.places_left == 0:
        label += " — " + str(_l("full: waiting list"))
    return label


class DetailsForm(FlaskForm):
    """A participant's own details: what a registrant may correct after registering."""

    title_suggestions = TITLE_SUGGESTIONS

    title = StringField(
        _l("Title"),
        validators=[Optional(), Length(max=LIMITS["title"])],
        description=_l("For example Dkt., Prof., Mhandisi, Bw., Bi."),
        render_kw={"list": "title-suggestions", "autocomplete": "honorific-prefix", "maxlength": LIMITS["title"]},
    )
    first_name = StringField(
        _l("First name"),
        validators=[DataRequired(message=REQUIRED), Length(max=LIMITS["first_name"])],
        render_kw={"autocomplete": "given-name", "maxlength": LIMITS["first_name"]},
    )
    middle_name = StringField(
        _l("Middle name"),
        validators=[Optional(), Length(max=LIMITS["middle_name"])],
        render_kw={"autocomplete": "additional-name", "maxlength": LIMITS["middle_name"]},
    )
    last_name = StringField(
        _l("Last name"),
        validators=[DataRequired(message=REQUIRED), Length(max=LIMITS["last_name"])],
        render_kw={"autocomplete": "family-name", "maxlength": LIMITS["last_name"]},
    )
    gender = RadioField(
        _l("Gender"),
        choices=[SelectChoice(Gender.FEMALE.value, _l("Female")), SelectChoice(Gender.MALE.value, _l("Male"))],
        validators=[DataRequired(message=_l("Choose one."))],
    )
    position = StringField(
        _l("Position"),
        validators=[DataRequired(message=REQUIRED), Length(max=LIMITS["position"])],
        description=_l("For example Director of ICT, ICT officer, lecturer, student."),
        render_kw={"autocomplete": "organization-title", "maxlength": LIMITS["position"]},
    )
    # Set by the search script; typed names go in institution_name.
    institution_id = HiddenField(validators=[Length(max=20)])
    institution_name = StringField(
        _l("Institution"),
        validators=[DataRequired(message=CHOOSE_INSTITUTION), Length(max=LIMITS["institution_name"])],
        description=_l("Start typing and choose from the list; if yours is not there, type its full name."),
        render_kw={"autocomplete": "organization", "maxlength": LIMITS["institution_name"]},
    )
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(message=REQUIRED), Length(max=LIMITS["email"])],
        description=_l("Your bill and your link to this registration are sent here."),
        render_kw={"autocomplete": "email", "maxlength": LIMITS["email"]},
    )
    phone = TelField(
        _l("Mobile phone"),
        validators=[DataRequired(message=REQUIRED), Length(max=30)],
        description=_l("For example 0754 123 456 or +255 754 123 456."),
        render_kw={"autocomplete": "tel", "inputmode": "tel", "maxlength": 30},
    )
    special_needs = TextAreaField(
        _l("Special needs"),
        validators=[Optional(), Length(max=LIMITS["special_needs"])],
        description=_l("Accessibility, diet or anything else we should prepare for you (optional)."),
        render_kw={"maxlength": LIMITS["special_needs"], "rows": 3},
    )

    def details(self, category_id: int | None = None) -> ParticipantDetails:
        """The typed details for the registering services (which check them)."""
        return ParticipantDetails(
            title=self.title.data or "",
            first_name=self.first_name.data or "",
            middle_name=self.middle_name.data or "",
            last_name=self.last_name.data or "",
            gender=self.gender.data or "",
            position=self.position.data or "",
            email=self.email.data or "",
            phone=self.phone.data or "",
            category_id=category_id,
            institution_id=int_or_none(self.institution_id.data),
            institution_name=self.institution_name.data or "",
            special_needs=self.special_needs.data or "",
            language=str(get_locale() or "sw"),
        )

    def fill_from(self, registration) -> None:
        """Show a registration's current details (for corrections)."""
        for name in ("title", "first_name", "middle_name", "last_name", "position", "email", "special_needs"):
            getattr(self, name).data = getattr(registration, name)
        self.gender.data = registration.gender.value
        self.phone.data = registration.phone
        self.institution_id.data = str(registration.institution_id)
        self.institution_name.data = registration.institution.name


class ParticipantForm(DetailsForm):
    """The public registration form for one participant."""

    category_id = SelectField(
        _l("Participant category"),
        coerce=int_or_none,
        validators=[DataRequired(message=CHOOSE_CATEGORY)],
        invalid_choice_message=CHOOSE_CATEGORY,
    )
    proof = FileField(
        _l("Proof of eligibility"),
        render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"},
    )
    consent = BooleanField(
        _l("I agree that the e-Government Authority keeps and uses these details to organise the meeting."),
        validators=[DataRequired(message=_l("Please agree so that we can process your registration."))],
    )

    def set_categories(self, categories: list[ParticipantCategory], max_proof_bytes: int) -> None:
        """The event's public categories to choose from, and which of them need proof."""
        self.category_id.choices = [SelectChoice("", _l("— choose —"))] + [
            SelectChoice(c.id, category_label(c)) for c in categories
        ]
        proof_needed = [c for c in categories if c.requires_proof]
        if proof_needed:
            self.proof.description = _l(
                "Needed for: %(categories)s. A PDF, PNG or JPEG of at most %(mb).1f MB.",
                mb=max_proof_bytes / 1_000_000,
                categories="; ".join(
                    f"{localized(c, 'name')} ({localized(c, 'proof_label')})" if localized(c, "proof_label")
                    else localized(c, "name")
                    for c in proof_needed
                ),
            )

    def details(self, category_id: int | None = None) -> ParticipantDetails:
        return super().details(category_id=self.category_id.data)


class ResendLinkForm(FlaskForm):
    email = EmailField(
        _l("Email you registered with"),
        validators=[DataRequired(message=REQUIRED), Length(max=254)],
        render_kw={"autocomplete": "email", "maxlength": 254},
    )
