"""The JSON API's bodies are limited: every endpoint that reads a body refuses one over its size
(with or without a Content-Length) and every text field over its length, with a 400 naming the
field, never a 500. The endpoints that take a body are found on the app's URL map."""
import io
import json

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from eventapp.api import checkin, payments
from eventapp.auth.api_tokens import create_api_token
from eventapp.core.roles import Role

# Every API endpoint with a body: its largest body and the role of the token that may call it.
BODY_ENDPOINTS = {
    "/api/v1/checkin": (checkin.MAX_BODY_BYTES, Role.GATE),
    "/api/v1/payments": (payments.MAX_BODY_BYTES, Role.FINANCE),
}
# The text fields of each body and their limits, as written in the code that reads them.
TEXT_LIMITS = {
    "/api/v1/checkin": {"token": 200, "day": 10, "gate": 60, "scan_id": 64, "scanned_at": 40},
    "/api/v1/payments": {"transaction_id": 64, "control_number": 12, "currency": 3, "paid_at": 40, "channel": 80,
                         "psp_name": 80, "payer_name": 200},
}


class CountingStream(io.RawIOBase):
    """A body of `size` bytes of JSON-ish text that counts how much of it was read."""

    def __init__(self, size: int):
        self.left, self.taken = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.left)
        buffer[:n] = b" " * n
        self.left -= n
        self.taken += n
        return n


@pytest.fixture
def tokens(app):
    with app.app_context():
        return {role: create_api_token(f"limits {role.value}", role, actor_id=None)[1]
                for role in (Role.GATE, Role.FINANCE)}


def _headers(tokens, url):
    return {"Authorization": f"Bearer {tokens[BODY_ENDPOINTS[url][1]]}"}


def test_every_api_endpoint_with_a_body_is_listed(app):
    with_body = {rule.rule for rule in app.url_map.iter_rules()
                 if rule.rule.startswith("/api/") and rule.methods & {"POST", "PUT", "PATCH"}}
    assert with_body == set(BODY_ENDPOINTS)


@pytest.mark.parametrize("url", BODY_ENDPOINTS)
def test_a_body_one_byte_too_large_is_refused(client, tokens, url):
    limit = BODY_ENDPOINTS[url][0]
    body = json.dumps({"pad": "x" * limit}).encode()[: limit + 1]

    response = client.post(url, data=body, content_type="application/json", headers=_headers(tokens, url))

    assert response.status_code == 400
    assert response.get_json() == {"error": "The body is too large."}


@pytest.mark.parametrize("url", BODY_ENDPOINTS)
def test_a_large_body_without_its_length_is_refused_after_reading_little_of_it(app, tokens, url):
    limit = BODY_ENDPOINTS[url][0]
    stream = CountingStream(10 * 1024 * 1024)  # 10 MB sent chunked

    environ = EnvironBuilder(path=url, method="POST", content_type="application/json",
                             headers=_headers(tokens, url)).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ.update({"wsgi.input": stream, "wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"})

    response = Response.from_app(app, environ)  # straight to the app: the test client would measure the body

    assert response.status_code == 400
    assert response.get_json() == {"error": "The body is too large."}
    assert stream.taken <= limit + 1 + 64 * 1024  # what the limit needs, and at most one read buffer more


@pytest.mark.parametrize("url", BODY_ENDPOINTS)
def test_every_text_field_over_its_limit_is_named(client, tokens, url):
    limits = TEXT_LIMITS[url]
    body = {name: "9" * (limit + 1) for name, limit in limits.items()}

    response = client.post(url, json=body, headers=_headers(tokens, url))

    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert {name: errors.get(name) for name in limits} == {
        name: f"At most {limit} characters." for name, limit in limits.items()}


@pytest.mark.parametrize("url", BODY_ENDPOINTS)
@pytest.mark.parametrize("body", [b"[" * 3000 + b"]" * 3000, b'{"token": {"a": [1, 2]}}', b"\xff\xfe", b"null"])
def test_odd_bodies_are_a_400(client, tokens, url, body):
    response = client.post(url, data=body, content_type="application/json", headers=_headers(tokens, url))

    assert response.status_code == 400
    assert "error" in response.get_json()
