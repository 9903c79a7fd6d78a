"""Fixtures of the console's data half (analytics, logs, KPIs). Imported by its test modules
(not a conftest, so that it stays separate from the console half's fixtures)."""

from __future__ import annotations

import pytest

from ops_admin import buffer


@pytest.fixture(autouse=True)
def empty_buffers(db):
    """Redis outlives a test's database transaction: start every test with empty buffers."""
    for name in (buffer.ANALYTICS, buffer.API_LOGS, buffer.ERRORS):
        client, key = buffer._client_and_key(name)
        client.delete(key)


@pytest.fixture
def flush():
    """Run the beat flush tasks the way a worker does (``apply`` runs the real task)."""
    from ops_admin import tasks

    def _flush() -> dict[str, int]:
        return {
            "events": tasks.flush_analytics_events.apply().get(),
            "api": tasks.flush_api_logs.apply().get(),
            "errors": tasks.flush_error_logs.apply().get(),
        }

    return _flush


def with_totp(user):
    """Staff open the console only with TOTP set up (ACCOUNTS_STAFF_MFA_REQUIRED)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def superuser(make_user):
    return with_totp(
        make_user(email="root@example.com", nickname="root", is_staff=True, is_superuser=True)
    )
