"""Whether a subscriber used what they paid for, asked of the apps that know.

The 7-day withdrawal (전자상거래법 §17②) is the user's own only while the paid service is
unused. Billing cannot see usage; upper apps register a probe in their ``AppConfig.ready()``
(``register_usage_probe("habits", probe)``, ``probe(user, start, end) -> bool``: did the user
use a paid-only feature in ``[start, end)``). With no probe saying yes, it counts as unused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

_PROBES: dict[str, Callable[[Any, datetime, datetime], bool]] = {}


def register_usage_probe(name: str, probe: Callable[[Any, datetime, datetime], bool]) -> None:
    _PROBES[name] = probe


def paid_features_used(*, user, start: datetime, end: datetime) -> bool:
    return any(probe(user, start, end) for probe in _PROBES.values())
