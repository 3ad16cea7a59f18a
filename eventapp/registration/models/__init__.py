"""Registration models, split by concept."""
from eventapp.registration.models.bills import Bill, BillItem, BillStatus, Payment, PaymentChannel, PaymentOption, PaymentSource, StatementImport  # noqa: F401
from eventapp.registration.models.categories import ParticipantCategory  # noqa: F401
from eventapp.registration.models.institutions import Institution, InstitutionType  # noqa: F401
from eventapp.registration.models.registrations import Delegation, Gender, Registration, RegistrationStatus  # noqa: F401
