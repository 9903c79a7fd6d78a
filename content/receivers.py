"""Listens to ``core.analytics.event_recorded`` for activities that campaigns reward.

The receiver stays cheap (one indexed EXISTS, only for names we care about) and hands the
work to a task: ``track`` is called on request paths."""

from __future__ import annotations

import logging
from typing import Any

from content.services.events import activity_reward_wanted

logger = logging.getLogger(__name__)

REWARDED_ACTIVITIES = frozenset({"diary_written"})


def on_event_recorded(sender: Any, *, name: str, user_id: Any = None, properties=None, **kwargs):
    if name not in REWARDED_ACTIVITIES or user_id is None:
        return
    if not activity_reward_wanted(name=name):
        return
    from content.tasks import reward_activity

    local_date = (properties or {}).get("local_date") or ""
    reward_activity.delay(str(user_id), name, local_date)
