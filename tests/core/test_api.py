import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.testapp.urls")
def test_validation_errors_have_code_message_and_field_messages(api_client):
    response = api_client.post("/greet/", {"name": "far too long", "age": -1}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"]
    assert set(body["fields"]) == {"name", "age"}
    assert all(isinstance(message, str) for message in body["fields"]["name"])


@pytest.mark.urls("tests.testapp.urls")
def test_domain_errors_keep_their_code_and_status(api_client):
    response = api_client.post("/greet/", {"name": "taken", "age": 3}, format="json")

    assert response.status_code == 409
    assert response.json() == {"code": "name_taken", "message": "That name is taken.", "fields": {}}


@pytest.mark.urls("tests.testapp.urls")
def test_anonymous_request_to_private_endpoint_gets_error_shape(api_client):
    response = api_client.get("/private/")

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.urls("tests.testapp.urls")
def test_malformed_json_is_a_400_with_the_error_shape(api_client):
    response = api_client.post("/greet/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_api_root_requires_authentication(api_client):
    response = api_client.get("/api/v1/")
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"code", "message", "fields"}


def test_openapi_schema_is_served_and_swagger_ui_uses_local_assets(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200

    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


def test_openapi_schema_validates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_responses_carry_a_request_id_and_keep_a_sane_incoming_one(client):
    assert len(client.get("/healthz")["X-Request-ID"]) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234")["X-Request-ID"] == "lb-1234"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"] != "bad id\n"
