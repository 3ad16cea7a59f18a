"""The walk-in desk's form: the registration details, the category (hidden ones too), and how
the fee was settled at the desk."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from eventapp.checkin.walk_in import MAX_WAIVER_REASON, DeskPayment, DeskPaymentKind
from eventapp.core.forms import int_or_none
from eventapp.core.i18n import localized
from eventapp.core.money import format_money
from eventapp.registration.forms import DetailsForm
from eventapp.registration.labels import PAYMENT_CHANNEL
from eventapp.registration.models import ParticipantCategory, PaymentChannel
from eventapp.registration.services.payments import MAX_TRANSACTION_ID, parse_amount
from eventapp.registration.services.registering import ParticipantDetails

CHOOSE_CATEGORY = _l("Choose a participant category.")
# The channels a desk takes money through; a card on the POS terminal is paid to the bank.
DESK_CHANNELS = (PaymentChannel.CASH, PaymentChannel.BANK, PaymentChannel.MPESA, PaymentChannel.TIGOPESA,
                 PaymentChannel.AIRTELMONEY, PaymentChannel.HALOPESA, PaymentChannel.OTHER)


def desk_category_label(category: ParticipantCategory) -> str:
    """`Group 1 — ICT officers (TZS 400,000)`, marked when hidden from the public form or full."""
    fee = format_money(category.fee_amount, category.currency) if category.fee_amount else _("no fee")
    label = f"{localized(category.group, 'name')} — {localized(category, 'name')} ({fee})"
    if not category.public:
        label += " — " + _("hidden")
    if category.places_left == 0:
        label += " — " + _("full")
    return label


class WalkInForm(DetailsForm):
    """A person registered at the desk, and the fee taken there or waived."""

    category_id = SelectField(_l("Participant category"), coerce=int_or_none,
                              validators=[DataRequired(message=CHOOSE_CATEGORY)],
                              invalid_choice_message=CHOOSE_CATEGORY)
    language = SelectField(_l("Language of the emails"),
                           choices=[SelectChoice("sw", "Kiswahili"), SelectChoice("en", "English")])
    # Both kinds are always accepted here: a waiver posted by someone who may not waive is
    # refused by the service with a message, not as an unknown choice.
    payment = RadioField(
        _l("How the fee was settled"),
        choices=[SelectChoice(DeskPaymentKind.PAID.value, _l("Paid at the desk")),
                 SelectChoice(DeskPaymentKind.WAIVED.value, _l("Fee waived"))],
        default=DeskPaymentKind.PAID.value,
        validators=[Optional()],
        description=_l("A category with no fee needs neither."),
    )
    reference = StringField(
        _l("Receipt or transaction number"),
        description=_l("The number on the POS slip or the cash receipt book, or the mobile-money transaction id."),
        validators=[Optional(), Length(max=MAX_TRANSACTION_ID)],
        render_kw={"autocomplete": "off", "maxlength": MAX_TRANSACTION_ID},
    )
    channel = SelectField(_l("Paid through"), default=PaymentChannel.CASH.value,
                          choices=[SelectChoice(c.value, PAYMENT_CHANNEL[c]) for c in DESK_CHANNELS])
    amount = StringField(_l("Amount taken"), validators=[Optional(), Length(max=30)],
                         description=_l("Leave empty for the category's fee."),
                         render_kw={"inputmode": "numeric", "autocomplete": "off"})
    waiver_reason = StringField(_l("Why the fee is waived"), validators=[Optional(), Length(max=MAX_WAIVER_REASON)],
                                description=_l("Recorded with your name, e.g. “Guest of honour, official opening”."))
    consent = BooleanField(
        _l("The person agrees that the e-Government Authority keeps and uses these details to organise the meeting."),
        validators=[DataRequired(message=_l("Please agree so that we can process your registration."))],
    )

    amount_value: int | None = None

    def set_categories(self, categories: list[ParticipantCategory]) -> None:
        self.category_id.choices = [SelectChoice("", _l("— choose —"))] + [
            SelectChoice(c.id, desk_category_label(c)) for c in categories
        ]

    def validate_amount(self, field) -> None:
        self.amount_value = None
        if field.data and field.data.strip():
            try:
                self.amount_value = parse_amount(field.data)
            except ValueError:
                raise ValidationError(_("Enter a whole, positive amount, e.g. 400000.")) from None

    def details(self, category_id: int | None = None) -> ParticipantDetails:
        details = super().details(self.category_id.data)
        details.language = self.language.data or "sw"
        return details

    def desk_payment(self) -> DeskPayment:
        kind = self.payment.data
        return DeskPayment(
            kind=DeskPaymentKind(kind) if kind in {k.value for k in DeskPaymentKind} else None,
            reference=(self.reference.data or "").strip(),
            channel=PaymentChannel(self.channel.data),
            amount=self.amount_value,
            waiver_reason=(self.waiver_reason.data or "").strip(),
        )
