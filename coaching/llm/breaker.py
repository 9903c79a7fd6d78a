"""A circuit breaker whose state lives in the cache (Redis), shared by every process.

Closed: calls go through; each failure bumps a counter that lives ``window`` seconds. When it
reaches ``threshold`` the breaker opens for ``cooldown`` seconds: calls fail fast and callers
fall back to the offline analyzer. After the cooldown one probe is let through (half-open,
claimed with ``cache.add`` so only one process probes); success closes the breaker, failure
opens it again.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "coaching:llm:breaker:"


def _cfg() -> tuple[int, int, int]:
    return (
        int(settings.COACHING_LLM_BREAKER_THRESHOLD),
        int(settings.COACHING_LLM_BREAKER_WINDOW),
        int(settings.COACHING_LLM_BREAKER_COOLDOWN),
    )


def _safe(func, default):
    try:
        return func()
    except Exception:  # Redis down: the breaker must never be why a call fails
        return default


def state() -> str:
    opened_until = _safe(lambda: cache.get(PREFIX + "open_until"), None)
    if opened_until is None:
        return "closed"
    return "open" if time.time() < float(opened_until) else "half_open"


def allow() -> bool:
    current = state()
    if current == "closed":
        return True
    if current == "open":
        return False
    _, _, cooldown = _cfg()
    return bool(_safe(lambda: cache.add(PREFIX + "probe", 1, timeout=cooldown), True))


def record_success() -> None:
    _safe(
        lambda: cache.delete_many([PREFIX + "open_until", PREFIX + "failures", PREFIX + "probe"]),
        None,
    )


def record_failure() -> None:
    threshold, window, cooldown = _cfg()
    if state() == "half_open":
        _open(cooldown)
        return

    def bump() -> int:
        cache.add(PREFIX + "failures", 0, timeout=window)
        try:
            return int(cache.incr(PREFIX + "failures"))
        except ValueError:
            cache.set(PREFIX + "failures", 1, timeout=window)
            return 1

    failures = _safe(bump, 0)
    if failures >= threshold:
        _open(cooldown)


def _open(cooldown: int) -> None:
    def do() -> None:
        cache.set(PREFIX + "open_until", time.time() + cooldown, timeout=max(cooldown * 10, 600))
        cache.delete_many([PREFIX + "failures", PREFIX + "probe"])

    _safe(do, None)


def reset() -> None:
    _safe(
        lambda: cache.delete_many([PREFIX + k for k in ("open_until", "failures", "probe")]), None
    )
