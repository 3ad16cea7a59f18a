"""Programme views: manage."""
from eventapp.programme import bp  # noqa: F401
