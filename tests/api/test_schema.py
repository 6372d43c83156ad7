"""The OpenAPI schema describes every endpoint, and the API behaves as the schema says.

The property-based part drives schemathesis over real HTTP against a live server: for every
operation it generates requests from the schema and checks each response (no server error,
status code documented, body and content type conform to the schema). One check is left out:
that every schema-valid request is accepted. A cursor is opaque (any string is "valid" to the
schema, few point to a page) and text with NUL characters, which no database column takes, is
refused with a 400 naming the field; both are right answers the check would count as faults.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import ClaimLinkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_lists_every_api_route(analyst, client):
    from config.api_urls import router

    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    documented = set(schema["paths"])
    for prefix, _viewset, _basename in router.registry:
        assert f"/api/{prefix}/" in documented


def test_every_operation_documents_its_errors(client):
    schema = client.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "403", "429"} <= operation["responses"].keys(), (method, path)


def test_docs_page_is_served_without_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "<style>" not in html


@pytest.mark.django_db(transaction=True)
def test_api_conforms_to_its_schema(live_server, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    for _ in range(3):
        ClaimLinkFactory()
    # A reviewer may do every write, so writes are exercised past the permission check.
    token = Token.objects.create(user=UserFactory(username="schemathesis", role="reviewer"))
    headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")

    tried = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tried.append(operation.label)

        @given(case=operation.as_strategy())
        @settings_(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def conforms(case):
            case.call_and_validate(
                base_url=live_server.url,
                headers=headers,
                excluded_checks=[positive_data_acceptance],
            )

        conforms()
    assert "GET /api/statements/" in tried
