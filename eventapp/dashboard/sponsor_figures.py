"""Sponsors: what each committed sponsor pledged and what its pledge bill has collected.

The same rule as the sponsors' own figures (`sponsors/figures.pledged_vs_paid`, per package):
only committed sponsors count (confirmed, invoiced or paid; prospects do not), the pledge is
`pledged_amount` and paid is the sum of the payments on the sponsor's pledge bill. Here it is
per sponsor, in one query (the sponsors come with their institution and package).
"""
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager

from eventapp.dashboard.figures import Figure, Series
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.registration.services.finance import paid_per_bill
from eventapp.sponsors.models import Sponsor, SponsorshipPackage
from eventapp.sponsors.services import COMMITTED, sponsor_name


def _committed_sponsors(event: Event) -> list[tuple[Sponsor, int]]:
    """(sponsor, paid) for the committed sponsors, by package rank, then the largest pledge."""
    paid = paid_per_bill()
    rows = db.session.execute(
        sa.select(Sponsor, sa.func.coalesce(paid.c.paid, 0))
        .join(Sponsor.institution)
        .join(Sponsor.package)
        .outerjoin(paid, paid.c.bill_id == Sponsor.bill_id)
        .where(Sponsor.event_id == event.id, Sponsor.status.in_(COMMITTED))
        .options(contains_eager(Sponsor.institution), contains_eager(Sponsor.package))
        .order_by(SponsorshipPackage.rank, Sponsor.pledged_amount.desc(), Institution.name, Sponsor.id)
    )
    return [(sponsor, int(paid)) for sponsor, paid in rows]


def sponsors_pledged_paid(event: Event) -> Figure:
    """Per committed sponsor (by its institution's acronym, else its name): pledged and paid,
    with what is still outstanding in the table. One query."""
    sponsors = _committed_sponsors(event)
    currencies = {sponsor.currency for sponsor, _paid in sponsors}
    single = len(currencies) <= 1
    labels = tuple(sponsor_name(sponsor) if single else f"{sponsor_name(sponsor)} ({sponsor.currency})"
                   for sponsor, _paid in sponsors)
    pledged = tuple(sponsor.pledged_amount for sponsor, _paid in sponsors)
    paid = tuple(amount for _sponsor, amount in sponsors)
    return Figure(
        key="sponsors-pledged-paid",
        title=_("Sponsors: pledged and paid"),
        chart="bar",
        label_heading=_("Sponsor"),
        labels=labels,
        series=(Series(_("Pledged"), pledged), Series(_("Paid"), paid)),
        unit=next(iter(currencies)) if len(currencies) == 1 else ("TZS" if not currencies else ""),
        note=_("Confirmed, invoiced and paid sponsors (prospects are not counted); paid: the payments "
               "received on the sponsor's pledge bill."),
        extra=(Series(_("Outstanding"), tuple(max(p - q, 0) for p, q in zip(pledged, paid))),),
    )
