"""Incremental statistics: a check-in folds only the days after the habit's checkpoint, and
always agrees with folding the whole history again."""

import datetime as dt
import random

import pytest

from habits import services, streaks
from habits.enums import LogStatus, ScheduleType
from habits.models import Habit, HabitLog
from habits.services.stats import habit_recompute_stats
from tests.habits.conftest import seoul

D = dt.date
SCHEDULES = {
    "daily": streaks.Schedule(),
    "weekdays": streaks.Schedule(
        schedule_type=ScheduleType.WEEKDAYS, weekdays=frozenset({0, 2, 4})
    ),
    "weekly": streaks.Schedule(schedule_type=ScheduleType.TIMES_PER_WEEK, times_per_week=3),
}


def _random_history(rng: random.Random, start: D, days: int):
    done, partial, frozen = set(), {}, set()
    for n in range(days):
        day = start + dt.timedelta(days=n)
        roll = rng.random()
        if roll < 0.6:
            done.add(day)
        elif roll < 0.7:
            partial[day] = round(rng.random() * 0.9, 2)
        elif roll < 0.8:
            frozen.add(day)
    return done, partial, frozen


@pytest.mark.parametrize("name", list(SCHEDULES))
@pytest.mark.parametrize("seed", range(12))
def test_resuming_from_a_checkpoint_agrees_with_the_whole_history(name, seed):
    # given a random history and a checkpoint taken some days ago
    schedule = SCHEDULES[name]
    rng = random.Random(seed)
    started = D(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 6))
    then = started + dt.timedelta(days=rng.randint(10, 80))
    today = then + dt.timedelta(days=rng.randint(0, 40))
    done, partial, frozen = _random_history(rng, started, (today - started).days + 1)
    at = streaks.checkpoint_day(schedule, settled_before=then - dt.timedelta(days=8))
    _, checkpoint = streaks.resume(
        schedule=schedule,
        started_on=started,
        today=then,
        done={d for d in done if d <= then},
        partial={d: v for d, v in partial.items() if d <= then},
        frozen={d for d in frozen if d <= then},
        checkpoint_at=at,
    )
    assert checkpoint is not None

    # when today's numbers are folded from the checkpoint, reading only the days after it
    resumed, _ = streaks.resume(
        schedule=schedule,
        started_on=started,
        today=today,
        done={d for d in done if d >= checkpoint.on},
        partial={d: v for d, v in partial.items() if d >= checkpoint.on},
        frozen={d for d in frozen if d >= checkpoint.on},
        checkpoint=checkpoint,
    )

    # then they equal the fold over the whole history
    whole = streaks.compute(
        schedule=schedule,
        started_on=started,
        today=today,
        done=done,
        partial=partial,
        frozen=frozen,
    )
    assert resumed == whole


def test_checkpoint_survives_its_json_form():
    checkpoint = streaks.Checkpoint(
        on=D(2026, 3, 2),
        first=D(2026, 1, 1),
        run=4,
        best=9,
        strength=0.123456789,
        total=40,
        last_completed_on=D(2026, 3, 1),
    )
    assert streaks.Checkpoint.from_json(checkpoint.as_json()) == checkpoint
    assert streaks.Checkpoint.from_json({"on": "garbage"}) is None
    assert streaks.Checkpoint.from_json(None) is None


def _stats(habit: Habit) -> tuple:
    habit.refresh_from_db()
    return (
        habit.current_streak,
        habit.best_streak,
        habit.total_completions,
        habit.strength,
        habit.last_completed_on,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"schedule_type": ScheduleType.TIMES_PER_WEEK, "times_per_week": 3},
        {"schedule_type": ScheduleType.WEEKDAYS, "weekdays": [0, 1, 2, 3, 4]},
    ],
    ids=["daily", "weekly", "weekdays"],
)
def test_check_ins_over_weeks_keep_stats_equal_to_a_full_recompute(alice, make_habit, fields):
    # given a habit checked in, skipped, back-filled and undone over seven weeks
    habit = make_habit(alice, name="Stretch", **fields)
    rng = random.Random(7)
    start = seoul("2026-03-02 08:00")
    for n in range(49):
        now = start + dt.timedelta(days=n)
        roll = rng.random()
        if roll < 0.55:
            services.habit_check_in(habit=habit, now=now)
        elif roll < 0.65:
            services.habit_skip(habit=habit, now=now)
        elif roll < 0.75:
            back = (now - dt.timedelta(days=rng.randint(1, 7))).date()
            services.habit_check_in(habit=habit, on_date=back, now=now)
        elif roll < 0.8:
            back = (now - dt.timedelta(days=rng.randint(0, 7))).date()
            services.habit_check_in_undo(habit=habit, on_date=back, now=now)
        else:
            continue  # no action: the stored numbers are as of the last one
        incremental = _stats(habit)

        # when the whole history is folded again
        locked = Habit.objects.select_related("user").get(pk=habit.pk)
        habit_recompute_stats(habit=locked, today=now.date())

        # then the numbers are the same
        assert _stats(habit) == incremental, f"day {n}"
    habit.refresh_from_db()
    assert habit.stats_checkpoint is not None


@pytest.mark.django_db
def test_a_check_in_reads_only_the_days_after_the_checkpoint(alice, habit):
    # given a long history and a checkpoint
    today = seoul("2026-06-01 09:00")
    HabitLog.objects.bulk_create(
        HabitLog(
            habit=habit,
            user=alice,
            local_date=today.date() - dt.timedelta(days=n),
            status=LogStatus.DONE,
            count=1,
            target_count=1,
            completed_at=today - dt.timedelta(days=n),
        )
        for n in range(1, 200)
    )
    habit_recompute_stats(habit=habit, today=today.date())
    habit.refresh_from_db()
    checkpoint = streaks.Checkpoint.from_json(habit.stats_checkpoint)
    assert checkpoint is not None
    assert checkpoint.on == today.date() - dt.timedelta(days=8)

    # when the user checks in today
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.habit_check_in(habit=habit, now=today)

    # then one query reads the logs from the checkpoint on (the day's log and the fold's
    # input), and the streak is right
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT")
        and 'FROM "habits_habitlog"' in q["sql"]
        and '"habits_habitlog"."habit_id" = ' in q["sql"]
    ]
    assert len(reads) == 1, [q["sql"][:120] for q in queries.captured_queries]
    assert all(checkpoint.on.isoformat() in sql for sql in reads)
    habit.refresh_from_db()
    assert habit.current_streak == 200
    assert habit.total_completions == 200
