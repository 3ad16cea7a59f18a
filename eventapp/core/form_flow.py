"""What a view does around a service call: run it; when a business rule refuses it (a
DomainError) roll the session back and show the message; else flash what was done and
redirect. `submit` is for a form, `act` for a button that posts nothing to check."""
from collections.abc import Callable
from typing import Any, TypeVar

from flask import flash, redirect
from werkzeug.wrappers import Response

from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.extensions import db

T = TypeVar("T")

# The success message: the text itself, or a function of what the service returned.
DoneMessage = str | Callable[[T], str]


def _flash_done(done_message: DoneMessage, result) -> None:
    flash(done_message(result) if callable(done_message) else done_message, "success")


def submit(form, action: Callable[[], T], done_message: DoneMessage, then_url: str,
           show_error: Callable[[Any, DomainError], None] = show_domain_error) -> Response | None:
    """When `form` validates, run `action` (the service call) and redirect to `then_url` with
    `done_message` flashed. A DomainError rolls the session back and goes on the form through
    `show_error` (beside its field, or flashed). Returns None when the view must render the form
    again: it did not validate (nothing ran) or the service refused it."""
    if not form.validate_on_submit():
        return None
    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        show_error(form, error)
        return None
    _flash_done(done_message, result)
    return redirect(then_url)


def act(action: Callable[[], T], done_message: DoneMessage, then_url: str) -> Response:
    """Run `action` (a button's service call) and redirect to `then_url`, having flashed
    `done_message`, or, when a DomainError refused it, rolled the session back and flashed the
    error's message."""
    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        _flash_done(done_message, result)
    return redirect(then_url)
