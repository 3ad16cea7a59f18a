"""Remember a query's answer for the rest of the current request.

A page such as the dashboard asks the same grouped question several times (the fee figures
and the key figures all start from the same finance grid); `per_request` runs it once per
request and hands the same answer to every caller. Outside a request (the CLI, a background
job, a test working in an app context) nothing is remembered, so code that changes data and
then reads it again always reads fresh numbers.

Only for functions whose arguments are model objects with an `id` or plain hashable values,
and whose answer the callers do not change.
"""
from functools import wraps

from flask import g, has_request_context


def _key_part(value):
    return (type(value).__name__, value.id) if hasattr(value, "id") else value


def per_request(function):
    @wraps(function)
    def remembered(*args):
        if not has_request_context():
            return function(*args)
        memo = g.setdefault("_request_memo", {})
        key = (function.__module__, function.__qualname__, *(_key_part(a) for a in args))
        if key not in memo:
            memo[key] = function(*args)
        return memo[key]

    remembered.uncached = function
    return remembered
