"""With Redis down, API reads and sign-in keep working (rate limits degrade, loudly), and
/readyz keeps reporting the fault."""

from __future__ import annotations

import logging

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def redis_down(settings, tmp_path):
    """The cache points at a unix socket nobody listens on, as when Redis has stopped."""
    dead_socket = tmp_path / "redis-gone.sock"
    settings.CACHES = {
        "default": {
            "BACKEND": settings.CACHES["default"]["BACKEND"],
            "LOCATION": f"unix://{dead_socket}?db=1",
            "KEY_PREFIX": "haru-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
    }
    from core import cache as degrading

    degrading.outage.last_logged = 0.0  # the next failure is reported at once
    return dead_socket


def test_the_cache_in_every_settings_module_degrades(settings):
    assert settings.CACHES["default"]["BACKEND"] == "core.cache.DegradingRedisCache"


def test_api_reads_keep_working_and_the_outage_is_logged(redis_down, alice_api, caplog):
    with caplog.at_level(logging.ERROR, logger="haru.cache"):
        response = alice_api.get("/api/v1/habits/")
        assert alice_api.get("/api/v1/me").status_code == 200

    assert response.status_code == 200, response.content
    # reported once per interval: the first cache call may already be signing alice in (setup)
    records = caplog.get_records("setup") + caplog.records
    assert any("Rate limits are NOT enforced" in r.getMessage() for r in records)


def test_app_sign_in_keeps_working(redis_down, api_client, alice):
    EmailAddress.objects.create(user=alice, email=alice.email, verified=True, primary=True)

    response = api_client.post(
        "/_allauth/app/v1/auth/login",
        {"email": alice.email, "password": PASSWORD},
        format="json",
    )

    assert response.status_code == 200, response.content
    token = response.json()["meta"]["session_token"]
    me = api_client.get("/api/v1/me", HTTP_X_SESSION_TOKEN=token)
    assert me.status_code == 200
    assert me.json()["email"] == alice.email


def test_page_sign_in_keeps_working(redis_down, client, alice):
    EmailAddress.objects.create(user=alice, email=alice.email, verified=True, primary=True)

    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})

    assert response.status_code == 302, response.content[:500]
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_readyz_still_reports_redis_down(redis_down, client):
    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    assert "redis" in response.json()["down"]
