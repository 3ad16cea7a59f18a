"""Sponsors views: public."""
from eventapp.sponsors import bp  # noqa: F401
