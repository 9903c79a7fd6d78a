"""Bad input at the door: NUL bytes, deep JSON and oversized bodies are clean 4xx answers."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ENVELOPE = {"code", "message", "fields"}


def deep_json(levels: int) -> str:
    return '{"email": ' + "[" * levels + "]" * levels + "}"


def assert_envelope(response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == ENVELOPE
    if code:
        assert body["code"] == code


class TestNulBytes:
    def test_nul_in_an_api_path_lookup_is_a_400(self, alice_api):
        assert_envelope(alice_api.get("/api/v1/habits/1%00/"), 400, "nul_character")

    def test_nul_in_a_query_parameter_is_a_400(self, alice_api):
        assert_envelope(alice_api.get("/api/v1/habits/?status=active%00"), 400, "nul_character")

    def test_nul_in_a_json_body_is_a_400(self, alice_api):
        response = alice_api.post("/api/v1/habits/", {"name": "Read\u0000"}, format="json")
        assert_envelope(response, 400, "nul_character")

    def test_nul_in_a_json_key_is_a_400(self, alice_api):
        response = alice_api.post("/api/v1/habits/", {"na\u0000me": "Read"}, format="json")
        assert_envelope(response, 400, "nul_character")

    def test_nul_in_a_header_is_a_400(self, alice_api):
        response = alice_api.get("/api/v1/habits/", HTTP_X_SESSION_TOKEN="abc\x00def")
        assert_envelope(response, 400, "nul_character")

    def test_nul_in_the_anonymous_app_login_is_a_400(self, api_client):
        response = api_client.post(
            "/_allauth/app/v1/auth/login",
            {"email": "a\u0000@example.com", "password": "x"},
            format="json",
        )
        assert_envelope(response, 400, "nul_character")

    def test_nul_in_a_webhook_payload_is_a_400_and_nothing_is_stored(self, client):
        from billing.models import WebhookEvent

        response = client.post(
            "/billing/webhooks/toss/",
            json.dumps({"eventType": "PAYMENT_STATUS_CHANGED", "data": {"id": "x\u0000"}}),
            content_type="application/json",
        )
        assert_envelope(response, 400, "nul_character")
        assert not WebhookEvent.objects.exists()

    def test_nul_in_a_page_form_body_answers_the_400_page(self, client):
        response = client.post(
            "/accounts/login/",
            "login=a%00b%40example.com&password=x",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")

    def test_nul_in_a_page_path_answers_the_400_page(self, client):
        response = client.get("/habits/%00/")
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")

    def test_nul_in_a_multipart_field_is_a_400(self, alice_api):
        response = alice_api.post("/api/v1/me/avatar", {"note": "x\x00y"}, format="multipart")
        assert_envelope(response, 400, "nul_character")


class TestDeepJson:
    def test_thousands_of_levels_on_the_api_are_a_400(self, alice_api):
        response = alice_api.post(
            "/api/v1/habits/", deep_json(5000), content_type="application/json"
        )
        assert_envelope(response, 400, "too_deep")

    def test_deep_json_on_the_public_app_login_is_a_400(self, api_client):
        response = api_client.post(
            "/_allauth/app/v1/auth/login", deep_json(100_000), content_type="application/json"
        )
        assert_envelope(response, 400)
        assert response.json()["code"] in {"too_deep", "too_large"}

    def test_ordinary_nesting_passes(self, alice_api):
        response = alice_api.post(
            "/api/v1/habits/", {"name": "Walk", "weekdays": [1, 2]}, format="json"
        )
        assert response.status_code == 201, response.content

    def test_malformed_json_on_the_app_api_is_a_json_400(self, api_client):
        response = api_client.post(
            "/_allauth/app/v1/auth/login", "{nope", content_type="application/json"
        )
        assert_envelope(response, 400, "parse_error")


class TestBodyLimits:
    def test_an_api_body_over_the_limit_is_a_413(self, alice_api, settings):
        settings.HARU_BODY_MAX = 10_000
        response = alice_api.post(
            "/api/v1/habits/", {"name": "x", "notes": "y" * 20_000}, format="json"
        )
        assert_envelope(response, 413, "too_large")

    def test_a_webhook_over_its_small_limit_is_a_413_and_nothing_is_stored(self, client):
        from billing.models import WebhookEvent

        payload = json.dumps({"eventType": "PAYMENT_STATUS_CHANGED", "pad": "x" * 200_000})
        response = client.post("/billing/webhooks/toss/", payload, content_type="application/json")
        assert response.status_code == 413
        assert not WebhookEvent.objects.exists()

    def test_an_upload_may_be_larger_than_a_json_body(self, settings):
        from core.guard import body_limit_for

        assert body_limit_for("/api/v1/me/avatar", "multipart/form-data; boundary=x") > (
            body_limit_for("/api/v1/habits/", "application/json")
        )
        assert body_limit_for("/billing/webhooks/toss/", "application/json") <= 64 * 1024

    def test_a_page_body_over_the_limit_answers_the_413_page(self, client, settings):
        settings.HARU_BODY_MAX = 1000
        response = client.post(
            "/accounts/login/",
            "login=a%40example.com&password=" + "x" * 5000,
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 413
        assert response["Content-Type"].startswith("text/html")


class TestJsonErrorsUnderApi:
    def test_unknown_api_path_is_a_json_404(self, client):
        assert_envelope(client.get("/api/v1/no-such-thing/"), 404, "not_found")

    def test_unknown_allauth_path_is_a_json_404(self, client):
        assert_envelope(client.get("/_allauth/app/v1/no-such-thing"), 404, "not_found")

    def test_server_error_under_api_is_json(self, rf):
        from core.views import error_500

        response = error_500(rf.get("/api/v1/habits/"))
        assert_envelope(response, 500, "server_error")

    def test_pages_keep_their_html_404(self, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")


def test_a_value_the_database_refuses_is_a_400_not_a_500(rf):
    from django.db import DataError

    from core.guard import RequestGuardMiddleware

    middleware = RequestGuardMiddleware(lambda request: None)
    response = middleware.process_exception(
        rf.post("/api/v1/habits/"), DataError("integer out of range")
    )
    assert_envelope(response, 400, "invalid")


def test_the_guard_runs_before_sessions_and_csrf(settings):
    middleware = settings.MIDDLEWARE
    assert middleware.index("core.guard.RequestGuardMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


def test_csrf_protected_page_still_works_with_a_clean_body():
    client = Client(enforce_csrf_checks=False)
    response = client.post(
        "/accounts/login/",
        "login=nobody%40example.com&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 400)


def test_the_allauth_app_openapi_document_is_served(client):
    response = client.get("/_allauth/openapi.json")

    assert response.status_code == 200
    spec = json.loads(response.content)
    assert "/_allauth/app/v1/auth/login" in spec["paths"]
    assert not [path for path in spec["paths"] if "/phone" in path]


def test_phone_sign_in_is_not_offered_and_answers_a_json_404(client):
    assert_envelope(client.get("/_allauth/app/v1/account/phone"), 404, "not_found")
