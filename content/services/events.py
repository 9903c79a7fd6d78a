"""Attendance events: one check-in per user per local day, rewards paid exactly once.

Exactly once holds on three levels: a per-(event, user) advisory lock serialises double
clicks, ``UNIQUE (event, user, local_date)`` and ``UNIQUE (event, user, reward, period)``
refuse a second row, and billing's points ledger is called with an idempotency key made of
the same parts, so a retried job that got past the first two returns the entry it wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from billing.services.wallets import points_award
from content.enums import RewardTrigger
from content.exceptions import EventClosedError
from content.models import Attendance, Event, EventReward, RewardGrant
from core.analytics import EVENT_ATTENDED, track
from core.clock import user_local_today
from core.locks import advisory_xact_lock

if TYPE_CHECKING:
    from accounts.models import User

REASON_KEY = "content.event_reward"


@dataclass
class CheckInResult:
    attendance: Attendance
    created: bool
    grants: list[RewardGrant] = field(default_factory=list)


def _grant(*, event: Event, reward: EventReward, user: User, period: str) -> RewardGrant | None:
    """Pay ``reward`` once for (event, user, reward, period); None if it was paid before.
    Runs inside the caller's transaction (and its advisory lock)."""
    if RewardGrant.objects.filter(event=event, user=user, reward=reward, period=period).exists():
        return None
    entry = points_award(
        user=user,
        amount=reward.points,
        reason_key=REASON_KEY,
        reason_params={"event": event.title_ko or event.title_en, "code": reward.code},
        reference_type="content.event",
        reference_id=str(event.pk),
        idempotency_key=f"content.event:{event.pk}:{reward.pk}:{user.pk}:{period}",
    )
    return RewardGrant.objects.create(
        event=event,
        reward=reward,
        user=user,
        period=period,
        points=reward.points,
        ledger_entry_id=entry.pk,
    )


def _total_days(event: Event, user: User) -> int:
    return Attendance.objects.filter(event=event, user=user).count()


def event_check_in(*, event: Event, user: User, at: datetime | None = None) -> CheckInResult:
    """Record today's attendance (the user's local day) and pay the rewards it earns.

    Idempotent: a second call the same local day returns the first row and pays nothing."""
    today = user_local_today(user=user, at=at)
    if not event.runs_on(today):
        raise EventClosedError(_("This event is not running today."), code="content_event_closed")
    with transaction.atomic():
        advisory_xact_lock(namespace="content.attendance", key=f"{event.pk}:{user.pk}")
        existing = Attendance.objects.filter(event=event, user=user, local_date=today).first()
        if existing is not None:
            return CheckInResult(attendance=existing, created=False)
        yesterday = Attendance.objects.filter(
            event=event, user=user, local_date=today - timedelta(days=1)
        ).first()
        streak = (yesterday.streak + 1) if yesterday else 1
        attendance = Attendance.objects.create(
            event=event, user=user, local_date=today, streak=streak
        )
        total = _total_days(event, user)
        grants: list[RewardGrant] = []
        for reward in event.rewards.all():
            period: str | None = None
            if reward.trigger == RewardTrigger.DAILY_CHECK_IN:
                period = today.isoformat()
            elif (reward.trigger == RewardTrigger.STREAK and streak >= reward.days) or (
                reward.trigger == RewardTrigger.TOTAL_DAYS and total >= reward.days
            ):
                period = ""
            if period is None:
                continue
            grant = _grant(event=event, reward=reward, user=user, period=period)
            if grant is not None:
                grants.append(grant)
        if grants:
            attendance.reward_code = ",".join(g.reward.code for g in grants)[:50]
            attendance.save(update_fields=["reward_code"])
        event_id, user_id = event.pk, user.pk
        transaction.on_commit(
            lambda: track(
                EVENT_ATTENDED, user_id=user_id, properties={"event": event_id, "streak": streak}
            )
        )
    return CheckInResult(attendance=attendance, created=True, grants=grants)


def events_reward_activity(*, user: User, name: str, local_day: date) -> list[RewardGrant]:
    """Pay activity rewards (today: "first diary of the month") of the events running on
    ``local_day``. Safe to call again for the same activity: the grant is unique per month."""
    if name != "diary_written":
        return []
    rewards = EventReward.objects.filter(
        trigger=RewardTrigger.FIRST_DIARY_OF_MONTH, event__is_active=True
    ).select_related("event")
    grants: list[RewardGrant] = []
    for reward in rewards:
        if not reward.event.runs_on(local_day):
            continue
        with transaction.atomic():
            advisory_xact_lock(namespace="content.attendance", key=f"{reward.event_id}:{user.pk}")
            grant = _grant(
                event=reward.event, reward=reward, user=user, period=local_day.strftime("%Y-%m")
            )
        if grant is not None:
            grants.append(grant)
    return grants


def activity_reward_wanted(*, name: str, on: date | None = None) -> bool:
    """Cheap test for the analytics receiver: is any running event rewarding ``name``?"""
    if name != "diary_written":
        return False
    return EventReward.objects.filter(
        trigger=RewardTrigger.FIRST_DIARY_OF_MONTH, event__is_active=True
    ).exists()


def results_rows(*, event: Event) -> list[list[Any]]:
    """One row per attendance, for the operators' CSV."""
    rows: list[list[Any]] = []
    for row in (
        Attendance.objects.filter(event=event)
        .select_related("user")
        .order_by("local_date", "user__email")
        .iterator(chunk_size=2000)
    ):
        rows.append(
            [
                row.local_date.isoformat(),
                str(row.user_id),
                row.user.nickname,
                row.streak,
                row.reward_code,
            ]
        )
    return rows
