"""Categories and fees, institutions, registrations, delegations, bills and payments."""
from flask import Blueprint

bp = Blueprint("registration", __name__)


@bp.record_once
def _register_template_helpers(state) -> None:
    from eventapp.registration import labels

    state.app.jinja_env.globals.update(labels.TEMPLATE_GLOBALS)


from eventapp.registration import views  # noqa: E402,F401  (routes register on bp)
