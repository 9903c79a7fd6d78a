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


EXTRAS_TABLES = (
    "habits_workoutsession",
    "habits_userachievement",
    "habits_healthgoal",
    "habits_healthmetric",
    "habits_habitvacation",
)


def reads_of(captured, table: str) -> list[str]:
    """The queries that read ``table`` on their own (not as a subquery of another read)."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and q["sql"].split(" FROM ")[-1].startswith(f'"{table}"')
    ]


def test_a_second_read_takes_the_non_habit_parts_from_the_cache(alice, alice_api, habit):
    # given a user with a workout, a goal and a measurement, a vacation and an achievement
    today = seoul_today()
    services.session_start(user=alice, name="Legs")
    services.goal_set(user=alice, metric_type="steps", target_value=8000, start_date=today)
    services.metrics_bulk_upload(
        user=alice,
        points=[{"metric_type": "steps", "value": 900, "recorded_at": dt.datetime.now(dt.UTC)}],
        source="manual",
    )
    services.vacation_create(user=alice, start_date=today, end_date=today + dt.timedelta(days=2))
    services.habit_check_in(habit=habit, on_date=today - dt.timedelta(days=1))
    with CaptureQueriesContext(connection) as first:
        body = board(alice_api)
    assert body["workout"]["name"] == "Legs"
    assert body["on_vacation"] is True
    assert body["goals"]
    with CaptureQueriesContext(connection) as second:
        assert board(alice_api) == body
    # then the first read asked each part once, the second none of them
    assert all(len(reads_of(first, table)) == 1 for table in EXTRAS_TABLES), [
        (table, len(reads_of(first, table))) for table in EXTRAS_TABLES
    ]
    assert not any(reads_of(second, table) for table in EXTRAS_TABLES)
    assert len(second.captured_queries) == len(first.captured_queries) - len(EXTRAS_TABLES)


def test_a_cold_read_asks_nothing_of_the_parts_the_user_has_no_rows_for(alice_api, habit):
    # given a user with a habit and no workouts, goals, vacations or achievements
    with CaptureQueriesContext(connection) as cold:
        body = board(alice_api)
    with CaptureQueriesContext(connection) as warm:
        assert board(alice_api) == body
    # then the habit read said so (its probe), and the cold read costs what a warm one does
    assert body["workout"] is None
    assert body["goals"] == []
    assert body["on_vacation"] is False
    assert not any(reads_of(cold, table) for table in (*EXTRAS_TABLES, "habits_habitpreferences"))
    assert len(cold.captured_queries) == len(warm.captured_queries)


def test_a_user_without_habits_still_sees_the_non_habit_parts(alice, alice_api):
    services.session_start(user=alice, name="Run")
    assert board(alice_api)["workout"]["name"] == "Run"


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


def test_a_write_between_the_lookup_and_the_store_refuses_the_stored_entry(alice):
    """The dashboard looks the entry up, reads the rows itself and stores them: a write
    marked after the lookup began must refuse what it stores."""
    import time

    from habits.caching import dashboard_extras_lookup, dashboard_extras_store

    today = seoul_today()

    def valid(extras):
        return True

    started = time.time()
    assert dashboard_extras_lookup(user_id=alice.pk, valid=valid) == (False, None)
    extras = selectors._dashboard_extras_read(user=alice, today=today)
    dashboard_extras_forget(user_id=alice.pk)  # the user's write lands meanwhile
    dashboard_extras_store(user_id=alice.pk, value=extras, started=started)
    assert dashboard_extras_lookup(user_id=alice.pk, valid=valid) == (False, None)
    # a store that began after the write is kept
    dashboard_extras_store(user_id=alice.pk, value=extras, started=time.time() + 0.001)
    hit, _value = dashboard_extras_lookup(user_id=alice.pk, valid=valid)
    assert hit
