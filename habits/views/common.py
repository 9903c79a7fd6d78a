from __future__ import annotations

from urllib.parse import urlparse

from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from core.exceptions import NotFoundError


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return urlparse(target).path + (
            f"?{urlparse(target).query}" if urlparse(target).query else ""
        )
    return default


def back(request: HttpRequest, default: str):
    return redirect(safe_next(request, default))


def or_404(func, **kwargs):
    """Call an ``*_get_for_user`` selector, turning NotFoundError into a 404 page."""
    from django.http import Http404

    try:
        return func(**kwargs)
    except NotFoundError as error:
        raise Http404(str(error)) from error
