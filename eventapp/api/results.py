"""The innovation competition's published results for other systems:
`GET /api/v1/events/<id>/results`, for organiser and judge tokens (admin passes): the entries
selected for the exhibition, which present, their rank and awards. 404 until the organisers
publish the results, like the public list. Never a score or a team member's contact."""
from flask import jsonify
from flask_babel import gettext as _
from pydantic import BaseModel, Field

from eventapp.api import bp
from eventapp.api.editions import visible_event
from eventapp.api.schemas import Bilingual, ErrorBody, eat_timestamp
from eventapp.api.spec import documented
from eventapp.auth.api_tokens import api_role_required, current_api_token
from eventapp.core.roles import Role
from eventapp.innovations.awards import award_label, awards_by_entry, awards_of
from eventapp.innovations.booths_and_slots import booths_by_entry
from eventapp.innovations.models import AwardKind, InnovationCall
from eventapp.innovations.published import published_call, selected_entries
from eventapp.innovations.standings import standings_of
from eventapp.programme.serialise import bilingual


class ResultAward(BaseModel):
    kind: AwardKind
    rank: int
    label: str = Field(description="In the caller's language, e.g. “Runner-up 2”.")
    citation: Bilingual


class ResultEntry(BaseModel):
    reference: str
    title: str
    institution: str
    category: Bilingual
    rank: int | None = Field(description="In the judges' ranking (none: not ranked).")
    exhibition: bool
    presenting: bool
    booth: str | None
    awards: list[ResultAward]


class Results(BaseModel):
    edition: int
    published_at: str = Field(description="ISO 8601, East Africa Time.")
    entries: list[ResultEntry] = Field(description="The selected entries: presenting first, then by rank and title.")


def results_json(event, call: InnovationCall) -> dict:
    entries = selected_entries(call)
    standings = standings_of(call)
    ranks = {row.entry.id: row.rank for row in standings.rows}
    awards = awards_by_entry(awards_of(call))
    booths = booths_by_entry(call)
    far = len(ranks) + 1
    ordered = sorted(entries, key=lambda e: (not e.presenting, ranks.get(e.id) or far, e.title, e.id))
    return {
        "edition": event.edition,
        "published_at": eat_timestamp(call.results_published_at),
        "entries": [
            {
                "reference": entry.reference,
                "title": entry.title,
                "institution": entry.institution.name,
                "category": bilingual(entry.category, "name"),
                "rank": ranks.get(entry.id),
                "exhibition": entry.exhibition,
                "presenting": entry.presenting,
                "booth": booths[entry.id].number if entry.id in booths else None,
                "awards": [
                    {"kind": award.kind.value, "rank": award.rank, "label": award_label(award),
                     "citation": bilingual(award, "citation")}
                    for award in awards.get(entry.id, [])
                ],
            }
            for entry in ordered
        ],
    }


@bp.get("/events/<int:event_id>/results")
@api_role_required(Role.ORGANISER, Role.JUDGE)
@documented(tags=("innovations",), responses={200: Results, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody})
def results(event_id: int):
    """The competition's published results: the selected entries with their rank, whether they
    present, their booth and awards. 404 for an unknown edition and before publication."""
    event = visible_event(event_id, current_api_token().role)
    call = published_call(event.id) if event is not None else None
    if call is None:
        return jsonify({"error": _("No published results for this edition.")}), 404
    return jsonify(results_json(event, call))
