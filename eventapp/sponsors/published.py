"""Which sponsors the public sees, grouped by their package."""
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.sponsors.models import Sponsor, SponsorshipPackage
from eventapp.sponsors.services import COMMITTED

# A prospect has promised nothing yet; from confirmation on, the sponsor is named in public.
PUBLISHED_STATUSES = COMMITTED


@dataclass(frozen=True)
class PackageSponsors:
    package: SponsorshipPackage
    sponsors: list[Sponsor]


def published_sponsors(event: Event) -> list[PackageSponsors]:
    """The event's confirmed (or invoiced, or paid) sponsors whose package puts their logo on
    the website, grouped by package in rank order; sponsors by name within a package.
    Packages with nobody in them are left out."""
    rows = db.session.scalars(
        sa.select(Sponsor)
        .join(Sponsor.package)
        .join(Sponsor.institution)
        .where(
            Sponsor.event_id == event.id,
            Sponsor.status.in_(PUBLISHED_STATUSES),
            SponsorshipPackage.logo_on_website.is_(True),
        )
        .options(contains_eager(Sponsor.package), contains_eager(Sponsor.institution))
        .order_by(SponsorshipPackage.rank, SponsorshipPackage.amount.desc(), SponsorshipPackage.id,
                  Institution.name, Sponsor.id)
    ).all()
    groups: list[PackageSponsors] = []
    for sponsor in rows:
        if not groups or groups[-1].package.id != sponsor.package_id:
            groups.append(PackageSponsors(sponsor.package, []))
        groups[-1].sponsors.append(sponsor)
    return groups
