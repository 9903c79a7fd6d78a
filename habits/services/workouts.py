"""Workout plans (trainers write them; publishing freezes a version) and workout sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.selectors import user_local_today
from core.exceptions import ConflictError, HaruError, PermissionDeniedError
from habits.enums import PlanStatus, SessionStatus
from habits.models import (
    Exercise,
    WorkoutPlan,
    WorkoutPlanExercise,
    WorkoutPlanVersion,
    WorkoutSession,
    WorkoutSessionExercise,
    WorkoutSessionStatusLog,
    WorkoutSet,
)

TRAINERS_GROUP = roles.TRAINERS_GROUP
SESSION_TRANSITIONS = {
    SessionStatus.IN_PROGRESS: {SessionStatus.COMPLETED, SessionStatus.ABANDONED},
    SessionStatus.COMPLETED: set(),
    SessionStatus.ABANDONED: set(),
}


def user_is_trainer(*, user) -> bool:
    """The trainer role lives in accounts (practitioners grants it when it approves a trainer)."""
    return roles.is_trainer(user)


def _require_trainer(user) -> None:
    if not user_is_trainer(user=user):
        raise PermissionDeniedError(
            _("Only trainers can write workout plans."), code="not_a_trainer"
        )


def _require_owner(plan: WorkoutPlan, user) -> None:
    if plan.trainer_id != user.pk:
        raise PermissionDeniedError(_("This plan belongs to another trainer."))


# --- plans ------------------------------------------------------------------------------------


def plan_create(
    *,
    trainer,
    name: str,
    description: str = "",
    difficulty: str = "beginner",
    duration_weeks: int = 4,
    target_audience: str = "",
) -> WorkoutPlan:
    _require_trainer(trainer)
    return WorkoutPlan.objects.create(
        trainer=trainer,
        name=name.strip(),
        description=description,
        difficulty=difficulty,
        duration_weeks=duration_weeks,
        target_audience=target_audience,
    )


def plan_update(*, plan: WorkoutPlan, actor, **changes) -> WorkoutPlan:
    _require_owner(plan, actor)
    allowed = {"name", "description", "difficulty", "duration_weeks", "target_audience"}
    for field, value in changes.items():
        if field not in allowed:
            raise TypeError(field)
        setattr(plan, field, value)
    plan.has_unpublished_changes = True
    plan.save()
    return plan


def plan_item_add(
    *,
    plan: WorkoutPlan,
    actor,
    exercise: Exercise,
    sets: int = 3,
    reps: int | None = None,
    weight_kg: Decimal | None = None,
    duration_seconds: int | None = None,
    rest_seconds: int = 90,
    notes: str = "",
) -> WorkoutPlanExercise:
    _require_owner(plan, actor)
    with transaction.atomic():
        plan = WorkoutPlan.objects.select_for_update().get(pk=plan.pk)
        position = (plan.items.aggregate(top=Max("position"))["top"] or 0) + 1
        item = WorkoutPlanExercise.objects.create(
            plan=plan,
            exercise=exercise,
            position=position,
            sets=sets,
            reps=reps,
            weight_kg=weight_kg,
            duration_seconds=duration_seconds,
            rest_seconds=rest_seconds,
            notes=notes,
        )
        WorkoutPlan.objects.filter(pk=plan.pk).update(has_unpublished_changes=True)
    return item


def plan_item_remove(*, item: WorkoutPlanExercise, actor) -> None:
    _require_owner(item.plan, actor)
    with transaction.atomic():
        plan = WorkoutPlan.objects.select_for_update().get(pk=item.plan_id)
        position = item.position
        item.delete()
        plan.items.filter(position__gt=position).update(position=F("position") - 1)
        WorkoutPlan.objects.filter(pk=plan.pk).update(has_unpublished_changes=True)


def plan_item_move(*, item: WorkoutPlanExercise, actor, position: int) -> WorkoutPlanExercise:
    """Move an item to ``position`` (1-based), shifting the others (deferred unique check)."""
    _require_owner(item.plan, actor)
    with transaction.atomic():
        plan = WorkoutPlan.objects.select_for_update().get(pk=item.plan_id)
        count = plan.items.count()
        position = max(1, min(position, count))
        if position == item.position:
            return item
        if position < item.position:
            plan.items.filter(position__gte=position, position__lt=item.position).update(
                position=F("position") + 1
            )
        else:
            plan.items.filter(position__gt=item.position, position__lte=position).update(
                position=F("position") - 1
            )
        item.position = position
        item.save(update_fields=["position"])
        WorkoutPlan.objects.filter(pk=plan.pk).update(has_unpublished_changes=True)
    return item


def plan_publish(*, plan: WorkoutPlan, actor, now: datetime | None = None) -> WorkoutPlanVersion:
    """Freeze the plan as the next version number; users start sessions from versions."""
    _require_owner(plan, actor)
    now = now or timezone.now()
    with transaction.atomic():
        plan = WorkoutPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.deleted_at is not None or plan.status == PlanStatus.ARCHIVED:
            raise ConflictError(_("An archived plan cannot be published."), code="plan_archived")
        items = list(plan.items.select_related("exercise").order_by("position"))
        if not items:
            raise HaruError(_("Add at least one exercise before publishing."), code="plan_empty")
        if not plan.has_unpublished_changes and plan.version:
            return plan.versions.get(number=plan.version)
        plan.version += 1
        plan.status = PlanStatus.PUBLISHED
        plan.published_at = now
        plan.has_unpublished_changes = False
        plan.save()
        return WorkoutPlanVersion.objects.create(
            plan=plan,
            number=plan.version,
            name=plan.name,
            description=plan.description,
            difficulty=plan.difficulty,
            items=[
                {
                    "exercise": item.exercise_id,
                    "exercise_slug": item.exercise.slug,
                    "sets": item.sets,
                    "reps": item.reps,
                    "weight_kg": str(item.weight_kg) if item.weight_kg is not None else None,
                    "duration_seconds": item.duration_seconds,
                    "rest_seconds": item.rest_seconds,
                    "notes": item.notes,
                }
                for item in items
            ],
            published_by=actor,
            published_at=now,
        )


def plan_archive(*, plan: WorkoutPlan, actor) -> WorkoutPlan:
    _require_owner(plan, actor)
    plan.status = PlanStatus.ARCHIVED
    plan.deleted_at = timezone.now()
    plan.save(update_fields=["status", "deleted_at", "updated_at"])
    return plan


# --- sessions ---------------------------------------------------------------------------------


def _log_status(session: WorkoutSession, from_status: str, to_status: str) -> None:
    WorkoutSessionStatusLog.objects.create(
        session=session, from_status=from_status, to_status=to_status
    )


def session_start(
    *,
    user,
    plan_version: WorkoutPlanVersion | None = None,
    name: str = "",
    now: datetime | None = None,
) -> WorkoutSession:
    """Start a workout, empty or from a published plan version (its exercises are copied)."""
    now = now or timezone.now()
    with transaction.atomic():
        if WorkoutSession.objects.filter(user=user, status=SessionStatus.IN_PROGRESS).exists():
            raise ConflictError(
                _("Finish the workout you are doing first."), code="session_in_progress"
            )
        session = WorkoutSession.objects.create(
            user=user,
            plan_version=plan_version,
            name=(name or (plan_version.name if plan_version else _("Workout"))).strip(),
            local_date=user_local_today(user=user, at=now),
            started_at=now,
        )
        _log_status(session, "", SessionStatus.IN_PROGRESS)
        if plan_version is not None:
            WorkoutSessionExercise.objects.bulk_create(
                [
                    WorkoutSessionExercise(
                        session=session,
                        exercise_id=item["exercise"],
                        position=position,
                        target_sets=item["sets"],
                        target_reps=item["reps"],
                        target_weight_kg=Decimal(item["weight_kg"]) if item["weight_kg"] else None,
                        rest_seconds=item["rest_seconds"],
                    )
                    for position, item in enumerate(plan_version.items, start=1)
                ]
            )
    return session


def _require_in_progress(session: WorkoutSession) -> None:
    if session.status != SessionStatus.IN_PROGRESS:
        raise ConflictError(_("This workout is already finished."), code="session_finished")


def session_add_exercise(
    *,
    session: WorkoutSession,
    exercise: Exercise,
    target_sets: int | None = None,
    target_reps: int | None = None,
    rest_seconds: int = 90,
) -> WorkoutSessionExercise:
    with transaction.atomic():
        session = WorkoutSession.objects.select_for_update().get(pk=session.pk)
        _require_in_progress(session)
        position = (session.exercises.aggregate(top=Max("position"))["top"] or 0) + 1
        return WorkoutSessionExercise.objects.create(
            session=session,
            exercise=exercise,
            position=position,
            target_sets=target_sets,
            target_reps=target_reps,
            rest_seconds=rest_seconds,
        )


@dataclass(frozen=True)
class SetResult:
    set: WorkoutSet
    personal_record: bool


def set_log(
    *,
    session_exercise: WorkoutSessionExercise,
    reps: int | None = None,
    weight_kg: Decimal | None = None,
    duration_seconds: int | None = None,
    distance_m: int | None = None,
    rpe: int | None = None,
    is_warmup: bool = False,
) -> SetResult:
    """Log one set; tells whether it beats the user's best weight (or reps) for the exercise."""
    if not any(value for value in (reps, weight_kg, duration_seconds, distance_m)):
        raise HaruError(
            _("Enter reps, weight, time or distance."), fields={"reps": [_("Required.")]}
        )
    with transaction.atomic():
        session = WorkoutSession.objects.select_for_update().get(pk=session_exercise.session_id)
        _require_in_progress(session)
        number = (session_exercise.sets.aggregate(top=Max("set_number"))["top"] or 0) + 1
        best = WorkoutSet.objects.filter(
            user_id=session.user_id, exercise_id=session_exercise.exercise_id, is_warmup=False
        ).aggregate(weight=Max("weight_kg"), reps=Max("reps"), duration=Max("duration_seconds"))
        logged = WorkoutSet.objects.create(
            session_exercise=session_exercise,
            user_id=session.user_id,
            exercise_id=session_exercise.exercise_id,
            set_number=number,
            reps=reps,
            weight_kg=weight_kg,
            duration_seconds=duration_seconds,
            distance_m=distance_m,
            rpe=rpe,
            is_warmup=is_warmup,
        )
    record = False
    if not is_warmup:
        if weight_kg:
            record = best["weight"] is not None and weight_kg > best["weight"]
        elif reps:
            record = best["reps"] is not None and reps > best["reps"]
        elif duration_seconds:
            record = best["duration"] is not None and duration_seconds > best["duration"]
    return SetResult(set=logged, personal_record=record)


def set_delete(*, workout_set: WorkoutSet) -> None:
    with transaction.atomic():
        session = WorkoutSession.objects.select_for_update().get(
            pk=workout_set.session_exercise.session_id
        )
        _require_in_progress(session)
        workout_set.delete()


def session_set_status(
    *,
    session: WorkoutSession,
    to_status: str,
    intensity: str = "",
    notes: str | None = None,
    duration_seconds: int | None = None,
    now: datetime | None = None,
) -> WorkoutSession:
    """The one way a session ends: completed (with duration and intensity) or abandoned."""
    now = now or timezone.now()
    with transaction.atomic():
        session = (
            WorkoutSession.objects.select_for_update().select_related("user").get(pk=session.pk)
        )
        if to_status not in SESSION_TRANSITIONS[SessionStatus(session.status)]:
            raise ConflictError(_("This workout is already finished."), code="session_finished")
        from_status = session.status
        session.status = to_status
        session.completed_at = now
        session.duration_seconds = duration_seconds or max(
            int((now - session.started_at).total_seconds()), 0
        )
        if intensity:
            session.intensity = intensity
        if notes is not None:
            session.notes = notes
        session.save()
        _log_status(session, from_status, to_status)
        if to_status == SessionStatus.COMPLETED:
            from .achievements import achievements_check

            achievements_check(user=session.user, trigger="workout_finished", now=now)
    return session


def session_finish(*, session: WorkoutSession, **kwargs) -> WorkoutSession:
    return session_set_status(session=session, to_status=SessionStatus.COMPLETED, **kwargs)


def session_abandon(*, session: WorkoutSession) -> WorkoutSession:
    return session_set_status(session=session, to_status=SessionStatus.ABANDONED)
