"""Sponsors, sponsorship packages and the exhibition booths."""
from flask import Blueprint

bp = Blueprint("sponsors", __name__)


@bp.record_once
def _mark_sponsors_paid_with_their_bills(state) -> None:
    from eventapp.registration.services.payments import BILL_PAID_HOOKS
    from eventapp.sponsors.services import mark_paid_by_bill

    if mark_paid_by_bill not in BILL_PAID_HOOKS:
        BILL_PAID_HOOKS.append(mark_paid_by_bill)


@bp.record_once
def _give_passes_back_when_registrations_end(state) -> None:
    from eventapp.registration.services.lifecycle import REGISTRATION_ENDED_HOOKS
    from eventapp.sponsors.passes import give_pass_back

    if give_pass_back not in REGISTRATION_ENDED_HOOKS:
        REGISTRATION_ENDED_HOOKS.append(give_pass_back)


@bp.record_once
def _print_sponsor_logos_on_the_programme(state) -> None:
    from eventapp.programme.documents import SPONSOR_LOGO_PROVIDERS
    from eventapp.sponsors.slots import programme_logo_paths

    if programme_logo_paths not in SPONSOR_LOGO_PROVIDERS:
        SPONSOR_LOGO_PROVIDERS.append(programme_logo_paths)


@bp.record_once
def _print_sponsor_logos_on_certificates(state) -> None:
    from eventapp.certificates.documents import CERTIFICATE_LOGO_PROVIDERS
    from eventapp.sponsors.certificate_logos import certificate_logo_paths

    if certificate_logo_paths not in CERTIFICATE_LOGO_PROVIDERS:
        CERTIFICATE_LOGO_PROVIDERS.append(certificate_logo_paths)


from eventapp.sponsors.views import (
    booths as booth_views,  # noqa: E402,F401  (not `booths`: that is the rules module)
)
from eventapp.sponsors.views import manage, public  # noqa: E402,F401  (routes register on bp)
