"""Sponsors pledged against paid, per sponsor, against hand counts: committed sponsors only (a
prospect and one that declined after confirming are left out), paid from the payments on the
pledge bill, by package rank then pledge; the same totals as the sponsors' per-package
figures; one query whatever the number of sponsors."""

import pytest

from eventapp.dashboard.sponsor_figures import sponsors_pledged_paid
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.sponsors import figures, services
from eventapp.sponsors.models import SponsorStatus
from tests import factories
from tests.query_count import counted_queries
from tests.sponsors.test_services import make_package, make_sponsor, pay

# Paid is a grouped subquery outer-joined to the sponsors: run on both databases.
pytestmark = pytest.mark.database


@pytest.fixture
def meeting(app_ctx, db_backend):
    """Gold (rank 1): NMB pledged 60 million and paid it in two instalments, TTCL pledged 50
    million and paid 10; Halotel is a prospect and Vodacom confirmed then declined. Silver
    (rank 2): Benki ya Posta pledged 20 million, not yet billed. Another edition's sponsor paid."""
    event = factories.open_event()
    gold = make_package(event, code="GOLD", amount=50_000_000, rank=1)
    silver = make_package(event, code="SILVER", amount=20_000_000, rank=2)
    posta = make_sponsor(event, silver, name="Benki ya Posta", pledged=20_000_000)
    nmb = make_sponsor(event, gold, name="National Microfinance Bank", acronym="NMB", pledged=60_000_000,
                       status=SponsorStatus.INVOICED)
    ttcl = make_sponsor(event, gold, name="Tanzania Telecommunications", acronym="TTCL", pledged=50_000_000,
                        status=SponsorStatus.INVOICED)
    make_sponsor(event, gold, name="Halotel", pledged=50_000_000, status=SponsorStatus.PROSPECT)
    declined = make_sponsor(event, gold, name="Vodacom", pledged=50_000_000)
    services.change_status(declined, SponsorStatus.PROSPECT)
    pay(nmb.bill, 20_000_000)
    pay(nmb.bill, 40_000_000)
    pay(ttcl.bill, 10_000_000)
    elsewhere = factories.open_event()
    other = make_sponsor(elsewhere, make_package(elsewhere, code="GOLD"), name="CRDB", pledged=30_000_000,
                         status=SponsorStatus.INVOICED)
    pay(other.bill)
    assert posta.bill_id is None
    return event


def test_pledged_and_paid_per_committed_sponsor(meeting):
    figure = sponsors_pledged_paid(meeting)

    assert (figure.key, figure.chart, figure.unit) == ("sponsors-pledged-paid", "bar", "TZS")
    assert figure.header() == ["Sponsor", "Pledged", "Paid", "Outstanding"]
    assert figure.rows() == [
        ["NMB", 60_000_000, 60_000_000, 0],  # gold, the larger pledge first; 20 + 40 million paid
        ["TTCL", 50_000_000, 10_000_000, 40_000_000],
        ["Benki ya Posta", 20_000_000, 0, 20_000_000],  # silver; no acronym: the name
    ]
    assert figure.totals() == [130_000_000, 70_000_000]


def test_the_totals_agree_with_the_sponsors_per_package_figures(meeting):
    figure = sponsors_pledged_paid(meeting)
    per_package = figures.pledged_vs_paid(meeting)

    assert figure.totals() == [sum(t.pledged for t in per_package), sum(t.paid for t in per_package)]


def test_without_committed_sponsors_the_figure_is_empty(app_ctx, db_backend):
    event = factories.open_event()
    make_sponsor(event, make_package(event), name="Halotel", pledged=50_000_000, status=SponsorStatus.PROSPECT)

    figure = sponsors_pledged_paid(event)

    assert figure.empty and figure.labels == () and figure.unit == "TZS"


def queries(event_id: int) -> int:
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    with counted_queries() as statements:
        sponsors_pledged_paid(event)
    return len(statements)


def test_one_query_however_many_sponsors(meeting):
    few = queries(meeting.id)
    package = make_package(db.session.get(Event, meeting.id), code="BRONZE", amount=5_000_000, rank=3)
    for n in range(4):
        sponsor = make_sponsor(package.event, package, name=f"Mdhamini {n}", pledged=5_000_000,
                               status=SponsorStatus.INVOICED)
        pay(sponsor.bill, 1_000_000)

    assert (few, queries(meeting.id)) == (1, 1)
