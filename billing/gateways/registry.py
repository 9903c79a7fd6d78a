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
