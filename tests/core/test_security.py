"""Security headers, templates fit for a strict CSP, CSRF, cookies and the error pages."""
import re
from pathlib import Path

import pytest

from eventapp.core.roles import Role
from eventapp.events.models import EventStatus

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))


def template_id(path: Path) -> str:
    return str(path.relative_to(TEMPLATES))


@pytest.fixture
def html_pages(client, login, create_event):
    """A spread of pages: public, a form, an organiser page, and error pages."""
    event = create_event(status=EventStatus.OPEN, with_days=True)
    public = [client.get(url) for url in ("/", "/login", f"/meetings/{event.edition}", "/no-such-page")]
    login(Role.ORGANISER)
    managed = [client.get(url) for url in ("/manage/events", f"/manage/events/{event.id}", "/manage/events/new")]
    return public + managed


def test_every_html_response_has_the_security_headers(html_pages):
    for response in html_pages:
        assert response.mimetype == "text/html"
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_redirects_and_static_files_have_the_headers_too(client):
    for response in (client.get("/lang/en"), client.get("/static/css/app.css")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_there_are_templates_to_scan():
    names = {template_id(p) for p in TEMPLATE_FILES}
    assert {"base.html", "events/home.html", "errors/500.html"} <= names


def inline_code(source: str) -> list[str]:
    """What a strict CSP (no 'unsafe-inline') would block: script bodies, handlers, styles.
    A JSON data block (<script type="application/json">) is not run, so the CSP allows it."""
    found = [
        m.group(0)[:60]
        for m in re.finditer(r"<script\b([^>]*)>(.*?)</script\s*>", source, re.S | re.I)
        if m.group(2).strip() and not re.search(r"""type\s*=\s*["']application/json["']""", m.group(1), re.I)
    ]
    found += re.findall(r"<style\b", source, re.I)
    found += re.findall(r"""\sstyle\s*=\s*["'{]""", source, re.I)
    found += re.findall(r"""\son[a-z]+\s*=\s*["'{]""", source, re.I)
    found += re.findall(r"javascript:", source, re.I)
    return found


def external_references(source: str) -> list[str]:
    """src/href/action/url() pointing at another host (absolute or protocol-relative)."""
    attrs = re.findall(r"""\b(?:src|href|action|srcset)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", source, re.I)
    return attrs + re.findall(r"""url\(\s*["']?((?:https?:)?//[^)'"]+)""", source, re.I)


@pytest.mark.parametrize(
    "sample",
    ["<script>alert(1)</script>", '<button onclick="go()">', "<p style=\"color:red\">", "<style>p{}</style>",
     '<a href="javascript:go()">'],
)
def test_inline_code_scanner_catches_bad_markup(sample):
    assert inline_code(sample)


def test_a_json_data_block_is_not_inline_code():
    assert inline_code('<script type="application/json" id="cfg">{"a": 1}</script>') == []
    assert inline_code('<script type="text/javascript">go()</script>')


@pytest.mark.parametrize(
    "sample",
    ['<img src="https://cdn.example.com/x.png">', "<link href='//fonts.example.com/css'>",
     '<form action="http://evil.example/">', '<div data-x="1"><i class="x" ></i></div><p>url(https://a.b/c)</p>'],
)
def test_external_reference_scanner_catches_other_hosts(sample):
    assert external_references(sample)


def test_scanners_accept_our_own_markup():
    good = (
        '<script src="{{ url_for(\'static\', filename=\'js/app.js\') }}" defer></script>'
        '<form class="inline" data-confirm="Sure?"><button type="submit">x</button></form>'
        '<svg><rect fill="#fff"/></svg><a href="/lang/en">English</a>'
    )
    assert inline_code(good) == []
    assert external_references(good) == []


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=template_id)
def test_template_needs_no_inline_script_or_style(path):
    assert inline_code(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=template_id)
def test_template_loads_nothing_from_another_host(path):
    assert external_references(path.read_text(encoding="utf-8")) == []


# CSRF and cookies ----------------------------------------------------------------------


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_post_without_csrf_token_gets_a_clear_400(client, create_user):
    user = create_user()

    response = client.post("/login", data={"email": user.email, "password": "correct horse battery"})

    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "The form had expired or was sent twice." in body
    assert 'class="site-header"' in body  # the site's own page, not a bare error
    assert ">Log in</a>" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_post_with_the_csrf_token_passes(client, create_user):
    user = create_user()
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', form)

    response = client.post(
        "/login", data={"email": user.email, "password": "correct horse battery", "csrf_token": token.group(1)}
    )

    assert response.status_code == 302


def test_session_cookie_is_http_only(client, create_user):
    user = create_user()

    response = client.post("/login", data={"email": user.email, "password": "correct horse battery"})

    assert response.status_code == 302
    session_cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert session_cookies
    for cookie in session_cookies:
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie


def test_remember_me_cookie_is_http_only(client, create_user):
    user = create_user()

    response = client.post("/login", data={"email": user.email, "password": "correct horse battery", "remember": "y"})

    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert "HttpOnly" in cookie


# Error pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sw", "en"])
def test_404_page_in_both_languages(client, language):
    client.get(f"/lang/{language}")

    response = client.get("/no-such-page")

    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in body
    assert 'class="site-header"' in body and 'class="error-page"' in body


@pytest.mark.parametrize("language", ["sw", "en"])
def test_403_page_in_both_languages(client, login, language):
    login(Role.PARTICIPANT)
    client.get(f"/lang/{language}")

    response = client.get("/manage/events")

    assert response.status_code == 403
    body = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in body
    assert 'class="site-header"' in body and 'class="error-page"' in body


def test_english_error_pages_say_what_happened(client, login):
    client.get("/lang/en")
    assert "Page not found" in client.get("/no-such-page").get_data(as_text=True)
    login(Role.PARTICIPANT)
    assert "Not allowed" in client.get("/manage/events").get_data(as_text=True)


def test_api_clients_get_json_errors(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json() == {"error": "404"}


@pytest.mark.parametrize("app_config", [{"PROPAGATE_EXCEPTIONS": False}])
def test_an_exception_in_a_view_gives_the_500_page(app, client, caplog):
    @app.get("/test-boom")
    def boom():
        raise RuntimeError("database password is hunter2")

    response = client.get("/test-boom")

    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert 'class="error-page"' in body and 'class="site-header"' in body
    assert "hunter2" not in body and "Traceback" not in body
    assert response.headers["X-Frame-Options"] == "DENY"
    assert any("/test-boom" in r.getMessage() for r in caplog.records)
