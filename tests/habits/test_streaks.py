"""The streak and strength rules as pure functions (no database)."""

from datetime import date, timedelta

import pytest

from habits.enums import ScheduleType
from habits.streaks import Schedule, compute, expand_ranges

DAILY = Schedule()
WEEKDAYS = Schedule(schedule_type=ScheduleType.WEEKDAYS, weekdays=frozenset({0, 1, 2, 3, 4}))
THREE_A_WEEK = Schedule(schedule_type=ScheduleType.TIMES_PER_WEEK, times_per_week=3)


def days(start: date, count: int) -> set[date]:
    return {start + timedelta(days=n) for n in range(count)}


MON = date(2026, 3, 2)  # a Monday


def test_consecutive_days_make_a_streak():
    stats = compute(
        schedule=DAILY, started_on=MON, today=MON + timedelta(days=4), done=days(MON, 5)
    )
    assert (stats.current, stats.best, stats.total_completions) == (5, 5, 5)
    assert stats.unit == "day"


def test_today_not_done_yet_does_not_break_the_streak():
    stats = compute(
        schedule=DAILY, started_on=MON, today=MON + timedelta(days=3), done=days(MON, 3)
    )
    assert stats.current == 3


def test_a_missed_day_breaks_the_streak_but_keeps_the_best():
    done = days(MON, 4) | {MON + timedelta(days=5), MON + timedelta(days=6)}
    stats = compute(schedule=DAILY, started_on=MON, today=MON + timedelta(days=6), done=done)
    assert stats.current == 2
    assert stats.best == 4


def test_weekday_habit_is_not_broken_by_the_weekend():
    # Mon..Fri done, Sat/Sun nothing, next Mon done
    done = days(MON, 5) | {MON + timedelta(days=7)}
    stats = compute(schedule=WEEKDAYS, started_on=MON, today=MON + timedelta(days=7), done=done)
    assert stats.current == 6


def test_weekday_habit_is_broken_by_a_missed_weekday():
    done = days(MON, 4) | {MON + timedelta(days=7)}  # Friday missed
    stats = compute(schedule=WEEKDAYS, started_on=MON, today=MON + timedelta(days=7), done=done)
    assert stats.current == 1
    assert stats.best == 4


def test_doing_a_weekday_habit_at_the_weekend_still_counts():
    done = days(MON, 6)  # Mon..Sat
    stats = compute(schedule=WEEKDAYS, started_on=MON, today=MON + timedelta(days=6), done=done)
    assert stats.current == 6


def test_skip_day_freezes_the_streak_instead_of_breaking_it():
    done = days(MON, 3) | {MON + timedelta(days=4)}
    stats = compute(
        schedule=DAILY,
        started_on=MON,
        today=MON + timedelta(days=4),
        done=done,
        frozen={MON + timedelta(days=3)},
    )
    assert stats.current == 4  # frozen day neither counts nor breaks


def test_vacation_week_freezes_a_daily_streak():
    done = days(MON, 5) | days(MON + timedelta(days=12), 2)
    vacation = expand_ranges(
        [(MON + timedelta(days=5), MON + timedelta(days=12))],
        lower=MON,
        upper=MON + timedelta(days=13),
    )
    stats = compute(
        schedule=DAILY, started_on=MON, today=MON + timedelta(days=13), done=done, frozen=vacation
    )
    assert stats.current == 7


def test_n_per_week_counts_weeks_not_days():
    # three per week: week 1 Mon/Wed/Fri, week 2 Tue/Thu/Sat, week 3 only Mon so far
    done = {
        MON,
        MON + timedelta(days=2),
        MON + timedelta(days=4),
        MON + timedelta(days=8),
        MON + timedelta(days=10),
        MON + timedelta(days=12),
        MON + timedelta(days=14),
    }
    stats = compute(
        schedule=THREE_A_WEEK, started_on=MON, today=MON + timedelta(days=15), done=done
    )
    assert stats.unit == "week"
    assert stats.current == 2  # the current week is pending, not broken
    assert stats.total_completions == 7


def test_n_per_week_breaks_when_a_past_week_falls_short():
    done = {MON, MON + timedelta(days=2), MON + timedelta(days=4), MON + timedelta(days=7)}
    stats = compute(
        schedule=THREE_A_WEEK, started_on=MON, today=MON + timedelta(days=14), done=done
    )
    assert stats.current == 0
    assert stats.best == 1


def test_n_per_week_current_week_counts_once_met():
    done = {MON, MON + timedelta(days=1), MON + timedelta(days=2)}
    stats = compute(schedule=THREE_A_WEEK, started_on=MON, today=MON + timedelta(days=2), done=done)
    assert stats.current == 1


def test_n_per_week_with_vacation_days_needs_fewer_days():
    # 3 per week, but Tue..Sun on vacation: only Monday available, so one check-in meets it
    frozen = days(MON + timedelta(days=1), 6)
    stats = compute(
        schedule=THREE_A_WEEK,
        started_on=MON,
        today=MON + timedelta(days=8),
        done={MON, MON + timedelta(days=7)},
        frozen=frozen,
    )
    assert stats.current == 1  # week 1 met; week 2 pending with one done


def test_fully_frozen_week_is_neutral_for_weekly_habits():
    done = {
        MON,
        MON + timedelta(days=1),
        MON + timedelta(days=2),
        MON + timedelta(days=14),
        MON + timedelta(days=15),
        MON + timedelta(days=16),
    }
    frozen = days(MON + timedelta(days=7), 7)
    stats = compute(
        schedule=THREE_A_WEEK,
        started_on=MON,
        today=MON + timedelta(days=16),
        done=done,
        frozen=frozen,
    )
    assert stats.current == 2


def test_streak_runs_through_leap_day():
    start = date(2028, 2, 27)
    stats = compute(
        schedule=DAILY, started_on=start, today=date(2028, 3, 1), done=days(start, 4)
    )  # 27, 28, 29 Feb, 1 Mar
    assert stats.current == 4
    assert date(2028, 2, 29) in days(start, 4)


def test_missing_leap_day_breaks_the_streak():
    done = {date(2028, 2, 27), date(2028, 2, 28), date(2028, 3, 1)}
    stats = compute(schedule=DAILY, started_on=date(2028, 2, 27), today=date(2028, 3, 1), done=done)
    assert stats.current == 1


def test_weekly_streak_week_containing_leap_day():
    # Mon 28 Feb 2028 .. Sun 5 Mar 2028: Tue 29 Feb counts in that week
    monday = date(2028, 2, 28)
    done = {monday, date(2028, 2, 29), date(2028, 3, 1)}
    stats = compute(schedule=THREE_A_WEEK, started_on=monday, today=date(2028, 3, 6), done=done)
    assert stats.current == 1


def test_log_dated_after_today_after_a_timezone_change_still_counts():
    # checked in on the 10th in Seoul, then moved west where it is still the 9th
    stats = compute(
        schedule=DAILY,
        started_on=date(2026, 3, 8),
        today=date(2026, 3, 9),
        done={date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10)},
    )
    assert stats.current == 3
    assert stats.total_completions == 3


def test_strength_forgives_one_miss_after_months():
    start = date(2026, 1, 1)
    today = start + timedelta(days=120)
    perfect = compute(schedule=DAILY, started_on=start, today=today, done=days(start, 120))
    one_miss = compute(
        schedule=DAILY,
        started_on=start,
        today=today,
        done=days(start, 120) - {today - timedelta(days=1)},
    )
    assert perfect.strength > 0.99
    assert one_miss.current == 0  # the streak is gone...
    assert one_miss.strength > 0.9  # ...but the strength barely moves


def test_strength_grows_gradually_for_a_new_habit():
    stats = compute(
        schedule=DAILY, started_on=MON, today=MON + timedelta(days=6), done=days(MON, 7)
    )
    assert 0.25 < stats.strength < 0.4


def test_partial_numeric_days_count_partly_towards_strength():
    start = date(2026, 1, 1)
    today = start + timedelta(days=20)
    nothing = compute(schedule=DAILY, started_on=start, today=today, done=set())
    half = compute(
        schedule=DAILY,
        started_on=start,
        today=today,
        done=set(),
        partial={start + timedelta(days=n): 0.5 for n in range(20)},
    )
    assert nothing.strength == 0
    assert half.strength == pytest.approx(0.5 * (1 - 0.5 ** (20 / 13)), rel=1e-3)


def test_frozen_days_do_not_change_strength():
    start = date(2026, 1, 1)
    base = compute(
        schedule=DAILY, started_on=start, today=start + timedelta(days=10), done=days(start, 10)
    )
    later = compute(
        schedule=DAILY,
        started_on=start,
        today=start + timedelta(days=20),
        done=days(start, 10),
        frozen=days(start + timedelta(days=10), 10),
    )
    assert later.strength == base.strength
    assert later.current == 10


def test_expand_ranges_is_half_open_and_clipped():
    result = expand_ranges(
        [(date(2026, 1, 1), date(2026, 1, 4))], lower=date(2026, 1, 2), upper=date(2026, 1, 10)
    )
    assert result == {date(2026, 1, 2), date(2026, 1, 3)}
