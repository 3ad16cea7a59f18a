"""Registration views: delegations."""
from eventapp.registration import bp  # noqa: F401
