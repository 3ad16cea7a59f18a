"""Forms of the resolutions pages: a resolution (committee), its status (committee), and a
ministry's progress on a carried resolution (focal person)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from eventapp.core.forms import int_or_none
from eventapp.reports.models import ProgressStatus, ResolutionStatus
from eventapp.reports.resolution_progress import MAX_NOTE, PROGRESS_LABELS
from eventapp.reports.resolutions import MAX_OWNER_TEXT, MAX_TEXT, STATUS_LABELS, ResolutionDetails

TOO_LONG = _l("At most %(max)d characters.")


class DueDateField(DateField):
    """A date that says, in the reader's language, what to type when it cannot be read."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a date such as 2020-06-30.")) from None


class ResolutionForm(FlaskForm):
    text_sw = TextAreaField(_l("Resolution (Swahili)"), render_kw={"rows": 4},
                            validators=[DataRequired(message=_l("Write the resolution in Swahili.")),
                                        Length(max=MAX_TEXT, message=TOO_LONG)])
    text_en = TextAreaField(_l("Resolution (English)"), render_kw={"rows": 4},
                            validators=[Optional(), Length(max=MAX_TEXT, message=TOO_LONG)])
    institution_id = HiddenField(validators=[Length(max=20)])
    institution_name = StringField(
        _l("Owner institution"), validators=[Optional(), Length(max=200, message=TOO_LONG)],
        description=_l("An institution of the directory: type part of its name or acronym and choose it."),
        render_kw={"autocomplete": "off", "maxlength": 200},
    )
    owner_text = StringField(
        _l("Owner (in words)"), validators=[Optional(), Length(max=MAX_OWNER_TEXT, message=TOO_LONG)],
        description=_l("For example “Wizara zote / All ministries”. Fill this, the institution, or both."),
        render_kw={"maxlength": MAX_OWNER_TEXT},
    )
    due_on = DueDateField(_l("Due date"), validators=[Optional()],
                          description=_l("Optional; not before the meeting starts."))

    def details(self) -> ResolutionDetails:
        return ResolutionDetails(
            text_sw=self.text_sw.data or "", text_en=self.text_en.data or "",
            owner_institution_id=int_or_none(self.institution_id.data),
            owner_institution_name=self.institution_name.data or "", owner_text=self.owner_text.data or "",
            due_on=self.due_on.data if not self.due_on.errors else None,
        )

    def fill_from(self, resolution) -> None:
        if resolution.owner_institution is not None:
            self.institution_id.data = str(resolution.owner_institution_id)
            self.institution_name.data = resolution.owner_institution.name


class ResolutionStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[SelectChoice(s.value, STATUS_LABELS[s]) for s in ResolutionStatus],
                         validators=[DataRequired()])
    next = HiddenField(validators=[Length(max=500)])

    def chosen(self) -> ResolutionStatus | None:
        return next((s for s in ResolutionStatus if s.value == self.status.data), None)


class ProgressForm(FlaskForm):
    """One carried resolution's progress; each form on the page has the resolution's prefix
    and says which resolution it is in a plain `resolution_id` input."""

    status = SelectField(_l("How far has your institution come?"),
                         choices=[SelectChoice(s.value, PROGRESS_LABELS[s]) for s in ProgressStatus],
                         validators=[DataRequired(message=_l("Choose how far the institution has come."))])
    note = TextAreaField(_l("What has been done, and what remains"), render_kw={"rows": 3},
                         validators=[Optional(), Length(max=MAX_NOTE, message=TOO_LONG)])

    def chosen(self) -> ProgressStatus | None:
        return next((s for s in ProgressStatus if s.value == self.status.data), None)
