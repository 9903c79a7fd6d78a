"""Schemathesis over the whole API (`/api/v1/`) and allauth's app API, signed in as a user.

Every generated request (valid and invalid input: NUL bytes, huge numbers, extreme dates,
empty strings, wrong types) must get no 5xx, a status code the schema documents, the
documented content type and a body matching the documented schema. Examples are bounded and
derandomized (the same inputs every run), so CI takes minutes and never flakes.

Run alone: ``make fuzz`` (or ``.venv/bin/pytest tests/fuzz -m slow``).
``HARU_FUZZ_EXAMPLES`` raises the number of examples per operation for a deeper local run.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.slow, pytest.mark.fuzz, pytest.mark.django_db]

MAX_EXAMPLES = int(os.environ.get("HARU_FUZZ_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
PASSWORD = "fuzz horse battery staple"

# Where allauth's own answers contradict allauth's own specification (not our code), the
# response body check is skipped for that operation only; every other check still runs.
UPSTREAM_SPEC_MISMATCHES = {
    # 401 for a 2FA step with no pending sign-in answers meta.is_authenticated = null, the
    # spec says boolean (django-allauth 65.21).
    "POST /_allauth/app/v1/auth/2fa/authenticate": "meta.is_authenticated is null in the 401",
}


@pytest.fixture
def wsgi_app(settings):
    """Django's WSGI app called in this thread, inside the test's transaction. As in Django's
    test client, a request must not close the connection that holds that transaction."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    settings.ACCOUNT_RATE_LIMITS = False  # the fuzzer signs in and fails often, on purpose
    settings.ALLOWED_HOSTS = ["*"]
    django_app = get_wsgi_application()

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = django_app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app


@pytest.fixture
def sign_in(wsgi_app, django_user_model):
    """A verified member; each call signs in through the app API and returns a new
    X-Session-Token (allauth's own operations may sign that session out)."""
    from allauth.account.models import EmailAddress
    from django.test import Client

    user = django_user_model.objects.create_user(
        email="fuzz@example.com", nickname="fuzz", password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    def token() -> str:
        response = Client().post(
            "/_allauth/app/v1/auth/login",
            {"email": user.email, "password": PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return response.json()["meta"]["session_token"]

    return token


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)


@pytest.fixture
def allauth_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/_allauth/openapi.json", wsgi_app)


# Operations that may end the session they are called with: each of their cases signs in anew.
SESSION_ENDING = {
    "DELETE /_allauth/app/v1/auth/session",
    "DELETE /_allauth/app/v1/auth/sessions",
    "POST /_allauth/app/v1/account/password/change",
    "POST /_allauth/app/v1/tokens/refresh",
}


def _property_test(operation, *, token, checks: list, fresh_each_case: bool):
    current = {"token": token() if callable(token) else token}

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy())
    def run(case):
        if fresh_each_case and callable(token):
            current["token"] = token()
        case.call_and_validate(headers={"X-Session-Token": current["token"]}, checks=checks)

    return run


def fuzz(schema, *, token) -> list[str]:
    """Run every operation of ``schema``; the failures, one line (and its reproduction) each.

    ``token``: one X-Session-Token for every case, or a callable signing in anew (once per
    operation, and for every case of an operation that may end its session).
    Drives Hypothesis directly (not schemathesis' pytest plugin, which reaches into pytest
    internals that pytest 9 removed): one property test per operation.
    """
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        name = f"{operation.method.upper()} {operation.path}"
        checks = CHECKS
        if name in UPSTREAM_SPEC_MISMATCHES:
            checks = [check for check in CHECKS if check is not response_schema_conformance]

        try:
            test = _property_test(
                operation, token=token, checks=checks, fresh_each_case=name in SESSION_ENDING
            )
            test()
        except (Exception, BaseExceptionGroup) as exc:  # collect all: one report for all
            failures.append(f"{name}: {exc}"[:3000])
            print(failures[-1], end="\n\n")  # the full report, shown on failure
    return failures


@pytest.mark.timeout(1200)
def test_api_v1_answers_within_its_schema(api_schema, sign_in):
    failures = fuzz(api_schema, token=sign_in())
    assert not failures, "\n\n".join(failures)


@pytest.mark.timeout(1200)
def test_allauth_app_api_answers_within_its_schema(allauth_schema, sign_in):
    failures = fuzz(allauth_schema, token=sign_in)
    assert not failures, "\n\n".join(failures)
