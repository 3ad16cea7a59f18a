"""The OpenAPI document at /api/v1/openapi.json: public, generated from the code, a valid
OpenAPI 3.1 document that lists every /api/v1/ route of the URL map."""
import re

import schemathesis


def _openapi_path(rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)


def test_the_document_is_public_json_with_the_api_title(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200 and response.is_json
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    assert document["info"] == {"title": "eventapp API", "version": "1", "description": document["info"]["description"]}
    assert document["components"]["securitySchemes"] == {"bearer": {"type": "http", "scheme": "bearer"}}


def test_the_document_is_valid_openapi(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    schema.validate()  # raises on an invalid document
    # the eight paths but the document's own, which schemathesis leaves out
    assert sorted(result.ok().label for result in schema.get_all_operations()) == [
        "GET /api/v1/certificates/{code}", "GET /api/v1/events", "GET /api/v1/events/{event_id}/programme",
        "GET /api/v1/events/{event_id}/registrations", "GET /api/v1/events/{event_id}/results",
        "POST /api/v1/checkin", "POST /api/v1/payments"]


def test_every_api_route_of_the_url_map_is_in_the_document(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        operations = paths.get(_openapi_path(rule), {})
        missing += [f"{method} {rule.rule}" for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
                    if method.lower() not in operations]

    assert missing == []


def test_token_endpoints_declare_the_bearer_scheme_and_public_ones_none(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]

    assert paths["/api/v1/events/{event_id}/registrations"]["get"]["security"] == [{"bearer": []}]
    assert paths["/api/v1/checkin"]["post"]["security"] == [{"bearer": []}]
    assert "security" not in paths["/api/v1/certificates/{code}"]["get"]
    per_page = next(p for p in paths["/api/v1/events/{event_id}/registrations"]["get"]["parameters"]
                    if p["name"] == "per_page")
    assert per_page["schema"]["maximum"] == 100


def test_no_html_documentation_pages_that_would_load_a_cdn(app):
    assert not [rule.rule for rule in app.url_map.iter_rules() if "apidoc" in rule.rule]


def test_documented_views_are_served_without_spectree_in_between(app):
    """spectree only describes the views (its validation is skipped), so none of its wrappers
    runs on a call: each API view's chain of wrappers holds our own functions only."""
    api_views = {endpoint: view for endpoint, view in app.view_functions.items() if endpoint.startswith("api.")}
    assert "api.checkin" in api_views
    for endpoint, view in api_views.items():
        chain = [view]
        while hasattr(chain[-1], "__wrapped__"):
            chain.append(chain[-1].__wrapped__)
        assert all(function.__module__.startswith("eventapp.") for function in chain), (endpoint, chain)
