"""The public sponsors page: published sponsors only, grouped by package in rank order, with
their websites and logos, in both languages; linked from the menu and the home page."""
import re

import pytest

from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db
from eventapp.sponsors.models import SponsorStatus
from eventapp.sponsors.published import published_sponsors
from tests import factories
from tests.sponsors.test_booths import make_booth, make_package, make_sponsor

EN, SW = {"Accept-Language": "en"}, {"Accept-Language": "sw"}


@pytest.fixture
def sponsors(app):
    """Edition 2 (open) with a gold and a silver package (ranked 2 and 1 out of creation
    order), a package not shown on the website, and sponsors in every status."""
    with app.app_context():
        event = factories.event(edition=2, status=EventStatus.OPEN)
        gold = make_package(event, "gold", rank=2, name_sw="Dhahabu", name_en="Gold")
        silver = make_package(event, "silver", rank=1, name_sw="Fedha", name_en="Silver")
        hidden = make_package(event, "quiet", rank=0, logo_on_website=False, name_sw="Kimya", name_en="Quiet")
        make_sponsor(event, gold, "TCRA", name="Mamlaka ya Mawasiliano Tanzania", website="https://www.tcra.go.tz")
        make_sponsor(event, gold, "COSTECH", name="Tume ya Sayansi na Teknolojia", status=SponsorStatus.PAID)
        make_sponsor(event, silver, "NMB", name="National Microfinance Bank", status=SponsorStatus.INVOICED)
        make_sponsor(event, silver, "NBC", name="National Bank of Commerce", status=SponsorStatus.PROSPECT)
        make_sponsor(event, hidden, "MSD", name="Bohari Kuu ya Dawa")
        other = factories.event(edition=3, status=EventStatus.DRAFT)
        make_sponsor(other, make_package(other), "WCF", name="Mfuko wa Fidia kwa Wafanyakazi")
        return {"event": event.id}


def section_names(body: str) -> list[str]:
    return re.findall(r'<section class="sponsor-package">\s*<h2>([^<]+)</h2>', body)


def sponsor_names(body: str) -> list[str]:
    return re.findall(r'<span class="sponsor-name">([^<]+)</span>', body)


def test_published_sponsors_are_grouped_by_package_in_rank_order(app, sponsors):
    with app.app_context():
        groups = published_sponsors(db.session.get(Event, sponsors["event"]))

        assert [(g.package.code, [s.institution.acronym for s in g.sponsors]) for g in groups] == [
            ("silver", ["NMB"]),  # the prospect NBC is not named
            ("gold", ["TCRA", "COSTECH"]),  # by name: "Mamlaka…" before "Tume…"
        ]  # MSD's package keeps logos off the website; WCF sponsors another edition


def test_the_page_shows_packages_and_sponsors_in_order(client, sponsors):
    body = client.get("/meetings/2/sponsors", headers=EN).get_data(as_text=True)

    assert section_names(body) == ["Silver", "Gold"]
    assert sponsor_names(body) == [
        "National Microfinance Bank (NMB)",
        "Mamlaka ya Mawasiliano Tanzania (TCRA)",
        "Tume ya Sayansi na Teknolojia (COSTECH)",
    ]
    for unpublished in ("NBC", "MSD", "WCF"):
        assert unpublished not in body


def test_package_names_follow_the_language(client, sponsors):
    body = client.get("/meetings/2/sponsors", headers=SW).get_data(as_text=True)

    assert 'lang="sw"' in body
    assert section_names(body) == ["Fedha", "Dhahabu"]


def test_websites_are_linked_with_noopener(client, sponsors):
    body = client.get("/meetings/2/sponsors", headers=EN).get_data(as_text=True)

    assert '<a href="https://www.tcra.go.tz" rel="noopener"' in body
    assert body.count('rel="noopener"') == 1  # the others gave no website


def test_a_website_that_is_not_http_is_never_a_link(app, client, sponsors):
    from eventapp.sponsors.models import Sponsor

    with app.app_context():
        nmb = db.session.scalar(db.select(Sponsor).join(Sponsor.institution).filter_by(acronym="NMB"))
        nmb.website = "javascript:alert(1)"
        db.session.commit()

    body = client.get("/meetings/2/sponsors", headers=EN).get_data(as_text=True)

    assert "javascript:" not in body


def test_logos_are_shown_through_the_logo_view_or_names_alone(app, client, sponsors):
    from eventapp.sponsors.models import Sponsor

    with app.app_context():
        nmb = db.session.scalar(db.select(Sponsor).join(Sponsor.institution).filter_by(acronym="NMB"))
        nmb.logo_file = "0123456789abcdef0123456789abcdef.png"
        db.session.commit()
        nmb_id = nmb.id

    body = client.get("/meetings/2/sponsors", headers=EN).get_data(as_text=True)

    if "sponsors.sponsor_logo" in app.view_functions:
        assert body.count("<img ") == 1
        assert f'src="/sponsors/{nmb_id}/logo.png" alt="NMB"' in body
    else:
        assert "<img " not in body
    assert "National Microfinance Bank (NMB)" in body


def test_sponsors_of_the_current_edition_and_the_menu_and_home_page_links(client, sponsors):
    body = client.get("/sponsors", headers=EN).get_data(as_text=True)
    home = client.get("/", headers=EN).get_data(as_text=True)

    assert section_names(body) == ["Silver", "Gold"]
    assert 'href="/sponsors">Sponsors</a>' in home  # the menu
    assert 'href="/meetings/2/sponsors">Sponsors</a>' in home  # the edition on the home page


def test_the_exhibition_is_linked_once_there_are_booths(app, client, sponsors):
    assert "/meetings/2/exhibition" not in client.get("/meetings/2/sponsors").get_data(as_text=True)
    with app.app_context():

        make_booth(db.session.get(Event, sponsors["event"]))

    assert "/meetings/2/exhibition" in client.get("/meetings/2/sponsors").get_data(as_text=True)


def test_no_published_edition_and_no_sponsors_yet(app, client):
    assert "have not been announced yet" in client.get("/sponsors", headers=EN).get_data(as_text=True)
    with app.app_context():
        factories.event(edition=5, status=EventStatus.OPEN)

    body = client.get("/meetings/5/sponsors", headers=EN).get_data(as_text=True)
    assert "have not been announced yet" in body
    assert section_names(body) == []


def test_a_draft_or_unknown_edition_is_a_404(client, sponsors):
    assert client.get("/meetings/3/sponsors").status_code == 404
    assert client.get("/meetings/99/sponsors").status_code == 404
