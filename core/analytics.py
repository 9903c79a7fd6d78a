"""One call for every app to say "this happened": `track("habit_check", user_id=..., ...)`.

It lives in core so that every layer may call it. It only announces the event through the
`event_recorded` signal; what happens next belongs to the apps above:

- ops_admin buffers it (respecting the user's analytics opt-out) and writes it in batches to
  the monthly-partitioned analytics table;
- content listens for the events its campaigns reward (attendance rules such as "first diary
  of the month").

Receivers must be cheap and must not raise: `track` is called on request paths, usually from
`transaction.on_commit`, and uses `send_robust` so a broken receiver never breaks the caller.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.dispatch import Signal
from django.utils import timezone

logger = logging.getLogger(__name__)

# kwargs: name (str), user_id (UUID | None), occurred_at (aware datetime, UTC),
# properties (dict of JSON-safe values, never personal text), session_id (str)
event_recorded = Signal()

# Names in use; adding one here documents it for the console's funnels and reports.
APP_OPEN = "app_open"
SIGN_UP = "sign_up"
HABIT_CREATED = "habit_created"
HABIT_CHECK = "habit_check"
DIARY_WRITTEN = "diary_written"
BOOKING_CREATED = "booking_created"
CHECKOUT_STARTED = "checkout_started"
PAYMENT_SUCCEEDED = "payment_succeeded"
SUBSCRIPTION_STARTED = "subscription_started"
SEARCH = "search"
CONTENT_VIEWED = "content_viewed"
EVENT_ATTENDED = "event_attended"


def track(
    name: str,
    *,
    user_id: uuid.UUID | str | None = None,
    properties: Mapping[str, Any] | None = None,
    occurred_at: datetime | None = None,
    session_id: str = "",
) -> None:
    """Announce one product event. Never raises; never blocks on storage."""
    responses = event_recorded.send_robust(
        sender=None,
        name=name,
        user_id=user_id,
        occurred_at=occurred_at or timezone.now(),
        properties=dict(properties or {}),
        session_id=session_id,
    )
    for receiver, response in responses:
        if isinstance(response, Exception):
            logger.warning(
                "analytics receiver %s failed for %s: %s",
                getattr(receiver, "__qualname__", receiver),
                name,
                type(response).__name__,
            )
