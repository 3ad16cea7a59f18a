"""Forms of the organisers' booth pages: a booth, and who to give it to."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from eventapp.sponsors.booths import GRID_LIMIT, MAX_SIZE_M2, BoothDetails


class BoothForm(FlaskForm):
    number = StringField(_l("Booth number"), validators=[DataRequired(message=_l("Give the booth a number.")),
                                                         Length(max=10)],
                         description=_l("As painted on the floor, such as A1."))
    size_m2 = IntegerField(_l("Size (m²)"), validators=[
        InputRequired(message=_l("Give the size in square metres.")),
        NumberRange(min=1, max=MAX_SIZE_M2,
                    message=_l("The size must be a positive number of square metres.")),
    ])
    location = StringField(_l("Location"), validators=[Optional(), Length(max=160)],
                           description=_l("Where to find it, such as the hall or the tent."))
    grid_x = IntegerField(_l("Column on the floor plan"), default=0, validators=[
        InputRequired(message=_l("Give the column.")),
        NumberRange(min=0, max=GRID_LIMIT - 1),
    ], description=_l("Counted from 0 at the left."))
    grid_y = IntegerField(_l("Row on the floor plan"), default=0, validators=[
        InputRequired(message=_l("Give the row.")),
        NumberRange(min=0, max=GRID_LIMIT - 1),
    ], description=_l("Counted from 0 at the top."))

    def details(self) -> BoothDetails:
        return BoothDetails(
            number=self.number.data or "",
            size_m2=self.size_m2.data,
            location=self.location.data or "",
            grid_x=self.grid_x.data,
            grid_y=self.grid_y.data,
        )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class AllocateForm(FlaskForm):
    """The view fills the choices with the event's confirmed-or-later sponsors."""

    sponsor_id = SelectField(_l("Sponsor"), coerce=_int_or_none, validate_choice=False,
                             validators=[InputRequired(message=_l("Choose a sponsor."))])


class ReleaseForm(FlaskForm):
    """Carries the holder the organiser saw, so a stale page cannot free someone else's booth."""

    sponsor_id = HiddenField(filters=[_int_or_none])
