import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from core.exceptions import ConflictError, PermissionDeniedError
from habits import services
from habits.models import Exercise, UserAchievement, WorkoutSession
from habits.selectors import personal_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(make_user):
    user = make_user(email="coach@example.com", nickname="coach")
    user.groups.add(Group.objects.get(name="trainers"))
    return user


@pytest.fixture
def squat():
    return Exercise.objects.get(slug="barbell-back-squat")


def test_exercise_catalogue_has_at_least_forty_bilingual_exercises():
    assert Exercise.objects.count() >= 40
    assert not Exercise.objects.filter(name_ko="").exists()


def test_only_trainers_write_plans(alice):
    with pytest.raises(PermissionDeniedError):
        services.plan_create(trainer=alice, name="Mine")


def test_publishing_versions_the_plan_and_sessions_keep_their_version(trainer, alice, squat):
    plan = services.plan_create(trainer=trainer, name="Legs")
    services.plan_item_add(
        plan=plan, actor=trainer, exercise=squat, sets=5, reps=5, weight_kg=Decimal("60")
    )
    v1 = services.plan_publish(plan=plan, actor=trainer)
    session = services.session_start(user=alice, plan_version=v1)
    services.plan_item_add(
        plan=plan, actor=trainer, exercise=Exercise.objects.get(slug="calf-raise"), sets=3, reps=15
    )
    v2 = services.plan_publish(plan=plan, actor=trainer)

    assert (v1.number, v2.number) == (1, 2)
    assert len(v1.items) == 1
    assert len(v2.items) == 2
    assert session.exercises.count() == 1
    assert session.exercises.get().target_weight_kg == Decimal("60")
    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.is_published


def test_another_trainer_cannot_edit_the_plan(trainer, make_user, squat):
    other = make_user()
    other.groups.add(Group.objects.get(name="trainers"))
    plan = services.plan_create(trainer=trainer, name="Legs")
    with pytest.raises(PermissionDeniedError):
        services.plan_item_add(plan=plan, actor=other, exercise=squat)


def test_moving_items_keeps_positions_unique(trainer):
    plan = services.plan_create(trainer=trainer, name="Full body")
    items = [
        services.plan_item_add(plan=plan, actor=trainer, exercise=exercise)
        for exercise in Exercise.objects.all()[:3]
    ]
    services.plan_item_move(item=items[2], actor=trainer, position=1)
    assert list(plan.items.order_by("position").values_list("pk", flat=True)) == [
        items[2].pk,
        items[0].pk,
        items[1].pk,
    ]


def test_session_logs_sets_marks_records_and_finishes(alice, squat):
    session = services.session_start(user=alice)
    entry = services.session_add_exercise(session=session, exercise=squat)
    first = services.set_log(session_exercise=entry, reps=5, weight_kg=Decimal("60"))
    better = services.set_log(session_exercise=entry, reps=5, weight_kg=Decimal("65"))
    assert not first.personal_record  # nothing to beat yet
    assert better.personal_record
    finished = services.session_finish(
        session=session, intensity="hard", now=session.started_at + dt.timedelta(minutes=45)
    )
    assert finished.status == "completed"
    assert finished.duration_seconds == 45 * 60
    assert [log.to_status for log in finished.status_logs.all()] == ["in_progress", "completed"]
    records = personal_records(user=alice)
    assert records[squat.pk]["max_weight"] == Decimal("65")
    assert records[squat.pk]["e1rm"] == pytest.approx(75.8, abs=0.1)
    assert UserAchievement.objects.filter(user=alice, achievement="first_workout").exists()


def test_one_workout_at_a_time_and_finished_is_final(alice, squat):
    session = services.session_start(user=alice)
    with pytest.raises(ConflictError):
        services.session_start(user=alice)
    services.session_finish(session=session)
    with pytest.raises(ConflictError):
        services.session_add_exercise(
            session=WorkoutSession.objects.get(pk=session.pk), exercise=squat
        )
