"""Reading an API request's JSON body and answering a bad one, the same way on every endpoint."""
import json

from flask import jsonify, request
from flask_babel import gettext as _

from eventapp.core.errors import InvalidInput


class BadBody(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def bad_request(message: str, errors: dict[str, str] | None = None):
    body = {"error": message}
    if errors:
        body["errors"] = errors
    return jsonify(body), 400


def json_object(max_bytes: int) -> dict:
    """The request body as a JSON object of at most `max_bytes`; BadBody otherwise."""
    if (request.content_length or 0) > max_bytes:
        raise BadBody(_("The body is too large."))
    if request.content_length is None:
        # A body sent without its length (chunked): read no more than is needed to refuse it.
        raw = request.stream.read(max_bytes + 1)
    else:
        raw = request.get_data(cache=False)
    if len(raw) > max_bytes:
        raise BadBody(_("The body is too large."))
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadBody(_("The body must be a JSON object.")) from None
    if not isinstance(data, dict):
        raise BadBody(_("The body must be a JSON object."))
    return data


def refusal(error: BadBody | InvalidInput):
    return bad_request(error.message, getattr(error, "errors", None))
