"""Settings for the benchmarked server: production-like (DEBUG off, persistent connections,
quiet logs) on the benchmark database and the embedded Redis the harness names.

Never used outside ``python -m bench``: the harness sets BENCH_DATABASE_URL / BENCH_REDIS_SOCKET.
"""

import os

import environ

from config.settings.base import *  # noqa: F403
from config.settings.base import LOGGING, REST_FRAMEWORK

DEBUG = False
SECRET_KEY = "bench-only-insecure-key-0123456789-0123456789-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
FIELD_ENCRYPTION_KEYS = "bench1:YmVuY2gtb25seS1rZXktZm9yLWhhcnUtYmVuY2gtMDE="

DATABASES = {"default": environ.Env.db_url_config(os.environ["BENCH_DATABASE_URL"])}
DATABASES["default"]["CONN_MAX_AGE"] = 600
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

_socket = os.environ.get("BENCH_REDIS_SOCKET", "")
if _socket:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"unix://{_socket}?db=6",
            "KEY_PREFIX": "haru-bench",
        }
    }
    # Tasks queued by check-ins (notification delivery) go to a queue of their own that no
    # development worker reads.
    CELERY_BROKER_URL = f"redis+socket://{_socket}?virtual_host=5"
    CELERY_RESULT_BACKEND = f"redis+socket://{_socket}?virtual_host=7"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_TASK_ALWAYS_EAGER = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    # Many simulated users share one IP; the limits are per user, high enough not to interfere.
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
}
LOGGING["root"]["level"] = "WARNING"
