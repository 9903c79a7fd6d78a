"""Tests: the same real PostgreSQL and Redis as development (embedded unless named)."""

from ._services import service_settings
from .base import *
from .base import REST_FRAMEWORK, env

DEBUG = False
SECRET_KEY = "test-only-insecure-key-0123456789-0123456789-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

globals().update(service_settings())
CACHES["default"]["KEY_PREFIX"] = "haru-test"

FIELD_ENCRYPTION_KEYS = env.str(
    "FIELD_ENCRYPTION_KEYS",
    default="t2:dGVzdC1rZXktdHdvLWZvci1oYXJ1LXRlc3RzLTAwMDI=,t1:dGVzdC1rZXktb25lLWZvci1oYXJ1LXRlc3RzLTAwMDE=",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/min", "user": "10000/min"},
}
CELERY_TASK_ALWAYS_EAGER = False
LOGGING["root"]["level"] = "WARNING"

# Models used only by tests of shared machinery (no migrations: created with the test database).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]

# Tests never reach a real AI provider: a test that wants one points OPENAI_BASE_URL at a
# local server speaking the chat-completions protocol (tests/coaching/llm_server.py).
OPENAI_API_KEY = ""
OPENAI_BASE_URL = ""
COACHING_LLM_BACKOFF_BASE = 0.01
COACHING_LLM_BACKOFF_MAX = 0.05
