"""Language choice (Swahili by default, English on request, remembered) and localised values."""
from datetime import date

import pytest
from flask_babel import force_locale, format_date, get_locale

from eventapp.auth.models import User
from eventapp.core.i18n import localized, safe_next
from eventapp.core.roles import Role
from eventapp.events.models import EventDay, EventStatus
from eventapp.extensions import db
from tests import factories


@pytest.fixture
def app_config():
    """This module tests the production language rules: Swahili unless chosen otherwise."""
    return {"BABEL_DEFAULT_LOCALE": "sw"}


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def meeting_2019(app):
    """A published edition with a day, so the home page shows dates to read the language from."""
    with app.app_context():
        event = factories.event(
            edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2), status=EventStatus.CLOSED,
            theme_sw="Uwianishaji wa Rasilimali za TEHAMA kwa Maendeleo ya Viwanda",
            theme_en="Harmonization of ICT Resources for Industrial Development",
        )
        db.session.add(EventDay(event=event, date=date(2019, 1, 30)))
        db.session.commit()
        return event.id



@pytest.mark.parametrize(
    ("accept", "expected"),
    [("en", "en"), (None, "sw"), ("fr", "sw"), ("sw", "sw"), ("fr-FR, en-GB;q=0.8", "en"), ("en-US", "en"),
     ("sw-TZ, en;q=0.5", "sw"), ("en-GB, sw;q=0.5", "en"), ("sw-TZ,sw;q=0.9,en-US;q=0.8,en;q=0.7", "sw"),
     ("*", "sw"), ("de, EN-us;q=0.3", "en")],
)
def test_first_visit_follows_the_browser_else_swahili(client, meeting_2019, accept, expected):
    headers = {"Accept-Language": accept} if accept else {}

    body = page(client.get("/", headers=headers))

    assert f'<html lang="{expected}">' in body
    assert ("January" in body) == (expected == "en")
    assert ("Januari" in body) == (expected == "sw")


def test_chosen_language_is_remembered_over_the_browser(client, meeting_2019):
    response = client.get("/lang/en?next=/meetings/2")

    assert response.status_code == 302
    assert response.headers["Location"] == "/meetings/2"
    cookie = client.get_cookie("lang")
    assert cookie.value == "en"
    assert cookie.expires is not None  # remembered beyond the browser session
    assert cookie.http_only
    body = page(client.get("/", headers={"Accept-Language": "sw"}))
    assert '<html lang="en">' in body and "January 30, 2019" in body

    client.get("/lang/sw")
    assert '<html lang="sw">' in page(client.get("/", headers={"Accept-Language": "en"}))


def test_logged_in_choice_is_stored_on_the_account(app, client, login):
    user = login(Role.PARTICIPANT)

    client.get("/lang/en")

    with app.app_context():
        assert db.session.get(User, user.id).locale == "en"
    # Without the cookie (another device), the account's choice still wins over the browser.
    client.delete_cookie("lang")
    assert '<html lang="en">' in page(client.get("/", headers={"Accept-Language": "sw"}))


def test_unsupported_language_changes_nothing(app, client, login):
    user = login(Role.PARTICIPANT)

    response = client.get("/lang/xx")

    assert response.status_code == 302
    assert client.get_cookie("lang") is None
    with app.app_context():
        assert db.session.get(User, user.id).locale is None
    assert '<html lang="sw">' in page(client.get("/"))


@pytest.mark.parametrize(
    "target",
    ["https://evil.example", "//evil.example/x", "/\\evil.example", "\\\\evil.example", "https:/evil.example",
     "javascript:alert(1)"],
)
def test_language_switch_does_not_follow_an_outside_next(client, target):
    response = client.get("/lang/en", query_string={"next": target})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get_cookie("lang").value == "en"


def test_language_links_point_back_to_the_page(client, meeting_2019):
    body = page(client.get("/meetings/2"))
    assert 'href="/lang/en?next=/meetings/2"' in body


def test_theme_follows_the_language(client, meeting_2019):
    sw = page(client.get("/meetings/2"))
    en = page(client.get("/meetings/2", headers={"Accept-Language": "en"}))

    assert "Uwianishaji wa Rasilimali" in sw and "Harmonization of ICT" not in sw
    assert "Harmonization of ICT" in en and "Uwianishaji wa Rasilimali" not in en


def test_dates_are_formatted_per_language(app):
    with app.test_request_context():
        with force_locale("en"):
            english = format_date(date(2019, 1, 30), "long")
        with force_locale("sw"):
            swahili = format_date(date(2019, 1, 30), "long")
    assert english == "January 30, 2019"
    assert swahili == "30 Januari 2019"


def test_date_filter_renders_empty_for_no_date(app):
    with app.test_request_context():
        assert app.jinja_env.from_string("[{{ value|date }}]").render(value=None) == "[]"


def test_localized_falls_back_to_the_other_language(app):
    class Thing:
        title_sw = "Kikao"
        title_en = ""

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert localized(Thing(), "title") == "Kikao"
        assert localized(Thing(), "missing") == ""


def test_locale_outside_a_request_is_the_default(app):
    # CLI commands and background jobs have no request: they must not crash choosing a language.
    with app.app_context():
        assert str(get_locale()) == "sw"
        assert format_date(date(2019, 2, 1), "long") == "1 Februari 2019"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/meetings/2?x=1", "/meetings/2?x=1"),
        ("/", "/"),
        (None, "/fallback"),
        ("", "/fallback"),
        ("meetings/2", "/fallback"),
        ("https://evil.example/", "/fallback"),
        ("//evil.example", "/fallback"),
        ("/\\evil.example", "/fallback"),
        ("/\t/evil.example", "/fallback"),
    ],
)
def test_safe_next(target, expected):
    assert safe_next(target, "/fallback") == expected


def test_the_locale_of_each_language_is_parsed_once_and_kept(app, monkeypatch):
    from babel import Locale

    parsed = []
    parse = Locale.parse

    def parse_counted(identifier, *args, **kwargs):
        if isinstance(identifier, str):  # a Locale given back is not parsed
            parsed.append(identifier)
        return parse(identifier, *args, **kwargs)

    monkeypatch.setattr(Locale, "parse", parse_counted)
    from eventapp.core import i18n

    i18n._locale.cache_clear()
    locales = []
    for headers in ({"Accept-Language": "en"}, {"Accept-Language": "sw"}, {"Accept-Language": "en-GB"}, {}):
        with app.test_request_context("/", headers=headers):
            locales.append(get_locale())
    assert [str(locale) for locale in locales] == ["en", "sw", "en", "sw"]
    assert locales[0] is locales[2] and locales[1] is locales[3]
    assert sorted(parsed) == ["en", "sw"]
