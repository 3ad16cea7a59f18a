"""Words people read for the registration enums, in Swahili and English."""
from flask_babel import lazy_gettext as _l

from eventapp.core.money import format_money
from eventapp.registration.models import BillStatus, Gender, InstitutionType, PaymentChannel, RegistrationStatus

REGISTRATION_STATUS = {
    RegistrationStatus.PENDING_APPROVAL: _l("waiting for approval"),
    RegistrationStatus.PENDING_PAYMENT: _l("waiting for payment"),
    RegistrationStatus.CONFIRMED: _l("confirmed"),
    RegistrationStatus.WAITLISTED: _l("on the waiting list"),
    RegistrationStatus.CANCELLED: _l("cancelled"),
    RegistrationStatus.REJECTED: _l("not approved"),
}
BILL_STATUS = {
    BillStatus.PENDING: _l("not paid"),
    BillStatus.PARTIALLY_PAID: _l("partly paid"),
    BillStatus.PAID: _l("paid"),
    BillStatus.EXPIRED: _l("expired"),
    BillStatus.CANCELLED: _l("cancelled"),
}
GENDER = {Gender.FEMALE: _l("Female"), Gender.MALE: _l("Male")}
INSTITUTION_TYPE = {
    InstitutionType.MINISTRY: _l("Ministry"),
    InstitutionType.SECTOR_INSTITUTION: _l("Sector institution (agency, authority, fund)"),
    InstitutionType.REGIONAL_AUTHORITY: _l("Regional authority"),
    InstitutionType.LOCAL_GOVERNMENT: _l("Local government authority"),
    InstitutionType.UNIVERSITY: _l("University or college"),
    InstitutionType.RESEARCH_INSTITUTE: _l("Research institute"),
    InstitutionType.PRIVATE: _l("Private sector"),
    InstitutionType.DEVELOPMENT_PARTNER: _l("Development partner"),
    InstitutionType.OTHER: _l("Other"),
}
PAYMENT_CHANNEL = {
    PaymentChannel.BANK: _l("Bank"),
    PaymentChannel.MPESA: "M-Pesa",
    PaymentChannel.TIGOPESA: "Tigo Pesa",
    PaymentChannel.AIRTELMONEY: "Airtel Money",
    PaymentChannel.HALOPESA: "HaloPesa",
    PaymentChannel.TRANSFER: _l("Bank transfer"),
    PaymentChannel.CASH: _l("Cash"),
    PaymentChannel.OTHER: _l("Other"),
}

def registration_open(event) -> bool:
    from eventapp.registration.services.registering import registration_is_open

    return event is not None and registration_is_open(event)


TEMPLATE_GLOBALS = {
    "registration_open": registration_open,
    "registration_status_label": REGISTRATION_STATUS.get,
    "bill_status_label": BILL_STATUS.get,
    "gender_label": GENDER.get,
    "institution_type_label": INSTITUTION_TYPE.get,
    "payment_channel_label": PAYMENT_CHANNEL.get,
    "money": format_money,
}
