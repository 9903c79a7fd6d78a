"""The "today" dashboard caches its non-habit parts per user; a user's own write is seen at once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from habits import selectors, services
from habits.caching import dashboard_extras_cached, dashboard_extras_forget
from tests.habits.conftest import seoul_today

pytestmark = pytest.mark.django_db

URL = "/api/v1/habits-dashboard/"


def board(api):
    response = api.get(URL)
    assert response.status_code == 200
    return response.json()


def test_a_second_read_takes_the_non_habit_parts_from_the_cache(alice_api, habit):
    with CaptureQueriesContext(connection) as first:
        board(alice_api)
    with CaptureQueriesContext(connection) as second:
        board(alice_api)
    tables = ("habits_workoutsession", "habits_habitpreferences", "habits_healthgoal")
    assert any(t in q["sql"] for q in first.captured_queries for t in tables)
    assert not any(t in q["sql"] for q in second.captured_queries for t in tables)
    assert len(second.captured_queries) == len(first.captured_queries) - 5


def test_starting_and_abandoning_a_workout_shows_at_once(alice, alice_api):
    assert board(alice_api)["workout"] is None
    session = services.session_start(user=alice, name="Legs")
    assert board(alice_api)["workout"]["name"] == "Legs"
    services.session_abandon(session=session)
    assert board(alice_api)["workout"] is None


def test_a_new_vacation_and_its_removal_show_at_once(alice, alice_api):
    today = seoul_today()
    assert board(alice_api)["on_vacation"] is False
    vacation = services.vacation_create(
        user=alice, start_date=today, end_date=today + dt.timedelta(days=3)
    )
    assert board(alice_api)["on_vacation"] is True
    services.vacation_delete(vacation=vacation)
    assert board(alice_api)["on_vacation"] is False


def test_a_goal_and_a_metric_recorded_today_show_at_once(alice, alice_api):
    assert board(alice_api)["goals"] == []
    goal = services.goal_set(
        user=alice, metric_type="steps", target_value=8000, start_date=seoul_today()
    )
    goals = board(alice_api)["goals"]
    assert [g["metric_type"] for g in goals] == ["steps"]
    assert goals[0]["value"] is None
    services.metrics_bulk_upload(
        user=alice,
        points=[{"metric_type": "steps", "value": 9000, "recorded_at": dt.datetime.now(dt.UTC)}],
        source="manual",
    )
    goals = board(alice_api)["goals"]
    assert Decimal(goals[0]["value"]) == 9000
    assert goals[0]["met"] is True
    services.goal_deactivate(goal=goal)
    assert board(alice_api)["goals"] == []


def test_switching_gamification_off_hides_recent_achievements_at_once(alice, client, habit):
    client.force_login(alice)
    services.habit_check_in(habit=habit)  # unlocks the first check-in achievement
    page = client.get(reverse("habits:dashboard"))
    assert page.context["board"].recent_achievements
    services.preferences_update(user=alice, gamification_enabled=False)
    page = client.get(reverse("habits:dashboard"))
    assert page.context["board"].recent_achievements == []
    assert page.context["board"].gamification is False


def test_a_read_that_raced_a_write_is_not_kept(alice):
    """The page read the rows, then the write committed, then the page stored what it read:
    the next read must not take that entry."""
    today = seoul_today()
    reads = []

    def read():
        reads.append(today)
        if len(reads) == 1:
            # the user's write lands while this page is still reading
            dashboard_extras_forget(user_id=alice.pk)
        return selectors._dashboard_extras_read(user=alice, today=today)

    def valid(extras):
        return True

    dashboard_extras_cached(user_id=alice.pk, valid=valid, read=read)
    dashboard_extras_cached(user_id=alice.pk, valid=valid, read=read)
    assert len(reads) == 2  # the raced entry was read again
    dashboard_extras_cached(user_id=alice.pk, valid=valid, read=read)
    assert len(reads) == 2  # and then cached


def test_the_cache_is_per_user(alice, bob, alice_api, api_client):
    services.session_start(user=alice, name="Alice's run")
    assert board(alice_api)["workout"]["name"] == "Alice's run"
    api_client.force_authenticate(bob)
    assert board(api_client)["workout"] is None
