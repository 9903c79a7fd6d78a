"""What a check-in reads: the habit together with what the user may still unlock, vacations
and safety pauses together, and a log's photos only when it has any."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from habits import services
from habits.models import Achievement, HabitLog

pytestmark = pytest.mark.django_db


def check_in(api, habit, **body):
    response = api.post(f"/api/v1/habits/{habit.pk}/check-in/", body, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def reads_of(captured, table: str) -> list[str]:
    """The queries that read rows of ``table`` (their select list starts with its columns),
    not those naming it in a subquery."""
    return [
        q["sql"] for q in captured.captured_queries if q["sql"].startswith(f'SELECT "{table}".')
    ]


def test_an_api_check_in_reads_what_is_still_locked_with_the_habit(alice_api, make_habit, alice):
    first, second = make_habit(alice, name="a"), make_habit(alice, name="b")
    with CaptureQueriesContext(connection) as queries:
        body = check_in(alice_api, first, mood=5)
    assert body["unlocked"] == ["first_check_in"]
    # the user's locked achievements came with the habit's row lock, not from a read of their own
    locks = [
        q["sql"]
        for q in queries.captured_queries
        if "FOR UPDATE" in q["sql"] and 'FROM "habits_habit" ' in q["sql"]
    ]
    assert len(locks) == 1
    assert "habits_userachievement" in locks[0]
    assert not [sql for sql in reads_of(queries, "habits_achievement") if "NOT" in sql]
    # and a second check-in asks nothing of the achievement tables on its own
    with CaptureQueriesContext(connection) as again:
        assert check_in(alice_api, second)["unlocked"] == []
    assert not reads_of(again, "habits_achievement")
    assert not reads_of(again, "habits_userachievement")


def test_an_achievement_an_operator_switches_off_is_not_unlocked_from_then_on(
    alice_api, alice, bob, make_habit
):
    from rest_framework.test import APIClient

    # given the achievements were listed by an earlier check-in (bob's)
    bob_api = APIClient()
    bob_api.force_authenticate(bob)
    assert check_in(bob_api, make_habit(bob))["unlocked"] == ["first_check_in"]
    # when an operator switches the first check-in achievement off
    achievement = Achievement.objects.get(code="first_check_in")
    achievement.is_active = False
    achievement.save()
    # then alice's first check-in does not unlock it
    assert check_in(alice_api, make_habit(alice))["unlocked"] == []
    # and when it is on again, her next first check-in of a day does
    achievement.is_active = True
    achievement.save()
    assert check_in(alice_api, make_habit(alice, name="b"))["unlocked"] == ["first_check_in"]


def test_gamification_off_read_with_the_habit_unlocks_nothing(alice_api, alice, make_habit):
    services.preferences_update(user=alice, gamification_enabled=False)
    assert check_in(alice_api, make_habit(alice), mood=4)["unlocked"] == []


def test_vacations_and_safety_pauses_are_read_in_one_query(alice_api, alice, make_habit):
    habit = make_habit(alice)
    with CaptureQueriesContext(connection) as queries:
        check_in(alice_api, habit)
    frozen = [
        q["sql"]
        for q in queries.captured_queries
        if "habits_habitvacation" in q["sql"] or "accounts_safetypause" in q["sql"]
    ]
    assert len(frozen) == 1, frozen
    assert "habits_habitvacation" in frozen[0]
    assert "accounts_safetypause" in frozen[0]
    assert "UNION" in frozen[0]


def test_a_repeated_check_in_shows_its_log_without_asking_for_photos_it_has_none_of(
    alice_api, alice, make_habit
):
    habit = make_habit(alice)
    check_in(alice_api, habit)
    with CaptureQueriesContext(connection) as queries:
        body = check_in(alice_api, habit, mood=7)
    assert body["log"]["photos"] == []
    assert body["log"]["mood"] == 7
    assert not [q for q in queries.captured_queries if '"accounts_uploadedfile"."id"' in q["sql"]]


def test_a_repeated_check_in_shows_the_photo_its_log_has(alice_api, alice, client, make_habit):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    habit = make_habit(alice)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    client.force_login(alice)
    photo = SimpleUploadedFile("walk.png", buffer.getvalue(), content_type="image/png")
    response = client.post(reverse("habits:check_in", args=[habit.pk]), {"photo": photo})
    assert response.status_code == 302
    photo_id = str(HabitLog.objects.get(habit=habit).photos.get().pk)
    assert check_in(alice_api, habit, mood=6)["log"]["photos"] == [photo_id]
