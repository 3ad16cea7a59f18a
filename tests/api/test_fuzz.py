"""Fuzz every operation of the OpenAPI document with schemathesis against the app's WSGI
interface, with a token of a role each endpoint accepts: no answer is a server error, and every
answer's status, content type and body match the document. The database holds an open
edition with a programme, registrations and a published competition."""
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eventapp import create_app
from eventapp.auth.api_tokens import create_api_token
from eventapp.core.models import utcnow
from eventapp.core.roles import Role
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from tests import factories
from tests.conftest import make_config
from tests.innovations import factories as inn

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ANY_ROLE = Role.PARTICIPANT
MAX_EXAMPLES = 20


def _seed() -> dict[str, int]:
    """Edition 2 (the sample timetable) for the programme; edition 3, open, with three
    registrations and a published competition. The event id to read each endpoint with."""
    programme = factories.sample_timetable(status=EventStatus.OPEN, edition=2)["event_id"]
    event = factories.open_event(edition=3)
    officers = factories.category(event, code="A", fee=400_000)
    guests = factories.category(event, code="B", fee=0)
    ministry = factories.institution(name="Wizara ya Fedha", acronym="MOF")
    for category in (officers, officers, guests):
        factories.registration(category, ministry)
    call = inn.call(event, opens_at=utcnow() - timedelta(days=20), closes_at=utcnow() - timedelta(days=2),
                    exhibition_places=2, presentation_places=1)
    judge = inn.judge(call)
    for value in (5, 4):
        entry = inn.entry(call, inn.university())
        inn.score(inn.assign(entry, judge), [value] * len(call.criteria))
        entry.exhibition = True
    call.scoring_closed_at = call.results_published_at = utcnow()
    db.session.commit()
    return {"programme": programme, "registrations": event.id, "results": event.id}


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    app = create_app(make_config("sqlite", {}, tmp_path_factory.mktemp("fuzz")))
    with app.app_context():
        db.create_all()
        app.fuzz_event_ids = _seed()
        app.fuzz_tokens = {role: create_api_token(f"fuzz {role.value}", role, actor_id=None)[1] for role in Role}
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)


def token_headers(app, method: str, path: str) -> dict:
    """A token of a role the endpoint accepts (the lowest-named), any role's when it takes any."""
    adapter = app.url_map.bind("localhost")
    endpoint, _args = adapter.match(path.replace("{event_id}", "1").replace("{code}", "x"), method=method)
    required = getattr(app.view_functions[endpoint], "required_roles", None)
    if required is None:
        return {}
    role = min(required, key=lambda r: r.value) if required else ANY_ROLE
    return {"Authorization": f"Bearer {app.fuzz_tokens[role]}"}


def fuzz(app, operation, mode: GenerationMode) -> None:
    headers = token_headers(app, operation.method.upper(), operation.path)

    @given(case=operation.as_strategy(mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


# schemathesis.pytest.from_fixture does not run under pytest 9 (it reads a node's private
# `_nodeid`), so each operation of the document is fuzzed here with its hypothesis strategy.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_every_operation_answers_as_documented(fuzz_app, api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:
        try:
            fuzz(fuzz_app, operation, mode)
        except Unsatisfiable:
            # nothing of it can be made invalid (the certificate's path takes any string)
            assert mode is GenerationMode.NEGATIVE and operation.label == "GET /api/v1/certificates/{code}"
        except Exception as error:
            raise AssertionError(f"{operation.label} ({mode.value}): {error}") from error


@pytest.mark.parametrize("path, query", [
    ("/api/v1/events", {}),
    ("/api/v1/events/{event_id}/programme", {"group": 1}),
    ("/api/v1/events/{event_id}/registrations", {"per_page": 2, "status": "live"}),
    ("/api/v1/events/{event_id}/results", {}),
])
def test_the_real_answers_with_data_match_the_document(fuzz_app, api_schema, path, query):
    """The fuzzer rarely guesses an edition's id: each read endpoint once with the seeded one."""
    operation = api_schema[path]["GET"]
    event_id = fuzz_app.fuzz_event_ids.get(path.rsplit("/", 1)[-1])
    case = operation.Case(path_parameters={"event_id": event_id} if event_id else {}, query=query)

    response = case.call_and_validate(headers=token_headers(fuzz_app, "GET", path), checks=CHECKS)

    assert response.status_code == 200
