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


@dataclass(frozen=True)
class Checkpoint:
    """The fold's state over every settled period before ``on``: a later fold resumes here
    and reads only the days from ``on``. Days before ``on`` must be over and final (no
    back-fill reaches them), so ``on`` stays more than the back-fill window behind today."""

    on: date  # the first day not folded in (a Monday for weekly habits)
    first: date
    run: int
    best: int
    strength: float
    total: int
    last_completed_on: date | None

    def as_json(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "first": self.first.isoformat(),
            "run": self.run,
            "best": self.best,
            "strength": self.strength,
            "total": self.total,
            "last": self.last_completed_on.isoformat() if self.last_completed_on else None,
        }

    @classmethod
    def from_json(cls, data: dict | None) -> Checkpoint | None:
        if not data:
            return None
        try:
            return cls(
                on=date.fromisoformat(data["on"]),
                first=date.fromisoformat(data["first"]),
                run=int(data["run"]),
                best=int(data["best"]),
                strength=float(data["strength"]),
                total=int(data["total"]),
                last_completed_on=date.fromisoformat(data["last"]) if data.get("last") else None,
            )
        except (KeyError, TypeError, ValueError):
            return None


def checkpoint_day(schedule: Schedule, *, settled_before: date) -> date:
    """Where to checkpoint so that every period before it ends before ``settled_before``."""
    return week_start(settled_before) if schedule.is_weekly else settled_before


def compute(
    *,
    schedule: Schedule,
    started_on: date,
    today: date,
    done: dict[date, float] | Iterable[date],
    partial: dict[date, float] | None = None,
    frozen: Iterable[date] = (),
) -> StreakStats:
    """Streak and strength for one habit from its whole history (see ``resume``)."""
    return resume(
        schedule=schedule,
        started_on=started_on,
        today=today,
        done=done,
        partial=partial,
        frozen=frozen,
    )[0]


def resume(
    *,
    schedule: Schedule,
    started_on: date,
    today: date,
    done: dict[date, float] | Iterable[date],
    partial: dict[date, float] | None = None,
    frozen: Iterable[date] = (),
    checkpoint: Checkpoint | None = None,
    checkpoint_at: date | None = None,
) -> tuple[StreakStats, Checkpoint | None]:
    """Streak and strength for one habit, folding days from ``checkpoint.on`` (or from the
    beginning without a checkpoint); ``done``/``partial``/``frozen`` need only hold the days
    from there on. Returns the statistics and a new checkpoint at ``checkpoint_at`` (when it
    lies inside this fold), else the one given.

    ``done`` holds the DONE days (a set or a mapping day -> 1.0); ``partial`` maps days with
    some progress but not the target to their fraction (0..1); ``frozen`` are the skipped,
    vacation and paused days.
    """
    done_days = set(done)
    partial = partial or {}
    frozen_days = set(frozen) - done_days
    if checkpoint is not None:
        first = checkpoint.first
        state = _State(checkpoint.run, checkpoint.best, checkpoint.strength)
        begin = checkpoint.on
    else:
        first = min([started_on, *done_days, *partial]) if (done_days or partial) else started_on
        state = _State(0, 0, 0.0)
        begin = week_start(first) if schedule.is_weekly else first
    last = max([today, *done_days]) if done_days else today
    fold = _weekly if schedule.is_weekly else _daily
    snapshot = fold(
        schedule, first, today, last, done_days, partial, frozen_days, begin, state, checkpoint_at
    )
    settled_total = checkpoint.total if checkpoint else 0
    settled_last = checkpoint.last_completed_on if checkpoint else None
    total = settled_total + len(done_days)
    last_completed = max(done_days) if done_days else settled_last
    new_checkpoint = checkpoint
    if snapshot is not None and checkpoint_at is not None:
        before = {day for day in done_days if day < checkpoint_at}
        new_checkpoint = Checkpoint(
            on=checkpoint_at,
            first=first,
            run=snapshot.run,
            best=snapshot.best,
            strength=snapshot.strength,
            total=settled_total + len(before),
            last_completed_on=max(before) if before else settled_last,
        )
    stats = StreakStats(
        current=state.run,
        best=state.best,
        unit=WEEK_UNIT if schedule.is_weekly else DAY_UNIT,
        total_completions=total,
        strength=round(min(max(state.strength, 0.0), 1.0), 6),
        last_completed_on=last_completed,
    )
    return stats, new_checkpoint


@dataclass
class _State:
    run: int
    best: int
    strength: float

    def copy(self) -> _State:
        return _State(self.run, self.best, self.strength)


def _daily(
    schedule, first, today, last, done_days, partial, frozen_days, begin, state, checkpoint_at
):
    keep = 0.5 ** (1 / DAILY_HALF_LIFE)
    snapshot = None
    day = begin
    while day <= last or (checkpoint_at is not None and snapshot is None and day <= checkpoint_at):
        if day == checkpoint_at:
            snapshot = state.copy()
        if day > last:
            break
        if day in done_days:
            state.run += 1
            state.best = max(state.best, state.run)
            state.strength = state.strength * keep + (1 - keep)
        elif day in frozen_days or not schedule.is_scheduled(day) or day >= today:
            pass  # frozen, not scheduled, or still pending: neither counts nor breaks
        else:
            state.run = 0
            state.strength = state.strength * keep + partial.get(day, 0.0) * (1 - keep)
        day += timedelta(days=1)
    return snapshot


def _weekly(
    schedule, first, today, last, done_days, partial, frozen_days, begin, state, checkpoint_at
):
    keep = 0.5 ** (1 / WEEKLY_HALF_LIFE)
    snapshot = None
    start = begin
    current_week = week_start(today)
    while start <= last or (
        checkpoint_at is not None and snapshot is None and start <= checkpoint_at
    ):
        if start == checkpoint_at:
            snapshot = state.copy()
        if start > last:
            break
        days = [start + timedelta(days=offset) for offset in range(7)]
        available = [day for day in days if day >= first and day not in frozen_days]
        required = min(schedule.times_per_week, len(available))
        completed = sum(1 for day in days if day in done_days)
        progress = completed + sum(partial.get(day, 0.0) for day in days if day not in done_days)
        if required == 0:
            pass  # a fully frozen week (or one before the habit began) is neutral
        elif completed >= required:
            state.run += 1
            state.best = max(state.best, state.run)
            state.strength = state.strength * keep + (1 - keep)
        elif start >= current_week:
            pass  # this week is not over yet
        else:
            state.run = 0
            state.strength = state.strength * keep + min(progress / required, 1.0) * (1 - keep)
        start += timedelta(days=7)
    return snapshot
