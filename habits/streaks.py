"""Streaks and habit strength: pure functions of a habit's schedule and its days.

Rules (all days are the user's local days):

* A day with a DONE log always extends the streak, scheduled or not.
* A frozen day (a SKIPPED log, a vacation, a day the habit was paused) neither extends nor
  breaks a streak.
* A scheduled day that is over (before today) with no DONE log and not frozen breaks it.
  Today never breaks a streak: it is still pending until midnight.
* "Every day" and "chosen weekdays" habits count streaks in days; a weekday habit is not
  broken by the days it is not scheduled on.
* "N times per week" habits count streaks in weeks (Monday to Sunday). A week is met when it
  has min(N, available days) DONE days, where frozen days are not available; a fully frozen
  week is neutral; the current week counts once met and is pending until then.

Habit strength is an exponential moving average of how completely each period was done
(0..1; partial numeric days count by fraction), with a half-life of 13 scheduled days or
4 weeks, so one miss after months of practice costs a few points, not the streak of months.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from habits.enums import ScheduleType

DAILY_HALF_LIFE = 13  # periods (days)
WEEKLY_HALF_LIFE = 4  # periods (weeks)
DAY_UNIT = "day"
WEEK_UNIT = "week"


@dataclass(frozen=True)
class Schedule:
    schedule_type: str = ScheduleType.DAILY
    weekdays: frozenset[int] = frozenset(range(7))
    times_per_week: int = 7

    @classmethod
    def for_habit(cls, habit) -> Schedule:
        return cls(
            schedule_type=habit.schedule_type,
            weekdays=frozenset(habit.weekdays or range(7)),
            times_per_week=habit.times_per_week,
        )

    @property
    def is_weekly(self) -> bool:
        return self.schedule_type == ScheduleType.TIMES_PER_WEEK

    def is_scheduled(self, day: date) -> bool:
        if self.schedule_type == ScheduleType.WEEKDAYS:
            return day.weekday() in self.weekdays
        return True


@dataclass(frozen=True)
class StreakStats:
    current: int
    best: int
    unit: str
    total_completions: int
    strength: float  # 0..1
    last_completed_on: date | None


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def expand_ranges(ranges: Iterable[tuple[date, date]], *, lower: date, upper: date) -> set[date]:
    """Every day in the half-open ranges [start, end), clipped to [lower, upper]."""
    days: set[date] = set()
    for start, end in ranges:
        day = max(start, lower)
        last = min(end - timedelta(days=1), upper)
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return days


def compute(
    *,
    schedule: Schedule,
    started_on: date,
    today: date,
    done: dict[date, float] | Iterable[date],
    partial: dict[date, float] | None = None,
    frozen: Iterable[date] = (),
) -> StreakStats:
    """Streak and strength for one habit.

    ``done`` holds the DONE days (a set or a mapping day -> 1.0); ``partial`` maps days with
    some progress but not the target to their fraction (0..1); ``frozen`` are the skipped,
    vacation and paused days.
    """
    done_days = set(done)
    partial = partial or {}
    frozen_days = set(frozen) - done_days
    first = min([started_on, *done_days, *partial]) if (done_days or partial) else started_on
    last = max([today, *done_days]) if done_days else today
    last_completed = max(done_days) if done_days else None
    if schedule.is_weekly:
        current, best, strength = _weekly(
            schedule, first, today, last, done_days, partial, frozen_days
        )
        unit = WEEK_UNIT
    else:
        current, best, strength = _daily(
            schedule, first, today, last, done_days, partial, frozen_days
        )
        unit = DAY_UNIT
    return StreakStats(
        current=current,
        best=best,
        unit=unit,
        total_completions=len(done_days),
        strength=round(min(max(strength, 0.0), 1.0), 6),
        last_completed_on=last_completed,
    )


def _daily(schedule, first, today, last, done_days, partial, frozen_days):
    keep = 0.5 ** (1 / DAILY_HALF_LIFE)
    run = best = 0
    strength = 0.0
    day = first
    while day <= last:
        if day in done_days:
            run += 1
            best = max(best, run)
            strength = strength * keep + (1 - keep)
        elif day in frozen_days or not schedule.is_scheduled(day) or day >= today:
            pass  # frozen, not scheduled, or still pending: neither counts nor breaks
        else:
            run = 0
            strength = strength * keep + partial.get(day, 0.0) * (1 - keep)
        day += timedelta(days=1)
    return run, best, strength


def _weekly(schedule, first, today, last, done_days, partial, frozen_days):
    keep = 0.5 ** (1 / WEEKLY_HALF_LIFE)
    run = best = 0
    strength = 0.0
    start = week_start(first)
    current_week = week_start(today)
    while start <= last:
        days = [start + timedelta(days=offset) for offset in range(7)]
        available = [day for day in days if day >= first and day not in frozen_days]
        required = min(schedule.times_per_week, len(available))
        completed = sum(1 for day in days if day in done_days)
        progress = completed + sum(partial.get(day, 0.0) for day in days if day not in done_days)
        if required == 0:
            pass  # a fully frozen week (or one before the habit began) is neutral
        elif completed >= required:
            run += 1
            best = max(best, run)
            strength = strength * keep + (1 - keep)
        elif start >= current_week:
            pass  # this week is not over yet
        else:
            run = 0
            strength = strength * keep + min(progress / required, 1.0) * (1 - keep)
        start += timedelta(days=7)
    return run, best, strength
