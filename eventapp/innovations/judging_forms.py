"""Forms of the panel, the assignments and the judges' score sheet. The score sheet is built per
call (a value and a comment per criterion of its rubric); its fields are plain text so what a
judge typed comes back as typed, and the rules live in `scoring.save_scores`."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from eventapp.auth.services import MAX_FULL_NAME
from eventapp.core.forms import int_or_none
from eventapp.innovations.assignments import MAX_REASON
from eventapp.innovations.scoring import MAX_COMMENT, comment_field, value_field
from eventapp.registration.models import InstitutionType

REQUIRED = _l("This field is required.")
NO_INSTITUTION = ""


def institution_choices(institutions) -> list[SelectChoice]:
    """The directory's institutions, universities and research institutes first (where judges
    usually come from), then the others; a first choice for a judge from none of them."""
    academic = (InstitutionType.UNIVERSITY, InstitutionType.RESEARCH_INSTITUTE)
    first = [SelectChoice(NO_INSTITUTION, _l("— none of the directory's —"))]
    ordered = sorted(institutions, key=lambda i: (i.type not in academic, i.name.lower()))
    return first + [SelectChoice(i.id, i.label, optgroup=str(_l("Universities and research institutes")
                                                              if i.type in academic else _l("Other institutions")))
                    for i in ordered]


class AddJudgeForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(message=REQUIRED), Length(max=254)])
    full_name = StringField(_l("Full name"), validators=[Optional(), Length(max=MAX_FULL_NAME)],
                            description=_l("Needed when the person has no account yet."))
    institution_id = SelectField(_l("Comes from"), coerce=int_or_none, validate_choice=False,
                                 description=_l("The judge is never assigned an entry of this institution."))


class ReasonForm(FlaskForm):
    """Reopening the scoring (organisers) or declaring a conflict (a judge): a reason is kept."""

    reason = TextAreaField(_l("Reason"), validators=[DataRequired(message=REQUIRED), Length(max=MAX_REASON)],
                           render_kw={"rows": 2, "maxlength": MAX_REASON})


def score_form(criteria, scores=None, formdata=None):
    """The score sheet of a rubric: value_<id> and comment_<id> per criterion, filled with the
    judge's saved `scores` ({criterion id: Score}) unless `formdata` (what was sent) is given."""

    class ScoreForm(FlaskForm):
        def values(self) -> dict[int, tuple[str, str]]:
            return {c.id: (self[value_field(c.id)].data, self[comment_field(c.id)].data) for c in criteria}

        def pairs(self):
            """(criterion, value field, comment field) in rubric order, for the template."""
            return [(c, self[value_field(c.id)], self[comment_field(c.id)]) for c in criteria]

    for criterion in criteria:
        setattr(ScoreForm, value_field(criterion.id), StringField(
            _l("Score (0 to %(max)d)", max=criterion.scale_max),
            render_kw={"inputmode": "numeric", "type": "number", "min": 0, "max": criterion.scale_max, "step": 1}))
        setattr(ScoreForm, comment_field(criterion.id), TextAreaField(
            _l("Comment"), render_kw={"rows": 2, "maxlength": MAX_COMMENT}))
    form = ScoreForm(formdata=formdata) if formdata is not None else ScoreForm(formdata=None)
    if formdata is None:
        for criterion in criteria:
            saved = (scores or {}).get(criterion.id)
            form[value_field(criterion.id)].data = str(saved.value) if saved else ""
            form[comment_field(criterion.id)].data = saved.comment if saved else ""
    return form
