"""Which gateway serves a payment: ``get_gateway(name)``.

``default_gateway_name()`` picks the one for new payments from the settings.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import Gateway


def default_gateway_name() -> str:
    chosen = (settings.BILLING_GATEWAY or "").strip().lower()
    if chosen:
        if chosen not in ("dev", "toss", "portone"):
            raise ImproperlyConfigured(f"BILLING_GATEWAY={chosen!r}: use dev, toss or portone")
        return chosen
    if settings.TOSS_SECRET_KEY:
        return "toss"
    if settings.PORTONE_API_SECRET:
        return "portone"
    return "dev"


def get_gateway(name: str | None = None) -> Gateway:
    """The client for ``name`` (a payment's own provider), or for new payments."""
    name = name or default_gateway_name()
    if name == "toss":
        from .toss import TossGateway

        return TossGateway()
    if name == "portone":
        from .portone import PortOneGateway

        return PortOneGateway()
    if name == "dev":
        from .dev import DevGateway

        return DevGateway()
    raise ImproperlyConfigured(f"unknown payment gateway {name!r}")


def gateway_name_for_method(kind: str, *, recurring: bool) -> str | None:
    """Which provider takes a way to pay, or None when none here can.

    Cards go to the default provider. KakaoPay and NaverPay billing keys are issued through
    PortOne (``billingKeyMethod: "EASY_PAY"`` on each wallet's channel); a bank account for
    renewals through Toss (자동결제 with 퀵계좌이체, ``requestBillingAuth`` method
    ``TRANSFER``). One-off KakaoPay / NaverPay go through the default provider (both open
    those wallets); TossPay only through Toss. The development gateway takes everything.
    """
    from billing.enums import ONE_OFF_KINDS, RECURRING_KINDS, PayMethodKind

    if kind not in (RECURRING_KINDS if recurring else ONE_OFF_KINDS):
        return None
    default = default_gateway_name()
    if default == "dev" or kind == PayMethodKind.CARD:
        return default
    if recurring and kind in (PayMethodKind.KAKAOPAY, PayMethodKind.NAVERPAY):
        return "portone" if settings.PORTONE_API_SECRET else None
    if kind in (PayMethodKind.BANK, PayMethodKind.TOSSPAY):
        return "toss" if settings.TOSS_SECRET_KEY else None
    return default
