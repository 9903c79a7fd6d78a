"""Reading django-constance's live settings from synchronous code.

constance hands back an awaitable proxy instead of the value whenever the calling thread runs
an asyncio event loop (Playwright's sync API does, and so may an ASGI server), so every
synchronous reader goes through `live_setting`, which always returns the value itself.
"""

from __future__ import annotations

from typing import Any

from constance import config
from constance import settings as constance_settings


def live_setting(name: str) -> Any:
    """The current value of the live setting ``name`` (its default until an operator saves one)."""
    default = constance_settings.CONFIG[name][0]
    return config._get_sync_value(name, default)
