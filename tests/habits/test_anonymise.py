"""A withdrawn user's habits data is gone after anonymisation; other users keep theirs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.services import user_anonymise, user_change_state
from habits import services
from habits.models import (
    Habit,
    HabitLog,
    HabitPreferences,
    HabitVacation,
    HealthGoal,
    HealthIntegration,
    HealthMetric,
    UserAchievement,
    WorkoutSession,
)

from .conftest import seoul_today

pytestmark = pytest.mark.django_db

HABITS_TABLES = (
    Habit,
    HabitLog,
    HabitVacation,
    HabitPreferences,
    HealthMetric,
    HealthGoal,
    HealthIntegration,
    UserAchievement,
    WorkoutSession,
)


def fill_habits_data(user) -> None:
    habit = services.habit_create(user=user, name="Therapy homework", notes="talk about mum")
    services.habit_check_in(habit=habit, note="felt anxious", mood=3)
    services.vacation_create(
        user=user,
        start_date=seoul_today() + dt.timedelta(days=3),
        end_date=seoul_today() + dt.timedelta(days=5),
        reason="hospital",
    )
    services.preferences_update(user=user, gamification_enabled=False)
    services.metric_record(user=user, metric_type="steps", value=1234)
    services.goal_set(user=user, metric_type="steps", target_value=8000, start_date=seoul_today())
    services.integration_connect(user=user, provider="fitbit", access_token="secret-token")
    services.session_start(user=user, name="Morning run")


def rows_of(user) -> dict[str, int]:
    return {model.__name__: model.objects.filter(user=user).count() for model in HABITS_TABLES}


def test_a_withdrawn_users_habit_data_is_gone_after_anonymisation(alice, bob):
    # given
    fill_habits_data(alice)
    fill_habits_data(bob)
    assert all(rows_of(alice)[name] for name in ("Habit", "HabitLog", "HealthMetric"))
    user_change_state(user=alice, new_state="resigned", actor=alice)
    alice.refresh_from_db()
    type(alice).objects.filter(pk=alice.pk).update(
        deleted_at=timezone.now() - dt.timedelta(days=31)
    )

    # when
    assert user_anonymise(user_id=alice.pk) is True

    # then
    assert rows_of(alice) == dict.fromkeys(rows_of(alice), 0)
    assert not Habit.objects.filter(name="Therapy homework", user=alice).exists()
    assert rows_of(bob)["Habit"] == 1
    assert rows_of(bob)["HealthIntegration"] == 1


def test_the_habits_anonymiser_is_safe_to_run_twice(alice):
    from habits.exports import habits_anonymise_user

    fill_habits_data(alice)
    habits_anonymise_user(alice)
    habits_anonymise_user(alice)
    assert sum(rows_of(alice).values()) == 0
