"""Forms of the committee's call pages (the call, its sections, the institutions that must
report, the template, focal persons) and the labels of a report's status and of a call's
state. The focal person's submission form is in `submission_forms`."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from eventapp.core.clock import local
from eventapp.core.forms import int_or_none
from eventapp.reports.calls import MAX_GUIDANCE, MAX_INSTRUCTIONS, MAX_TITLE, CallDetails, SectionDetails
from eventapp.reports.models import ReportStatus
from eventapp.reports.submissions import CallState

REQUIRED = _l("This field is required.")
STATUS_LABELS = {
    ReportStatus.SUBMITTED: _l("Submitted"),
    ReportStatus.UNDER_REVIEW: _l("Under review"),
    ReportStatus.ACCEPTED: _l("Accepted"),
    ReportStatus.RETURNED: _l("Returned for changes"),
}
CALL_STATE_LABELS = {
    CallState.UPCOMING: _l("Not open yet"),
    CallState.OPEN: _l("Open for reports"),
    CallState.LATE: _l("Past the deadline: still accepted, marked late"),
    CallState.CLOSED: _l("Closed"),
}
MOMENT_FORMAT = "%Y-%m-%dT%H:%M"


class CallForm(FlaskForm):
    opens_at = DateTimeLocalField(_l("Opens on (date and time)"), format=MOMENT_FORMAT, validators=[Optional()])
    deadline = DateTimeLocalField(_l("Deadline (date and time)"), format=MOMENT_FORMAT, validators=[Optional()],
                                  description=_l("Reports after it are still accepted, and marked late."))
    hard_deadline = DateTimeLocalField(_l("Final deadline (date and time)"), format=MOMENT_FORMAT,
                                       validators=[Optional()],
                                       description=_l("Optional. After it no report is accepted."))
    instructions_sw = TextAreaField(_l("Instructions (Swahili)"), validators=[Optional(), Length(max=MAX_INSTRUCTIONS)],
                                    render_kw={"rows": 5})
    instructions_en = TextAreaField(_l("Instructions (English)"), validators=[Optional(), Length(max=MAX_INSTRUCTIONS)],
                                    render_kw={"rows": 5})

    def fill_from(self, call) -> None:
        self.opens_at.data, self.deadline.data = local(call.opens_at), local(call.deadline)
        self.hard_deadline.data = local(call.hard_deadline)
        self.instructions_sw.data, self.instructions_en.data = call.instructions_sw, call.instructions_en

    def details(self) -> CallDetails:
        return CallDetails(opens_at=self.opens_at.data, deadline=self.deadline.data,
                           hard_deadline=self.hard_deadline.data, instructions_sw=self.instructions_sw.data or "",
                           instructions_en=self.instructions_en.data or "")


class _SectionFields:
    title_sw = StringField(_l("Section title (Swahili)"),
                           validators=[DataRequired(message=REQUIRED), Length(max=MAX_TITLE)])
    title_en = StringField(_l("Section title (English)"),
                           validators=[DataRequired(message=REQUIRED), Length(max=MAX_TITLE)])
    guidance_sw = TextAreaField(_l("Guidance (Swahili)"), validators=[Optional(), Length(max=MAX_GUIDANCE)],
                                render_kw={"rows": 2})
    guidance_en = TextAreaField(_l("Guidance (English)"), validators=[Optional(), Length(max=MAX_GUIDANCE)],
                                render_kw={"rows": 2})
    required = BooleanField(_l("Required"), default=True)

    def section_details(self, position=None) -> SectionDetails:
        return SectionDetails(title_sw=self.title_sw.data or "", title_en=self.title_en.data or "",
                              guidance_sw=self.guidance_sw.data or "", guidance_en=self.guidance_en.data or "",
                              required=bool(self.required.data), position=position)


class SectionRowForm(_SectionFields, Form):
    """One section in the list (a sub-form: the outer form carries the CSRF token)."""

    id = HiddenField(validators=[Length(max=20)])
    position = IntegerField(_l("Order"), validators=[Optional(), NumberRange(min=0, max=1000)])


class SectionsForm(FlaskForm):
    sections = FieldList(FormField(SectionRowForm))

    def fill_from(self, call) -> None:
        for section in call.sections:
            self.sections.append_entry({
                "id": str(section.id), "position": section.position, "title_sw": section.title_sw,
                "title_en": section.title_en, "guidance_sw": section.guidance_sw,
                "guidance_en": section.guidance_en, "required": section.required,
            })

    def rows(self) -> dict[int, SectionDetails]:
        found = {}
        for entry in self.sections:
            section_id = int_or_none(entry.form.id.data)
            if section_id is not None:
                found[section_id] = entry.form.section_details(entry.form.position.data)
        return found


class NewSectionForm(_SectionFields, FlaskForm):
    pass


class InstitutionForm(FlaskForm):
    institution_id = SelectField(_l("Institution"), coerce=int_or_none, validate_choice=False,
                                 validators=[DataRequired(message=_l("Choose an institution from the directory."))])


class TemplateForm(FlaskForm):
    template = FileField(_l("Template (DOCX or PDF)"), render_kw={"accept": ".docx,.pdf"})


class AppointForm(FlaskForm):
    """Appoint a focal person of one institution (prefixed by the institution: one form each)."""

    email = EmailField(_l("Email"), validators=[DataRequired(message=REQUIRED), Length(max=254)],
                       render_kw={"autocomplete": "off"})
    full_name = StringField(_l("Full name"), validators=[Optional(), Length(max=160)],
                            description=_l("Needed when the person has no account yet; they are emailed a link to "
                                           "choose a password."))
