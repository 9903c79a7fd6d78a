import datetime as dt

import pytest

from accounts.models import SafetyPause
from habits.enums import LogStatus
from habits.services.stats import habit_recompute_stats
from tests.habits.factories import HabitFactory, HabitLogFactory

pytestmark = pytest.mark.django_db


def test_days_under_a_safety_pause_neither_break_nor_extend_a_streak(make_user):
    # given: done Jan 1-3 and Jan 6, a safety pause over Jan 4-5 (Seoul days)
    user = make_user(timezone="Asia/Seoul")
    habit = HabitFactory(user=user, started_on=dt.date(2026, 1, 1))
    for day in (1, 2, 3, 6):
        HabitLogFactory(habit=habit, local_date=dt.date(2026, 1, day), status=LogStatus.DONE)
    SafetyPause.objects.create(
        user=user,
        starts_at=dt.datetime(2026, 1, 3, 15, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 1, 5, 15, tzinfo=dt.UTC),
    )
    # when
    stats = habit_recompute_stats(habit=habit, today=dt.date(2026, 1, 7))
    # then
    assert stats.current == 4


def test_without_the_pause_the_same_gap_breaks_the_streak(make_user):
    user = make_user(timezone="Asia/Seoul")
    habit = HabitFactory(user=user, started_on=dt.date(2026, 1, 1))
    for day in (1, 2, 3, 6):
        HabitLogFactory(habit=habit, local_date=dt.date(2026, 1, day), status=LogStatus.DONE)
    assert habit_recompute_stats(habit=habit, today=dt.date(2026, 1, 7)).current == 1
