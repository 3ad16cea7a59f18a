"""Forms for managing events, days, groups and committees."""
from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    widgets,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from eventapp.events.models import CommitteeRole, EventStatus
from eventapp.events.services import EventDetails, GroupDetails


class EventForm(FlaskForm):
    edition = IntegerField(_l("Edition number"), validators=[DataRequired(), NumberRange(min=1, max=999)])
    title_sw = StringField(_l("Title (Swahili)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=200)])
    theme_sw = StringField(_l("Theme (Swahili)"), validators=[DataRequired(), Length(max=300)])
    theme_en = StringField(_l("Theme (English)"), validators=[DataRequired(), Length(max=300)])
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=200)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=100)])
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    registration_opens_on = DateField(_l("Registration opens"), validators=[DataRequired()])
    registration_closes_on = DateField(_l("Registration closes"), validators=[DataRequired()])

    def details(self) -> EventDetails:
        return EventDetails(
            edition=self.edition.data,
            title_sw=self.title_sw.data.strip(),
            title_en=self.title_en.data.strip(),
            theme_sw=self.theme_sw.data.strip(),
            theme_en=self.theme_en.data.strip(),
            venue=self.venue.data.strip(),
            city=self.city.data.strip(),
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            registration_opens_on=self.registration_opens_on.data,
            registration_closes_on=self.registration_closes_on.data,
        )


class StatusForm(FlaskForm):
    status = SelectField(
        _l("New status"), choices=[(s.value, s.value) for s in EventStatus], validators=[DataRequired()]
    )


class DayForm(FlaskForm):
    date = DateField(_l("Date"), validators=[DataRequired()])
    label_sw = StringField(_l("Label (Swahili)"), validators=[Optional(), Length(max=200)])
    label_en = StringField(_l("Label (English)"), validators=[Optional(), Length(max=200)])
    opens_at = TimeField(_l("Opens at"), default=time(7, 0), validators=[Optional()],
                         description=_l("The day's programme must fit between the opening and closing times."))
    closes_at = TimeField(_l("Closes at"), default=time(18, 0), validators=[Optional()])


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class GroupForm(FlaskForm):
    number = IntegerField(_l("Group number"), validators=[DataRequired(), NumberRange(min=1, max=99)])
    name_sw = StringField(_l("Name (Swahili)"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=120)])
    description_sw = TextAreaField(_l("Who attends (Swahili)"), validators=[Optional(), Length(max=2000)])
    description_en = TextAreaField(_l("Who attends (English)"), validators=[Optional(), Length(max=2000)])
    colour = StringField(
        _l("Badge colour"),
        default="#1f6f43",
        validators=[DataRequired(), Length(max=7),
                    Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Use a colour like #1f6f43."))],
    )
    day_ids = CheckboxListField(_l("Days attended"), coerce=int, validate_choice=False)

    def details(self) -> GroupDetails:
        return GroupDetails(
            number=self.number.data,
            name_sw=self.name_sw.data,
            name_en=self.name_en.data,
            description_sw=self.description_sw.data or "",
            description_en=self.description_en.data or "",
            colour=self.colour.data.lower(),
            day_ids=list(self.day_ids.data or []),
        )


class CommitteeForm(FlaskForm):
    name_sw = StringField(_l("Name (Swahili)"), validators=[DataRequired(), Length(max=160)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=160)])
    remit_sw = TextAreaField(_l("Responsibilities (Swahili)"), validators=[Optional(), Length(max=2000)])
    remit_en = TextAreaField(_l("Responsibilities (English)"), validators=[Optional(), Length(max=2000)])


class MemberForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=160)])
    institution = StringField(_l("Institution"), validators=[Optional(), Length(max=200)])
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    role = SelectField(
        _l("Role in the committee"),
        choices=[
            (CommitteeRole.MEMBER.value, _l("Member")),
            (CommitteeRole.CHAIR.value, _l("Chairperson")),
            (CommitteeRole.SECRETARY.value, _l("Secretary")),
        ],
        default=CommitteeRole.MEMBER.value,
    )
