"""Sessions: a request without a session cookie gets an empty session without a signer being
built; one with a cookie is read and written as before."""
import pytest
from flask import request, session

from eventapp.core.session_cookies import SessionCookies


@pytest.fixture
def signers_built(app, monkeypatch):
    built = []
    original = SessionCookies.get_signing_serializer

    def counting(self, flask_app):
        built.append(1)
        return original(self, flask_app)

    monkeypatch.setattr(SessionCookies, "get_signing_serializer", counting)
    return built


def test_the_app_uses_session_cookies(app):
    assert isinstance(app.session_interface, SessionCookies)


def test_no_cookie_no_signer_and_an_empty_session(app, signers_built):
    with app.test_request_context("/"):
        opened = app.session_interface.open_session(app, request)
    assert dict(opened) == {} and not opened.modified
    assert signers_built == []


def test_a_session_written_is_read_back_with_its_cookie(app, signers_built):
    @app.get("/_test/session/<value>")
    def remember(value):
        previous = session.get("value")
        session["value"] = value
        return previous or "-"

    client = app.test_client()
    assert client.get("/_test/session/first").get_data(as_text=True) == "-"
    assert client.get("/_test/session/second").get_data(as_text=True) == "first"
    assert signers_built  # the cookie was signed and read with the signer


def test_a_tampered_cookie_gives_an_empty_session(app):
    @app.get("/_test/peek")
    def peek():
        return session.get("value", "-")

    client = app.test_client()
    client.set_cookie(app.config.get("SESSION_COOKIE_NAME", "session"), "eyJ2YWx1ZSI6ImZvcmdlZCJ9.forged.signature")
    assert client.get("/_test/peek").get_data(as_text=True) == "-"
