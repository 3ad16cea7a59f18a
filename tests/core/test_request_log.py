"""Request ids (echoed when safe, else made), one `key=value` log line per request on
`eventapp.requests` (no query string), the 500 page quoting the id that its logged traceback
carries, and production logging to stderr at LOG_LEVEL."""
import logging
import re
from urllib.parse import quote

import pytest

from eventapp import create_app
from eventapp.core.request_log import _PATH_SAFE, log_fields, log_level, logged_path
from eventapp.core.roles import Role
from tests.conftest import make_config

GENERATED = re.compile(r"[0-9a-f]{16}")
REQUESTS = "eventapp.requests"


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == REQUESTS]


def fields_of(record: logging.LogRecord) -> dict[str, str]:
    message = record.getMessage()
    assert message.startswith("request ")
    return dict(pair.split("=", 1) for pair in message.removeprefix("request ").split(" "))


@pytest.fixture
def boom_app(app):
    """The app with a test-only route that raises, answered by the 500 handler (not re-raised)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/test-only-boom")
    def boom():
        raise RuntimeError("the view fell over")

    return app


# --- request ids ---------------------------------------------------------------------------

def test_a_safe_incoming_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "nginx-4f2a.b_9"})

    assert response.headers["X-Request-ID"] == "nginx-4f2a.b_9"


def test_without_an_incoming_id_a_new_one_is_made_per_request(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]

    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second)
    assert first != second


@pytest.mark.parametrize("forged", [
    "a" * 65,                          # longer than 64
    "x" * 5000,                        # huge
    "short",                           # shorter than 8
    "two words here",                  # spaces
    "<script>alert(1)</script>",       # markup
    "id=1 status=200 user=1",          # would forge fields on the log line
    "caf\u00e9-request-id",            # not ASCII (sent as latin-1 by the test client)
])
def test_a_forged_or_odd_incoming_id_is_replaced(client, caplog, forged):
    caplog.set_level(logging.INFO, logger=REQUESTS)

    response = client.get("/healthz", headers={"X-Request-ID": forged})

    made = response.headers["X-Request-ID"]
    assert GENERATED.fullmatch(made)
    assert fields_of(request_records(caplog)[0])["request_id"] == made


def test_a_64_character_id_is_the_longest_kept(client):
    longest = "A1" * 32

    assert client.get("/healthz", headers={"X-Request-ID": longest}).headers["X-Request-ID"] == longest


# --- the request line -------------------------------------------------------------------------

def test_one_line_per_request_with_its_fields(client, caplog):
    caplog.set_level(logging.INFO, logger=REQUESTS)

    response = client.get("/healthz", headers={"X-Request-ID": "req-00000001"})

    records = request_records(caplog)
    assert len(records) == 1
    assert records[0].levelno == logging.INFO
    fields = fields_of(records[0])
    assert set(fields) == {"method", "path", "status", "ms", "request_id", "remote", "user"}
    assert fields["method"] == "GET"
    assert fields["path"] == "/healthz"
    assert fields["status"] == "200"
    assert re.fullmatch(r"\d+\.\d", fields["ms"])
    assert fields["request_id"] == response.headers["X-Request-ID"] == "req-00000001"
    assert fields["remote"] == "127.0.0.1"
    assert fields["user"] == "-"


def test_a_not_found_and_a_post_get_their_line_too(client, caplog):
    caplog.set_level(logging.INFO, logger=REQUESTS)

    client.get("/no-such-page")
    client.post("/logout")

    lines = [fields_of(r) for r in request_records(caplog)]
    assert [(f["method"], f["path"], f["status"]) for f in lines] == [
        ("GET", "/no-such-page", "404"), ("POST", "/logout", "302")]


def test_the_query_string_is_never_logged(client, caplog):
    caplog.set_level(logging.DEBUG)

    client.get("/healthz?token=signed-secret-abc&next=/x")

    assert fields_of(request_records(caplog)[0])["path"] == "/healthz"
    assert not [r for r in caplog.records if "signed-secret-abc" in r.getMessage()]


def test_an_odd_path_stays_on_one_line(client, caplog):
    caplog.set_level(logging.INFO, logger=REQUESTS)

    client.get("/no%0Asuch page/x%22y")  # a newline, a space and a quote in the path

    message = request_records(caplog)[0].getMessage()
    assert "\n" not in message
    assert fields_of(request_records(caplog)[0])["path"] == "/no%0Asuch%20page/x%22y"


def test_the_logged_in_user_is_on_the_line(client, caplog, login):
    user = login(Role.ORGANISER)
    caplog.set_level(logging.INFO, logger=REQUESTS)
    caplog.clear()

    client.get("/")  # the home page's menu loads the user

    assert fields_of(request_records(caplog)[0])["user"] == str(user.id)


@pytest.mark.parametrize("app_config", [{"PROXY_COUNT": 1}])
def test_the_remote_address_is_the_client_behind_the_proxy(client, caplog):
    caplog.set_level(logging.INFO, logger=REQUESTS)

    client.get("/healthz", headers={"X-Forwarded-For": "196.41.2.9"}, environ_base={"REMOTE_ADDR": "10.0.0.2"})

    assert fields_of(request_records(caplog)[0])["remote"] == "196.41.2.9"


def test_static_files_are_logged_at_debug_only(client, caplog):
    caplog.set_level(logging.INFO, logger=REQUESTS)
    client.get("/static/css/app.css").close()
    assert request_records(caplog) == []

    caplog.set_level(logging.DEBUG, logger=REQUESTS)
    client.get("/static/css/app.css").close()
    records = request_records(caplog)
    assert [(r.levelno, fields_of(r)["path"]) for r in records] == [(logging.DEBUG, "/static/css/app.css")]


def test_log_fields_quotes_what_would_break_the_line():
    line = log_fields(a="plain/value", b='two "words"\n', c=None, d="", e=12)

    assert line == 'a=plain/value b="two \\"words\\"\\n" c=- d=- e=12'


# --- the 500 page and its logged traceback ---------------------------------------------------------

def test_an_exception_gives_the_500_page_quoting_the_id_of_its_logged_traceback(boom_app, caplog):
    caplog.set_level(logging.INFO)

    response = boom_app.test_client().get("/test-only-boom?token=signed-secret-abc")

    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert GENERATED.fullmatch(request_id)
    body = response.get_data(as_text=True)
    assert f"Quote this reference: {request_id}" in body
    assert "the view fell over" not in body and "Traceback" not in body
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1  # the 500 handler's, not a second one from Flask
    error = tracebacks[0]
    assert error.name == "eventapp.errors" and error.levelno == logging.ERROR
    assert f"request_id={request_id}" in error.getMessage()
    assert "path=/test-only-boom" in error.getMessage()
    assert error.exc_info[0] is RuntimeError and str(error.exc_info[1]) == "the view fell over"
    lines = [fields_of(r) for r in request_records(caplog)]
    assert [(f["path"], f["status"], f["request_id"]) for f in lines] == [("/test-only-boom", "500", request_id)]
    assert not [r for r in caplog.records if "signed-secret-abc" in r.getMessage()]


def test_the_500_page_quotes_an_incoming_request_id(boom_app):
    response = boom_app.test_client().get("/test-only-boom", headers={"X-Request-ID": "lb-7f3e9a21c0"})

    assert response.headers["X-Request-ID"] == "lb-7f3e9a21c0"
    assert "Quote this reference: lb-7f3e9a21c0" in response.get_data(as_text=True)


def test_a_json_500_carries_the_request_id(boom_app):
    response = boom_app.test_client().get("/test-only-boom", headers={"Accept": "application/json"})

    assert response.status_code == 500
    assert response.get_json() == {"error": "500", "request_id": response.headers["X-Request-ID"]}


def test_the_500_reference_is_shown_in_swahili_too(boom_app):
    client = boom_app.test_client()
    client.get("/lang/sw")

    response = client.get("/test-only-boom")

    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)


# --- logging set-up ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (None, (logging.INFO, True)),
    ("", (logging.INFO, True)),
    ("debug", (logging.DEBUG, True)),
    (" WARNING ", (logging.WARNING, True)),
    ("loud", (logging.INFO, False)),
])
def test_log_level_reads_the_level_name(value, expected):
    assert log_level(value) == expected


@pytest.fixture
def eventapp_logger_restored():
    """The `eventapp` logger as it was, after a test that sets up production logging."""
    logger = logging.getLogger("eventapp")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield logger
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def _production_like_app(tmp_path):
    return create_app(make_config("sqlite", {"TESTING": False, "DEBUG": False}, tmp_path))


def test_in_production_the_eventapp_logs_go_to_stderr_at_log_level(tmp_path, monkeypatch, capsys,
                                                                    eventapp_logger_restored):
    monkeypatch.setenv("LOG_LEVEL", "warning")

    _production_like_app(tmp_path)
    _production_like_app(tmp_path)  # a second app in the same process adds no second handler
    logging.getLogger("eventapp.requests").info("an info line")
    logging.getLogger("eventapp.errors").warning("a warning line")

    err = capsys.readouterr().err
    assert "an info line" not in err
    assert err.count("a warning line") == 1
    assert re.search(r"WARNING eventapp\.errors: a warning line", err)


def test_in_production_without_log_level_info_is_written(tmp_path, monkeypatch, capsys, eventapp_logger_restored):
    monkeypatch.delenv("LOG_LEVEL", raising=False)

    app = _production_like_app(tmp_path)
    app.test_client().get("/healthz", headers={"X-Request-ID": "prod-line-01"})

    err = capsys.readouterr().err
    assert err.count("request_id=prod-line-01") == 1
    assert "INFO eventapp.requests: request method=GET path=/healthz" in err


def test_an_unknown_log_level_says_so_and_logs_at_info(tmp_path, monkeypatch, capsys, eventapp_logger_restored):
    monkeypatch.setenv("LOG_LEVEL", "loud")

    _production_like_app(tmp_path)

    assert "LOG_LEVEL='loud' is not a logging level; logging at INFO" in capsys.readouterr().err
    assert eventapp_logger_restored.level == logging.INFO


def test_tests_and_debug_leave_logging_alone(tmp_path, eventapp_logger_restored):
    # Another test in this process may have set up production logging already: compare.
    before = list(eventapp_logger_restored.handlers)
    create_app(make_config("sqlite", {}, tmp_path))  # testing
    create_app(make_config("sqlite", {"TESTING": False, "DEBUG": True}, tmp_path))  # debug
    assert eventapp_logger_restored.handlers == before


@pytest.mark.parametrize("path", ["/api/v1/checkin", "/", "", "/dashboard/3.csv", "/a_b~c-d", "/no such", "/ü",
                                  "/a%2Fb", "/x\ny", "/q?x=1", "/é/🙂", "/a+b", "/a;b=c"])
def test_a_plain_path_skips_the_encoding_with_the_same_result(path):
    assert logged_path(path) == quote(path, safe=_PATH_SAFE)
