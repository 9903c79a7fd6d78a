import threading

import pytest
from django.db import connection

from accounts.models import Notification
from billing.models import LedgerEntry, Wallet
from habits import services
from habits.models import Achievement, Habit, UserAchievement
from tests.habits.conftest import seoul

pytestmark = pytest.mark.django_db


def points_of(user) -> int:
    wallet = Wallet.objects.filter(user=user, unit="points").first()
    return wallet.balance if wallet else 0


def test_first_check_in_unlocks_once_awards_points_and_notifies(alice, habit):
    result = services.habit_check_in(habit=habit, now=seoul("2026-03-02 09:00"))
    assert [row.achievement_id for row in result.unlocked] == ["first_check_in"]
    assert points_of(alice) == Achievement.objects.get(code="first_check_in").points
    assert Notification.objects.filter(user=alice, type="achievement").count() == 1

    # undo and check in again: no second unlock, no second award
    services.habit_check_in_undo(habit=habit, now=seoul("2026-03-02 10:00"))
    again = services.habit_check_in(habit=habit, now=seoul("2026-03-02 11:00"))
    assert again.unlocked == []
    assert UserAchievement.objects.filter(user=alice).count() == 1
    assert points_of(alice) == 10


def test_seven_day_streak_unlocks_first_week(alice, habit):
    for day in range(1, 8):
        services.habit_check_in(habit=habit, now=seoul(f"2026-03-0{day} 09:00"))
    assert UserAchievement.objects.filter(user=alice, achievement="first_week").exists()


def test_early_bird_counts_check_ins_before_seven_local(alice, premium, make_habit):
    habit = make_habit(alice)
    for day in range(1, 5):
        services.habit_check_in(habit=habit, now=seoul(f"2026-03-0{day} 06:30"))
    assert not UserAchievement.objects.filter(user=alice, achievement="early_bird").exists()
    services.habit_check_in(habit=habit, now=seoul("2026-03-05 06:59"))
    assert UserAchievement.objects.filter(user=alice, achievement="early_bird").exists()


def test_perfect_day_needs_every_due_habit(alice, make_habit):
    habits = [make_habit(alice, name=f"h{n}") for n in range(3)]
    now = seoul("2026-03-02 20:00")
    for habit in habits[:2]:
        services.habit_check_in(habit=habit, now=now)
    assert not UserAchievement.objects.filter(user=alice, achievement="perfect_day").exists()
    services.habit_check_in(habit=habits[2], now=now)
    assert UserAchievement.objects.filter(user=alice, achievement="perfect_day").exists()
    # three habits were started: that one unlocked on creation
    assert UserAchievement.objects.filter(user=alice, achievement="three_habits").exists()


def test_perfect_day_counts_only_the_habits_scheduled_that_weekday(alice, premium, make_habit):
    from habits.enums import ScheduleType

    # given, on Monday 2 March 2026: two daily habits, one due on Mondays, one due only at
    # weekends and one three times a week (weekly habits never count for the perfect day)
    daily = [make_habit(alice, name=f"daily {n}") for n in range(2)]
    mondays = make_habit(alice, name="mondays", schedule_type=ScheduleType.WEEKDAYS, weekdays=[0])
    make_habit(alice, name="weekends", schedule_type=ScheduleType.WEEKDAYS, weekdays=[5, 6])
    make_habit(alice, name="weekly", schedule_type=ScheduleType.TIMES_PER_WEEK, times_per_week=3)
    now = seoul("2026-03-02 20:00")
    # when the two daily habits are done, then the Monday one is still missing
    for habit in daily:
        services.habit_check_in(habit=habit, now=now)
    assert not UserAchievement.objects.filter(user=alice, achievement="perfect_day").exists()
    # and when it is done too, the day is perfect (weekend and weekly habits aside)
    result = services.habit_check_in(habit=mondays, now=now)
    assert "perfect_day" in [row.achievement_id for row in result.unlocked]


def test_night_owl_counts_only_check_ins_after_ten_on_their_own_local_day(
    alice, premium, make_habit
):
    habit = make_habit(alice)
    # 23:30 local on the day itself counts; a back-fill for yesterday made at 23:00 does not
    for day in range(1, 5):
        services.habit_check_in(habit=habit, now=seoul(f"2026-03-0{day} 23:30"))
    services.habit_check_in(
        habit=habit, on_date=seoul("2026-03-05 12:00").date(), now=seoul("2026-03-06 23:00")
    )
    assert not UserAchievement.objects.filter(user=alice, achievement="night_owl").exists()
    services.habit_check_in(habit=habit, now=seoul("2026-03-06 23:10"))
    assert UserAchievement.objects.filter(user=alice, achievement="night_owl").exists()


def test_the_tenth_mood_unlocks_the_mood_achievement_also_on_an_edited_done_day(alice, habit):
    for day in range(1, 10):
        services.habit_check_in(habit=habit, mood=6, now=seoul(f"2026-03-{day:02d} 09:00"))
    assert not UserAchievement.objects.filter(user=alice, achievement="mood_tracker").exists()
    # a done day without a mood, then its mood added later (the "mood" trigger)
    services.habit_check_in(habit=habit, now=seoul("2026-03-10 09:00"))
    assert not UserAchievement.objects.filter(user=alice, achievement="mood_tracker").exists()
    result = services.habit_check_in(habit=habit, mood=7, now=seoul("2026-03-10 10:00"))
    assert "mood_tracker" in [row.achievement_id for row in result.unlocked]


def test_a_check_in_reads_the_achievement_measures_in_a_few_queries(alice, make_habit):
    from django.test.utils import CaptureQueriesContext

    habits = [make_habit(alice, name=f"h{n}") for n in range(3)]
    services.habit_check_in(habit=habits[0], now=seoul("2026-03-02 09:00"))
    with CaptureQueriesContext(connection) as queries:
        services.habit_check_in(habit=habits[1], mood=5, now=seoul("2026-03-02 09:05"))
    # the habit measures, the log measures and the day's due habits: one query of subqueries
    aggregates = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and ("COUNT(" in q["sql"] or "SUM(" in q["sql"])
    ]
    assert len(aggregates) == 1, aggregates
    assert all(word in aggregates[0] for word in ("SUM(", "COUNT(", "habits_habitlog")), aggregates


def test_switching_gamification_off_after_a_check_in_stops_unlocks_at_once(alice, make_habit):
    first, second = make_habit(alice, name="a"), make_habit(alice, name="b")
    services.habit_check_in(habit=first, now=seoul("2026-03-02 09:00"))  # lists what is locked
    services.preferences_update(user=alice, gamification_enabled=False)
    for day in range(3, 12):  # nine moods while it is off
        result = services.habit_check_in(
            habit=second, mood=5, now=seoul(f"2026-03-{day:02d} 09:00")
        )
        assert result.unlocked == []
    services.preferences_update(user=alice, gamification_enabled=True)
    result = services.habit_check_in(habit=first, mood=6, now=seoul("2026-03-12 09:00"))
    assert "mood_tracker" in [row.achievement_id for row in result.unlocked]  # the tenth


def test_gamification_off_unlocks_nothing(alice, habit):
    services.preferences_update(user=alice, gamification_enabled=False)
    result = services.habit_check_in(habit=habit, now=seoul("2026-03-02 09:00"))
    assert result.unlocked == []
    assert not UserAchievement.objects.filter(user=alice).exists()
    assert points_of(alice) == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_on_two_habits_unlock_first_check_in_once(make_user):
    user = make_user()
    habits = [services.habit_create(user=user, name=f"h{n}") for n in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def tap(habit_id):
        try:
            barrier.wait()
            services.habit_check_in(
                habit=Habit.objects.get(pk=habit_id), now=seoul("2026-03-02 09:00")
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(habit.pk,)) for habit in habits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert UserAchievement.objects.filter(user=user, achievement="first_check_in").count() == 1
    assert (
        LedgerEntry.objects.filter(wallet__user=user, reason="achievement").count()
        == UserAchievement.objects.filter(user=user).exclude(points_earned=0).count()
    )
    assert Notification.objects.filter(user=user, type="achievement").count() == (
        UserAchievement.objects.filter(user=user).count()
    )
