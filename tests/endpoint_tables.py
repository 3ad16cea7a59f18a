"""What the isolation tests share (tests/reports/test_isolation.py,
tests/innovations/test_isolation.py, tests/innovations/test_judge_isolation.py): each lists a
blueprint's endpoints in tables (requests aimed at the other side's objects, own pages, public
pages, endpoints the role never enters), walks the URL map so that an endpoint in no table
fails, and sends every row's requests. The tables and what counts as a leak stay in each test."""
from flask import url_for

from tests.test_permissions import sample_url


def rules_of(app, blueprint: str) -> list:
    """The URL map's rules of the blueprint's endpoints."""
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith(f"{blueprint}.")]


def required_roles(app, endpoint: str) -> frozenset | None:
    """The roles the view's role_required lets in; None for a view without role_required."""
    return getattr(app.view_functions[endpoint], "required_roles", None)


def assert_every_endpoint_listed(app, blueprint: str, listed: set[str], module: str) -> None:
    """Fails for an endpoint of the blueprint in no table (`listed` is their union; `module`, the
    test's __name__, is where the docstring says how to add a row), and for a row naming an
    endpoint that no longer exists."""
    endpoints = {rule.endpoint for rule in rules_of(app, blueprint)}
    unlisted, stale = endpoints - listed, listed - endpoints

    assert unlisted == set(), f"{blueprint} endpoints in no table of {module} (see its docstring): {sorted(unlisted)}"
    assert stale == set(), f"rows for endpoints that no longer exist: {sorted(stale)}"


def id_endpoints_without_rows(app, blueprint: str, roles: set, shared_arguments: set[str],
                              foreign_requests: dict) -> list[str]:
    """Endpoints open to one of `roles` whose URL takes an argument other than `shared_arguments`
    (an id of something someone owns) and that have no row in `foreign_requests`."""
    return [rule.endpoint for rule in rules_of(app, blueprint)
            if (required_roles(app, rule.endpoint) or frozenset()) & roles
            and set(rule.arguments) - shared_arguments and rule.endpoint not in foreign_requests]


def assert_refused(app, client, blueprint: str, endpoints: set[str], kept_out: set) -> None:
    """Each of `endpoints` is guarded by role_required letting in none of `kept_out`, and
    answers `client` (logged in with such roles) 403 for every method."""
    for rule in rules_of(app, blueprint):
        if rule.endpoint not in endpoints:
            continue
        roles = required_roles(app, rule.endpoint)
        assert roles, f"{rule.endpoint} is open to anyone logged in"
        assert not roles & kept_out, rule.endpoint
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(sample_url(rule), method=method)
            assert response.status_code == 403, f"{method} {rule.endpoint}: {response.status_code}"


def requests_of(app, table: dict, world) -> list[tuple[str, str, str, dict | None]]:
    """(endpoint, method, url, form data) of every row of a table of requests
    (`endpoint: lambda world -> [(method, url arguments, form data or None), ...]`)."""
    with app.test_request_context():
        return [(endpoint, method, url_for(endpoint, **args), data)
                for endpoint, rows in table.items() for method, args, data in rows(world)]


def pages_of(app, table: dict, world) -> list[tuple[str, str]]:
    """(endpoint, url) of every row of a table of pages (`endpoint: lambda world -> [url arguments, ...]`)."""
    with app.test_request_context():
        return [(endpoint, url_for(endpoint, **args)) for endpoint, rows in table.items() for args in rows(world)]


def refusal_problems(client, requests, shows, multipart: bool = False) -> list[str]:
    """Each request that answers other than 404 or 403, or whose answer `shows` something
    (`shows(response)` lists what it should not show). `multipart` sends form data as
    multipart/form-data (for rows with files)."""
    problems = []
    for endpoint, method, url, data in requests:
        response = client.open(url, method=method, data=data,
                               content_type="multipart/form-data" if multipart and data else None)
        if response.status_code not in (403, 404):
            problems.append(f"{method} {url} ({endpoint}) answered {response.status_code}")
        if shows(response):
            problems.append(f"{method} {url} ({endpoint}) shows {shows(response)}")
    return problems


def page_problems(client, pages, shows, must_open: bool = True) -> list[str]:
    """Each page that does not open (200; only when `must_open`) or whose answer `shows` something."""
    problems = []
    for endpoint, url in pages:
        response = client.get(url)
        if must_open and response.status_code != 200:
            problems.append(f"GET {url} ({endpoint}) answered {response.status_code}")
        if shows(response):
            problems.append(f"GET {url} ({endpoint}) shows {shows(response)}")
    return problems
