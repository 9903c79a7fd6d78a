"""Header navigation, filled by the apps themselves.

``core`` is the bottom layer and must not know the apps above it, so each app registers its
own entries in ``AppConfig.ready()``::

    from core.navigation import register_main, register_user_menu
    register_main("diaries:list", _("Diary"), order=20)
    register_user_menu("billing:settings", _("Subscription"), order=40)

An entry whose URL name does not resolve (the app has no such page yet) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    order: int = 100
    public: bool = False  # shown to signed-out visitors too


_main: dict[str, NavEntry] = {}
_user_menu: dict[str, NavEntry] = {}
_special: dict[str, str] = {}


def register_main(
    url_name: str, label: str | Promise, *, order: int = 100, public: bool = False
) -> None:
    """Add a header link; re-registering the same URL name replaces it (safe on reload)."""
    _main[url_name] = NavEntry(url_name, label, order, public)


def register_user_menu(url_name: str, label: str | Promise, *, order: int = 100) -> None:
    """Add an entry to the signed-in user's menu."""
    _user_menu[url_name] = NavEntry(url_name, label, order, False)


def register_special(role: str, url_name: str) -> None:
    """Name the page that plays a role the base template knows: ``inbox``, ``inbox_badge``,
    ``login``, ``logout``, ``signup``, ``home`` (where a signed-in user lands)."""
    _special[role] = url_name


def _try_reverse(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def special_url(role: str) -> str | None:
    return _try_reverse(_special.get(role))


def main_entries() -> list[NavEntry]:
    return sorted(_main.values(), key=lambda entry: (entry.order, entry.url_name))


def user_menu_entries() -> list[NavEntry]:
    return sorted(_user_menu.values(), key=lambda entry: (entry.order, entry.url_name))


def build(request) -> dict:
    signed_in = request.user.is_authenticated
    path = request.path
    nav = []
    for entry in main_entries():
        if not (entry.public or signed_in):
            continue
        if url := _try_reverse(entry.url_name):
            nav.append({"url": url, "label": entry.label, "active": False})
    # Only the most specific link is current: /coaching/services/ is "AI readings", not "Coaching".
    matching = [item for item in nav if path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    menu = [
        {"url": url, "label": entry.label}
        for entry in user_menu_entries()
        if signed_in and (url := _try_reverse(entry.url_name))
    ]
    inbox_url = special_url("inbox") if signed_in else None
    return {
        "haru_nav": nav,
        "haru_user_menu": menu,
        "haru_inbox_url": inbox_url,
        "haru_inbox_badge_url": special_url("inbox_badge") if inbox_url else None,
        "haru_login_url": special_url("login") or _try_reverse("admin:login"),
        "haru_signup_url": special_url("signup"),
        "haru_logout_url": special_url("logout") or _try_reverse("admin:logout"),
        "haru_home_url": special_url("home") if signed_in else None,
    }
