from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _clean_cache():
    """allauth's rate limits live in the cache (Redis): every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads and exports go to a temporary folder, not the shared var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def verified():
    """Mark a user's email verified, as after clicking the confirmation link."""

    def mark(user):
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user

    return mark


@pytest.fixture
def app_login(api_client, verified):
    """Sign in through allauth's headless app API; returns the X-Session-Token."""

    def login(user, password=PASSWORD):
        verified(user)
        response = api_client.post(
            "/_allauth/app/v1/auth/login",
            {"email": user.email, "password": password},
            format="json",
        )
        assert response.status_code == 200, response.content
        return response.json()["meta"]["session_token"]

    return login
