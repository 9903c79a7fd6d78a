"""Production: every secret and server comes from the environment; nothing is started here.

Importing this module without SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL or
FIELD_ENCRYPTION_KEYS raises ImproperlyConfigured, so a half-configured deploy never boots.
"""

from django.core.exceptions import ImproperlyConfigured

from core.crypto import parse_keyring

from .base import *
from .base import CONTENT_SECURITY_POLICY, database_connections, env

_REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "FIELD_ENCRYPTION_KEYS"]
_missing = [name for name in _REQUIRED if not env.str(name, default="").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS]
)
FIELD_ENCRYPTION_KEYS = env.str("FIELD_ENCRYPTION_KEYS")
parse_keyring(FIELD_ENCRYPTION_KEYS)  # a malformed key fails the boot, not the first diary save

DATABASES = {"default": database_connections(env.db_url("DATABASE_URL"))}

_redis = env.str("REDIS_URL").rstrip("/")
CACHES = {
    "default": {
        "BACKEND": "core.cache.DegradingRedisCache",  # a Redis outage degrades rate limits
        "LOCATION": f"{_redis}/1",
        "KEY_PREFIX": "haru",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
CELERY_BROKER_URL = f"{_redis}/0"
CELERY_RESULT_BACKEND = f"{_redis}/2"

# TLS ends at the load balancer, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes speak plain HTTP inside the network
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True}
}

if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # Private bucket: objects carry no public ACL; views redirect to URLs signed for 5 minutes.
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=300)
    STORAGES = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

LOGGING["handlers"]["console"]["formatter"] = env.str("LOG_FORMAT", default="json")

# --- accounts ---
# Staff open the operator console only with TOTP set up; links in e-mails use https.
ACCOUNTS_STAFF_MFA_REQUIRED = env.bool("ACCOUNTS_STAFF_MFA_REQUIRED", default=True)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# --- billing ---
# The test-mode gateway approves test cards; only a staging site may run on it (billing.W001).
BILLING_DEV_GATEWAY_ALLOWED = env.bool("BILLING_DEV_GATEWAY_ALLOWED", default=False)
