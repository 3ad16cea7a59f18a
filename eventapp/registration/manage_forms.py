"""Forms of the organisers' registration pages: categories, the institutions directory, the
registrations list's filters, decisions, guests with a fee waiver and bulk email."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from eventapp.registration.forms import DetailsForm
from eventapp.registration.labels import INSTITUTION_TYPE, REGISTRATION_STATUS
from eventapp.registration.models import InstitutionType
from eventapp.registration.services.categories import CategoryDetails
from eventapp.registration.services.listing import LIVE, RegistrationFilter
from eventapp.registration.services.registering import ParticipantDetails


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the options of a SelectField."""
    return [SelectChoice(value, label) for value, label in pairs]


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CategoryForm(FlaskForm):
    group_id = SelectField(_l("Participant group"), coerce=_int_or_none, validators=[DataRequired()])
    code = StringField(_l("Code"), description=_l("Short, like G1 or G3-STU; shown on lists and exports."),
                       validators=[DataRequired(), Length(max=20)])
    name_sw = StringField(_l("Name (Swahili)"), validators=[DataRequired(), Length(max=160)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=160)])
    eligibility_sw = TextAreaField(_l("Who may register (Swahili)"), validators=[Optional(), Length(max=2000)])
    eligibility_en = TextAreaField(_l("Who may register (English)"), validators=[Optional(), Length(max=2000)])
    fee_amount = IntegerField(_l("Fee"), description=_l("Whole shillings per participant; 0 for free."),
                              validators=[NumberRange(min=0, max=100_000_000)])
    currency = StringField(_l("Currency"), default="TZS", validators=[DataRequired(), Length(min=3, max=3)])
    capacity = IntegerField(_l("Places"),
                            description=_l("Leave empty for no limit; beyond it people join the waiting list."),
                            validators=[Optional(), NumberRange(min=1, max=1_000_000)])
    requires_proof = BooleanField(_l("Registrants must upload proof (for example a student ID)"))
    proof_label_sw = StringField(_l("Proof asked for (Swahili)"), validators=[Optional(), Length(max=200)])
    proof_label_en = StringField(_l("Proof asked for (English)"), validators=[Optional(), Length(max=200)])
    requires_approval = BooleanField(_l("An organiser approves each registration"))
    public = BooleanField(_l("Shown on the public registration form"), default=True)

    def details(self) -> CategoryDetails:
        return CategoryDetails(
            group_id=self.group_id.data,
            code=self.code.data or "",
            name_sw=self.name_sw.data or "",
            name_en=self.name_en.data or "",
            eligibility_sw=self.eligibility_sw.data or "",
            eligibility_en=self.eligibility_en.data or "",
            fee_amount=self.fee_amount.data,
            currency=self.currency.data or "TZS",
            capacity=self.capacity.data,
            requires_proof=bool(self.requires_proof.data),
            proof_label_sw=self.proof_label_sw.data or "",
            proof_label_en=self.proof_label_en.data or "",
            requires_approval=bool(self.requires_approval.data),
            public=bool(self.public.data),
        )


TYPE_CHOICES = choices((t.value, INSTITUTION_TYPE[t]) for t in InstitutionType)


class InstitutionForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=30)])
    type = SelectField(_l("Type"), choices=TYPE_CHOICES, validators=[DataRequired()])
    parent_id = SelectField(_l("Parent ministry"), coerce=_int_or_none, validate_choice=False,
                            description=_l("For sector institutions, agencies and universities under a ministry."))


class ApproveInstitutionForm(FlaskForm):
    type = SelectField(_l("Type"), choices=TYPE_CHOICES, validators=[DataRequired()])


class MergeInstitutionForm(FlaskForm):
    target_id = SelectField(_l("Merge into"), coerce=_int_or_none, validate_choice=False,
                            validators=[DataRequired(message=_l("Choose the institution to merge into."))])


class ImportInstitutionsForm(FlaskForm):
    file = FileField(_l("CSV file"), description=_l("Columns: name, acronym, type, parent (as in the export)."))


PAID_CHOICES = choices([("", _l("Paid or not")), ("yes", _l("Paid")), ("no", _l("Not paid (fee due)"))])


class RegistrationFilterForm(FlaskForm):
    """The filters above the registrations list (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name, email, reference or control number"), validators=[Optional(), Length(max=100)])
    group = SelectField(_l("Group"), coerce=_int_or_none, validate_choice=False)
    category = SelectField(_l("Category"), coerce=_int_or_none, validate_choice=False)
    institution = SelectField(_l("Institution"), coerce=_int_or_none, validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False, choices=choices([
        ("", _l("Any status")), (LIVE, _l("Not cancelled or rejected")),
        *[(s.value, label) for s, label in REGISTRATION_STATUS.items()],
    ]))
    paid = SelectField(_l("Payment"), choices=PAID_CHOICES, validate_choice=False)

    def set_choices(self, groups, categories, institutions, localized) -> None:
        self.group.choices = choices([(None, _l("All groups"))] + [(g.id, localized(g, "name")) for g in groups])
        self.category.choices = choices(
            [(None, _l("All categories"))] + [(c.id, f"{c.code} — {localized(c, 'name')}") for c in categories]
        )
        # Plain pairs, written out by the template: hundreds of WTForms options cost tens of ms.
        self.institution.choices = []
        self.institution_options = [(None, _l("All institutions"))] + [
            (i.id, f"{i.name} ({i.acronym})" if i.acronym else i.name) for i in institutions
        ]

    def filters(self) -> RegistrationFilter:
        return RegistrationFilter(
            group_id=self.group.data,
            category_id=self.category.data,
            institution_id=self.institution.data,
            status=self.status.data or "",
            paid=self.paid.data if self.paid.data in ("yes", "no") else "",
            text=(self.q.data or "").strip()[:100],
        )


def filter_args(filters: RegistrationFilter) -> dict:
    """The filters as URL query arguments (for the pager, exports and bulk email)."""
    values = {
        "q": filters.text, "group": filters.group_id, "category": filters.category_id,
        "institution": filters.institution_id, "status": filters.status, "paid": filters.paid,
    }
    return {k: v for k, v in values.items() if v not in (None, "")}


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason (sent to the person)"), validators=[Optional(), Length(max=500)])


class BulkEmailForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Message"), description=_l("Plain text. Each person is greeted by name above it."),
                         validators=[DataRequired(), Length(max=20_000)])
    expected = HiddenField(validators=[Length(max=20)])


class GuestForm(DetailsForm):
    """An organiser registers a guest of honour, a speaker or a sponsor's pass, fee waived."""

    category_id = SelectField(_l("Category"), coerce=_int_or_none, validate_choice=False,
                              validators=[DataRequired(message=_l("Choose a participant category."))])
    waiver_reason = StringField(_l("Why the fee is waived"), validators=[Optional(), Length(max=300)],
                                description=_l("Recorded with your name, e.g. “Guest of honour, official opening”."))
    language = SelectField(_l("Language of the emails"), choices=choices([("sw", "Kiswahili"), ("en", "English")]))

    def details(self) -> ParticipantDetails:
        details = super().details(self.category_id.data)
        details.language = self.language.data or "sw"
        return details
