"""Every URL of the app is either public (listed here) or guarded by `role_required`;
every URL under /api/ is guarded by `api_role_required` and checked with API tokens.

The test walks `app.url_map`, so a blueprint added later is checked without touching
this file: a new public page must be added to PUBLIC_ENDPOINTS on purpose, a new page
for any logged-in user to LOGIN_ONLY, and an API endpoint open to any valid token to
ANY_API_TOKEN.
"""
import uuid

import pytest
from flask import Blueprint
from werkzeug.routing import AnyConverter, FloatConverter, IntegerConverter, UUIDConverter

from eventapp.core.roles import Role, role_required
from tests import factories

PUBLIC_ENDPOINTS = {
    "static",
    "events.home",
    "events.edition",
    "i18n.switch_language",
    "auth.login",
    "auth.logout",
    "auth.forgot_password",
    "auth.reset_password",
    # For load balancers and monitoring: says only whether the database (and Redis) answer.
    "health.healthz",
    # Registration needs no account: the public form, and the registrant's and focal
    # person's pages reached by a signed link.
    "registration.register",
    "registration.resend",
    "registration.institution_search",
    "registration.status",
    "registration.status_edit",
    "registration.status_cancel",
    "registration.bill_pdf",
    "registration.receipt_pdf",
    "registration.delegation_register",
    "registration.delegation_upload",
    "registration.delegation_template_csv",
    "registration.delegation_template_xlsx",
    "registration.delegation_status",
    "registration.delegation_bill_pdf",
    "registration.delegation_bills_pdf",
    # The registrant's own badge, by the same signed link as their registration page.
    "checkin.registrant_badge",
    # The programme is public: the timetable and its PDF, iCal and JSON exports.
    "programme.current",
    "programme.edition_programme",
    "programme.programme_pdf",
    "programme.group_ical",
    "programme.person_ical",
    "programme.programme_json",
    # Sponsors and the exhibition floor plan are public, as printed on the programme.
    "sponsors.public_sponsors",
    "sponsors.edition_sponsors",
    "sponsors.edition_exhibition",
    # The sponsor contact's page is reached by a signed link (no account); logos are public.
    "sponsors.sponsor_contact",
    "sponsors.sponsor_logo",
    # Innovators sign up for an account themselves (rate-limited like the login page).
    "innovations.signup",
    # The innovation competition's selected entries, once the results are published.
    "innovations.public_selected",
    # Anyone holding a certificate may check it (its QR code opens the page), and other systems
    # may check it as JSON: rate-limited per client address; only the unguessable code finds one.
    "certificates.verify_form",
    "certificates.verify",
    "api.certificate",
    # The API's OpenAPI document describes the API to whoever will call it.
    "api.openapi",
    # The registrant's own certificate, by the same signed link as their registration page.
    "certificates.registrant_certificate",
}

# Guarded by plain `login_required`: any logged-in user may open them.
LOGIN_ONLY = {
    "auth.change_password",
    "jobs.status",
    "jobs.status_json",
    "jobs.download",
    # Anyone with an account sees the certificates issued to it (or to its email).
    "certificates.mine",
    "certificates.my_certificate_pdf",
}

# API endpoints (under /api/) guarded by `api_role_required()` with no role: any valid token.
ANY_API_TOKEN: set[str] = {"api.events", "api.programme"}

SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def _sample_value(converter):
    if isinstance(converter, IntegerConverter):
        return 1
    if isinstance(converter, FloatConverter):
        return 1.0
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    if isinstance(converter, AnyConverter):
        return next(iter(converter.items))
    return "x"


def sample_url(rule) -> str:
    """The rule's URL with ints filled with 1 and strings with "x"."""
    values = {name: _sample_value(conv) for name, conv in rule._converters.items()}
    return rule.build(values, append_unknown=False)[1]


def _methods(rule):
    return sorted(rule.methods - SKIPPED_METHODS)


def _user_without(required: frozenset) -> tuple[Role, ...]:
    """Participant, unless the endpoint lets participants in: then a user with no role."""
    return () if Role.PARTICIPANT in required else (Role.PARTICIPANT,)


def _token_role_without(required: frozenset) -> Role:
    """A role an API token may hold that the endpoint does not accept (never admin)."""
    return next(r for r in (Role.PARTICIPANT, Role.GATE, Role.JUDGE, Role.FINANCE) if r not in required)


def is_api(rule) -> bool:
    return rule.rule.startswith("/api/")


class Clients:
    """One logged-in test client per set of roles, made on first use."""

    def __init__(self, app):
        self.app = app
        self._clients = {}
        self._tokens = {}

    def anonymous(self):
        return self.app.test_client()

    def token_headers(self, role: Role) -> dict[str, str]:
        """`Authorization: Bearer` headers of an API token of `role`, made on first use."""
        if role not in self._tokens:
            from eventapp.auth.api_tokens import create_api_token

            with self.app.app_context():
                _token, plaintext = create_api_token(f"walk {role.value}", role, actor_id=None)
            self._tokens[role] = {"Authorization": f"Bearer {plaintext}"}
        return self._tokens[role]

    def holding(self, roles: tuple[Role, ...]):
        key = tuple(sorted(r.value for r in roles))
        if key not in self._clients:
            with self.app.app_context():
                user = factories.user(roles=roles)
                email = user.email
            client = self.app.test_client()
            response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
            assert response.status_code == 302, f"could not log in a user with roles {key}"
            self._clients[key] = client
        return self._clients[key]


def _turned_away_anonymous(response, login_path: str) -> bool:
    if response.status_code in (401, 403):
        return True
    return response.status_code == 302 and response.headers["Location"].split("?")[0] == login_path


def permission_problems(app) -> list[str]:
    """Every endpoint that is not public and not properly guarded, with the reason."""
    clients = Clients(app)
    with app.test_request_context():
        from flask import url_for

        login_path = url_for("auth.login")
    problems = []
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    problems += [f"{e}: listed in PUBLIC_ENDPOINTS but no longer exists" for e in PUBLIC_ENDPOINTS - endpoints
                 if e != "static"]
    problems += [f"{e}: listed in LOGIN_ONLY but no longer exists" for e in LOGIN_ONLY - endpoints]
    problems += [f"{e}: listed in ANY_API_TOKEN but no longer exists" for e in ANY_API_TOKEN - endpoints]

    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        endpoint = rule.endpoint
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        view = app.view_functions[endpoint]
        required = getattr(view, "required_roles", None)
        if required is None:
            problems.append(f"{endpoint} ({rule.rule}): not public and not guarded by role_required")
            continue
        if is_api(rule):
            problems += api_problems(clients, rule, view, required)
            continue
        if not required and endpoint not in LOGIN_ONLY:
            problems.append(f"{endpoint}: open to any logged-in user but not listed in LOGIN_ONLY")
            continue
        if required and endpoint in LOGIN_ONLY:
            problems.append(f"{endpoint}: listed in LOGIN_ONLY but needs roles {sorted(r.value for r in required)}")
        url = sample_url(rule)
        for method in _methods(rule):
            response = clients.anonymous().open(url, method=method)
            if not _turned_away_anonymous(response, login_path):
                problems.append(
                    f"{endpoint}: anonymous {method} {url} got {response.status_code} "
                    f"{response.headers.get('Location', '')}, not the login page or 401/403"
                )
            if not required:
                continue
            without = _user_without(required)
            response = clients.holding(without).open(url, method=method)
            if response.status_code != 403:
                problems.append(
                    f"{endpoint}: {method} {url} by a user with roles {[r.value for r in without]} "
                    f"got {response.status_code}, not 403"
                )
            if method == "GET":
                holder = (min(required, key=lambda r: r.value),)
                response = clients.holding(holder).open(url, method=method)
                if response.status_code in (401, 403) or _turned_away_anonymous(response, login_path):
                    problems.append(
                        f"{endpoint}: GET {url} by a holder of {holder[0].value} was refused "
                        f"({response.status_code})"
                    )
    return problems


def api_problems(clients: Clients, rule, view, required: frozenset) -> list[str]:
    """An API endpoint answers 401 without a valid token and 403 to a token of another role;
    a token of a role it accepts gets through. Session logins do not count here."""
    endpoint, url = rule.endpoint, sample_url(rule)
    if not getattr(view, "api_token_required", False):
        return [f"{endpoint} ({rule.rule}): under /api/ but not guarded by api_role_required"]
    if not required and endpoint not in ANY_API_TOKEN:
        return [f"{endpoint}: open to any API token but not listed in ANY_API_TOKEN"]
    problems = []
    for method in _methods(rule):
        response = clients.anonymous().open(url, method=method)
        if response.status_code != 401:
            problems.append(f"{endpoint}: {method} {url} without an API token got {response.status_code}, not 401")
        if not required:
            continue
        other = _token_role_without(required)
        response = clients.anonymous().open(url, method=method, headers=clients.token_headers(other))
        if response.status_code != 403:
            problems.append(
                f"{endpoint}: {method} {url} with a {other.value} API token got {response.status_code}, not 403"
            )
        if method == "GET":
            holder = min(required, key=lambda r: r.value)
            response = clients.anonymous().open(url, method=method, headers=clients.token_headers(holder))
            if response.status_code in (401, 403):
                problems.append(
                    f"{endpoint}: GET {url} with a {holder.value} API token was refused ({response.status_code})"
                )
    return problems


def test_every_endpoint_is_public_or_guarded_by_role(app):
    problems = permission_problems(app)
    assert problems == [], "\n".join(problems)


def test_public_endpoints_open_without_login(client):
    assert client.get("/").status_code == 200
    assert client.get("/login").status_code == 200
    assert client.get("/password/forgot").status_code == 200
    assert client.get("/lang/en").status_code == 302
    assert client.post("/logout").status_code == 302


def test_an_administrator_passes_every_role_check(app):
    clients = Clients(app)
    admin = clients.holding((Role.ADMIN,))
    for rule in app.url_map.iter_rules():
        roles = getattr(app.view_functions[rule.endpoint], "required_roles", None)
        if roles is None or "GET" not in rule.methods:
            continue
        if is_api(rule):
            response = clients.anonymous().get(sample_url(rule), headers=clients.token_headers(Role.ADMIN))
        else:
            response = admin.get(sample_url(rule))
        assert response.status_code not in (401, 403), rule.endpoint
        assert not (response.status_code == 302 and response.headers["Location"].startswith("/login")), rule.endpoint


def test_the_walk_catches_an_unguarded_endpoint(app):
    extra = Blueprint("extra_for_test", __name__)

    @extra.get("/sneaky/<int:item_id>")
    def sneaky(item_id):
        return "secret"

    @role_required(Role.FINANCE)  # in the wrong order: the route registers the bare view
    @extra.post("/wrong-order")
    def wrong_order():
        return "secret"

    @extra.post("/guarded")
    @role_required(Role.FINANCE)
    def guarded():
        return "fine"

    @extra.get("/any-user")
    @role_required()
    def any_user():
        return "fine"

    app.register_blueprint(extra)

    problems = "\n".join(permission_problems(app))

    assert "extra_for_test.sneaky (/sneaky/<int:item_id>): not public and not guarded" in problems
    assert "extra_for_test.wrong_order (/wrong-order): not public and not guarded" in problems
    assert "extra_for_test.guarded" not in problems
    assert "extra_for_test.any_user: open to any logged-in user but not listed in LOGIN_ONLY" in problems


@pytest.mark.parametrize("roles, allowed", [
    ((Role.PARTICIPANT,), False),
    ((Role.FINANCE,), True),
    ((Role.ADMIN,), True),
    ((), False),
])
def test_role_required_lets_holders_and_admins_through(app, roles, allowed):
    extra = Blueprint("finance_for_test", __name__)

    @extra.get("/finance-only")
    @role_required(Role.FINANCE, Role.ORGANISER)
    def finance_only():
        return "ok"

    app.register_blueprint(extra)
    client_ = Clients(app).holding(roles)

    response = client_.get("/finance-only")

    assert response.status_code == (200 if allowed else 403)
    assert app.view_functions["finance_for_test.finance_only"].required_roles == {Role.FINANCE, Role.ORGANISER}


def test_the_walk_checks_api_endpoints_with_tokens(app):
    from eventapp.auth.api_tokens import api_role_required

    extra = Blueprint("api_walk_for_test", __name__, url_prefix="/api/v1/walk")

    @extra.get("/open")
    def open_api():
        return {"secret": True}

    @extra.get("/session")
    @role_required(Role.GATE)  # a login page is no answer for a device
    def session_guarded():
        return {}

    @extra.get("/any")
    @api_role_required()
    def any_token():
        return {}

    @extra.get("/gate/<int:item_id>")
    @api_role_required(Role.GATE)
    def gate_only(item_id):
        return {}

    @extra.get("/liar")
    @api_role_required(Role.GATE)
    def liar():
        from flask import abort

        abort(403)  # refuses even the tokens its guard lets in

    app.register_blueprint(extra)

    problems = "\n".join(permission_problems(app))

    assert "api_walk_for_test.open_api (/api/v1/walk/open): not public and not guarded" in problems
    assert ("api_walk_for_test.session_guarded (/api/v1/walk/session): under /api/ but not guarded by api_role_required"
            in problems)
    assert "api_walk_for_test.any_token: open to any API token but not listed in ANY_API_TOKEN" in problems
    assert "api_walk_for_test.gate_only" not in problems
    assert "api_walk_for_test.liar: GET /api/v1/walk/liar with a gate API token was refused (403)" in problems


def test_api_endpoints_refuse_a_session_login_without_a_token(app):
    finance = Clients(app).holding((Role.FINANCE,))

    response = finance.post("/api/v1/payments", json={})

    assert response.status_code == 401
    assert response.is_json
