"""API call logging (middleware) and error logging (a ``logging.Handler``), both off the
request path: each request or error costs one Redis RPUSH; ``ops_admin.services.logs``
writes the buffered records in batches (beat, every 15 s).

Which calls are logged: paths under ``OPS_API_LOG_PREFIXES`` (``/api/``); every call that
answers 4xx or 5xx (errors and abuse are what operators search for, and they are rare), and a
``OPS_API_LOG_SAMPLE_RATE`` share of the others (default 10 %), stored with weight 1/rate so
counts and error rates stay estimable. Never stored: bodies, query strings, headers, tokens,
raw paths (the endpoint is the resolver's route, so ids in URLs are not kept either).

This module is imported by ``settings.LOGGING`` before the apps load: it must not import
models at module level.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

UNMATCHED = "<unmatched>"
SEVERITIES = {
    logging.CRITICAL: "fatal",
    logging.ERROR: "error",
    logging.WARNING: "warn",
    logging.INFO: "info",
}


_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def endpoint_of(request: HttpRequest) -> str:
    """The route template (``/api/v1/me/notifications/<pk>/``), never the concrete path."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.route:
        return UNMATCHED
    route = _REGEX_GROUP.sub(r"<\1>", match.route)
    route = route.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return ("/" + route)[:200]


def should_log(status: int, *, rate: float, draw: Callable[[], float] = random.random) -> bool:
    return status >= 400 or (rate > 0 and draw() < rate)


class ApiLogMiddleware:
    """Times each API call and buffers a log record (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        prefixes = getattr(settings, "OPS_API_LOG_PREFIXES", ("/api/",))
        if not request.path.startswith(tuple(prefixes)):
            response = self.get_response(request)
            mark_active(request)
            return response
        started = time.perf_counter()
        response = self.get_response(request)
        latency_ms = int((time.perf_counter() - started) * 1000)
        mark_active(request)
        rate = float(getattr(settings, "OPS_API_LOG_SAMPLE_RATE", 0.1))
        status = response.status_code
        if should_log(status, rate=rate):
            from core.middleware import request_id_var
            from ops_admin import buffer

            user = _signed_in_user(request)
            user_id = str(user.pk) if user is not None else None
            buffer.push(
                buffer.API_LOGS,
                [
                    {
                        "method": request.method,
                        "endpoint": endpoint_of(request),
                        "status": status,
                        "latency_ms": latency_ms,
                        "user_id": user_id,
                        "request_id": getattr(request, "request_id", None) or request_id_var.get(),
                        "weight": 1.0 if status >= 400 else 1.0 / rate,
                        "at": time.time(),
                    }
                ],
            )
        return response


def _signed_in_user(request: HttpRequest) -> Any:
    """The request's user if something already loaded it (never a query of our own)."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", user) is empty:
        return None
    return user if user.is_authenticated else None


def mark_active(request: HttpRequest) -> None:
    """The first request of a user's (UTC) day announces an ``app_open``: mobile clients
    stay signed in for weeks, so sign-ins alone would undercount daily active users.
    One Redis SET NX per signed-in request."""
    user = _signed_in_user(request)
    if user is None:
        return
    from django.core.cache import cache

    from core.analytics import APP_OPEN, track

    day = time.strftime("%Y%m%d", time.gmtime())
    if cache.add(f"ops:active:{day}:{user.pk}", 1, timeout=26 * 3600):
        track(APP_OPEN, user_id=user.pk, properties={"via": "first_request_of_day"})


def _frames(tb: TracebackType | None) -> list[str]:
    """Module and function of each frame: stable across line edits and values."""
    return [
        f"{frame.f_globals.get('__name__', '?')}.{frame.f_code.co_name}"
        for frame, _line in traceback.walk_tb(tb)
    ]


def stack_fingerprint(record: logging.LogRecord) -> tuple[str, str, str]:
    """(hash, exception type, stack text) of a log record."""
    if record.exc_info and record.exc_info[0] is not None:
        exc_type, exc, tb = record.exc_info
        name = f"{exc_type.__module__}.{exc_type.__qualname__}"
        frames = _frames(tb)
        stack = "".join(traceback.format_exception(exc_type, exc, tb))
        basis = "|".join([name, *frames])
    else:
        name = ""
        stack = record.stack_info or ""
        # the message template, not the formatted message: "%s failed" groups every value
        basis = f"{record.name}|{record.msg}"
    return hashlib.sha256(basis.encode()).hexdigest(), name, stack[-8000:]


def service_name() -> str:
    configured = os.environ.get("HARU_SERVICE")
    if configured:
        return configured
    argv = " ".join(sys.argv[:3])
    if "celery" in argv:
        return "beat" if " beat" in argv else "worker"
    return "web"


class ErrorLogHandler(logging.Handler):
    """Buffers ERROR and worse records for the error log; never raises, never recurses."""

    _busy = threading.local()

    def __init__(self, level: int = logging.ERROR) -> None:
        super().__init__(level)

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self._busy, "on", False) or record.name.startswith("haru.ops_admin"):
            return
        self._busy.on = True
        try:
            from ops_admin import buffer

            fingerprint, exception_type, stack = stack_fingerprint(record)
            try:
                message = record.getMessage()
            except Exception:
                message = str(record.msg)
            buffer.push(
                buffer.ERRORS,
                [
                    {
                        "fingerprint": fingerprint,
                        "service": service_name(),
                        "severity": SEVERITIES.get(record.levelno, "error"),
                        "logger": record.name[:120],
                        "exception_type": exception_type[:120],
                        "message": message[:2000],
                        "stack": stack,
                        "request_id": getattr(record, "request_id", "") or _request_id(),
                        "at": record.created,
                    }
                ],
            )
        except Exception:  # noqa: S110 - logging must never break the caller
            pass
        finally:
            self._busy.on = False


def _request_id() -> str:
    from core.middleware import request_id_var

    value = request_id_var.get()
    return "" if value == "-" else value
