"""The research and innovation competition: the call with its categories and rubric,
innovators' entries, screening, the panel of judges and their scores, the ranking, the
selection for the exhibition and presentations, awards and the results."""
from flask import Blueprint

bp = Blueprint("innovations", __name__)


@bp.record_once
def _name_entries_holding_booths(state) -> None:
    from eventapp.innovations.booths_and_slots import entry_booth_label
    from eventapp.sponsors.booths import BOOTH_HOLDER_LABELS

    if entry_booth_label not in BOOTH_HOLDER_LABELS:
        BOOTH_HOLDER_LABELS.append(entry_booth_label)


from eventapp.innovations.views import calls as call_views  # noqa: E402,F401  (aliased: not the rules module)
from eventapp.innovations.views import entries as entry_views  # noqa: E402,F401  (aliased: not the rules module)
from eventapp.innovations.views import files as file_views  # noqa: E402,F401
from eventapp.innovations.views import judging as judging_views  # noqa: E402,F401
from eventapp.innovations.views import panel as panel_views  # noqa: E402,F401
from eventapp.innovations.views import public as public_views  # noqa: E402,F401
from eventapp.innovations.views import results as results_views  # noqa: E402,F401
from eventapp.innovations.views import screening as screening_views  # noqa: E402,F401  (not the rules module)
from eventapp.innovations.views import signup as signup_views  # noqa: E402,F401  (not the rules module)
