import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from habits import services
from habits.models import Exercise, HabitLog
from habits.services.reminders import reminder_token
from tests.habits.conftest import seoul, seoul_today

pytestmark = pytest.mark.django_db


def speak(user, language: str) -> None:
    """Signed-in users see pages in their profile language (accounts' middleware)."""
    user.language = language
    user.save(update_fields=["language"])


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def alice_world(alice):
    habit = services.habit_create(user=alice, name="Meditate", reminder_times=[dt.time(7, 30)])
    services.habit_check_in(habit=habit, mood=7, energy=6)
    session = services.session_start(user=alice)
    entry = services.session_add_exercise(
        session=session, exercise=Exercise.objects.get(slug="push-up")
    )
    services.set_log(session_exercise=entry, reps=12)
    services.metric_record(user=alice, metric_type="weight", value=60)
    services.goal_set(user=alice, metric_type="steps", target_value=8000, start_date=seoul_today())
    vacation = services.vacation_create(
        user=alice,
        start_date=seoul_today() + dt.timedelta(5),
        end_date=seoul_today() + dt.timedelta(7),
    )
    return {"habit": habit, "session": session, "entry": entry, "vacation": vacation}


PAGES = [
    "habits:dashboard",
    "habits:list",
    "habits:new",
    "habits:vacations",
    "habits:achievements",
    "habits:settings",
    "habits:workouts",
    "habits:exercises",
    "habits:plans",
    "habits:metrics",
]


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_pages_render_in_both_languages(alice_client, alice, alice_world, name, language):
    speak(alice, language)
    response = alice_client.get(reverse(name))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_dashboard_shows_habits_heatmap_trend_workout_and_goals(alice_client, alice, alice_world):
    speak(alice, "en")
    body = alice_client.get(reverse("habits:dashboard")).content.decode()
    assert "Meditate" in body
    assert 'class="heatmap"' in body
    assert 'class="trend"' in body
    assert "Continue workout" in body
    assert "Steps" in body


def test_dashboard_korean_is_translated(alice_client, alice_world):
    body = alice_client.get(reverse("habits:dashboard")).content.decode()
    assert "오늘 할 일" in body
    assert "Due today" not in body


def test_new_user_dashboard_offers_templates(client, make_user):
    client.force_login(make_user(language="en"))
    body = client.get(reverse("habits:dashboard")).content.decode()
    assert reverse("habits:new_from_template", args=["drink-water"]) in body


def test_dashboard_query_count_does_not_grow_with_habits(
    alice, alice_client, django_assert_max_num_queries, premium
):
    habits = [services.habit_create(user=alice, name=f"h{i}") for i in range(2)]
    for habit in habits:
        services.habit_check_in(habit=habit, mood=6)
    with django_assert_max_num_queries(40) as baseline:
        alice_client.get(reverse("habits:dashboard"))
    for i in range(6):
        habit = services.habit_create(user=alice, name=f"more {i}")
        for day in range(1, 6):
            services.habit_check_in(habit=habit, on_date=seoul_today() - dt.timedelta(day), mood=5)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        alice_client.get(reverse("habits:dashboard"))


@pytest.mark.parametrize(
    "name",
    [
        "habits:list",
        "habits:workouts",
        "habits:metrics",
        "habits:achievements",
        "habits:exercises",
        "habits:plans",
        "habits:vacations",
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(
    alice, alice_client, premium, name, django_assert_max_num_queries
):
    def add(n, offset):
        for i in range(n):
            habit = services.habit_create(user=alice, name=f"h{offset + i}")
            services.habit_check_in(habit=habit)
            session = services.session_start(user=alice)
            entry = services.session_add_exercise(
                session=session, exercise=Exercise.objects.get(slug="goblet-squat")
            )
            services.set_log(session_exercise=entry, reps=8, weight_kg=Decimal(10 + i))
            services.session_finish(session=session)
            services.metric_record(
                user=alice,
                metric_type="steps",
                value=1000 + i,
                recorded_at=seoul(f"2026-03-0{offset + i + 1} 10:00"),
            )
            start = seoul_today() + dt.timedelta(days=10 * (offset + i + 1))
            services.vacation_create(
                user=alice, start_date=start, end_date=start + dt.timedelta(days=2)
            )

    add(2, 0)
    with django_assert_max_num_queries(40) as baseline:
        alice_client.get(reverse(name))
    add(4, 2)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        alice_client.get(reverse(name))


def test_one_tap_check_in_with_htmx_swaps_the_row(alice_client, alice):
    speak(alice, "en")
    habit = services.habit_create(user=alice, name="Water")
    response = alice_client.post(
        reverse("habits:check_in", args=[habit.pk]),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="habit-{habit.pk}"' in body
    assert "habit-row--done" in body
    assert 'hx-swap-oob="true"' in body
    assert HabitLog.objects.filter(habit=habit).count() == 1


def test_htmx_rows_show_this_weeks_count_the_days_numbers_and_the_summary(
    alice_client, alice, premium
):
    from habits.enums import HabitKind, ScheduleType

    speak(alice, "en")
    today = seoul_today()
    weekly = services.habit_create(
        user=alice, name="Swim", schedule_type=ScheduleType.TIMES_PER_WEEK, times_per_week=3
    )
    glasses = services.habit_create(
        user=alice, name="Glasses", kind=HabitKind.NUMERIC, target_count=8, unit="glasses"
    )
    if today.weekday() > 0:  # a done day earlier this week counts for the weekly habit
        services.habit_check_in(habit=weekly, on_date=today - dt.timedelta(days=1))

    body = alice_client.post(
        reverse("habits:check_in", args=[weekly.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    done = 2 if today.weekday() > 0 else 1
    assert f"{done} of 3 this week" in body

    body = alice_client.post(
        reverse("habits:check_in", args=[glasses.pk]), {"increment": 3}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "3 / 8 glasses" in body
    assert "habit-row--done" not in body
    # the summary: the weekly habit is done today, the glasses are not (yet)
    assert "1<span" in body


def test_check_in_works_as_a_plain_form_post(alice_client, alice):
    habit = services.habit_create(user=alice, name="Water")
    response = alice_client.post(reverse("habits:check_in", args=[habit.pk]))
    assert response.status_code == 302
    assert HabitLog.objects.filter(habit=habit).exists()
    response = alice_client.post(reverse("habits:undo", args=[habit.pk]))
    assert response.status_code == 302
    assert not HabitLog.objects.filter(habit=habit).exists()


def test_check_in_form_keeps_what_was_typed_on_error(alice_client, alice):
    speak(alice, "en")
    habit = services.habit_create(user=alice, name="Water")
    old = (seoul_today() - dt.timedelta(days=20)).isoformat()
    response = alice_client.post(
        reverse("habits:check_in", args=[habit.pk]), {"on_date": old, "note": "kept text"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "kept text" in body
    assert "last 7 days" in body


def test_habit_form_shows_limit_refusal_inline(alice_client, alice):
    speak(alice, "en")
    for i in range(3):
        services.habit_create(user=alice, name=f"h{i}")
    response = alice_client.post(
        reverse("habits:new"),
        {
            "name": "Fourth",
            "kind": "boolean",
            "schedule_type": "daily",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert '<a href="/billing/pricing/">See plans</a>' in body  # a link, not a raw path
    assert "at /billing/pricing/" not in body
    assert 'value="Fourth"' in body


def test_create_habit_from_the_form(alice_client, alice):
    response = alice_client.post(
        reverse("habits:new"),
        {
            "name": "Stretch",
            "kind": "numeric",
            "target_count": "10",
            "unit": "min",
            "schedule_type": "weekdays",
            "weekdays": ["0", "2"],
            "reminder_1": "07:00",
        },
    )
    assert response.status_code == 302
    habit = alice.habits.get()
    assert (habit.target_count, habit.weekdays, habit.reminder_times) == (
        10,
        [0, 2],
        [dt.time(7, 0)],
    )


def test_other_users_habit_pages_are_404(bob_client, alice_world):
    habit = alice_world["habit"]
    for name in ("habits:detail", "habits:edit", "habits:check_in"):
        assert bob_client.get(reverse(name, args=[habit.pk])).status_code == 404
    for name in ("habits:check_in", "habits:undo", "habits:skip", "habits:status"):
        assert (
            bob_client.post(reverse(name, args=[habit.pk]), {"action": "pause"}).status_code == 404
        )
    session = alice_world["session"]
    assert bob_client.get(reverse("habits:workout_session", args=[session.pk])).status_code == 404
    assert (
        bob_client.post(
            reverse("habits:workout_set", args=[session.pk, alice_world["entry"].pk]), {"reps": 5}
        ).status_code
        == 404
    )
    assert bob_client.post(reverse("habits:workout_finish", args=[session.pk])).status_code == 404
    assert (
        bob_client.post(
            reverse("habits:vacation_delete", args=[alice_world["vacation"].pk])
        ).status_code
        == 404
    )
    assert HabitLog.objects.filter(habit=habit).count() == 1


def test_habit_detail_shows_calendar_and_statistics(alice_client, alice, alice_world):
    speak(alice, "en")
    habit = alice_world["habit"]
    body = alice_client.get(
        reverse("habits:detail", args=[habit.pk]),
    ).content.decode()
    assert "month-calendar" in body
    assert "Habit strength" in body
    previous = alice_client.get(reverse("habits:detail", args=[habit.pk]) + "?month=2025-01")
    assert previous.status_code == 200


def test_reminder_link_checks_the_habit_off(client, alice):
    habit = services.habit_create(user=alice, name="Vitamins")
    today = seoul_today()
    url = reverse("habits:reminder_check_in", args=[reminder_token(habit=habit, day=today)])
    assert client.get(url).status_code == 200
    assert not HabitLog.objects.exists()
    response = client.post(url)
    assert response.status_code == 200
    log = HabitLog.objects.get(habit=habit)
    assert log.source == "reminder"
    assert client.post(url).status_code == 200
    assert HabitLog.objects.count() == 1


def test_forged_reminder_link_is_404(client):
    assert client.get(reverse("habits:reminder_check_in", args=["forged"])).status_code == 404


def test_csv_exports_hold_only_my_rows(alice_client, alice_world, bob):
    other = services.habit_create(user=bob, name="Bob's secret habit")
    services.habit_check_in(habit=other)
    body = b"".join(alice_client.get(reverse("habits:export_habits")).streaming_content).decode()
    assert "Meditate" in body
    assert "Bob's secret habit" not in body
    metrics = b"".join(
        alice_client.get(reverse("habits:export_metrics")).streaming_content
    ).decode()
    assert "weight" in metrics


def test_exporter_is_registered_and_returns_my_data(alice_world, alice):
    from accounts import exports

    exporter = exports._exporters["habits"]
    data = exporter(alice)
    assert data["habits"][0]["name"] == "Meditate"
    assert data["logs"][0]["mood"] == 7
    assert data["health_integrations"] == []


def test_trainer_writes_and_publishes_a_plan_on_pages(alice_client, alice):
    alice.groups.add(Group.objects.get(name="trainers"))
    response = alice_client.post(
        reverse("habits:plan_new"),
        {
            "name": "Core",
            "difficulty": "beginner",
            "duration_weeks": 4,
        },
    )
    plan = alice.workout_plans.get()
    assert response.status_code == 302
    squat = Exercise.objects.get(slug="plank")
    alice_client.post(
        reverse("habits:plan_item_add", args=[plan.pk]),
        {"exercise": squat.pk, "sets": 3, "rest_seconds": 60, "duration_seconds": 30},
    )
    alice_client.post(reverse("habits:plan_publish", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.version == 1
    body = alice_client.get(reverse("habits:plan", args=[plan.pk])).content.decode()
    assert 'name="plan_version"' in body


def test_non_trainers_cannot_write_plans(alice_client):
    assert alice_client.get(reverse("habits:plan_new")).status_code == 403


def test_metric_form_records_and_shows_errors(alice_client, alice):
    speak(alice, "en")
    response = alice_client.post(
        reverse("habits:metrics"),
        {"m-metric_type": "weight", "m-value": "900"},
    )
    assert response.status_code == 200
    assert "between" in response.content.decode()
    response = alice_client.post(
        reverse("habits:metrics"), {"m-metric_type": "weight", "m-value": "61.2"}
    )
    assert response.status_code == 302
    assert alice.health_metrics.get().value == Decimal("61.2")


def test_log_a_workout_on_the_pages(alice_client, alice):
    response = alice_client.post(reverse("habits:workout_start"), {"name": "Legs"})
    session = alice.workout_sessions.get()
    assert response["Location"] == reverse("habits:workout_session", args=[session.pk])
    squat = Exercise.objects.get(slug="goblet-squat")
    alice_client.post(reverse("habits:workout_add", args=[session.pk]), {"exercise": squat.pk})
    entry = session.exercises.get()
    alice_client.post(
        reverse("habits:workout_set", args=[session.pk, entry.pk]),
        {"reps": "10", "weight_kg": "12"},
    )
    alice_client.post(
        reverse("habits:workout_finish", args=[session.pk]),
        {"intensity": "hard", "notes": "felt good"},
    )
    session.refresh_from_db()
    assert session.status == "completed"
    assert entry.sets.get().weight_kg == Decimal("12")
    page = alice_client.get(reverse("habits:exercise", args=[squat.slug])).content.decode()
    assert "12 kg" in page


def test_check_in_with_a_photo_attaches_the_upload(alice_client, alice):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    habit = services.habit_create(user=alice, name="Cook")
    photo = SimpleUploadedFile("dinner.png", buffer.getvalue(), content_type="image/png")
    response = alice_client.post(
        reverse("habits:check_in", args=[habit.pk]), {"note": "pasta", "photo": photo}
    )
    assert response.status_code == 302
    log = HabitLog.objects.get(habit=habit)
    assert log.photos.get().owner == alice


def test_habit_detail_runs_a_fixed_number_of_queries(
    alice_client, alice, django_assert_max_num_queries
):
    habit = services.habit_create(user=alice, name="Read")
    services.habit_check_in(habit=habit, mood=5)
    url = reverse("habits:detail", args=[habit.pk])
    with django_assert_max_num_queries(40) as baseline:
        alice_client.get(url)
    for day in range(1, 7):
        services.habit_check_in(habit=habit, on_date=seoul_today() - dt.timedelta(day), mood=6)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        alice_client.get(url)


def test_support_sees_habit_history_read_only_without_notes(client, operator, alice):
    habit = services.habit_create(user=alice, name="Journal")
    services.habit_check_in(habit=habit, note="very private words")
    operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    page = client.get(reverse("admin:habits_habit_change", args=[habit.pk]))
    if page.status_code == 302:  # the operator console may insist on MFA first
        pytest.skip("admin requires MFA in this configuration")
    body = page.content.decode()
    assert "Journal" in body
    assert "very private words" not in body
    assert client.get(reverse("admin:habits_habitlog_add")).status_code == 403


def test_htmx_check_in_answers_the_row_and_summary_only_in_a_fixed_number_of_queries(
    alice_client, alice, premium, django_assert_max_num_queries
):
    # given a user with two habits and some history
    speak(alice, "en")
    first, second = (services.habit_create(user=alice, name=n) for n in ("Water", "Read"))
    services.habit_check_in(habit=second)
    for day in range(1, 6):
        services.habit_check_in(habit=first, on_date=seoul_today() - dt.timedelta(day))
    url = reverse("habits:check_in", args=[first.pk])

    # when the first habit is checked in by htmx
    with django_assert_max_num_queries(40) as baseline:
        response = alice_client.post(url, {"mood": 5}, HTTP_HX_REQUEST="true")

    # then the answer is the row and the out-of-band summary, not the dashboard
    body = response.content.decode()
    assert body.count('id="habit-') == 1
    assert 'id="today-summary" hx-swap-oob="true"' in body
    assert "2<span" in body  # two of two done today
    assert "heatmap" not in body
    assert "<html" not in body

    # and more habits and history do not add queries
    for i in range(5):
        habit = services.habit_create(user=alice, name=f"more {i}")
        for day in range(0, 6):
            services.habit_check_in(habit=habit, on_date=seoul_today() - dt.timedelta(day))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        alice_client.post(url, {"mood": 6}, HTTP_HX_REQUEST="true")


def test_another_users_workout_plan_version_cannot_start_a_workout(alice_client, bob):
    from habits.enums import Difficulty
    from habits.models import WorkoutPlan

    # given a version of a plan bob has not published (a draft only bob may see)
    draft = WorkoutPlan.objects.create(trainer=bob, name="Bob's draft", version=0)
    version = draft.versions.create(
        number=1,
        name="Bob's draft",
        difficulty=Difficulty.values[0],
        items=[],
        published_at=dt.datetime.now(dt.UTC),
    )
    # when alice tries to start a workout from it, then it does not exist for her
    response = alice_client.post(reverse("habits:workout_start"), {"plan_version": str(version.pk)})
    assert response.status_code == 404


def test_limit_refusal_in_korean_links_the_pricing_page_instead_of_printing_its_path(
    alice_client, alice
):
    speak(alice, "ko")
    for i in range(3):
        services.habit_create(user=alice, name=f"h{i}")

    body = alice_client.post(
        reverse("habits:new"), {"name": "넷째", "kind": "boolean", "schedule_type": "daily"}
    ).content.decode()

    assert '<a href="/billing/pricing/">요금제 보기</a>' in body
    assert "/billing/pricing/ 에서" not in body
