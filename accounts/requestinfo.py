"""Who is asking: client IP, a short device description and which client (web, app, admin)."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest

from accounts.enums import LoginClient

_DEVICE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"iPad"), "iPad"),
    (re.compile(r"iPhone"), "iPhone"),
    (re.compile(r"Android[^;)]*;\s*([^;)]+?)(?:\sBuild|\))"), "Android"),
    (re.compile(r"Android"), "Android"),
    (re.compile(r"Windows NT"), "Windows"),
    (re.compile(r"Macintosh|Mac OS X"), "Mac"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Linux"), "Linux"),
]
_BROWSER_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"SamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"KAKAOTALK"), "KakaoTalk"),
    (re.compile(r"NAVER\("), "NAVER"),
    (re.compile(r"Whale/"), "Whale"),
    (re.compile(r"Edg/"), "Edge"),
    (re.compile(r"OPR/"), "Opera"),
    (re.compile(r"Firefox/"), "Firefox"),
    (re.compile(r"Chrome/|CriOS/"), "Chrome"),
    (re.compile(r"Safari/"), "Safari"),
    (re.compile(r"okhttp|Dart/|CFNetwork|Haru/"), "App"),
]


def describe_device(user_agent: str) -> str:
    """A person-readable device such as "iPhone · Safari" or "SM-S921N · Samsung Internet"."""
    if not user_agent:
        return ""
    device = ""
    for pattern, label in _DEVICE_PATTERNS:
        match = pattern.search(user_agent)
        if match:
            device = label
            if label == "Android" and match.groups():
                model = match.group(1).strip()
                if model and model.lower() not in {"k", "u", "linux"}:
                    device = model
            break
    browser = next((label for p, label in _BROWSER_PATTERNS if p.search(user_agent)), "")
    return " · ".join(part for part in (device, browser) if part)[:100]


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from allauth.core.internal.httpkit import get_client_ip

    try:
        return get_client_ip(request) or None
    except Exception:  # a malformed X-Forwarded-For must not break signing in
        return request.META.get("REMOTE_ADDR") or None


def user_agent(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return request.META.get("HTTP_USER_AGENT", "")[:500]


def client_kind(request: HttpRequest | None) -> str:
    if request is None:
        return LoginClient.WEB
    headless = getattr(getattr(request, "allauth", None), "headless", None)
    if headless is not None or request.path.startswith(("/_allauth/", "/api/")):
        return LoginClient.APP
    if request.path.startswith("/" + settings.ADMIN_URL):
        return LoginClient.ADMIN
    return LoginClient.WEB


def request_id(request: HttpRequest | None) -> str:
    return getattr(request, "request_id", "") if request is not None else ""
