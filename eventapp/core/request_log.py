"""Request ids, one log line per request, and where the app's logs go in production.

Every request gets an id: the caller's `X-Request-ID` when it is a short safe token (nginx's
`$request_id`, a load balancer's or another service's id), else a new random one. It is kept in
`flask.g`, sent back in the `X-Request-ID` response header, written on the request's log line
and shown on the 500 page, so a person reporting an error can quote it and the organisers find
the traceback logged with the same id.

The request line goes to the logger `eventapp.requests` once the response is complete, as
`key=value` pairs on one line:

    request method=GET path=/dashboard/3 status=200 ms=41.7 request_id=3f9c0a1b2d4e5f60 remote=196.41.2.9 user=12

The path is written without its query string (a signed link's token may be in it) and
percent-encoded, so a path can never break the line. Static files are logged at DEBUG only.
"""
import json
import logging
import os
import re
import secrets
import sys
import time
from urllib.parse import quote

from flask import Flask, Response, g, has_request_context, request, request_finished, request_started

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is kept only when it is this kind of token: short, nothing a log line or a
# header could be bent with.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
DEFAULT_LOG_LEVEL = "INFO"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("eventapp.requests")

_BARE_VALUE = re.compile(r'[!#-\[\]-~]+')  # printable ASCII without space, '"' and '\'
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._~-]*")  # what quote() leaves as it is


def new_request_id() -> str:
    return secrets.token_hex(8)


def accepted_request_id(incoming: str | None) -> str:
    """The caller's id when it is a safe short token, else a new random one."""
    if incoming and SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return new_request_id()


def current_request_id() -> str | None:
    """The id of the request being handled (made on first use); None outside a request."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        g.request_id = accepted_request_id(request.headers.get(REQUEST_ID_HEADER))
    return g.request_id


def log_fields(**fields) -> str:
    """`key=value` pairs on one line; a value with spaces, quotes or anything unprintable is
    written as a JSON string (quoted and escaped), a missing one as `-`."""
    parts = []
    for key, value in fields.items():
        text = "-" if value is None or value == "" else str(value)
        parts.append(f"{key}={text if _BARE_VALUE.fullmatch(text) else json.dumps(text)}")
    return " ".join(parts)


def logged_path(path: str) -> str:
    """The request's path (never its query string), percent-encoded: one token whatever it holds."""
    if _PLAIN_PATH.fullmatch(path):  # nearly every path: nothing to encode
        return path
    return quote(path, safe=_PATH_SAFE)


def _user_id() -> str | None:
    """The logged-in user's id when the request has loaded the user (never a query of its own:
    the line must be written even when the database is down), or the API token's."""
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        from sqlalchemy import inspect

        try:
            state = inspect(user)
            identity = state.identity if state is not None else None
        except Exception:  # noqa: BLE001 — not a mapped object: ask it politely
            identity = None
        if identity:
            return str(identity[0])
    return None


def _api_token_id() -> int | None:
    token = g.get("api_token")
    return getattr(token, "id", None)


def _begin(sender: Flask, **extra) -> None:
    g.request_started_at = time.perf_counter()
    current_request_id()


def _add_request_id_header(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = current_request_id()
    return response


def request_line(response: Response) -> str:
    """The log line of the request being finished with `response`."""
    started = g.get("request_started_at")
    duration = f"{(time.perf_counter() - started) * 1000:.1f}" if started is not None else None
    fields = {
        "method": request.method,
        "path": logged_path(request.path),
        "status": response.status_code,
        "ms": duration,
        "request_id": current_request_id(),
        "remote": request.remote_addr,
        "user": _user_id(),
    }
    token = _api_token_id()
    if token is not None:
        fields["api_token"] = token
    return "request " + log_fields(**fields)


def _finished(sender: Flask, response: Response, **extra) -> None:
    level = logging.DEBUG if request.endpoint == "static" else logging.INFO
    if not log.isEnabledFor(level):
        return
    try:
        line = request_line(response)
    except Exception:  # noqa: BLE001 — a log line must never turn an answer into an error
        log.exception("request line could not be written request_id=%s", g.get("request_id"))
        return
    log.log(level, line)


def log_level(value: str | None) -> tuple[int, bool]:
    """The level named by LOG_LEVEL ("debug", "INFO", "warning"…; INFO when unset) and whether
    the name was understood (an unknown name gives INFO)."""
    name = (value or DEFAULT_LOG_LEVEL).strip().upper()
    level = logging.getLevelName(name)
    if isinstance(level, int):
        return level, True
    return logging.INFO, False


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is logged (not the one at set-up), so a
    process that swaps its stderr (a test runner capturing output) still gets every line."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass  # always the current sys.stderr


def configure_logging(app: Flask) -> None:
    """In production (not debug, not testing) the `eventapp` loggers write to stderr, where
    gunicorn collects them, at LOG_LEVEL (INFO unless set). Other libraries' loggers go to
    stderr too, at the same level, unless something has configured logging already."""
    if app.debug or app.testing:
        return
    from flask.logging import default_handler

    level, understood = log_level(os.environ.get("LOG_LEVEL"))
    logging.basicConfig(level=level, format=LOG_FORMAT)
    logger = logging.getLogger("eventapp")
    logger.removeHandler(default_handler)  # Flask's own would write each line a second time
    if not any(getattr(handler, "eventapp_stderr", False) for handler in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.eventapp_stderr = True
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False  # the root logger's handler would repeat every line
    if not understood:
        logger.warning("LOG_LEVEL=%r is not a logging level; logging at INFO", os.environ.get("LOG_LEVEL"))


def init_app(app: Flask) -> None:
    """Give every request an id and a log line; set up logging for production."""
    configure_logging(app)
    request_started.connect(_begin, app)
    request_finished.connect(_finished, app)
    app.after_request(_add_request_id_header)
