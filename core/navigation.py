"""Header navigation. Apps' pages appear here once their URL names exist, no edits needed."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, shown to signed-out visitors too)
MAIN_NAV = [
    ("habits:dashboard", _("Today"), False),
    ("diaries:list", _("Diary"), False),
    ("practitioners:list", _("Experts"), True),
    ("content:library", _("Library"), True),
    ("billing:pricing", _("Pricing"), True),
]
USER_MENU = [
    ("accounts:profile", _("Profile")),
    ("accounts:notifications", _("Notifications")),
    ("accounts:security", _("Security")),
    ("billing:settings", _("Subscription")),
]
# The header's inbox link and the fragment that fills in its unread count (htmx, polled).
INBOX_URL_NAME = "accounts:notifications"
INBOX_BADGE_URL_NAME = "accounts:unread_badge"
LOGIN_URL_NAME = "account_login"
LOGOUT_URL_NAME = "account_logout"
SIGNUP_URL_NAME = "account_signup"


def _try_reverse(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def build(request) -> dict:
    signed_in = request.user.is_authenticated
    path = request.path
    nav = []
    for name, label, public in MAIN_NAV:
        if not (public or signed_in):
            continue
        if url := _try_reverse(name):
            nav.append({"url": url, "label": label, "active": path.startswith(url)})
    menu = [
        {"url": url, "label": label}
        for name, label in USER_MENU
        if signed_in and (url := _try_reverse(name))
    ]
    inbox_url = _try_reverse(INBOX_URL_NAME) if signed_in else None
    return {
        "haru_nav": nav,
        "haru_user_menu": menu,
        "haru_inbox_url": inbox_url,
        "haru_inbox_badge_url": _try_reverse(INBOX_BADGE_URL_NAME) if inbox_url else None,
        "haru_login_url": _try_reverse(LOGIN_URL_NAME) or _try_reverse("admin:login"),
        "haru_signup_url": _try_reverse(SIGNUP_URL_NAME),
        "haru_logout_url": _try_reverse(LOGOUT_URL_NAME) or _try_reverse("admin:logout"),
    }
