"""A Redis cache that degrades instead of failing when Redis is down.

Rate limits (DRF throttles, allauth's sign-in limits) and a few counters live in the cache. If
every cache call raised while Redis is down, every API request and every sign-in would answer
500. ``DegradingRedisCache`` answers as an empty cache instead: reads miss, writes are dropped,
``add`` succeeds (so allauth's short lock lets the request through), counters start again. Rate
limiting is therefore off during the outage, which is logged as an ERROR (at most every
``LOG_EVERY_SECONDS`` per process, with the count of failed calls), and ``/readyz`` keeps
answering 503 "redis" because it checks that a written value can be read back.

Use it only for caches whose loss is harmless; never for locks that guard money.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("haru.cache")

LOG_EVERY_SECONDS = 10.0


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class _Outage:
    """Counts failed calls and logs them loudly, but not once per request."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.failed = 0
        self.last_logged = 0.0

    def record(self, operation: str, exc: BaseException) -> None:
        with self.lock:
            self.failed += 1
            now = time.monotonic()
            if now - self.last_logged < LOG_EVERY_SECONDS:
                return
            count, self.failed, self.last_logged = self.failed, 0, now
        logger.error(
            "Redis cache unavailable (%s: %s); %d cache call(s) failed since the last report. "
            "Rate limits are NOT enforced until Redis is back.",
            operation,
            exc.__class__.__name__,
            count,
        )


outage = _Outage()


class DegradingRedisCache(RedisCache):
    def _safely(self, operation: str, default: Any, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except _redis_errors() as exc:
            outage.record(operation, exc)
            return default

    def get(self, key, default=None, version=None):
        return self._safely("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._safely("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._safely("has_key", False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._safely("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("set_many", list(data), super().set_many, data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("add", True, super().add, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._safely("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        self._safely("delete_many", None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._safely("incr", delta, super().incr, key, delta, version)

    def clear(self):
        return self._safely("clear", False, super().clear)
