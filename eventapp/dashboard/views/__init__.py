"""The dashboard's views: one module per page."""
from eventapp.dashboard.views import editions, figures, report  # noqa: F401
