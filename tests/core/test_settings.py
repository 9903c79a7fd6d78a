import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "prod-like-" + base64.b64encode(bytes(range(48))).decode(),
    "ALLOWED_HOSTS": "haru.example.com",
    "DATABASE_URL": "postgres://haru:pw@db.invalid:5432/haru",
    "REDIS_URL": "redis://redis.invalid:6379",
    "FIELD_ENCRYPTION_KEYS": "k1:" + base64.b64encode(b"k" * 32).decode(),
}


def run_check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # Only what a real deployment would have: no test-run leftovers such as
    # DJANGO_ALLOW_ASYNC_UNSAFE (set for Playwright), which check --deploy rightly flags.
    ignored = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = run_check(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_malformed_encryption_key():
    result = run_check({**PRODUCTION_ENV, "FIELD_ENCRYPTION_KEYS": "k1:dG9vLXNob3J0"})
    assert result.returncode != 0
    assert "32 bytes" in result.stderr


# A live site also names its payment provider (billing.W001 otherwise).
LIVE_PAYMENTS_ENV = {"TOSS_SECRET_KEY": "live_sk_example", "TOSS_CLIENT_KEY": "live_ck_example"}


def test_production_passes_the_deployment_checklist():
    result = run_check(
        {**PRODUCTION_ENV, **LIVE_PAYMENTS_ENV}, "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stderr


def test_deployment_checklist_flags_a_production_site_on_the_test_mode_gateway():
    result = run_check(PRODUCTION_ENV, "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "billing.W001" in result.stderr


def test_a_staging_site_may_opt_in_to_the_test_mode_gateway():
    env = {**PRODUCTION_ENV, "BILLING_DEV_GATEWAY_ALLOWED": "true"}
    result = run_check(env, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
