"""Only organisers (and administrators, who pass every role check) reach the dashboard, the
post-event report and the editions side by side: every endpoint of the blueprint, for every
other role, answers 403; anonymous visitors are sent to the login page."""
import pytest

from eventapp.core.roles import Role
from tests.endpoint_tables import rules_of
from tests.test_permissions import sample_url

KEPT_OUT = [Role.FINANCE, Role.PROGRAMME, Role.REPORTS, Role.JUDGE, Role.GATE, Role.PARTICIPANT, Role.FOCAL]


def dashboard_urls(app) -> list[str]:
    urls = [sample_url(rule) for rule in rules_of(app, "dashboard")]
    assert len(urls) >= 8, urls  # the dashboard, a figure's exports, the report and its files, the editions
    return urls


def test_every_dashboard_endpoint_is_for_organisers_only(app):
    for rule in rules_of(app, "dashboard"):
        roles = getattr(app.view_functions[rule.endpoint], "required_roles", None)
        assert roles == frozenset({Role.ORGANISER}), rule.endpoint


@pytest.mark.parametrize("role", KEPT_OUT, ids=lambda r: r.value)
def test_other_roles_get_403_everywhere(app, client, login, create_event, role):
    create_event()
    login(role)
    for url in dashboard_urls(app):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in(app, client, create_event):
    create_event()
    for url in dashboard_urls(app):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
