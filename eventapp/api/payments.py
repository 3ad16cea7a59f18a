"""Payment notifications from the gateway."""
from eventapp.api import bp  # noqa: F401
