"""Finance forms: a payment recorded by hand, a reconciliation statement upload."""
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from eventapp.core.clock import local_now
from eventapp.registration.labels import PAYMENT_CHANNEL
from eventapp.registration.models import PaymentChannel
from eventapp.registration.services.payments import MAX_TRANSACTION_ID, parse_amount


def _channel_choices():
    return [SelectChoice(c.value, PAYMENT_CHANNEL[c]) for c in PaymentChannel]


class ManualPaymentForm(FlaskForm):
    transaction_id = StringField(
        _l("Receipt or transaction number"),
        description=_l("As printed on the bank slip or in the mobile-money message."),
        validators=[DataRequired(), Length(max=MAX_TRANSACTION_ID)],
    )
    amount = StringField(_l("Amount paid"), validators=[DataRequired(), Length(max=30)],
                         render_kw={"inputmode": "numeric", "autocomplete": "off"})
    channel = SelectField(_l("Paid through"), choices=_channel_choices, default=PaymentChannel.BANK.value)
    psp_name = StringField(_l("Bank or provider"), validators=[Optional(), Length(max=80)])
    paid_at = DateTimeLocalField(_l("Paid on (date and time)"), format="%Y-%m-%dT%H:%M",
                                 validators=[
                                     DataRequired(message=_l("Enter the date and time, e.g. 2019-01-28 14:05.")),
                                 ])
    payer_name = StringField(_l("Payer"), validators=[Optional(), Length(max=200)])

    amount_value: int = 0

    def validate_amount(self, field) -> None:
        try:
            self.amount_value = parse_amount(field.data)
        except ValueError:
            raise ValidationError(_("Enter a whole, positive amount, e.g. 400000.")) from None

    def validate_paid_at(self, field) -> None:
        if field.data and field.data > local_now().replace(tzinfo=None) + timedelta(hours=1):
            raise ValidationError(_("A payment cannot be in the future."))


class StatementUploadForm(FlaskForm):
    file = FileField(
        _l("Reconciliation statement (CSV)"),
        description=_l("Columns: transaction_id, control_number, amount, currency, paid_at, channel, payer."),
    )
