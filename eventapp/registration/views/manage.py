"""Registration views: manage."""
from eventapp.registration import bp  # noqa: F401
