"""Registration models, split by concept."""
from eventapp.registration.models.bills import (  # noqa: F401
    Bill,
    BillItem,
    BillStatus,
    Payment,
    PaymentChannel,
    PaymentOption,
    PaymentSource,
    StatementImport,
)
from eventapp.registration.models.categories import ParticipantCategory  # noqa: F401
from eventapp.registration.models.institutions import Institution, InstitutionType  # noqa: F401
from eventapp.registration.models.registrations import Delegation, Gender, Registration, RegistrationStatus  # noqa: F401
