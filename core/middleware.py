"""Request ids for tracing, and the signed-in user's time zone for display."""

from __future__ import annotations

import logging
import re
import uuid
import zoneinfo
from contextvars import ContextVar
from datetime import UTC

from django.utils import timezone

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Takes X-Request-ID from the proxy (or makes one), logs with it, and echoes it back."""

    header = "HTTP_X_REQUEST_ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get(self.header, "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class UserTimezoneMiddleware:
    """Shows times in the user's own time zone (stored UTC, displayed local) on pages.

    The API speaks UTC only: every datetime it returns is ISO 8601 in UTC (``…Z``) whoever
    asks and however they signed in, and a datetime sent without an offset is read as UTC.
    A user's local day is computed from ``user.timezone`` explicitly, never from this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            timezone.activate(UTC)
            return self.get_response(request)
        user = getattr(request, "user", None)
        tz_name = getattr(user, "timezone", None) if user and user.is_authenticated else None
        if tz_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tz_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
