"""Recompute a habit's cached streak, best streak, total and strength from its logs."""

from __future__ import annotations

from datetime import date, timedelta

from accounts.selectors import user_safety_paused_days
from habits import streaks
from habits.clock import local_date_of
from habits.enums import HabitStatus, LogStatus
from habits.models import Habit, HabitLog, HabitStatusLog, HabitVacation


def habit_frozen_days(*, habit: Habit, first: date, last: date) -> set[date]:
    """Vacation days, safety-paused days and days the habit was paused or archived, within
    [first, last]."""
    ranges = list(
        HabitVacation.objects.filter(
            user_id=habit.user_id, end_date__gt=first, start_date__lte=last
        ).values_list("start_date", "end_date")
    )
    if habit.paused_at is not None or habit.archived_at is not None:
        user = habit.user
        since: date | None = None
        for to_status, at in (
            HabitStatusLog.objects.filter(habit=habit)
            .order_by("created_at")
            .values_list("to_status", "created_at")
        ):
            day = local_date_of(user, at)
            if to_status == HabitStatus.ACTIVE:
                if since is not None:
                    ranges.append((since, day))
                since = None
            elif since is None:
                since = day
        if since is not None:
            ranges.append((since, last + timedelta(days=1)))
    frozen = streaks.expand_ranges(ranges, lower=first, upper=last)
    # A safety pause (diaries' slip policy, through accounts) freezes streaks as a vacation does.
    return frozen | user_safety_paused_days(user=habit.user, first=first, last=last)


def habit_recompute_stats(*, habit: Habit, today: date) -> streaks.StreakStats:
    """Write fresh statistics onto ``habit`` (caller holds the habit's row lock)."""
    done: set[date] = set()
    partial: dict[date, float] = {}
    skipped: set[date] = set()
    for day, status, count, target in HabitLog.objects.filter(habit=habit).values_list(
        "local_date", "status", "count", "target_count"
    ):
        if status == LogStatus.DONE:
            done.add(day)
        elif status == LogStatus.SKIPPED:
            skipped.add(day)
        elif count:
            partial[day] = min(count / max(target, 1), 0.99)
    first = min([habit.started_on, *done, *partial, *skipped])
    last = max([today, *done, *skipped])
    frozen = skipped | habit_frozen_days(habit=habit, first=first, last=last)
    stats = streaks.compute(
        schedule=streaks.Schedule.for_habit(habit),
        started_on=habit.started_on,
        today=today,
        done=done,
        partial=partial,
        frozen=frozen,
    )
    habit.current_streak = stats.current
    habit.best_streak = stats.best
    habit.total_completions = stats.total_completions
    habit.strength = stats.strength
    habit.last_completed_on = stats.last_completed_on
    Habit.objects.filter(pk=habit.pk).update(
        current_streak=stats.current,
        best_streak=stats.best,
        total_completions=stats.total_completions,
        strength=stats.strength,
        last_completed_on=stats.last_completed_on,
    )
    return stats
