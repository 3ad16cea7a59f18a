"""@unthrottled views skip Flask-Limiter's search for limits; every other view is still limited."""
import pytest
from flask_limiter.util import get_qualified_name

from eventapp.auth.api_tokens import create_api_token
from eventapp.core.roles import Role
from eventapp.core.unthrottled import MARK
from eventapp.extensions import limiter

RATE_LIMITED = {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"}


def unthrottled_endpoints(app) -> dict:
    return {endpoint: view for endpoint, view in app.view_functions.items() if getattr(view, MARK, False)}


def test_the_gate_check_in_and_the_health_check_are_unthrottled(app):
    assert sorted(unthrottled_endpoints(app)) == ["api.checkin", "health.healthz"]


def test_the_request_filter_is_registered_once_however_many_apps(app, tmp_path):
    from eventapp import create_app
    from eventapp.core.unthrottled import _skips_limits
    from tests.conftest import make_config

    create_app(make_config("sqlite", {}, tmp_path))
    assert limiter._request_filters.count(_skips_limits) == 1


def test_no_unthrottled_view_has_a_limit_of_its_own(app):
    """The request filter skips every limit, so a marked view must have none to skip."""
    for endpoint, view in unthrottled_endpoints(app).items():
        name = get_qualified_name(view)
        assert name not in limiter._marked_for_limiting, endpoint
        assert name not in limiter.limit_manager._decorated_limits, endpoint
        assert endpoint.split(".")[0] not in limiter.limit_manager._blueprint_limits, endpoint


@pytest.fixture
def limit_searches(monkeypatch):
    """The endpoints Flask-Limiter searched limits for."""
    searched = []
    resolve = limiter.limit_manager.resolve_limits

    def counting(app, endpoint, *args, **kwargs):
        searched.append(endpoint)
        return resolve(app, endpoint, *args, **kwargs)

    monkeypatch.setattr(limiter.limit_manager, "resolve_limits", counting)
    return searched


@pytest.mark.parametrize("app_config", [RATE_LIMITED])
def test_a_check_in_and_a_health_check_skip_the_search_a_login_does_not(app, client, limit_searches):
    with app.app_context():
        _token, plaintext = create_api_token("Lango", Role.GATE, actor_id=None)

    answer = client.post("/api/v1/checkin", json={"token": "x" * 43}, headers={"Authorization": f"Bearer {plaintext}"})
    health = client.get("/healthz")
    assert answer.status_code == 200 and health.status_code == 200
    assert limit_searches == []

    statuses = [client.post("/login", data={"email": "a@example.org", "password": "wrong"}).status_code
                for _ in range(4)]
    assert "auth.login" in limit_searches
    assert statuses[-1] == 429
