"""Habit reminders: the beat job sends each due reminder once, in the user's local time.

A reminder at 21:00 is due from 21:00 local time until WINDOW later, so a late or restarted
beat still sends it; the ``dedupe_key`` (habit, local day, time) makes ``notify()`` refuse a
second copy. Not sent when the habit is already done (or skipped) today, not scheduled today,
the user is on vacation, paused by a slip, or has switched reminders off. During the user's
quiet hours it is delivered in-app only (no push), so it waits in the inbox without a buzz.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.selectors import user_in_quiet_hours, user_is_safety_paused
from accounts.services import notify
from habits.enums import HabitStatus, LogStatus
from habits.models import Habit, HabitLog, HabitPreferences, HabitVacation
from habits.streaks import week_start

WINDOW = timedelta(minutes=10)
TOKEN_SALT = "habits.reminder-check-in"  # noqa: S105 - a salt name, not a secret
TOKEN_MAX_AGE = 60 * 60 * 36  # a reminder link works for a day and a half


def reminder_token(*, habit: Habit, day: date) -> str:
    return signing.dumps({"h": str(habit.pk), "d": day.isoformat()}, salt=TOKEN_SALT)


def reminder_token_read(token: str) -> tuple[str, date]:
    """The habit id and day in a reminder link; raises ``signing.BadSignature`` if forged/old."""
    data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    return data["h"], date.fromisoformat(data["d"])


def _due_candidates(now: datetime) -> list[tuple[str, time, date]]:
    """(habit id, reminder time, local day) whose reminder moment lies in (now - WINDOW, now]."""
    user_table = get_user_model()._meta.db_table
    habit_table = Habit._meta.db_table
    sql = f"""
        SELECT h.id, rt, (%(now)s AT TIME ZONE u.timezone)::date
        FROM {habit_table} h
        JOIN {user_table} u ON u.id = h.user_id
        CROSS JOIN LATERAL unnest(h.reminder_times) AS rt
        WHERE h.status = %(active)s AND u.is_active
          AND cardinality(h.reminder_times) > 0
          AND ((%(now)s AT TIME ZONE u.timezone)::date + rt)
              <= (%(now)s AT TIME ZONE u.timezone)
          AND ((%(now)s AT TIME ZONE u.timezone)::date + rt)
              > (%(now)s AT TIME ZONE u.timezone) - %(window)s
    """  # noqa: S608 - table names come from model metadata, values are parameters
    with connection.cursor() as cursor:
        params: dict[str, Any] = {"now": now, "active": HabitStatus.ACTIVE, "window": WINDOW}
        cursor.execute(sql, params)
        return [(str(row[0]), row[1], row[2]) for row in cursor.fetchall()]


def _week_done(habit: Habit, day: date) -> bool:
    start = week_start(day)
    done = HabitLog.objects.filter(
        habit=habit,
        local_date__gte=start,
        local_date__lt=start + timedelta(days=7),
        status=LogStatus.DONE,
    ).count()
    return done >= habit.times_per_week


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send every reminder due now; returns how many notifications were created."""
    now = now or timezone.now()
    candidates = _due_candidates(now)
    if not candidates:
        return 0
    habits = {
        str(pk): habit
        for pk, habit in Habit.objects.select_related("user")
        .in_bulk([pk for pk, _, _ in candidates])
        .items()
    }
    user_ids = {habit.user_id for habit in habits.values()}
    logged = set(
        HabitLog.objects.filter(
            habit_id__in=[habit.pk for habit in habits.values()],
            local_date__in={day for _, _, day in candidates},
        )
        .filter(status__in=[LogStatus.DONE, LogStatus.SKIPPED])
        .values_list("habit_id", "local_date")
    )
    muted = set(
        HabitPreferences.objects.filter(user_id__in=user_ids, reminders_enabled=False).values_list(
            "user_id", flat=True
        )
    )
    away = {
        (user_id, start, end)
        for user_id, start, end in HabitVacation.objects.filter(
            user_id__in=user_ids,
            end_date__gte=now.date() - timedelta(days=1),
            start_date__lte=now.date() + timedelta(days=1),
        ).values_list("user_id", "start_date", "end_date")
    }
    sent = 0
    for habit_id, at, day in candidates:
        habit = habits.get(habit_id)
        if habit is None or habit.user_id in muted:
            continue
        if (habit.pk, day) in logged or not habit.is_scheduled_on(day):
            continue
        if any(u == habit.user_id and start <= day < end for u, start, end in away):
            continue
        if habit.is_weekly and _week_done(habit, day):
            continue
        user = habit.user
        if user_is_safety_paused(user=user, at=now):
            continue
        # In quiet hours the reminder waits silently in the inbox: no push, no e-mail.
        quiet = user_in_quiet_hours(user=user, at=now)
        if _send(habit=habit, day=day, at=at, quiet=quiet):
            sent += 1
    return sent


def _send(*, habit: Habit, day: date, at: time, quiet: bool = False) -> bool:
    user = habit.user
    link = reverse("habits:reminder_check_in", args=[reminder_token(habit=habit, day=day)])
    with translation.override(getattr(user, "language", None) or "ko"):
        if habit.is_numeric:
            body = _("Today's goal: %(target)d %(unit)s. Tap to check in.") % {
                "target": habit.target_count,
                "unit": habit.unit,
            }
        else:
            body = _("Tap to check in when you are done.")
        notification = notify(
            user=user,
            type="habit_reminder",
            title=_("Time for “%(name)s”") % {"name": habit.name},
            body=body,
            data={"url": link, "habit": str(habit.pk), "day": day.isoformat()},
            channels=("in_app",) if quiet else ("in_app", "push"),
            dedupe_key=f"habits:reminder:{habit.pk}:{day.isoformat()}:{at:%H:%M}",
        )
    return notification is not None
