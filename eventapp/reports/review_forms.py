"""Forms of the reports committee's pages: the filter above the list of submissions, a comment,
a status change with its reasons, and the presentation slot."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from eventapp.core.forms import int_or_none
from eventapp.reports.forms import STATUS_LABELS
from eventapp.reports.models import ReportStatus
from eventapp.reports.review import MAX_COMMENT, MAX_SEARCH


def status_or_none(value: str | None) -> ReportStatus | None:
    return next((s for s in ReportStatus if s.value == value), None)


class ReviewFilterForm(FlaskForm):
    """The list's filter, read from the query string (no CSRF on a GET)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by institution"), validators=[Optional(), Length(max=MAX_SEARCH)])
    status = SelectField(_l("Status"), validate_choice=False,
                         choices=[SelectChoice("", _l("All statuses"))]
                         + [SelectChoice(s.value, STATUS_LABELS[s]) for s in ReportStatus])

    def chosen_status(self) -> ReportStatus | None:
        return status_or_none(self.status.data)


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[Length(max=MAX_COMMENT)])
    shared = BooleanField(_l("Share with the ministry's focal persons"))


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), validate_choice=False)
    reason = TextAreaField(
        _l("Reasons"), validators=[Length(max=MAX_COMMENT)],
        description=_l("Needed to return a report (emailed to the ministry's focal persons) and to reopen an "
                       "accepted one."),
    )

    def set_choices(self, statuses: list[ReportStatus]) -> None:
        self.status.choices = [SelectChoice(s.value, STATUS_LABELS[s]) for s in statuses]


class SlotForm(FlaskForm):
    programme_item_id = SelectField(_l("Presentation slot"), coerce=int_or_none, validate_choice=False)

    def set_choices(self, items: list[tuple[int, str]]) -> None:
        self.programme_item_id.choices = [SelectChoice("", "—")] + [SelectChoice(i, label) for i, label in items]
