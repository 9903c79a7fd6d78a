"""Small request helpers every app's views share."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse

from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from core.api.validation import DATE_MAX, DATE_MIN
from core.exceptions import NotFoundError


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` path the form or link asked for, if it stays on this site; else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parsed = urlparse(target)
        # Only an absolute path: redirect() reads "NaN" or "-1" as a URL pattern name (500).
        if parsed.path.startswith("/"):
            return parsed.path + (f"?{parsed.query}" if parsed.query else "")
    return default


def back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Redirect to the safe ``next`` path, or to ``default``."""
    return redirect(safe_next(request, default))


def or_404(selector, /, **kwargs):
    """Call an access selector (``<entity>_get_for_user``); its ``NotFoundError`` becomes the
    404 page. The one 404 idiom for pages (the API's exception handler maps it already)."""
    try:
        return selector(**kwargs)
    except NotFoundError as error:
        raise Http404(str(error)) from error


def date_param(value: str | None) -> datetime.date | None:
    """A ``YYYY-MM-DD`` query value as a date, or None when it is missing, not a date
    (``2026-02-30``, ``0000-00-00``) or outside the years Haru handles (year 1 or 9999 shifted
    by a time zone overflows). Pages then fall back to their default day instead of a 500."""
    try:
        day = datetime.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None
    return day if DATE_MIN <= day <= DATE_MAX else None
