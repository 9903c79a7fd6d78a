"""Development: DEBUG on, embedded PostgreSQL/Redis unless DATABASE_URL/REDIS_URL are set."""

from ._services import service_settings
from .base import *
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str(
    "SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "0.0.0.0"])  # noqa: S104

globals().update(service_settings())

# A fixed development key so `make run` needs no set-up; production refuses to start without
# real keys (see production.py). Never reuse this value anywhere else.
FIELD_ENCRYPTION_KEYS = env.str(
    "FIELD_ENCRYPTION_KEYS", default="dev1:ZGV2LW9ubHkta2V5LWZvci1sb2NhbC1oYXJ1LTAwMDE="
)
