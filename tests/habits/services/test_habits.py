import threading

import pytest
from django.db import connection

from core.exceptions import ConflictError, HaruError
from habits import services
from habits.enums import HabitStatus
from habits.models import Habit, HabitTemplate
from habits.services import HabitLimitReachedError

pytestmark = pytest.mark.django_db


def test_free_plan_allows_three_habits_and_says_how_to_lift_the_limit(alice, make_habit):
    for n in range(3):
        make_habit(alice, name=f"habit {n}")
    with pytest.raises(HabitLimitReachedError) as refused:
        make_habit(alice, name="fourth")
    assert refused.value.code == "habit_limit_reached"
    assert "/billing/pricing/" not in refused.value.message  # the page links it instead
    assert refused.value.action_url == "/billing/pricing/"
    assert Habit.objects.filter(user=alice).count() == 3


def test_archiving_frees_a_slot_and_restoring_needs_one(alice, make_habit):
    habits = [make_habit(alice, name=f"habit {n}") for n in range(3)]
    services.habit_archive(habit=habits[0])
    make_habit(alice, name="replacement")
    with pytest.raises(HabitLimitReachedError):
        services.habit_resume(habit=habits[0])


def test_premium_has_no_habit_limit(premium, make_habit):
    for n in range(6):
        make_habit(premium, name=f"habit {n}")
    assert Habit.objects.filter(user=premium).count() == 6


def test_create_from_template_copies_its_defaults(alice):
    template = HabitTemplate.objects.get(slug="drink-water")
    habit = services.habit_create_from_template(user=alice, template=template)
    assert habit.kind == "numeric"
    assert habit.target_count == 8
    assert habit.category.slug == "health"
    assert habit.reminder_times


def test_catalogue_has_seven_categories_and_at_least_thirty_templates():
    from habits.models import HabitCategory

    assert HabitCategory.objects.count() == 7
    assert HabitTemplate.objects.filter(is_active=True).count() >= 30
    assert not HabitTemplate.objects.filter(name_en="").exists()
    assert not HabitTemplate.objects.filter(name_ko="").exists()


def test_weekday_schedule_needs_a_weekday(alice, make_habit):
    with pytest.raises(HaruError) as refused:
        make_habit(alice, schedule_type="weekdays", weekdays=[])
    assert "weekdays" in refused.value.fields


def test_status_changes_are_checked_and_logged(habit, alice):
    services.habit_pause(habit=habit, actor=alice)
    services.habit_archive(habit=habit, actor=alice)
    with pytest.raises(ConflictError):
        services.habit_pause(habit=habit)
    habit.refresh_from_db()
    assert habit.status == HabitStatus.ARCHIVED
    assert list(habit.status_logs.order_by("created_at").values_list("to_status", flat=True)) == [
        "paused",
        "archived",
    ]


def test_schedule_change_rescores_history(habit):
    from tests.habits.conftest import seoul

    services.habit_check_in(habit=habit, now=seoul("2026-03-06 09:00"))  # Friday
    habit = services.habit_update(habit=habit, schedule_type="weekdays", weekdays=[0, 4])
    assert habit.weekdays == [0, 4]


@pytest.mark.django_db(transaction=True)
def test_concurrent_habit_creation_respects_the_plan_limit(make_user):
    user = make_user()
    barrier = threading.Barrier(5)
    outcomes = []

    def add(n):
        try:
            barrier.wait()
            services.habit_create(user=user, name=f"habit {n}")
            outcomes.append("ok")
        except HabitLimitReachedError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * 2
    assert Habit.objects.filter(user=user).count() == 3
