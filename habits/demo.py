"""Demo data for demo@haru.local: three habits with ten weeks of history, workouts, health
metrics and goals, and a published plan by a demo trainer. Idempotent."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from accounts import roles
from accounts.selectors import user_local_today
from accounts.services import notify
from core.clock import user_local_datetime
from habits import services
from habits.enums import HabitKind, LogStatus, ScheduleType
from habits.models import (
    Exercise,
    Habit,
    HabitLog,
    HabitTemplate,
    WorkoutPlan,
    WorkoutSession,
)

HISTORY_DAYS = 70


def _habit(user, template_slug: str, **fields) -> Habit:
    template = HabitTemplate.objects.get(slug=template_slug)
    habit = Habit.objects.filter(user=user, template=template).first()
    if habit is None:
        habit = Habit.objects.create(
            user=user,
            template=template,
            category=template.category,
            icon=template.icon,
            color=template.color,
            started_on=user_local_today(user=user) - dt.timedelta(days=HISTORY_DAYS),
            **fields,
        )
    return habit


def _history(habit: Habit, *, today: dt.date, chance: float, rng: random.Random) -> None:
    user = habit.user
    for offset in range(HISTORY_DAYS, 0, -1):
        day = today - dt.timedelta(days=offset)
        if not habit.is_scheduled_on(day) or rng.random() > chance:
            continue
        if habit.is_weekly and day.weekday() not in (0, 2, 4, 5):
            continue
        hour = rng.choice([6, 7, 8, 12, 19, 21])
        count = habit.target_count if rng.random() > 0.15 else max(1, habit.target_count - 2)
        HabitLog.objects.update_or_create(
            habit=habit,
            local_date=day,
            defaults={
                "user": user,
                "count": count,
                "target_count": habit.target_count,
                "status": LogStatus.DONE if count >= habit.target_count else LogStatus.PARTIAL,
                "mood": min(10, max(1, round(6 + 2 * rng.random() + (offset < 20) * 1.2))),
                "energy": min(10, max(1, round(5 + 3 * rng.random()))),
                "completed_at": user_local_datetime(
                    user=user, day=day, at=dt.time(hour, rng.randint(0, 59))
                ),
            },
        )


def _trainer_plan(exercises: dict[str, Exercise]):
    User = get_user_model()  # noqa: N806
    trainer = User.objects.filter(email__iexact="trainer@haru.local").first()
    if trainer is None:
        trainer = User.objects.create_user(
            email="trainer@haru.local", password=None, nickname="코치 민지"
        )
    # the trainer's profile (certifications, verification) is the practitioners app's
    roles.trainer_role_grant(user=trainer)
    plan = WorkoutPlan.objects.filter(trainer=trainer, name="처음 시작하는 전신 운동").first()
    if plan is None:
        plan = services.plan_create(
            trainer=trainer,
            name="처음 시작하는 전신 운동",
            difficulty="beginner",
            description="주 3회, 45분이면 충분한 초보자용 전신 루틴입니다.",
            target_audience="운동을 처음 시작하는 분",
            duration_weeks=6,
        )
        for slug, sets, reps, weight in [
            ("goblet-squat", 3, 10, Decimal("12")),
            ("dumbbell-bench-press", 3, 10, Decimal("10")),
            ("dumbbell-row", 3, 10, Decimal("12")),
            ("plank", 3, None, None),
        ]:
            services.plan_item_add(
                plan=plan,
                actor=trainer,
                exercise=exercises[slug],
                sets=sets,
                reps=reps,
                weight_kg=weight,
                duration_seconds=None if reps else 40,
                rest_seconds=75,
            )
        services.plan_publish(plan=plan, actor=trainer)
    return plan


def seed(*, demo_user, operator, stdout) -> None:
    rng = random.Random(20260302)  # noqa: S311 - not for security
    today = user_local_today(user=demo_user)
    water = _habit(
        demo_user,
        "drink-water",
        name="물 8잔 마시기",
        kind=HabitKind.NUMERIC,
        target_count=8,
        unit="잔",
        reminder_times=[dt.time(10, 0), dt.time(15, 0)],
    )
    meditate = _habit(demo_user, "meditate", name="10분 명상", reminder_times=[dt.time(7, 30)])
    run = _habit(
        demo_user,
        "run-30",
        name="30분 달리기",
        schedule_type=ScheduleType.TIMES_PER_WEEK,
        times_per_week=3,
        reminder_times=[dt.time(19, 0)],
    )
    if not HabitLog.objects.filter(user=demo_user).exists():
        _history(water, today=today, chance=0.85, rng=rng)
        _history(meditate, today=today, chance=0.9, rng=rng)
        _history(run, today=today, chance=0.8, rng=rng)
    for habit in (water, meditate, run):
        with transaction.atomic():
            locked = Habit.objects.select_for_update().select_related("user").get(pk=habit.pk)
            services.habit_recompute_stats(habit=locked, today=today)

    exercises = {e.slug: e for e in Exercise.objects.all()}
    plan = _trainer_plan(exercises)
    if not WorkoutSession.objects.filter(user=demo_user).exists():
        version = plan.versions.order_by("-number").first()
        for days_ago, bump in ((9, Decimal("0")), (5, Decimal("2")), (2, Decimal("4"))):
            started = user_local_datetime(
                user=demo_user, day=today - dt.timedelta(days=days_ago), at=dt.time(19)
            )
            session = services.session_start(user=demo_user, plan_version=version, now=started)
            for entry in session.exercises.select_related("exercise"):
                for _ in range(entry.target_sets or 3):
                    if entry.exercise.measurement == "time":
                        services.set_log(
                            session_exercise=entry, duration_seconds=40 + int(bump) * 5
                        )
                    else:
                        services.set_log(
                            session_exercise=entry,
                            reps=entry.target_reps or 10,
                            weight_kg=(entry.target_weight_kg or Decimal(0)) + bump,
                        )
            services.session_finish(
                session=session, intensity="moderate", now=started + dt.timedelta(minutes=42)
            )

    points = []
    for offset in range(30, -1, -1):
        day = today - dt.timedelta(days=offset)
        evening = user_local_datetime(user=demo_user, day=day, at=dt.time(21, 0))
        if offset:
            points.append(
                {"metric_type": "steps", "value": rng.randint(5200, 11800), "recorded_at": evening}
            )
        points.append(
            {
                "metric_type": "sleep",
                "value": rng.randint(360, 480),
                "recorded_at": user_local_datetime(user=demo_user, day=day, at=dt.time(7, 0)),
            }
        )
        if offset % 4 == 0:
            points.append(
                {
                    "metric_type": "weight",
                    "value": Decimal("64.8") - Decimal(30 - offset) / 25,
                    "recorded_at": user_local_datetime(user=demo_user, day=day, at=dt.time(7, 30)),
                }
            )
        points.append(
            {
                "metric_type": "resting_heart_rate",
                "value": rng.randint(58, 66),
                "recorded_at": user_local_datetime(user=demo_user, day=day, at=dt.time(6, 30)),
            }
        )
    now = dt.datetime.now(dt.UTC)  # before 07:00 local, today's morning points are the future
    services.metrics_bulk_upload(
        user=demo_user,
        points=[point for point in points if point["recorded_at"] <= now],
        source="apple_health",
        source_device="iPhone",
    )
    services.integration_connect(
        user=demo_user, provider="apple_health", external_user_id="demo-healthkit"
    )
    from habits.models import HealthGoal

    if not HealthGoal.objects.filter(user=demo_user, is_active=True).exists():
        services.goal_set(
            user=demo_user,
            metric_type="steps",
            target_value=8000,
            start_date=today - dt.timedelta(days=30),
        )
        services.goal_set(
            user=demo_user,
            metric_type="sleep",
            target_value=420,
            start_date=today - dt.timedelta(days=30),
        )
        services.goal_set(
            user=demo_user,
            metric_type="weight",
            target_value=62,
            direction="at_most",
            start_date=today - dt.timedelta(days=30),
        )
    services.metric_record(
        user=demo_user,
        metric_type="steps",
        value=3400,
        source="manual",
        recorded_at=user_local_datetime(user=demo_user, day=today, at=dt.time(0, 1)),
    )
    notify(
        user=demo_user,
        type="habit_reminder",
        title="물 마시기, 잊지 않으셨죠?",
        body="오늘 목표까지 두 잔 남았어요.",
        data={"url": reverse("habits:dashboard")},
        dedupe_key="demo:habit_reminder",
    )
    with transaction.atomic():
        for trigger in ("check_in", "habit_created", "workout_finished"):
            services.achievements_check(user=demo_user, trigger=trigger)
    stdout.write(
        "    habits: 3 habits with 10 weeks of history, 3 workouts, 30 days of health data"
    )
