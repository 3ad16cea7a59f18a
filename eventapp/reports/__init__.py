"""Ministries' e-Government implementation reports: the call, focal persons' submissions with
every version kept, the reports committee's review, compliance and reminders, consolidation of
challenges and recommendations, and the meeting's resolutions."""
from flask import Blueprint

bp = Blueprint("reports", __name__)


from eventapp.reports.views import calls as call_views  # noqa: E402,F401  (aliased: not the rules modules)
from eventapp.reports.views import compliance as compliance_views  # noqa: E402,F401  (aliased: not the rules modules)
from eventapp.reports.views import (
    consolidation as consolidation_views,  # noqa: E402,F401  (not `consolidation`: the rules module)
)
from eventapp.reports.views import files as file_views  # noqa: E402,F401
from eventapp.reports.views import focal as focal_views  # noqa: E402,F401
from eventapp.reports.views import (
    resolutions as resolution_views,  # noqa: E402,F401  (not `resolutions`: the rules module)
)
from eventapp.reports.views import review as review_views  # noqa: E402,F401
