import datetime as dt
import importlib
import zoneinfo

import pytest

from habits import services
from habits.enums import HabitKind, ScheduleType

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def seoul(text: str) -> dt.datetime:
    """'2026-03-02 23:59' in Seoul as an aware datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def habits_catalogue(request):
    """Transactional tests start from a flushed database: put the seeded catalogue back.

    Runs the data migrations' own loaders (idempotent), so the data is exactly what a
    migrated database holds: categories, templates, exercises, achievements, the trainers
    group and the reminder schedule.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for name in ("0002_catalogue", "0003_exercises_achievements_trainers_reminders"):
        importlib.import_module(f"habits.migrations.{name}").load(apps, None)


def seoul_today() -> dt.date:
    """Today for the test users (Asia/Seoul), which is not the machine's UTC day after 15:00."""
    return dt.datetime.now(SEOUL).date()


@pytest.fixture
def make_habit():
    def make(user, **fields):
        fields.setdefault("name", "Read 20 minutes")
        return services.habit_create(user=user, **fields)

    return make


@pytest.fixture
def habit(alice, make_habit):
    return make_habit(alice)


@pytest.fixture
def numeric_habit(alice, make_habit):
    return make_habit(alice, name="Water", kind=HabitKind.NUMERIC, target_count=8, unit="glasses")


@pytest.fixture
def weekday_habit(alice, make_habit):
    return make_habit(
        alice, name="Stairs", schedule_type=ScheduleType.WEEKDAYS, weekdays=[0, 1, 2, 3, 4]
    )


@pytest.fixture
def premium(alice):
    """alice on a plan without a habit limit (billing's own subscription service)."""
    from billing.models import Plan, Subscription

    plan = Plan.objects.get(code="premium_monthly")
    now = dt.datetime.now(dt.UTC)
    Subscription.objects.create(
        user=alice,
        plan=plan,
        status="active",
        provider="dev",
        started_at=now,
        current_period_start=now,
        current_period_end=now + dt.timedelta(days=30),
    )
    return alice
