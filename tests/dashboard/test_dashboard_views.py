"""The dashboard's pages for an organiser: every figure with its chart data, table and export
links; each figure as CSV and XLSX; the latest edition's dashboard from the menu."""
import io
import json
import re
from datetime import date

from openpyxl import load_workbook

from eventapp.core.roles import Role
from eventapp.dashboard.catalogue import BUILDERS, SECTIONS
from eventapp.extensions import db
from tests import factories
from tests.checkin.factories import confirmed, gate_event, unpaid


def chart_blocks(html: str) -> dict[str, dict]:
    return {key: json.loads(body) for key, body in
            re.findall(r'<script type="application/json" id="figure-data-([a-z-]+)">(.*?)</script>', html, re.S)}


def test_every_section_has_its_page_with_its_figures(app, client, login):
    with app.app_context():
        event = gate_event()
        for _ in range(2):
            confirmed(event, group=1)
        unpaid(event, group=2)
        event_id = event.id
    login(Role.ORGANISER)
    first = client.get(f"/manage/events/{event_id}/dashboard")
    pages = {section.key: client.get(f"/manage/events/{event_id}/dashboard/{section.key}") for section in SECTIONS[1:]}
    pages[SECTIONS[0].key] = first
    assert first.status_code == 200
    assert f'id="section-{SECTIONS[0].key}"' in first.get_data(as_text=True)  # the first section by default

    for section in SECTIONS:
        response = pages[section.key]
        html = response.get_data(as_text=True)
        assert response.status_code == 200, section.key
        assert f'id="section-{section.key}"' in html and 'class="cards key-figures"' in html
        for key in section.figures:
            assert f'id="{key}"' in html
            assert f"/manage/events/{event_id}/dashboard/{key}.csv" in html
            assert f"/manage/events/{event_id}/dashboard/{key}.xlsx" in html
        others = {key for other in SECTIONS if other is not section for key in other.figures}
        assert not any(f'id="{key}"' in html for key in others), section.key  # one section a page
    registrations = chart_blocks(first.get_data(as_text=True))
    assert set(registrations) == {"registrations-by-group", "registrations-by-category"}
    by_category = registrations["registrations-by-category"]
    assert sum(sum(s["values"]) for s in by_category["series"]) == 3  # two confirmed, one pending payment
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in first.get_data(as_text=True)
    # Nothing was paid, no one arrived, no report call, no entries, no sponsors.
    for key in ("arrivals", "reports", "innovations", "sponsors"):
        assert "Nothing recorded yet." in pages[key].get_data(as_text=True)
    assert client.get(f"/manage/events/{event_id}/dashboard/no-such-section").status_code == 404
    assert client.get(f"/manage/events/{event_id}/dashboard/{SECTIONS[0].key}").status_code == 404  # it is /dashboard


def test_each_figure_downloads_as_csv_and_xlsx(app, client, login):
    with app.app_context():
        event = gate_event()
        confirmed(event, group=1)
        event_id = event.id
    login(Role.ORGANISER)
    for key in BUILDERS:
        response = client.get(f"/manage/events/{event_id}/dashboard/{key}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv", key
        assert f'filename="{key}-' in response.headers["Content-Disposition"]
        assert response.get_data(as_text=True).startswith("\ufeff"), key
        response = client.get(f"/manage/events/{event_id}/dashboard/{key}.xlsx")
        assert response.status_code == 200, key
        sheet = load_workbook(io.BytesIO(response.data)).active
        assert sheet.max_row >= 1 and sheet.cell(1, 1).value, key


def test_an_unknown_figure_format_or_event_is_404(app, client, login):
    with app.app_context():
        event_id = gate_event().id
    login(Role.ORGANISER)
    assert client.get(f"/manage/events/{event_id}/dashboard/no-such-figure.csv").status_code == 404
    assert client.get(f"/manage/events/{event_id}/dashboard/fees-by-category.pdf").status_code == 404
    assert client.get(f"/manage/events/{event_id + 99}/dashboard").status_code == 404
    assert client.get(f"/manage/events/{event_id + 99}/dashboard/fees-by-category.csv").status_code == 404


def test_the_menu_opens_the_latest_edition(app, client, login):
    login(Role.ORGANISER)
    assert "There is no edition of the meeting yet." in client.get("/manage/dashboard").get_data(as_text=True)
    with app.app_context():
        factories.event(edition=1, starts_on=date(2015, 8, 10), ends_on=date(2015, 8, 12))
        latest = factories.event(edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2))
        latest_id = latest.id
        db.session.remove()
    response = client.get("/manage/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/events/{latest_id}/dashboard")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ">2015</a>" in page and "<strong>2019</strong>" in page  # the edition switch
