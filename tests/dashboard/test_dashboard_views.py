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


def test_every_section_and_figure_is_on_the_page(app, client, login):
    with app.app_context():
        event = gate_event()
        for _ in range(2):
            confirmed(event, group=1)
        unpaid(event, group=2)
        event_id = event.id
    login(Role.ORGANISER)
    html = client.get(f"/manage/events/{event_id}/dashboard").get_data(as_text=True)

    for section in SECTIONS:
        assert f'id="section-{section.key}"' in html
    for key in BUILDERS:
        assert f'id="{key}"' in html
        assert f"/manage/events/{event_id}/dashboard/{key}.csv" in html
        assert f"/manage/events/{event_id}/dashboard/{key}.xlsx" in html
    blocks = chart_blocks(html)
    # Registrations exist, so the registration figures are drawn; nothing was billed as paid,
    # no one arrived, no report call, no entries and no sponsors: those say "Nothing recorded yet".
    assert set(blocks) >= {"registrations-by-group", "registrations-by-category"}
    by_category = blocks["registrations-by-category"]
    assert sum(sum(s["values"]) for s in by_category["series"]) == 3  # two confirmed, one pending payment
    assert "Nothing recorded yet." in html
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in html


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
