"""Database, cache and broker settings from ``config.devservices`` (local and test)."""

import environ

from config import devservices

from .base import database_connections


def service_settings(*, database_name: str | None = None) -> dict:
    database = environ.Env.db_url_config(devservices.database_url())
    if database_name:
        database["NAME"] = database_name
    database = database_connections(database)
    redis = devservices.redis_urls()
    return {
        "DATABASES": {"default": database},
        "CACHES": {
            "default": {
                "BACKEND": "core.cache.DegradingRedisCache",  # a Redis outage degrades rate limits
                "LOCATION": redis["cache"],
                "KEY_PREFIX": "haru",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        },
        "CELERY_BROKER_URL": redis["broker"],
        "CELERY_RESULT_BACKEND": redis["results"],
    }
