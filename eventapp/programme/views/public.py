"""Programme views: public."""
from eventapp.programme import bp  # noqa: F401
