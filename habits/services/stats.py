"""Recompute a habit's cached streak, best streak, total and strength from its logs."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from django.db.models import CharField, DateTimeField, Value
from django.db.models.functions import Cast

from accounts.selectors import safety_paused_days_from_spans, user_safety_pause_spans
from core.clock import user_local_today
from habits import streaks
from habits.enums import HabitStatus, LogStatus
from habits.models import Habit, HabitLog, HabitStatusLog, HabitVacation


def habit_frozen_days(*, habit: Habit, first: date, last: date) -> set[date]:
    """Vacation days, safety-paused days and days the habit was paused or archived, within
    [first, last]."""
    # Vacations and safety pauses (diaries' slip policy, through accounts) in one round trip:
    # a vacation's dates come back as UTC midnights.
    vacations = (
        HabitVacation.objects.filter(
            user_id=habit.user_id, end_date__gt=first, start_date__lte=last
        )
        .annotate(
            kind=Value("vacation", output_field=CharField()),
            starts=Cast("start_date", DateTimeField()),
            ends=Cast("end_date", DateTimeField()),
        )
        .values_list("kind", "starts", "ends")
    )
    pauses = (
        user_safety_pause_spans(user=habit.user, first=first, last=last)
        .annotate(kind=Value("pause", output_field=CharField()))
        .values_list("kind", "starts_at", "ends_at")
    )
    ranges: list[tuple[date, date]] = []
    pause_spans = []
    for kind, starts, ends in vacations.union(pauses, all=True):
        if kind == "vacation":
            ranges.append((starts.astimezone(UTC).date(), ends.astimezone(UTC).date()))
        else:
            pause_spans.append((starts, ends))
    if habit.paused_at is not None or habit.archived_at is not None:
        user = habit.user
        since: date | None = None
        for to_status, at in (
            HabitStatusLog.objects.filter(habit=habit)
            .order_by("created_at")
            .values_list("to_status", "created_at")
        ):
            day = user_local_today(user=user, at=at)
            if to_status == HabitStatus.ACTIVE:
                if since is not None:
                    ranges.append((since, day))
                since = None
            elif since is None:
                since = day
        if since is not None:
            ranges.append((since, last + timedelta(days=1)))
    frozen = streaks.expand_ranges(ranges, lower=first, upper=last)
    # A safety pause freezes streaks as a vacation does.
    return frozen | safety_paused_days_from_spans(
        pause_spans, user=habit.user, first=first, last=last
    )


# Days older than this are settled: no check-in, skip or undo reaches them (the back-fill
# window is seven days), so the fold's state before them can be kept on the habit.
SETTLED_AFTER_DAYS = 8


def _usable_checkpoint(
    *, habit: Habit, today: date, since: date | None
) -> streaks.Checkpoint | None:
    if since is None:
        return None
    checkpoint = streaks.Checkpoint.from_json(habit.stats_checkpoint)
    if checkpoint is not None and (checkpoint.on > since or checkpoint.on > today):
        return None
    return checkpoint


def habit_stats_window_start(*, habit: Habit, today: date, since: date) -> date | None:
    """The first day whose logs ``habit_recompute_stats(since=since)`` reads, or None when it
    folds the whole history. Lets a check-in read that window once, whole rows, and find its
    own day's log among them (the window always holds ``since``)."""
    checkpoint = _usable_checkpoint(habit=habit, today=today, since=since)
    return checkpoint.on if checkpoint is not None else None


def habit_recompute_stats(
    *,
    habit: Habit,
    today: date,
    since: date | None = None,
    pending: HabitLog | None = None,
    window_logs: list[HabitLog] | None = None,
) -> streaks.StreakStats:
    """Write fresh statistics onto ``habit`` (caller holds the habit's row lock).

    ``since`` is the earliest day whose logs changed (a check-in, skip or undo). When the
    habit's checkpoint lies on or before it, only the logs from the checkpoint on are read;
    without ``since`` (a schedule, status or vacation change) the whole history is folded
    again. Both paths give the same numbers (tests/habits/services/test_stats.py).
    ``pending`` is a log about to be saved: it counts instead of its day's stored row, so the
    caller can save it once, with its streak. ``window_logs`` are the stored logs from
    ``habit_stats_window_start`` on, when the caller has read them already (one query less).
    """
    schedule = streaks.Schedule.for_habit(habit)
    checkpoint = _usable_checkpoint(habit=habit, today=today, since=since)
    done: set[date] = set()
    partial: dict[date, float] = {}
    skipped: set[date] = set()
    rows: list[tuple[date, str, int, int]]
    if window_logs is not None and checkpoint is not None:
        rows = [
            (log.local_date, log.status, log.count, log.target_count)
            for log in window_logs
            if log.local_date >= checkpoint.on
        ]
    else:
        logs = HabitLog.objects.filter(habit=habit)
        if checkpoint is not None:
            logs = logs.filter(local_date__gte=checkpoint.on)
        rows = list(logs.values_list("local_date", "status", "count", "target_count"))
    if pending is not None:
        rows = [row for row in rows if row[0] != pending.local_date]
        rows.append((pending.local_date, pending.status, pending.count, pending.target_count))
    for day, status, count, target in rows:
        if status == LogStatus.DONE:
            done.add(day)
        elif status == LogStatus.SKIPPED:
            skipped.add(day)
        elif count:
            partial[day] = min(count / max(target, 1), 0.99)
    if checkpoint is not None:
        first = checkpoint.on
    else:
        first = min([habit.started_on, *done, *partial, *skipped])
    last = max([today, *done, *skipped])
    frozen = skipped | habit_frozen_days(habit=habit, first=first, last=last)
    stats, new_checkpoint = streaks.resume(
        schedule=schedule,
        started_on=habit.started_on,
        today=today,
        done=done,
        partial=partial,
        frozen=frozen,
        checkpoint=checkpoint,
        checkpoint_at=streaks.checkpoint_day(
            schedule, settled_before=today - timedelta(days=SETTLED_AFTER_DAYS)
        ),
    )
    habit.current_streak = stats.current
    habit.best_streak = stats.best
    habit.total_completions = stats.total_completions
    habit.strength = stats.strength
    habit.last_completed_on = stats.last_completed_on
    habit.stats_checkpoint = new_checkpoint.as_json() if new_checkpoint else None
    Habit.objects.filter(pk=habit.pk).update(
        current_streak=stats.current,
        best_streak=stats.best,
        total_completions=stats.total_completions,
        strength=stats.strength,
        last_completed_on=stats.last_completed_on,
        stats_checkpoint=habit.stats_checkpoint,
    )
    return stats


def habit_stats_rebuild(*, habit_ids, today_for=None) -> int:
    """Fold the whole history of each habit again (and store its checkpoint): after a bulk
    import or to warm habits that have none. Returns how many habits were rebuilt."""
    from django.db import transaction

    from accounts.selectors import user_local_today

    rebuilt = 0
    for habit_id in habit_ids:
        with transaction.atomic():
            habit = (
                Habit.objects.select_for_update().select_related("user").filter(pk=habit_id).first()
            )
            if habit is None:
                continue
            today = today_for(habit) if today_for else user_local_today(user=habit.user)
            habit_recompute_stats(habit=habit, today=today)
            rebuilt += 1
    return rebuilt
