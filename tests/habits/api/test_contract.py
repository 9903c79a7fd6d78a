"""One contract for every habits API resource: sign-in required, owners only, lists bounded."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from habits import services
from habits.models import Exercise
from tests.habits.conftest import seoul, seoul_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(alice):
    """One object of each kind belonging to alice, and the URLs that address them."""
    habit = services.habit_create(user=alice, name="Walk")
    log = services.habit_check_in(habit=habit).log
    vacation = services.vacation_create(
        user=alice,
        start_date=seoul_today() + dt.timedelta(days=10),
        end_date=seoul_today() + dt.timedelta(days=12),
    )
    metric = services.metric_record(user=alice, metric_type="weight", value=60)
    goal = services.goal_set(
        user=alice, metric_type="steps", target_value=8000, start_date=seoul_today()
    )
    services.integration_connect(user=alice, provider="fitbit", access_token="t")
    session = services.session_start(user=alice)
    return {
        "habit": f"/api/v1/habits/{habit.pk}/",
        "log": f"/api/v1/habit-logs/{log.pk}/",
        "vacation": f"/api/v1/habit-vacations/{vacation.pk}/",
        "metric": f"/api/v1/health-metrics/{metric.pk}/",
        "goal": f"/api/v1/health-goals/{goal.pk}/",
        "integration": "/api/v1/health-integrations/fitbit/",
        "session": f"/api/v1/workout-sessions/{session.pk}/",
    }


LISTS = [
    "/api/v1/habits/",
    "/api/v1/habit-logs/",
    "/api/v1/habit-vacations/",
    "/api/v1/achievements/",
    "/api/v1/habit-preferences/",
    "/api/v1/habits-dashboard/",
    "/api/v1/workout-plans/",
    "/api/v1/workout-sessions/",
    "/api/v1/personal-records/",
    "/api/v1/health-metrics/",
    "/api/v1/health-goals/",
    "/api/v1/health-integrations/",
]


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_requests_are_refused(url):
    assert APIClient().get(url).status_code in (401, 403)


@pytest.mark.parametrize(
    "kind", ["habit", "log", "vacation", "metric", "goal", "integration", "session"]
)
def test_another_user_can_neither_read_nor_change_the_owners_objects(owned, bob, kind):
    client = APIClient()
    client.force_authenticate(bob)
    url = owned[kind]
    assert client.get(url).status_code == 404
    assert client.delete(url).status_code in (404, 405)
    assert client.patch(url, {"name": "mine now"}).status_code in (404, 405)


def test_another_user_cannot_check_in_pause_or_log_sets_on_the_owners_objects(owned, bob):
    client = APIClient()
    client.force_authenticate(bob)
    for action in ("check-in", "undo", "skip", "pause", "archive"):
        assert client.post(owned["habit"] + f"{action}/", {}).status_code == 404
    assert client.post(owned["session"] + "finish/", {}).status_code == 404
    assert client.post(owned["session"] + "exercises/", {"exercise": "push-up"}).status_code == 404


@pytest.mark.parametrize("url", [u for u in LISTS if "preferences" not in u])
def test_owner_lists_hold_only_their_rows(owned, bob, url):
    client = APIClient()
    client.force_authenticate(bob)
    response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    if url.endswith("habits-dashboard/"):
        assert rows["due"] == []
    elif url.endswith("achievements/"):
        assert all(row["unlocked_at"] is None for row in rows)
    elif not url.endswith("workout-plans/"):
        assert rows == []


def _fill(user, n):
    from billing.models import Plan, Subscription

    now = dt.datetime.now(dt.UTC)
    Subscription.objects.get_or_create(
        user=user,
        defaults={
            "plan": Plan.objects.get(code="premium_monthly"),
            "status": "active",
            "provider": "dev",
            "started_at": now,
            "current_period_start": now,
            "current_period_end": now + dt.timedelta(days=30),
        },
    )
    squat = Exercise.objects.get(slug="goblet-squat")
    for i in range(n):
        habit = services.habit_create(user=user, name=f"habit {i}")
        for day in range(3):
            services.habit_check_in(
                habit=habit, mood=5 + day, now=seoul(f"2026-03-0{day + 1} 09:00")
            )
        services.metric_record(
            user=user, metric_type="steps", value=100 + i, recorded_at=seoul(f"2026-03-01 1{i}:00")
        )
        services.goal_set(
            user=user,
            metric_type=["weight", "steps", "sleep", "water", "distance"][i % 5],
            target_value=10,
            start_date=dt.date(2026, 3, 1),
        )
        session = services.session_start(user=user, now=seoul(f"2026-03-0{i + 1} 18:00"))
        entry = services.session_add_exercise(session=session, exercise=squat)
        services.set_log(session_exercise=entry, reps=10, weight_kg=Decimal(20 + i))
        services.session_finish(session=session)


@pytest.mark.parametrize("url", LISTS)
def test_lists_run_a_fixed_number_of_queries(alice, url, django_assert_max_num_queries):
    client = APIClient()
    client.force_authenticate(alice)
    _fill(alice, 2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    _fill_more = 4
    from habits.models import Habit

    Habit.objects.filter(user=alice).delete()
    _fill(alice, _fill_more)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/v1/exercises/", "/api/v1/habit-categories/", "/api/v1/habit-templates/"]
)
def test_catalogue_lists_run_a_fixed_number_of_queries(alice, url, django_assert_max_num_queries):
    # The seeded catalogues hold dozens of rows: a query per row would blow this bound.
    client = APIClient()
    client.force_authenticate(alice)
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    assert len(rows) > 5


def test_a_trainer_cannot_see_drafts_or_change_another_trainers_plan(alice, bob):
    from django.contrib.auth.models import Group

    trainers = Group.objects.get(name="trainers")
    alice.groups.add(trainers)
    bob.groups.add(trainers)
    owner, other = APIClient(), APIClient()
    owner.force_authenticate(alice)
    other.force_authenticate(bob)
    plan = owner.post("/api/v1/workout-plans/", {"name": "Leg day"}, format="json").json()
    url = f"/api/v1/workout-plans/{plan['id']}/"

    assert other.get(url).status_code == 404  # an unpublished draft is the owner's alone
    assert other.patch(url, {"name": "mine now"}, format="json").status_code in (403, 404)
    assert other.delete(url).status_code in (403, 404, 405)
    item = {"exercise": "push-up", "sets": 3, "reps": 12}
    assert other.post(url + "items/", item, format="json").status_code in (403, 404)
    assert other.post(url + "publish/").status_code in (403, 404)
    assert owner.get(url).json()["name"] == "Leg day"
