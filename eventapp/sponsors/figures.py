"""The organisers' sponsorship figures: pledged vs paid per package, and the pipeline."""
from dataclasses import dataclass

import sqlalchemy as sa

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.services.finance import paid_per_bill
from eventapp.sponsors.models import Sponsor, SponsorshipPackage, SponsorStatus
from eventapp.sponsors.services import COMMITTED


@dataclass
class PackageTotals:
    package: SponsorshipPackage
    sponsors: int
    pledged: int
    paid: int

    @property
    def outstanding(self) -> int:
        return max(self.pledged - self.paid, 0)


def pledged_vs_paid(event: Event) -> list[PackageTotals]:
    """Per package (all of them, by rank): committed sponsors, what they pledged and what
    their pledge bills have collected, in one grouped query. Prospects are not counted."""
    paid = paid_per_bill()
    rows = db.session.execute(
        sa.select(
            SponsorshipPackage,
            sa.func.count(Sponsor.id),
            sa.func.coalesce(sa.func.sum(Sponsor.pledged_amount), 0),
            sa.func.coalesce(sa.func.sum(paid.c.paid), 0),
        )
        .outerjoin(Sponsor, sa.and_(Sponsor.package_id == SponsorshipPackage.id, Sponsor.status.in_(COMMITTED)))
        .outerjoin(paid, paid.c.bill_id == Sponsor.bill_id)
        .where(SponsorshipPackage.event_id == event.id)
        .group_by(SponsorshipPackage.id)
        .order_by(SponsorshipPackage.rank, SponsorshipPackage.amount.desc(), SponsorshipPackage.id)
    )
    return [PackageTotals(package, int(count), int(pledged), int(paid)) for package, count, pledged, paid in rows]


def pipeline(event: Event) -> list[tuple[SponsorStatus, int]]:
    """(status, number of sponsors) for every status in pipeline order, in one grouped query."""
    rows = db.session.execute(
        sa.select(Sponsor.status, sa.func.count(Sponsor.id))
        .where(Sponsor.event_id == event.id)
        .group_by(Sponsor.status)
    )
    found = {status: int(count) for status, count in rows}
    return [(status, found.get(status, 0)) for status in SponsorStatus]
