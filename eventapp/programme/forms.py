"""Forms of the organisers' timetable editor: items, moves, copies, rooms, people, roles."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField, TimeField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from eventapp.programme.messages import ITEM_KIND_LABELS, PERSON_ROLE_LABELS
from eventapp.programme.models import ItemKind, PersonRole
from eventapp.programme.people import PersonDetails
from eventapp.programme.services import ItemDetails


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the options of a SelectField."""
    return [SelectChoice(value, label) for value, label in pairs]


def int_or_none(value):
    """A select's value as an id; the empty option (and anything not a number) is None."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ItemForm(FlaskForm):
    """An item of a day; the view fills the choices of rooms, groups and sessions."""

    starts_at = TimeField(_l("Starts at"), validators=[DataRequired(message=_l("Give the start time."))])
    ends_at = TimeField(_l("Ends at"), validators=[Optional()],
                        description=_l("Leave empty for a moment such as the departure."))
    kind = SelectField(_l("Kind"), choices=choices((k.value, ITEM_KIND_LABELS[k]) for k in ItemKind),
                       default=ItemKind.OTHER.value)
    title_sw = StringField(_l("Title (Swahili)"), validators=[Optional(), Length(max=300)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=300)])
    parent_id = SelectField(_l("Inside the session"), coerce=int_or_none, validate_choice=False,
                            description=_l("For a presentation inside a session; otherwise leave empty."))
    room_id = SelectField(_l("Room"), coerce=int_or_none, validate_choice=False)
    group_ids = CheckboxListField(_l("For the groups"), coerce=int, validate_choice=False,
                                  description=_l("None ticked: for everyone present that day."))
    sponsor_label = StringField(_l("Sponsor"), validators=[Optional(), Length(max=120)],
                                description=_l("For a sponsor slot: the name as printed, such as NMB."))
    description_sw = TextAreaField(_l("Description (Swahili)"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=5000)])

    def details(self, day_id: int) -> ItemDetails:
        return ItemDetails(
            day_id=day_id,
            starts_at=self.starts_at.data,
            ends_at=self.ends_at.data,
            kind=self.kind.data,
            title_sw=self.title_sw.data or "",
            title_en=self.title_en.data or "",
            parent_id=self.parent_id.data,
            room_id=self.room_id.data,
            group_ids=list(self.group_ids.data or []),
            sponsor_label=self.sponsor_label.data or "",
            description_sw=self.description_sw.data or "",
            description_en=self.description_en.data or "",
        )


class MoveForm(FlaskForm):
    day_id = SelectField(_l("To the day"), coerce=int_or_none, validate_choice=False)
    starts_at = TimeField(_l("New start"), validators=[DataRequired(message=_l("Give the new start time."))],
                          description=_l("Its sub-items move with it and keep their times relative to it."))


class CopyDayForm(FlaskForm):
    target_day_id = SelectField(_l("Copy to the day"), coerce=int_or_none, validate_choice=False)


class RoomForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    capacity = IntegerField(_l("Seats"), validators=[Optional(), NumberRange(min=1, max=100_000)],
                            description=_l("Leave empty if unknown."))


class PersonFields:
    """The fields that describe a person, shared by the people page and the inline add."""

    honorific = StringField(_l("Honorific"), validators=[Optional(), Length(max=40)],
                            description=_l("Such as Dr., Eng., Mr., Ms, Hon."))
    name = StringField(_l("Name"), validators=[Length(max=160)])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    institution = StringField(_l("Institution"), validators=[Optional(), Length(max=200)])
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=254)],
                        description=_l("Optional; one person per address."))

    def person_details(self) -> PersonDetails:
        return PersonDetails(
            name=self.name.data or "",
            honorific=self.honorific.data or "",
            position=self.position.data or "",
            institution=self.institution.data or "",
            email=self.email.data or None,
        )


class PersonForm(PersonFields, FlaskForm):
    def validate_name(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Give the person's name."))


class AssignForm(PersonFields, FlaskForm):
    """Give someone a role on an item: an existing person, or a new one typed in."""

    role = SelectField(_l("Role"), choices=choices((r.value, PERSON_ROLE_LABELS[r]) for r in PersonRole),
                       default=PersonRole.PANELIST.value)
    person_id = SelectField(_l("Person"), coerce=int_or_none, validate_choice=False)

    def validate_person_id(self, field):
        if field.data is None and not (self.name.data or "").strip():
            raise ValidationError(_l("Choose a person, or add a new one below."))
