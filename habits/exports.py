"""Everything the habits app holds about one user, for the account data export (habits.json)."""

from __future__ import annotations

from habits.models import (
    Habit,
    HabitLog,
    HabitVacation,
    HealthGoal,
    HealthIntegration,
    HealthMetric,
    UserAchievement,
    WorkoutSession,
    WorkoutSet,
)


def _iso(value):
    return value.isoformat() if value is not None else None


def habits_for_user(user) -> dict:
    habits = [
        {
            "id": str(h.pk),
            "name": h.name,
            "category": h.category.slug if h.category else None,
            "kind": h.kind,
            "target_count": h.target_count,
            "unit": h.unit,
            "schedule_type": h.schedule_type,
            "weekdays": h.weekdays,
            "times_per_week": h.times_per_week,
            "reminder_times": [t.strftime("%H:%M") for t in h.reminder_times],
            "status": h.status,
            "notes": h.notes,
            "current_streak": h.current_streak,
            "best_streak": h.best_streak,
            "total_completions": h.total_completions,
            "strength": h.strength,
            "started_on": _iso(h.started_on),
            "created_at": _iso(h.created_at),
        }
        for h in Habit.objects.filter(user=user).select_related("category")
    ]
    logs = [
        {
            "habit": str(log.habit_id),
            "date": _iso(log.local_date),
            "status": log.status,
            "count": log.count,
            "target_count": log.target_count,
            "mood": log.mood,
            "energy": log.energy,
            "note": log.note,
            "location": log.location,
            "photos": [str(photo.pk) for photo in log.photos.all()],
            "checked_in_at": _iso(log.completed_at),
        }
        for log in HabitLog.objects.filter(user=user)
        .prefetch_related("photos")
        .order_by("local_date")
    ]
    sets_by_session: dict = {}
    for workout_set in WorkoutSet.objects.filter(user=user).select_related(
        "exercise", "session_exercise"
    ):
        sets_by_session.setdefault(workout_set.session_exercise.session_id, []).append(
            {
                "exercise": workout_set.exercise.slug,
                "set": workout_set.set_number,
                "reps": workout_set.reps,
                "weight_kg": str(workout_set.weight_kg)
                if workout_set.weight_kg is not None
                else None,
                "duration_seconds": workout_set.duration_seconds,
                "distance_m": workout_set.distance_m,
                "rpe": workout_set.rpe,
                "warmup": workout_set.is_warmup,
            }
        )
    return {
        "habits": habits,
        "logs": logs,
        "vacations": [
            {"start": _iso(v.start_date), "end": _iso(v.end_date), "reason": v.reason}
            for v in HabitVacation.objects.filter(user=user)
        ],
        "achievements": [
            {"code": a.achievement_id, "earned_at": _iso(a.earned_at), "points": a.points_earned}
            for a in UserAchievement.objects.filter(user=user)
        ],
        "workouts": [
            {
                "id": str(s.pk),
                "name": s.name,
                "date": _iso(s.local_date),
                "status": s.status,
                "started_at": _iso(s.started_at),
                "completed_at": _iso(s.completed_at),
                "duration_seconds": s.duration_seconds,
                "intensity": s.intensity,
                "notes": s.notes,
                "sets": sets_by_session.get(s.pk, []),
            }
            for s in WorkoutSession.objects.filter(user=user)
        ],
        "health_metrics": [
            {
                "type": m.metric_type,
                "value": str(m.value),
                "unit": m.unit,
                "source": m.source,
                "device": m.source_device,
                "recorded_at": _iso(m.recorded_at),
            }
            for m in HealthMetric.objects.filter(user=user)
            .order_by("recorded_at")
            .iterator(chunk_size=5000)
        ],
        "health_goals": [
            {
                "type": g.metric_type,
                "target": str(g.target_value),
                "unit": g.unit,
                "direction": g.direction,
                "start": _iso(g.start_date),
                "end": _iso(g.end_date),
                "active": g.is_active,
            }
            for g in HealthGoal.objects.filter(user=user)
        ],
        # Tokens are secrets: the export says which apps were connected, never the tokens.
        "health_integrations": [
            {"provider": i.provider, "active": i.is_active, "last_sync_at": _iso(i.last_sync_at)}
            for i in HealthIntegration.objects.filter(user=user)
        ],
    }


# --- erasure ------------------------------------------------------------------------------------

ANONYMISED_MODELS = [
    "habits.Habit",
    "habits.HabitLog",
    "habits.HabitStatusLog",
    "habits.HabitVacation",
    "habits.HabitPreferences",
    "habits.HealthMetric",
    "habits.HealthGoal",
    "habits.HealthIntegration",
    "habits.UserAchievement",
    "habits.WorkoutPlan",
    "habits.WorkoutPlanVersion",
    "habits.WorkoutSession",
    "habits.WorkoutSet",
]


def habits_anonymise_user(user) -> None:
    """An erased account leaves no habits data: habits and their logs (names, notes, moods,
    photos), vacations, preferences, health metrics and goals, device integrations (their
    tokens), achievements, workout sessions and sets all go.

    Workout plans the user wrote as a trainer and never published are deleted; published plans
    stay (other members' sessions point at their frozen versions) under the anonymised
    account, with the trainer's free-text audience line cleared. Safe to run twice.
    """
    from django.db import transaction

    from habits.models import (
        Habit,
        HabitPreferences,
        HabitStatusLog,
        HabitVacation,
        HealthGoal,
        HealthIntegration,
        HealthMetric,
        UserAchievement,
        WorkoutPlan,
        WorkoutPlanVersion,
        WorkoutSession,
    )

    with transaction.atomic():
        WorkoutSession.objects.filter(user=user).delete()  # sets and exercises cascade
        Habit.objects.filter(user=user).delete()  # logs and status logs cascade
        HabitStatusLog.objects.filter(actor=user).update(actor=None)
        HabitVacation.objects.filter(user=user).delete()
        HabitPreferences.objects.filter(user=user).delete()
        HealthMetric.objects.filter(user=user).delete()
        HealthGoal.objects.filter(user=user).delete()
        HealthIntegration.objects.filter(user=user).delete()
        UserAchievement.objects.filter(user=user).delete()
        WorkoutPlanVersion.objects.filter(published_by=user).update(published_by=None)
        plans = WorkoutPlan.objects.filter(trainer=user)
        plans.filter(versions__isnull=True).delete()
        plans.update(target_audience="")
