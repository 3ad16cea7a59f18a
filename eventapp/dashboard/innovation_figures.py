"""The research and innovation competition as a pipeline: entries submitted, found eligible,
shortlisted for the exhibition, presenting on the research day, and awarded.

One query, every stage a filtered count over the call's entries. The stages use the
competition's own records: the screening's status, the selection's `exhibition` and
`presenting` flags (presenting entries are also exhibited) and the awards.
"""
import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.dashboard.figures import Figure, Series
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.innovations.models import Award, Entry, EntryStatus, InnovationCall


def _stage_counts(event: Event) -> tuple[int, int, int, int, int, int]:
    count = sa.func.count(Entry.id)
    awarded = sa.exists().where(Award.entry_id == Entry.id)
    row = db.session.execute(
        sa.select(
            count.filter(Entry.status != EntryStatus.WITHDRAWN),
            count.filter(Entry.status == EntryStatus.ELIGIBLE),
            count.filter(Entry.exhibition),
            count.filter(Entry.presenting),
            count.filter(awarded),
            count.filter(Entry.status == EntryStatus.WITHDRAWN),
        )
        .join(InnovationCall, InnovationCall.id == Entry.call_id)
        .where(InnovationCall.event_id == event.id)
    ).one()
    return tuple(int(n or 0) for n in row)


def innovation_pipeline(event: Event) -> Figure:
    """How many of the edition's entries reached each stage of the competition: submitted (not
    withdrawn), eligible after screening, shortlisted for the exhibition, presenting, and with
    at least one award. One query."""
    submitted, eligible, shortlisted, presenting, awarded, withdrawn = _stage_counts(event)
    note = _("Entries reaching each stage: shortlisted for the exhibition, presented on the research day "
             "(presenting entries are also exhibited), awarded (an entry with several awards counts once).")
    note += " " + _("Withdrawn entries are not counted as submitted (%(count)s withdrawn).", count=withdrawn)
    return Figure(
        key="innovation-pipeline",
        title=_("Research and innovation: from entry to award"),
        chart="horizontal",
        label_heading=_("Stage"),
        labels=(_("Submitted"), _("Eligible"), _("Shortlisted"), _("Presented"), _("Awarded")),
        series=(Series(_("Entries"), (submitted, eligible, shortlisted, presenting, awarded)),),
        note=note,
    )
