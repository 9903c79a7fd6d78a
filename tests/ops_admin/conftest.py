"""Operator-console helpers: diary entries written through the diaries service."""

from __future__ import annotations

import pytest

CRISIS_KO = "오늘은 정말 너무 힘들어서 죽고 싶다는 생각만 들었다. 다 끝내고 싶다."
CALM_KO = "아침에 명상을 하고 공원을 산책했다. 햇살이 따뜻해서 기분이 좋았다."


@pytest.fixture
def write(db):
    from diaries import services

    def _write(user, body=CALM_KO, **fields):
        return services.entry_create(user=user, body=body, **fields)

    return _write


@pytest.fixture(autouse=True)
def _clean_cache():
    """Guest rate limits live in the cache (Redis): every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _staff_mfa_required(settings):
    """The console as in production: staff must have TOTP (every role user below has it)."""
    settings.ACCOUNTS_STAFF_MFA_REQUIRED = True


@pytest.fixture
def role_user(db, make_user):
    """``role_user("operator")``: a staff member in that role's group, with TOTP set up."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    def make(role: str, **fields):
        fields.setdefault("email", f"{role}-{fields.get('nickname', 'x')}@haru.example")
        user = make_user(is_staff=True, **fields)
        user.groups.add(Group.objects.get(name=role))
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
        return user

    return make


@pytest.fixture
def console(client, role_user):
    """``console("manager")``: a test client signed in as a fresh user of that role."""

    def open_as(role: str):
        client.force_login(role_user(role))
        return client

    return open_as
