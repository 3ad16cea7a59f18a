"""Registration views: public."""
from eventapp.registration import bp  # noqa: F401
