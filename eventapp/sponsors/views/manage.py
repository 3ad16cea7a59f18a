"""Sponsors views: manage."""
from eventapp.sponsors import bp  # noqa: F401
