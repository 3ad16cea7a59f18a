"""Registration views: finance."""
from eventapp.registration import bp  # noqa: F401
