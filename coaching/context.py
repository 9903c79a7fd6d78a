"""Context providers: how upper apps (habits, diaries) tell coaching about a user's activity.

Coaching sits below habits and diaries and never imports them. Each of those apps registers,
in its ``AppConfig.ready()``::

    from coaching.context import register_provider
    register_provider("habits", habits_context)

where ``provider(user, start, end) -> dict`` returns JSON-serialisable facts about that user
only, within ``[start, end)``. ``collect(user, start, end)`` asks every provider and returns
``{name: facts}``; a provider that fails is logged and left out (a message without one part of
the context is better than no message).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accounts.models import User

Provider = Callable[["User", datetime, datetime], dict[str, Any]]

logger = logging.getLogger(__name__)
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,48}$")
_providers: dict[str, Provider] = {}


def register_provider(name: str, provider: Provider) -> None:
    """Register ``provider`` under ``name``; re-registering the same function is a no-op."""
    if not _NAME.match(name):
        raise ValueError(f"context provider name {name!r} must be lower-case letters or digits")
    if not callable(provider):
        raise TypeError(f"context provider {name!r} is not callable")
    current = _providers.get(name)
    if current is not None and current is not provider:
        same = getattr(current, "__module__", None) == getattr(
            provider, "__module__", None
        ) and getattr(current, "__qualname__", None) == getattr(provider, "__qualname__", None)
        if not same:
            raise ValueError(f"context provider {name!r} is already registered by {current!r}")
    _providers[name] = provider


def unregister_provider(name: str) -> None:
    _providers.pop(name, None)


def providers() -> dict[str, Provider]:
    return dict(sorted(_providers.items()))


def collect(user: User, start: datetime, end: datetime) -> dict[str, dict]:
    """Every registered provider's facts about ``user`` in ``[start, end)``."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be timezone-aware")
    result: dict[str, dict] = {}
    for name, provider in providers().items():
        try:
            facts = provider(user, start, end)
        except Exception:
            logger.exception("coaching: context provider %s failed", name)
            continue
        if isinstance(facts, dict):
            result[name] = facts
    return result
