"""Forms of the delegation pages: the focal person and institution, the participant rows
(typed, or filled from an uploaded list) and the spreadsheet upload.

The fields carry no validators of their own beyond length caps: the delegation service
checks every row and the focal person in one pass, so every message appears at once.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, FieldList, Form, FormField, HiddenField, SelectField, StringField, SubmitField, TelField
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import Length

from eventapp.core.forms import int_or_none
from eventapp.core.i18n import localized
from eventapp.core.money import format_money
from eventapp.registration.models import ParticipantCategory
from eventapp.registration.services.delegations import MAX_DELEGATION_ROWS, FocalPerson
from eventapp.registration.services.registering import LIMITS
from eventapp.registration.spreadsheets import COLUMNS

START_ROWS = 5
ADD_ROWS = 5
GENDER_CHOICES = [SelectChoice("", "—"), SelectChoice("female", _l("Female")), SelectChoice("male", _l("Male"))]


def category_choice_label(category: ParticipantCategory) -> str:
    fee = format_money(category.fee_amount, category.currency) if category.fee_amount else str(_l("no fee"))
    return f"{category.code} — {localized(category, 'name')} ({fee})"


def _keep_choice(field: SelectField) -> None:
    """A value that is not among the choices (an unknown code read from a file) stays visible,
    so the person sees what they sent beside the message about it."""
    if field.data and field.data not in {choice.value for choice in field.choices}:
        field.choices = [*field.choices, SelectChoice(field.data)]


class ParticipantRowForm(Form):
    """One participant in the table; the category is chosen by its code, as in the template."""

    title = StringField(_l("Title"), validators=[Length(max=LIMITS["title"])],
                        render_kw={"maxlength": LIMITS["title"], "autocomplete": "off"})
    first_name = StringField(_l("First name"), validators=[Length(max=LIMITS["first_name"])],
                             render_kw={"maxlength": LIMITS["first_name"], "autocomplete": "off"})
    middle_name = StringField(_l("Middle name"), validators=[Length(max=LIMITS["middle_name"])],
                              render_kw={"maxlength": LIMITS["middle_name"], "autocomplete": "off"})
    last_name = StringField(_l("Last name"), validators=[Length(max=LIMITS["last_name"])],
                            render_kw={"maxlength": LIMITS["last_name"], "autocomplete": "off"})
    gender = SelectField(_l("Gender"), choices=GENDER_CHOICES, validate_choice=False)
    position = StringField(_l("Position"), validators=[Length(max=LIMITS["position"])],
                           render_kw={"maxlength": LIMITS["position"], "autocomplete": "off"})
    email = EmailField(_l("Email"), validators=[Length(max=LIMITS["email"])],
                       render_kw={"maxlength": LIMITS["email"], "autocomplete": "off"})
    phone = TelField(_l("Phone"), validators=[Length(max=30)],
                     render_kw={"maxlength": 30, "inputmode": "tel", "autocomplete": "off"})
    category = SelectField(_l("Category"), choices=[SelectChoice("", "—")], validate_choice=False)
    special_needs = StringField(_l("Special needs"), validators=[Length(max=LIMITS["special_needs"])],
                                render_kw={"maxlength": LIMITS["special_needs"]})

    def values(self) -> dict[str, str]:
        return {name: (self[name].data or "").strip() for name in COLUMNS}

    def is_blank(self) -> bool:
        return not any(self.values().values())


class FocalPersonForm(FlaskForm):
    """Who registers the delegation, and for which institution."""

    # Set by the institution search script, as on the individual form.
    institution_id = HiddenField(validators=[Length(max=20)])
    institution_name = StringField(
        _l("Institution"), validators=[Length(max=LIMITS["institution_name"])],
        description=_l("Start typing and choose from the list; if yours is not there, type its full name."),
        render_kw={"autocomplete": "organization", "maxlength": LIMITS["institution_name"]},
    )
    focal_name = StringField(
        _l("Your full name (focal person)"), validators=[Length(max=160)],
        render_kw={"autocomplete": "name", "maxlength": 160},
    )
    focal_email = EmailField(
        _l("Your email"), validators=[Length(max=254)],
        description=_l("The bill and the link to the delegation's page are sent here."),
        render_kw={"autocomplete": "email", "maxlength": 254},
    )
    focal_phone = TelField(
        _l("Your mobile phone"), validators=[Length(max=30)],
        description=_l("For example 0754 123 456 or +255 754 123 456."),
        render_kw={"autocomplete": "tel", "inputmode": "tel", "maxlength": 30},
    )

    def focal(self) -> FocalPerson:
        return FocalPerson(name=self.focal_name.data or "", email=self.focal_email.data or "",
                           phone=self.focal_phone.data or "")

    def institution(self) -> tuple[int | None, str]:
        return int_or_none(self.institution_id.data), (self.institution_name.data or "").strip()


class RowList(FieldList):
    """A FieldList whose padding rows start empty.

    WTForms renumbers posted rows to 0..N-1 and then pads up to `min_entries` reading the
    form data again, so a post with a gap in its row numbers would repeat a row.
    """

    def process(self, formdata, data=unset_value, extra_filters=None):
        min_entries, self.min_entries = self.min_entries, 0
        try:
            super().process(formdata, data, extra_filters)
        finally:
            self.min_entries = min_entries
        while len(self.entries) < self.min_entries:
            self._add_entry()


class DelegationForm(FocalPersonForm):
    """The focal person and the participant rows; "add rows" posts back with more empty rows."""

    rows = RowList(FormField(ParticipantRowForm), min_entries=START_ROWS, max_entries=MAX_DELEGATION_ROWS)
    add_rows = SubmitField(_l("Add 5 more rows"))
    submit = SubmitField(_l("Register these participants"))

    def set_categories(self, categories: list[ParticipantCategory]) -> None:
        choices = [SelectChoice("", "—")] + [SelectChoice(c.code, category_choice_label(c)) for c in categories]
        for entry in self.rows:
            entry.form.category.choices = list(choices)
            _keep_choice(entry.form.category)
            _keep_choice(entry.form.gender)

    def add_empty_rows(self, count: int = ADD_ROWS) -> int:
        """Append up to `count` empty rows (never past the limit); returns how many were added."""
        added = 0
        while added < count and len(self.rows.entries) < MAX_DELEGATION_ROWS:
            self.rows.append_entry()
            added += 1
        return added

    def replace_rows(self, rows: list[dict[str, str]]) -> None:
        """Show these rows (read from an uploaded file) in the table instead of the typed ones."""
        while self.rows.entries:
            self.rows.pop_entry()
        for values in rows[:MAX_DELEGATION_ROWS]:
            self.rows.append_entry(dict(values))

    def filled_rows(self) -> list[tuple[int, dict[str, str]]]:
        """(index in the table, values) of every row with something typed in it."""
        return [(i, entry.form.values()) for i, entry in enumerate(self.rows) if not entry.form.is_blank()]


class SpreadsheetForm(Form):
    """The uploaded list; it travels in the same HTML form as the focal person (one CSRF token)."""

    spreadsheet = FileField(
        _l("Participants list (CSV or Excel .xlsx)"),
        render_kw={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    )
    upload = SubmitField(_l("Upload the list and register"))
