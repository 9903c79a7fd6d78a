"""Texts stored as a message key plus parameters, rendered in the reader's language.

Ledger reasons (and payment descriptions) are not stored as English sentences: a row keeps
``reason_key`` (``"billing.credit_pack"``) and ``reason_params`` (``{"credits": 500}``), and
every reader (page, API, admin, e-mail) renders them in its own language.

Upper apps register their own keys with their own translations, in ``AppConfig.ready()``,
without billing importing them::

    from django.utils.translation import gettext_lazy as _
    from billing.messages import register_message

    register_message("coaching.service.dream", _("Dream interpretation"))
    register_message("practitioners.booking", _("Session with %(name)s"))

then pass the key when they move credits or points::

    billing.services.credits_debit(
        user=user, amount=5, reason_key="coaching.service.dream", reason_params={}, ...
    )

A key that is not registered falls back to its parent (``coaching.service.dream`` ->
``coaching.service``), then to ``params["text"]``, then to the key itself. Parameters are
``%(name)s`` placeholders; a text may also be a callable ``(params) -> str`` evaluated in the
active language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

Text = Any  # a (lazy) translated string with %(name)s placeholders, or a callable(params)

_messages: dict[str, Text] = {}


def register_message(key: str, text: Text) -> None:
    """Make ``key`` renderable. Registering the same key again replaces it (reloads)."""
    if not re.fullmatch(r"[a-z0-9_.\-]{1,100}", key):
        raise ValueError(f"message key {key!r}: use 1-100 of a-z 0-9 _ . -")
    _messages[key] = text


def message_registered(key: str) -> bool:
    return key in _messages


def _lookup(key: str) -> Text | None:
    while key:
        if key in _messages:
            return _messages[key]
        key = key.rpartition(".")[0]
    return None


def message_render(key: str, params: dict | None = None, *, language: str | None = None) -> str:
    """The text for ``key`` in ``language`` (default: the active language)."""
    params = params or {}
    if language:
        with translation.override(language):
            return message_render(key, params)
    text = _lookup(key)
    if text is None:
        return str(params.get("text") or key)
    if callable(text) and not hasattr(text, "_proxy____args"):
        return str(text(params))
    template = str(text)
    try:
        return template % params if "%(" in template else template
    except (KeyError, TypeError, ValueError):
        return template


# --- billing's own keys -------------------------------------------------------------------------


def _with_detail(label: Text) -> Callable[[dict], str]:
    def render(params: dict) -> str:
        note = str(params.get("note") or "").strip()
        return f"{label} · {note}" if note else str(label)

    return render


def _credit_pack(params: dict) -> str:
    credits = params.get("credits")
    if isinstance(credits, int) and not isinstance(credits, bool):
        return str(_("Credit pack · %(credits)s credits") % {"credits": f"{credits:,}"})
    return str(_("Credit pack"))


BILLING_MESSAGES: dict[str, Text] = {
    "billing.attendance": _("Daily check-in"),
    "billing.achievement": _("Achievement"),
    "billing.event": _("Event"),
    "billing.coupon": _("Coupon"),
    "billing.discount": _("Discount"),
    "billing.ai_service": _("AI service"),
    "billing.credit_pack": _credit_pack,
    "billing.purchase_reversal": _("Credits taken back (refund)"),
    "billing.points_expired": _("Expired points"),
    "billing.welcome_bonus": _("Welcome bonus"),
    # an operator's correction: the label is translated, the operator's note is shown as typed
    "billing.adjustment": _with_detail(_("Adjustment")),
    "billing.refund": _("Refund"),
    "billing.subscription_upgrade": _("Plan upgrade"),
}


def register_billing_messages() -> None:
    for key, text in BILLING_MESSAGES.items():
        register_message(key, text)


LEGACY_PREFIXES = {
    "attendance": "billing.attendance",
    "achievement": "billing.achievement",
    "event": "billing.event",
    "coupon": "billing.coupon",
    "discount": "billing.discount",
    "ai_service": "billing.ai_service",
    "refund": "billing.purchase_reversal",
    "expired": "billing.points_expired",
    "Welcome bonus": "billing.welcome_bonus",
}


def legacy_reason_to_key(reason: str) -> tuple[str, dict]:
    """Turn an old free-text reason (``"ai_service:dream-interpretation"``) into a key and
    parameters (``"billing.ai_service.dream-interpretation"``, ``{"detail": ...}``).

    Upper apps that register the specific key (``billing.ai_service.dream-interpretation``)
    get their own wording; otherwise the generic label (``AI service``) is shown. Unknown
    texts become an adjustment note, shown as typed.
    """
    prefix, _sep, rest = (reason or "").partition(":")
    if prefix == "credit_pack":
        return "billing.credit_pack", {"pack": rest}
    key = LEGACY_PREFIXES.get(prefix)
    if key is None:
        return "billing.adjustment", {"note": reason}
    detail = re.sub(r"[^a-z0-9_\-]", "", rest.lower())[:60]
    if detail and key in ("billing.ai_service", "billing.achievement", "billing.event"):
        return f"{key}.{detail}", {"detail": rest}
    return key, ({"detail": rest} if rest else {})
