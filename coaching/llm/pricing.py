"""Cost of a call from a configurable price table (USD per million tokens, in and out).

``COACHING_LLM_PRICES = {"gpt-4o-mini": [0.15, 0.60], ...}``; a model missing from the table
costs ``COACHING_LLM_PRICES["*"]`` if set, else nothing (and a warning in the usage view).
"""

from __future__ import annotations

from django.conf import settings


def price_for(model: str) -> tuple[float, float] | None:
    table: dict = settings.COACHING_LLM_PRICES
    entry = table.get(model)
    if entry is None:
        # dated snapshots ("gpt-4o-mini-2024-07-18") fall back to their family
        family = next(
            (k for k in sorted(table, key=len, reverse=True) if model.startswith(k)), None
        )
        entry = table.get(family) if family else table.get("*")
    if entry is None:
        return None
    return float(entry[0]), float(entry[1])


def cost_micro_usd(model: str, tokens_in: int, tokens_out: int) -> int:
    """Millionths of a US dollar: tokens x (USD per million tokens)."""
    price = price_for(model)
    if price is None:
        return 0
    return round(tokens_in * price[0] + tokens_out * price[1])
