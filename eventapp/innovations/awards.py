"""Awards (tuzo) of a call: the best paper (rank 1), runners-up (ranks 1, 2, …) and special
mentions, each with a citation in Swahili and English. Only eligible entries, once the scoring
is closed; one award of a kind and rank per call and one of each kind per entry (the database
agrees). Audited; each function commits its own work."""
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.extensions import db
from eventapp.innovations.models import Award, AwardKind, Entry, EntryStatus, InnovationCall

AWARD_LABELS = {
    AwardKind.BEST_PAPER: _l("Best paper"),
    AwardKind.RUNNER_UP: _l("Runner-up"),
    AwardKind.SPECIAL_MENTION: _l("Special mention"),
}
KIND_ORDER = {kind: n for n, kind in enumerate(AWARD_LABELS)}
MAX_RANK = 20
MAX_CITATION = 1000


@dataclass
class AwardDetails:
    kind: AwardKind | None
    rank: int | None = None  # None: 1 for the best paper, the next free one for a special mention
    citation_sw: str = ""
    citation_en: str = ""


def award_label(award: Award) -> str:
    """"Best paper", "Runner-up 2", "Special mention"."""
    if award.kind == AwardKind.RUNNER_UP:
        return _("Runner-up %(n)d", n=award.rank)
    return str(AWARD_LABELS[award.kind])


def _refuse(message: str, field: str | None = None):
    db.session.rollback()
    raise DomainError(message, field=field)


def _tidy(text: str | None) -> str:
    return "\n".join(line.rstrip() for line in (text or "").strip().replace("\r\n", "\n").split("\n"))


def _rank(entry: Entry, details: AwardDetails) -> int:
    if details.rank is not None and not 1 <= details.rank <= MAX_RANK:
        _refuse(_("The rank must be between 1 and %(n)d.", n=MAX_RANK), "rank")
    if details.kind == AwardKind.BEST_PAPER:
        if details.rank not in (None, 1):
            _refuse(_("There is one best paper: its rank is 1."), "rank")
        return 1
    if details.kind == AwardKind.RUNNER_UP:
        if details.rank is None:
            _refuse(_("Give the runner-up's rank (1 for the first runner-up)."), "rank")
        return details.rank
    if details.rank is not None:
        return details.rank
    highest = db.session.scalar(sa.select(sa.func.max(Award.rank)).where(
        Award.call_id == entry.call_id, Award.kind == AwardKind.SPECIAL_MENTION))
    return (highest or 0) + 1


def give_award(entry: Entry, details: AwardDetails, actor_id: int | None = None) -> Award:
    """Give the entry an award. Refused: before the scoring is closed, an entry that is not
    eligible, a kind or rank already given in the call, a second award of a kind to the same
    entry, a best paper that is also a runner-up, and citations too long."""
    call: InnovationCall = entry.call
    if call.scoring_closed_at is None:
        _refuse(_("Awards are given once the scoring is closed."))
    if entry.status != EntryStatus.ELIGIBLE:
        _refuse(_("Only an eligible entry can receive an award."), "entry_id")
    if details.kind is None:
        _refuse(_("Choose the award."), "kind")
    rank = _rank(entry, details)
    citations = {}
    for field in ("citation_sw", "citation_en"):
        citations[field] = _tidy(getattr(details, field))
        if len(citations[field]) > MAX_CITATION:
            _refuse(_("At most %(n)d characters.", n=MAX_CITATION), field)
    own = {a.kind for a in db.session.scalars(sa.select(Award).where(Award.entry_id == entry.id))}
    if details.kind in own:
        _refuse(_("This entry already has the award: %(award)s.", award=AWARD_LABELS[details.kind]), "kind")
    if {details.kind} | own >= {AwardKind.BEST_PAPER, AwardKind.RUNNER_UP}:
        _refuse(_("The best paper cannot also be a runner-up."), "kind")
    holder = db.session.scalar(
        sa.select(Award).options(joinedload(Award.entry))
        .where(Award.call_id == call.id, Award.kind == details.kind, Award.rank == rank)
    )
    if holder is not None:
        _refuse(_("%(award)s is already given to “%(title)s”; remove it first.",
                  award=award_label(holder), title=holder.entry.title), "rank")
    award = Award(call_id=call.id, entry_id=entry.id, kind=details.kind, rank=rank, **citations)
    db.session.add(award)
    audit.record(actor_id, "innovations.award_given", f"innovation_entry:{entry.id}",
                 f"{details.kind.value} {rank}")
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # another organiser gave the same award a moment ago
        _refuse(_("That award was just given; reload the page."), "rank")
    return award


def remove_award(award: Award, actor_id: int | None = None) -> None:
    """Take an award back."""
    audit.record(actor_id, "innovations.award_removed", f"innovation_entry:{award.entry_id}",
                 f"{award.kind.value} {award.rank}")
    db.session.delete(award)
    db.session.commit()


def awards_of(call: InnovationCall) -> list[Award]:
    """The call's awards: the best paper, the runners-up by rank, then the special mentions."""
    awards = db.session.scalars(
        sa.select(Award).where(Award.call_id == call.id).options(joinedload(Award.entry))
    ).all()
    return sorted(awards, key=lambda a: (KIND_ORDER[a.kind], a.rank))


def awards_by_entry(awards: list[Award]) -> dict[int, list[Award]]:
    """The awards (from `awards_of`) grouped by entry id, in their order."""
    result: dict[int, list[Award]] = defaultdict(list)
    for award in awards:
        result[award.entry_id].append(award)
    return dict(result)
