"""The print-sheet form: which badges to print (group, category, institution, status)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from eventapp.checkin.badge_sheets import DEFAULT_STATUS, sheet_filter
from eventapp.core.forms import int_or_none
from eventapp.registration.models import RegistrationStatus
from eventapp.registration.services.listing import LIVE, RegistrationFilter

STATUS_LABELS = {
    RegistrationStatus.CONFIRMED.value: _l("Confirmed"),
    RegistrationStatus.PENDING_PAYMENT.value: _l("Waiting for payment"),
    LIVE: _l("Every registration not cancelled or rejected"),
}


class BadgeSheetForm(FlaskForm):
    """Read from the query string to count the matching badges (no CSRF: it changes nothing),
    and posted to make them."""

    group = SelectField(_l("Group"), coerce=int_or_none)
    category = SelectField(_l("Category"), coerce=int_or_none)
    institution = SelectField(_l("Institution"), coerce=int_or_none,
                              description=_l("Institutions with registrations for this meeting."))
    status = SelectField(_l("Status"), default=DEFAULT_STATUS,
                         choices=[SelectChoice(value, label) for value, label in STATUS_LABELS.items()])

    def set_choices(self, groups, categories, institutions: list[tuple[int, str]], localized) -> None:
        self.group.choices = [SelectChoice(None, _l("All groups"))] + [
            SelectChoice(g.id, f"{g.number}. {localized(g, 'name')}") for g in groups
        ]
        self.category.choices = [SelectChoice(None, _l("All categories"))] + [
            SelectChoice(c.id, f"{c.code} — {localized(c, 'name')}") for c in categories
        ]
        self.institution.choices = [SelectChoice(None, _l("All institutions"))] + [
            SelectChoice(id_, label) for id_, label in institutions
        ]

    def filters(self) -> RegistrationFilter:
        """The filter of the fields that hold a valid choice (others count as "all")."""
        def valid(field):
            return None if field.errors else field.data

        return sheet_filter(valid(self.group), valid(self.category), valid(self.institution),
                            self.status.data if not self.status.errors else DEFAULT_STATUS)
