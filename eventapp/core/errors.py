"""The domain error every service raises, and the app's error pages."""
import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from eventapp.core.request_log import current_request_id, log_fields, logged_path

error_log = logging.getLogger("eventapp.errors")


class DomainError(Exception):
    """A business rule refused the request; the message is for a person to read.

    `field` names the form field the message belongs beside, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class InvalidInput(DomainError):
    """Several fields are wrong at once: `errors` maps each field name to its message."""

    def __init__(self, errors: dict[str, str], message: str | None = None):
        from flask_babel import gettext as _

        super().__init__(message or _("Please correct the marked fields."))
        self.errors = errors


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def _page(status: int, template: str, **context):
    if _wants_json():
        answer = {"error": context.get("message") or str(status)}
        if context.get("request_id"):
            answer["request_id"] = context["request_id"]
        return answer, status
    return render_template(template, status=status, **context), status


def log_server_error(error) -> str:
    """Log a request's 500 with its request id (the traceback of the exception that caused it,
    when there was one) and return the id, for the page to show."""
    request_id = current_request_id()
    original = getattr(error, "original_exception", None)
    line = log_fields(request_id=request_id, method=request.method, path=logged_path(request.path))
    if original is not None:
        error_log.error("unhandled exception %s", line, exc_info=(type(original), original, original.__traceback__))
    else:
        error_log.error("server error %s", line)
    return request_id


def register_error_handlers(app: Flask) -> None:
    from flask_babel import gettext as _

    @app.errorhandler(400)
    def bad_request(error):
        # Werkzeug's own descriptions are English-only; the page gives a translated one.
        return _page(400, "errors/400.html")

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(
            400,
            "errors/400.html",
            message=_("The form had expired or was sent twice. Please go back, reload the page and try again."),
        )

    @app.errorhandler(403)
    def forbidden(error):
        return _page(403, "errors/403.html")

    @app.errorhandler(404)
    def not_found(error):
        return _page(404, "errors/404.html")

    @app.errorhandler(405)
    def method_not_allowed(error):
        return _page(405, "errors/400.html", message=_("That action is not allowed here."))

    @app.errorhandler(413)
    def too_large(error):
        return _page(413, "errors/400.html", message=_("The file is too large."))

    @app.errorhandler(429)
    def too_many(error):
        return _page(429, "errors/429.html")

    # The 500 handler logs the exception with its traceback and the request id; Flask's own
    # log line would repeat the traceback without the id.
    app.log_exception = lambda exc_info: None

    @app.errorhandler(500)
    def server_error(error):
        request_id = log_server_error(error)  # first: a failure drawing the page cannot lose it
        return _page(500, "errors/500.html", request_id=request_id)
