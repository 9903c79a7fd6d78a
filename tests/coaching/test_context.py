"""Context providers: upper apps tell coaching about activity without coaching importing them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coaching import context

pytestmark = pytest.mark.django_db


def test_habits_registers_its_provider_and_collect_returns_check_ins_by_local_day(alice):
    from habits.models import Habit, HabitLog

    today = timezone.localdate()
    habit = Habit.objects.create(user=alice, name="물 마시기", started_on=today)
    HabitLog.objects.create(habit=habit, user=alice, local_date=today, completed_at=timezone.now())
    start = timezone.now() - datetime.timedelta(days=7)
    end = timezone.now() + datetime.timedelta(days=1)

    facts = context.collect(alice, start, end)

    assert "habits" in context.providers()
    assert facts["habits"]["check_ins_by_day"] == {today.isoformat(): 1}
    assert facts["habits"]["workouts_by_day"] == {}


def test_collect_leaves_out_a_failing_provider(alice):
    def broken(user, start, end):
        raise RuntimeError("boom")

    context.register_provider("broken-test", broken)
    try:
        facts = context.collect(alice, timezone.now() - datetime.timedelta(days=1), timezone.now())
    finally:
        context.unregister_provider("broken-test")

    assert "broken-test" not in facts


def test_provider_names_are_checked():
    with pytest.raises(ValueError, match="lower-case"):
        context.register_provider("Bad Name", lambda u, s, e: {})


def test_collect_needs_aware_datetimes(alice):
    with pytest.raises(ValueError, match="timezone-aware"):
        context.collect(alice, datetime.datetime(2026, 1, 1), datetime.datetime(2026, 1, 2))  # noqa: DTZ001
