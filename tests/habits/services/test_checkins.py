import datetime as dt
import threading
import zoneinfo

import pytest
from django.db import connection

from core.exceptions import ConflictError
from habits import services
from habits.enums import LogStatus, ScheduleType
from habits.models import Habit, HabitLog, HabitStatusLog
from habits.services.checkins import DateOutOfRangeError
from tests.habits.conftest import seoul

pytestmark = pytest.mark.django_db

D = dt.date


def test_check_in_twice_on_same_local_day_counts_once(habit):
    now = seoul("2026-03-02 09:00")
    first = services.habit_check_in(habit=habit, now=now)
    second = services.habit_check_in(habit=habit, now=now + dt.timedelta(hours=3))

    assert first.created
    assert not second.created
    assert HabitLog.objects.filter(habit=habit).count() == 1
    habit.refresh_from_db()
    assert habit.total_completions == 1
    assert habit.current_streak == 1


def test_check_ins_at_2359_and_0001_local_are_two_days_in_a_row(habit):
    services.habit_check_in(habit=habit, now=seoul("2026-03-02 23:59"))
    services.habit_check_in(habit=habit, now=seoul("2026-03-03 00:01"))

    days = sorted(HabitLog.objects.filter(habit=habit).values_list("local_date", flat=True))
    assert days == [D(2026, 3, 2), D(2026, 3, 3)]
    habit.refresh_from_db()
    assert habit.current_streak == 2


def test_local_day_not_utc_day_decides_the_log_date(habit):
    # 08:30 in Seoul on the 3rd is still the 2nd in UTC
    services.habit_check_in(habit=habit, now=seoul("2026-03-03 08:30"))
    assert HabitLog.objects.get(habit=habit).local_date == D(2026, 3, 3)


def test_streak_across_a_leap_day(habit):
    for text in ("2028-02-28 20:00", "2028-02-29 20:00", "2028-03-01 20:00"):
        services.habit_check_in(habit=habit, now=seoul(text))
    habit.refresh_from_db()
    assert habit.current_streak == 3
    assert HabitLog.objects.filter(habit=habit, local_date=D(2028, 2, 29)).exists()


def test_timezone_change_westward_does_not_double_count(alice, habit):
    # given: done on the 8th, 9th and 10th in Seoul
    for text in ("2026-03-08 09:00", "2026-03-09 09:00", "2026-03-10 09:00"):
        services.habit_check_in(habit=habit, now=seoul(text))
    # when: she flies to Los Angeles, where it is the 9th again, and taps check-in twice
    alice.timezone = "America/Los_Angeles"
    alice.save(update_fields=["timezone"])
    habit.refresh_from_db()
    la = zoneinfo.ZoneInfo("America/Los_Angeles")
    services.habit_check_in(habit=habit, now=dt.datetime(2026, 3, 9, 18, 0, tzinfo=la))
    services.habit_check_in(habit=habit, now=dt.datetime(2026, 3, 10, 8, 0, tzinfo=la))
    # then: still three days, streak intact
    habit.refresh_from_db()
    assert habit.total_completions == 3
    assert habit.current_streak == 3
    # and the next LA day continues the streak
    services.habit_check_in(habit=habit, now=dt.datetime(2026, 3, 11, 8, 0, tzinfo=la))
    habit.refresh_from_db()
    assert (habit.total_completions, habit.current_streak) == (4, 4)


def test_timezone_change_eastward_keeps_the_streak(alice, make_habit):
    alice.timezone = "America/Los_Angeles"
    alice.save(update_fields=["timezone"])
    habit = make_habit(alice)
    la = zoneinfo.ZoneInfo("America/Los_Angeles")
    services.habit_check_in(habit=habit, now=dt.datetime(2026, 3, 8, 20, 0, tzinfo=la))
    services.habit_check_in(habit=habit, now=dt.datetime(2026, 3, 9, 20, 0, tzinfo=la))
    alice.timezone = "Asia/Seoul"
    alice.save(update_fields=["timezone"])
    habit.refresh_from_db()
    # 20:00 on the 9th in LA is already the 10th in Seoul
    services.habit_check_in(habit=habit, now=seoul("2026-03-10 21:00"))
    habit.refresh_from_db()
    assert habit.current_streak == 3
    assert habit.total_completions == 3


def test_back_fill_up_to_seven_days(habit):
    now = seoul("2026-03-10 12:00")
    services.habit_check_in(habit=habit, on_date=D(2026, 3, 3), now=now)
    with pytest.raises(DateOutOfRangeError):
        services.habit_check_in(habit=habit, on_date=D(2026, 3, 2), now=now)
    with pytest.raises(DateOutOfRangeError):
        services.habit_check_in(habit=habit, on_date=D(2026, 3, 11), now=now)


def test_back_filling_a_gap_restores_the_streak(habit):
    for text in ("2026-03-01 09:00", "2026-03-03 09:00"):
        services.habit_check_in(habit=habit, now=seoul(text))
    habit.refresh_from_db()
    assert habit.current_streak == 1
    services.habit_check_in(habit=habit, on_date=D(2026, 3, 2), now=seoul("2026-03-03 10:00"))
    habit.refresh_from_db()
    assert habit.current_streak == 3
    assert habit.best_streak == 3


def test_undo_removes_the_day_and_rescoring_follows(habit):
    services.habit_check_in(habit=habit, now=seoul("2026-03-02 09:00"))
    services.habit_check_in(habit=habit, now=seoul("2026-03-03 09:00"))
    services.habit_check_in_undo(habit=habit, now=seoul("2026-03-03 10:00"))
    habit.refresh_from_db()
    assert habit.total_completions == 1
    assert habit.current_streak == 1  # today is pending again, yesterday still counts
    assert not HabitLog.objects.filter(habit=habit, local_date=D(2026, 3, 3)).exists()


def test_skip_day_freezes_the_streak(habit):
    services.habit_check_in(habit=habit, now=seoul("2026-03-02 09:00"))
    services.habit_skip(habit=habit, now=seoul("2026-03-03 09:00"))
    services.habit_check_in(habit=habit, now=seoul("2026-03-04 09:00"))
    habit.refresh_from_db()
    assert habit.current_streak == 2
    assert HabitLog.objects.get(habit=habit, local_date=D(2026, 3, 3)).status == "skipped"


def test_skip_refused_on_a_done_day(habit):
    services.habit_check_in(habit=habit, now=seoul("2026-03-02 09:00"))
    with pytest.raises(ConflictError):
        services.habit_skip(habit=habit, now=seoul("2026-03-02 10:00"))


def test_weekday_habit_survives_the_weekend(weekday_habit):
    # Fri 6 Mar 2026, then Mon 9 Mar
    services.habit_check_in(habit=weekday_habit, now=seoul("2026-03-06 09:00"))
    services.habit_check_in(habit=weekday_habit, now=seoul("2026-03-09 09:00"))
    weekday_habit.refresh_from_db()
    assert weekday_habit.current_streak == 2


def test_n_per_week_streak_counts_weeks(alice, make_habit):
    habit = make_habit(alice, schedule_type=ScheduleType.TIMES_PER_WEEK, times_per_week=2)
    for text in ("2026-03-02 09:00", "2026-03-04 09:00", "2026-03-10 09:00", "2026-03-12 09:00"):
        services.habit_check_in(habit=habit, now=seoul(text))
    habit.refresh_from_db()
    assert habit.current_streak == 2
    assert habit.total_completions == 4


def test_numeric_habit_counts_up_to_the_target(numeric_habit):
    now = seoul("2026-03-02 09:00")
    result = services.habit_check_in(habit=numeric_habit, increment=3, now=now)
    assert result.log.status == LogStatus.PARTIAL
    result = services.habit_check_in(habit=numeric_habit, increment=5, now=now)
    assert result.log.status == LogStatus.DONE
    assert result.log.count == 8
    assert result.completed_now
    numeric_habit.refresh_from_db()
    assert numeric_habit.total_completions == 1


def test_check_in_keeps_mood_energy_and_encrypted_note(habit):
    services.habit_check_in(
        habit=habit, mood=7, energy=4, note="피곤했지만 해냈다", now=seoul("2026-03-02 09:00")
    )
    log = HabitLog.objects.get(habit=habit)
    assert (log.mood, log.energy, log.note) == (7, 4, "피곤했지만 해냈다")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM habits_habitlog WHERE id = %s", [log.pk])
        assert "피곤" not in cursor.fetchone()[0]


def test_paused_habit_refuses_check_in_and_paused_days_freeze_the_streak(habit):
    services.habit_check_in(habit=habit, now=seoul("2026-03-02 09:00"))
    services.habit_pause(habit=habit)
    with pytest.raises(ConflictError):
        services.habit_check_in(habit=habit, now=seoul("2026-03-03 09:00"))
    services.habit_resume(habit=habit)
    # given the pause lasted the 3rd..5th (the log rows carry the real times)
    logs = HabitStatusLog.objects.filter(habit=habit).order_by("created_at")
    HabitStatusLog.objects.filter(pk=logs[0].pk).update(created_at=seoul("2026-03-03 08:00"))
    HabitStatusLog.objects.filter(pk=logs[1].pk).update(created_at=seoul("2026-03-06 08:00"))
    services.habit_check_in(habit=habit, now=seoul("2026-03-06 09:00"))
    habit.refresh_from_db()
    assert habit.current_streak == 2
    assert [(log.from_status, log.to_status) for log in logs] == [
        ("active", "paused"),
        ("paused", "active"),
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_check_ins_count_once(alice, make_habit):
    habit = make_habit(alice)
    now = seoul("2026-03-02 09:00")
    barrier = threading.Barrier(4)
    errors = []

    def tap():
        try:
            barrier.wait()
            services.habit_check_in(habit=Habit.objects.get(pk=habit.pk), now=now)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert HabitLog.objects.filter(habit=habit).count() == 1
    habit.refresh_from_db()
    assert habit.total_completions == 1
