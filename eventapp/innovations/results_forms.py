"""Forms of the organisers' results page: an entry's selection, an award, a booth and a
programme slot. The views fill the choices."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from eventapp.core.forms import int_or_none
from eventapp.innovations.awards import AWARD_LABELS, MAX_CITATION, MAX_RANK, AwardDetails
from eventapp.innovations.models import AwardKind


def _kind_or_none(value) -> AwardKind | None:
    if isinstance(value, AwardKind):
        return value
    return next((kind for kind in AwardKind if kind.value == value), None)


class SelectionForm(FlaskForm):
    exhibition = BooleanField(_l("Exhibition"))
    presenting = BooleanField(_l("Presents"), description=_l("A presenting entry is also exhibited."))


class AwardForm(FlaskForm):
    entry_id = SelectField(_l("Entry"), coerce=int_or_none, validate_choice=False)
    kind = SelectField(_l("Award"), coerce=_kind_or_none, validate_choice=False,
                       choices=[SelectChoice("", "—")] + [SelectChoice(k.value, label)
                                                            for k, label in AWARD_LABELS.items()])
    rank = IntegerField(_l("Rank"), validators=[Optional(), NumberRange(min=1, max=MAX_RANK)],
                        description=_l("1 for the first runner-up, 2 for the second…; the best paper is always 1."))
    citation_sw = TextAreaField(_l("Citation (Swahili)"), validators=[Length(max=MAX_CITATION)])
    citation_en = TextAreaField(_l("Citation (English)"), validators=[Length(max=MAX_CITATION)])

    def set_choices(self, entries: list[tuple[int, str]]) -> None:
        self.entry_id.choices = [SelectChoice("", "—")] + [SelectChoice(i, label) for i, label in entries]

    def details(self) -> AwardDetails:
        return AwardDetails(kind=self.kind.data, rank=self.rank.data, citation_sw=self.citation_sw.data or "",
                            citation_en=self.citation_en.data or "")


class BoothForm(FlaskForm):
    booth_id = SelectField(_l("Booth"), coerce=int_or_none, validate_choice=False)

    def set_choices(self, booths: list[tuple[int, str]]) -> None:
        self.booth_id.choices = [SelectChoice("", "—")] + [SelectChoice(i, label) for i, label in booths]


class SlotForm(FlaskForm):
    programme_item_id = SelectField(_l("Presentation slot"), coerce=int_or_none, validate_choice=False)

    def set_choices(self, items: list[tuple[int, str]]) -> None:
        self.programme_item_id.choices = [SelectChoice("", "—")] + [SelectChoice(i, label) for i, label in items]
