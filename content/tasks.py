"""Thin tasks: take ids, call a service, safe to run twice."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from core.clock import user_local_today


@shared_task(name="content.publish_scheduled")
def publish_scheduled() -> int:
    from content.services.library import items_publish_scheduled

    return items_publish_scheduled()


@shared_task(name="content.flush_counters")
def flush_counters() -> dict[str, int]:
    from content.counters import counters_flush

    return counters_flush()


@shared_task(name="content.broadcast_due_announcements")
def broadcast_due_announcements() -> int:
    from content.services.notices import announcements_broadcast_due

    return announcements_broadcast_due()


@shared_task(name="content.broadcast_batch")
def broadcast_batch(announcement_id: int) -> str:
    from content.services.notices import announcement_broadcast_batch

    return announcement_broadcast_batch(announcement_id=announcement_id)


@shared_task(name="content.reward_activity")
def reward_activity(user_id: str, name: str, local_date: str = "") -> int:
    from accounts.models import User
    from content.services.events import events_reward_activity

    user = User.objects.filter(pk=user_id, deleted_at__isnull=True).first()
    if user is None:
        return 0
    day = date.fromisoformat(local_date) if local_date else user_local_today(user=user)
    return len(events_reward_activity(user=user, name=name, local_day=day))
