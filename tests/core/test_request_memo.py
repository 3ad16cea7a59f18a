"""per_request: one call per request and arguments; nothing remembered outside a request."""
from dataclasses import dataclass

from flask import g

from eventapp.core.request_memo import per_request

calls = []


@dataclass
class Thing:
    id: int


@per_request
def answer(thing, extra=None):
    calls.append((thing.id, extra))
    return [thing.id, extra]


def test_a_request_asks_once_per_argument(app):
    calls.clear()
    with app.test_request_context():
        assert answer(Thing(1)) == [1, None] and answer(Thing(1)) == [1, None]
        assert answer(Thing(2)) == [2, None]
        assert answer(Thing(1), "x") == [1, "x"]
        assert calls == [(1, None), (2, None), (1, "x")]
    with app.test_request_context():  # a new request asks again
        answer(Thing(1))
    assert calls[-1] == (1, None) and len(calls) == 4


def test_outside_a_request_nothing_is_remembered(app):
    calls.clear()
    with app.app_context():
        answer(Thing(1))
        answer(Thing(1))
        assert calls == [(1, None), (1, None)]
        assert "_request_memo" not in g
