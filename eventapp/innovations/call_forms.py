"""Forms of the organisers' call pages (the call, its categories and its rubric, the list of
entries and the screening) and the labels of an entry's status and stage and of a call's state.
The fields carry length caps and whole-number checks; the services check every rule."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, NumberRange, Optional

from eventapp.core.clock import local
from eventapp.core.forms import int_or_none
from eventapp.innovations.calls import MAX_ELIGIBILITY, MAX_NAME, CallDetails, CallState, CategoryDetails
from eventapp.innovations.models import EntryStage, EntryStatus
from eventapp.innovations.rubric import MAX_DESCRIPTION, CriterionDetails
from eventapp.innovations.screening import MAX_REASON

MOMENT_FORMAT = "%Y-%m-%dT%H:%M"
WHOLE_NUMBER = _l("Enter a whole number.")
STATUS_LABELS = {
    EntryStatus.SUBMITTED: _l("Submitted: waiting for screening"),
    EntryStatus.ELIGIBLE: _l("Eligible"),
    EntryStatus.INELIGIBLE: _l("Not eligible"),
    EntryStatus.WITHDRAWN: _l("Withdrawn"),
}
STAGE_LABELS = {
    EntryStage.IDEA: _l("Idea"),
    EntryStage.PROTOTYPE: _l("Prototype"),
    EntryStage.DEPLOYED: _l("Deployed (in use)"),
}
CALL_STATE_LABELS = {
    CallState.UPCOMING: _l("Not open yet"),
    CallState.OPEN: _l("Open for entries"),
    CallState.CLOSED: _l("Closed"),
}


class Required:
    """Marks a field as required on the page (the asterisk); the service decides."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


class CallForm(FlaskForm):
    opens_at = DateTimeLocalField(_l("Opens on (date and time)"), format=MOMENT_FORMAT, validators=[Optional()])
    closes_at = DateTimeLocalField(
        _l("Closes on (date and time)"), format=MOMENT_FORMAT, validators=[Optional()],
        description=_l("Entries can be submitted, changed and withdrawn until then; give innovators enough "
                       "time to prepare."))
    eligibility_sw = TextAreaField(_l("Who may enter (Swahili)"), validators=[Length(max=MAX_ELIGIBILITY)],
                                   render_kw={"rows": 4})
    eligibility_en = TextAreaField(_l("Who may enter (English)"), validators=[Length(max=MAX_ELIGIBILITY)],
                                   render_kw={"rows": 4})
    exhibition_places = IntegerField(_l("Entries chosen for the exhibition"), default=10, validators=[Optional()],
                                     render_kw={"min": 0})
    presentation_places = IntegerField(_l("Entries chosen to present"), default=4, validators=[Optional()],
                                       render_kw={"min": 0})
    judges_per_entry = IntegerField(_l("Judges per entry"), default=3, validators=[Optional()], render_kw={"min": 1})
    normalise_scores = BooleanField(_l("Normalise each judge's scores (a harsh and a lenient judge count alike)"))
    disagreement_points = IntegerField(
        _l("Flag a wide disagreement above (points of 100)"), default=25, validators=[Optional()],
        render_kw={"min": 1, "max": 100},
        description=_l("An entry whose judges' totals differ by more than this is flagged in the ranking."))

    def fill_from(self, call) -> None:
        self.opens_at.data, self.closes_at.data = local(call.opens_at), local(call.closes_at)
        for name in ("eligibility_sw", "eligibility_en", "exhibition_places", "presentation_places",
                     "judges_per_entry", "normalise_scores", "disagreement_points"):
            getattr(self, name).data = getattr(call, name)

    def details(self) -> CallDetails:
        return CallDetails(
            opens_at=self.opens_at.data, closes_at=self.closes_at.data,
            eligibility_sw=self.eligibility_sw.data or "", eligibility_en=self.eligibility_en.data or "",
            exhibition_places=self.exhibition_places.data, presentation_places=self.presentation_places.data,
            judges_per_entry=self.judges_per_entry.data, normalise_scores=bool(self.normalise_scores.data),
            disagreement_points=self.disagreement_points.data)


# --- categories --------------------------------------------------------------------------


class _CategoryFields:
    name_sw = StringField(_l("Name (Swahili)"), validators=[Required(), Length(max=MAX_NAME)])
    name_en = StringField(_l("Name (English)"), validators=[Required(), Length(max=MAX_NAME)])

    def category_details(self, position=None) -> CategoryDetails:
        return CategoryDetails(name_sw=self.name_sw.data or "", name_en=self.name_en.data or "", position=position)


class CategoryRowForm(_CategoryFields, Form):
    id = HiddenField(validators=[Length(max=20)])
    position = IntegerField(_l("Order"), validators=[Optional(), NumberRange(min=0, max=1000)])


class CategoriesForm(FlaskForm):
    categories = FieldList(FormField(CategoryRowForm))

    def fill_from(self, call) -> None:
        for category in call.categories:
            self.categories.append_entry({"id": str(category.id), "position": category.position,
                                          "name_sw": category.name_sw, "name_en": category.name_en})

    def rows(self) -> dict[int, CategoryDetails]:
        return {int_or_none(e.form.id.data): e.form.category_details(e.form.position.data)
                for e in self.categories if int_or_none(e.form.id.data) is not None}


class NewCategoryForm(_CategoryFields, FlaskForm):
    pass


# --- the rubric --------------------------------------------------------------------------


class _CriterionFields:
    name_sw = StringField(_l("Criterion (Swahili)"), validators=[Required(), Length(max=MAX_NAME)])
    name_en = StringField(_l("Criterion (English)"), validators=[Required(), Length(max=MAX_NAME)])
    description_sw = TextAreaField(_l("What the judges look for (Swahili)"),
                                   validators=[Length(max=MAX_DESCRIPTION)], render_kw={"rows": 2})
    description_en = TextAreaField(_l("What the judges look for (English)"),
                                   validators=[Length(max=MAX_DESCRIPTION)], render_kw={"rows": 2})
    weight = IntegerField(_l("Weight"), validators=[Required(), Optional()], render_kw={"min": 1},
                          description=_l("Counts relative to the other criteria's weights."))
    scale_max = IntegerField(_l("Scored from 0 to"), default=10, validators=[Required(), Optional()],
                             render_kw={"min": 1, "max": 100})

    def criterion_details(self, position=None) -> CriterionDetails:
        return CriterionDetails(name_sw=self.name_sw.data or "", name_en=self.name_en.data or "",
                                description_sw=self.description_sw.data or "",
                                description_en=self.description_en.data or "", weight=self.weight.data,
                                scale_max=self.scale_max.data, position=position)


class CriterionRowForm(_CriterionFields, Form):
    id = HiddenField(validators=[Length(max=20)])
    position = IntegerField(_l("Order"), validators=[Optional(), NumberRange(min=0, max=1000)])


class RubricForm(FlaskForm):
    criteria = FieldList(FormField(CriterionRowForm))

    def fill_from(self, call) -> None:
        for c in call.criteria:
            self.criteria.append_entry({"id": str(c.id), "position": c.position, "name_sw": c.name_sw,
                                        "name_en": c.name_en, "description_sw": c.description_sw,
                                        "description_en": c.description_en, "weight": c.weight,
                                        "scale_max": c.scale_max})

    def rows(self) -> dict[int, CriterionDetails]:
        return {int_or_none(e.form.id.data): e.form.criterion_details(e.form.position.data)
                for e in self.criteria if int_or_none(e.form.id.data) is not None}


class NewCriterionForm(_CriterionFields, FlaskForm):
    pass


# --- entries -----------------------------------------------------------------------------


def status_or_none(value: str | None) -> EntryStatus | None:
    return next((s for s in EntryStatus if s.value == value), None)


class EntryFilterForm(FlaskForm):
    """The list's filter, read from the query string (no CSRF on a GET)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by title or institution"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), validate_choice=False,
                         choices=[SelectChoice("", _l("All statuses"))]
                         + [SelectChoice(s.value, STATUS_LABELS[s]) for s in EntryStatus])

    def chosen_status(self) -> EntryStatus | None:
        return status_or_none(self.status.data)


class ScreeningForm(FlaskForm):
    decision = RadioField(_l("Decision"), validate_choice=False, validators=[
        Required(), AnyOf(["eligible", "ineligible"], message=_l("Choose eligible or not eligible."))], choices=[
        SelectChoice("eligible", _l("Eligible: the entry goes to the judges")),
        SelectChoice("ineligible", _l("Not eligible")),
    ])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=MAX_REASON)], render_kw={"rows": 4},
                           description=_l("Needed when the entry is not eligible; it is emailed to the owner and "
                                          "every team member."))
