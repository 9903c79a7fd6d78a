"""Who delivers what a paid payment bought, by payment purpose.

Billing delivers subscriptions and credit packs itself. Goods that live in an upper app (a
practitioner's booking) are delivered by the function that app registers here in its
``AppConfig.ready()``; billing never imports it. A fulfiller runs inside the transaction that
marks the payment approved, takes the payment, and must be idempotent (a pending payment may
be confirmed by the checkout, a webhook and the lookup job).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from billing.models import Payment

Fulfiller = Callable[["Payment"], None]

_fulfillers: dict[str, Fulfiller] = {}


def register_fulfiller(purpose: str, fulfiller: Fulfiller) -> None:
    """Deliver approved payments of ``purpose`` with ``fulfiller`` (one per purpose)."""
    existing = _fulfillers.get(purpose)
    if existing is not None and existing is not fulfiller:
        raise ValueError(f"a fulfiller for {purpose!r} is registered already")
    _fulfillers[purpose] = fulfiller


def fulfiller_for(purpose: str) -> Fulfiller | None:
    return _fulfillers.get(purpose)
