import datetime as dt

import pytest

from habits.models import HabitLog, HealthMetric
from tests.habits.conftest import seoul_today

pytestmark = pytest.mark.django_db


def test_a_new_user_adds_three_habits_checks_in_and_sees_the_dashboard(alice_api):
    ids = []
    for body in (
        {"template": "drink-water"},
        {
            "name": "Stretch",
            "schedule_type": "weekdays",
            "weekdays": [0, 2, 4],
            "reminder_times": ["07:30"],
        },
        # daily, so that yesterday + today is a streak on any day of the week (a weekly habit's
        # current week stays pending until it is met, which made this test depend on the date)
        {"name": "Run", "schedule_type": "daily"},
    ):
        response = alice_api.post("/api/v1/habits/", body, format="json")
        assert response.status_code == 201, response.json()
        ids.append(response.json()["id"])
    # the free plan stops at three, and says how to lift it
    refused = alice_api.post("/api/v1/habits/", {"name": "Fourth"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "habit_limit_reached"
    # the plan that lifts it is named; the app opens its own plans screen for this code
    assert "프리미엄" in refused.json()["message"]
    assert "/billing/pricing/" not in refused.json()["message"]

    today = seoul_today()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    assert (
        alice_api.post(
            f"/api/v1/habits/{ids[2]}/check-in/", {"date": yesterday, "mood": 6}, format="json"
        ).status_code
        == 200
    )
    result = alice_api.post(
        f"/api/v1/habits/{ids[2]}/check-in/", {"mood": 8, "energy": 7}, format="json"
    ).json()
    assert result["habit"]["current_streak"] >= 1
    assert result["log"]["mood"] == 8
    water = alice_api.post(
        f"/api/v1/habits/{ids[0]}/check-in/", {"increment": 3}, format="json"
    ).json()
    assert water["log"]["status"] == "partial"

    board = alice_api.get("/api/v1/habits-dashboard/").json()
    assert len(board["heatmap"]) == 84
    assert len(board["trend"]) == 30
    assert any(point["mood"] == 8 for point in board["trend"])


def test_bad_input_gets_field_errors(alice_api):
    response = alice_api.post("/api/v1/habits/", {"name": "x", "weekdays": [9]}, format="json")
    assert response.status_code == 400
    assert "weekdays" in response.json()["fields"]
    habit = alice_api.post("/api/v1/habits/", {"name": "Read"}, format="json").json()
    response = alice_api.post(
        f"/api/v1/habits/{habit['id']}/check-in/", {"mood": 11}, format="json"
    )
    assert response.status_code == 400
    assert "mood" in response.json()["fields"]
    old = (seoul_today() - dt.timedelta(days=8)).isoformat()
    response = alice_api.post(
        f"/api/v1/habits/{habit['id']}/check-in/", {"date": old}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "date_out_of_range"


def test_owner_is_set_from_the_session_not_the_body(alice_api, alice, bob):
    response = alice_api.post(
        "/api/v1/habits/", {"name": "Mine", "user": str(bob.pk)}, format="json"
    )
    assert response.status_code == 201
    from habits.models import Habit

    assert Habit.objects.get(pk=response.json()["id"]).user == alice


def test_bulk_metric_upload_is_idempotent_over_http(alice_api, alice):
    start = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    body = {
        "source": "google_fit",
        "source_device": "Pixel",
        "points": [
            {
                "metric_type": "heart_rate",
                "value": 60 + i % 30,
                "recorded_at": (start + dt.timedelta(minutes=i)).isoformat(),
            }
            for i in range(2000)
        ],
    }
    first = alice_api.post("/api/v1/health-metrics/bulk/", body, format="json")
    again = alice_api.post("/api/v1/health-metrics/bulk/", body, format="json")
    assert first.json() == {"received": 2000, "created": 2000, "duplicates": 0}
    assert again.json() == {"received": 2000, "created": 0, "duplicates": 2000}
    assert HealthMetric.objects.filter(user=alice).count() == 2000


def test_log_a_workout_and_a_weight_through_the_api(alice_api):
    session = alice_api.post("/api/v1/workout-sessions/", {"name": "Legs"}, format="json").json()
    entry = alice_api.post(
        f"/api/v1/workout-sessions/{session['id']}/exercises/",
        {"exercise": "goblet-squat"},
        format="json",
    ).json()
    result = alice_api.post(
        f"/api/v1/workout-sessions/{session['id']}/sets/",
        {"session_exercise": entry["id"], "reps": 10, "weight_kg": "16"},
        format="json",
    )
    assert result.status_code == 201
    finished = alice_api.post(
        f"/api/v1/workout-sessions/{session['id']}/finish/",
        {"intensity": "moderate"},
        format="json",
    ).json()
    assert finished["status"] == "completed"
    assert finished["exercises"][0]["sets"][0]["reps"] == 10
    weight = alice_api.post(
        "/api/v1/health-metrics/", {"metric_type": "weight", "value": "61.5"}, format="json"
    )
    assert weight.status_code == 201
    assert weight.json()["unit"] == "kg"
    records = alice_api.get("/api/v1/personal-records/").json()
    assert records[0]["exercise"] == "goblet-squat"


def test_integration_tokens_are_write_only(alice_api):
    response = alice_api.post(
        "/api/v1/health-integrations/",
        {"provider": "garmin", "access_token": "secret"},
        format="json",
    )
    assert response.status_code == 201
    assert "access_token" not in response.json()
    assert alice_api.delete("/api/v1/health-integrations/garmin/").status_code == 204


def test_trainers_publish_plans_and_others_cannot(alice_api, alice, make_user):
    from django.contrib.auth.models import Group

    assert alice_api.post("/api/v1/workout-plans/", {"name": "x"}, format="json").status_code == 403
    alice.groups.add(Group.objects.get(name="trainers"))
    plan = alice_api.post("/api/v1/workout-plans/", {"name": "Push day"}, format="json").json()
    alice_api.post(
        f"/api/v1/workout-plans/{plan['id']}/items/",
        {"exercise": "push-up", "sets": 3, "reps": 12},
        format="json",
    )
    version = alice_api.post(f"/api/v1/workout-plans/{plan['id']}/publish/").json()
    assert version["number"] == 1
    session = alice_api.post(
        "/api/v1/workout-sessions/", {"plan_version": version["id"]}, format="json"
    ).json()
    assert session["exercises"][0]["exercise"] == "push-up"


def test_logs_filter_by_habit_and_day(alice_api):
    habit = alice_api.post("/api/v1/habits/", {"name": "Read"}, format="json").json()
    alice_api.post(f"/api/v1/habits/{habit['id']}/check-in/", {}, format="json")
    today = seoul_today()
    rows = alice_api.get(
        f"/api/v1/habit-logs/?habit={habit['id']}&from={today.isoformat()}"
    ).json()["results"]
    assert len(rows) == 1
    assert HabitLog.objects.count() == 1
