"""Public registration pages apart from management and finance pages."""
from eventapp.registration.views import delegations, directory, finance, manage, public  # noqa: F401
