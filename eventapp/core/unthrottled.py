"""Views no rate limit applies to, and a cheap way for Flask-Limiter to see it.

Flask-Limiter works out on every request which limits apply: the view's, its blueprint's, the
application's, and their exemptions. Even for a view with no limit and `@limiter.exempt`, that
search costs more than the gate's whole check-in spends in its own code. `@unthrottled` marks a
view that has no limit of its own and is exempt from the application's (it applies
`limiter.exempt`); a request filter on the one `limiter` lets such a request skip the search.
A view with a `@limiter.limit` must never be marked: tests/core/test_unthrottled.py checks.
"""
from flask import current_app, request

from eventapp.extensions import limiter

MARK = "unthrottled"


def unthrottled(view):
    """Exempt `view`, which has no limit of its own, from every rate limit (see the module's
    docstring). Put it under the route decorator; wrappers made with functools.wraps keep the
    mark."""
    view = limiter.exempt(view)
    setattr(view, MARK, True)
    return view


@limiter.request_filter  # once per process: the limiter is shared by every app made
def _skips_limits() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, MARK, False)
