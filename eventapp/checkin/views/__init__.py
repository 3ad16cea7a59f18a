"""The check-in area's pages, one module per desk: badges, the gate's scanner, the walk-in desk,
attendance."""
from eventapp.checkin.views import attendance, badges, gate, walk_in  # noqa: F401
