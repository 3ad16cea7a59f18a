"""The focal person's report form: one text box per section of the call (with its guidance),
the sector institutions covered as checkboxes, and the report and slides uploads. The
sections differ per call, so the form class is built for the call."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp.core.i18n import localized
from eventapp.reports.submissions import MAX_ANSWER, section_field


class MarkedRequired:
    """Shows the field as required (the service decides, since a ticked sector institution
    answers its section too)."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


class CheckboxListField(SelectMultipleField):
    """Checkboxes (the form macro lays fields of this name out as a list of choices)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SubmissionForm(FlaskForm):
    covered = CheckboxListField(_l("Institutions under the ministry in the directory"), coerce=int,
                                validate_choice=False,
                                description=_l("Tick each one that this report covers."))
    report_file = FileField(_l("Full report (PDF or DOCX)"), render_kw={"accept": ".pdf,.docx"})
    slides_file = FileField(_l("Presentation slides (PDF or PPTX)"), render_kw={"accept": ".pdf,.pptx"})

    def answers(self, call) -> dict[int, str]:
        return {section.id: self[section_field(section.id)].data or "" for section in call.sections}


def submission_form(call, sector: list, max_report: int, max_slides: int, previous=None,
                    fill: bool = False) -> SubmissionForm:
    """The form for `call`: `sector` are the institutions that may be ticked; with `fill`,
    `previous` (the latest version) fills the text boxes and ticks (on first display)."""
    fields = {
        section_field(section.id): TextAreaField(
            localized(section, "title"), description=localized(section, "guidance"), render_kw={"rows": 6},
            validators=([MarkedRequired()] if section.required else []) + [
                Optional(), Length(max=MAX_ANSWER, message=_l("At most %(n)d characters.", n=MAX_ANSWER))],
        )
        for section in call.sections
    }
    form_class = type("CallSubmissionForm", (SubmissionForm,), fields)
    data = None
    if previous is not None and fill:
        data = {section_field(answer.section_id): answer.body for answer in previous.answers}
        data["covered"] = [c.institution_id for c in previous.covered]
    form = form_class(data=data)
    form.covered.choices = [SelectChoice(i.id, i.label) for i in sector]
    report_help = _l("At most %(mb)s MB; checked by its content, not its name.", mb=f"{max_report / 1_000_000:.1f}")
    if previous is not None:
        report_help = _l("Optional: without a new file the previous version's (%(name)s) is kept. At most %(mb)s MB.",
                         name=previous.report_name, mb=f"{max_report / 1_000_000:.1f}")
    form.report_file.description = report_help
    form.slides_file.description = _l("Optional. At most %(mb)s MB.", mb=f"{max_slides / 1_000_000:.1f}")
    if previous is not None and previous.slides_file:
        form.slides_file.description = _l("Optional: without a new file the previous slides (%(name)s) are kept. "
                                          "At most %(mb)s MB.", name=previous.slides_name,
                                          mb=f"{max_slides / 1_000_000:.1f}")
    if previous is None:
        form.report_file.flags.required = True
    return form
