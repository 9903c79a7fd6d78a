"""Achievements: criteria are data (``Achievement.criteria``); each type has one evaluator.

Unlocking happens inside the caller's transaction (the check-in, the new habit, the finished
workout), once per user (unique constraint), awards points through billing's ledger with an
idempotency key, and announces itself with ``notify()``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, F, IntegerField, Max, Sum, When
from django.db.models.functions import TruncDate, TruncTime
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import notify
from billing.services import points_award
from core.clock import user_zone
from habits.enums import HabitStatus, LogStatus, ScheduleType, SessionStatus
from habits.models import (
    Achievement,
    Habit,
    HabitLog,
    HabitPreferences,
    UserAchievement,
    WorkoutSession,
)

# Which criteria types a trigger can newly satisfy.
TRIGGERS: dict[str, set[str]] = {
    "check_in": {
        "total_completions",
        "streak",
        "early_check_ins",
        "late_check_ins",
        "perfect_day",
        "mood_logged",
    },
    "mood": {"mood_logged"},  # a done day edited again: only the mood count can move
    "habit_created": {"active_habits"},
    "workout_finished": {"workouts_completed"},
}


def gamification_enabled(*, user) -> bool:
    return (
        HabitPreferences.objects.filter(user=user)
        .values_list("gamification_enabled", flat=True)
        .first()
        is not False
    )


def _once(ctx: dict, key, compute):
    """Several achievements share a measure (streak 7/30/100): compute it once per check."""
    cache = ctx.setdefault("_measures", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _total_completions(user, criteria, ctx) -> bool:
    total = _once(
        ctx,
        "total",
        lambda: (
            Habit.objects.filter(user=user).aggregate(total=Sum("total_completions"))["total"] or 0
        ),
    )
    return total >= criteria["count"]


def _streak(user, criteria, ctx) -> bool:
    return _once(ctx, "streak", lambda: _best_streak_days(user)) >= criteria["days"]


def _best_streak_days(user) -> int:
    best = Habit.objects.filter(user=user).aggregate(
        best=Max(
            Case(
                When(schedule_type=ScheduleType.TIMES_PER_WEEK, then=F("best_streak") * 7),
                default=F("best_streak"),
                output_field=IntegerField(),
            )
        )
    )["best"]
    return best or 0


def _timed_check_ins(user, criteria, ctx, *, early: bool) -> bool:
    key = ("early", criteria["before"]) if early else ("late", criteria["after"])
    return _once(ctx, key, lambda: _timed_count(user, criteria, early=early)) >= criteria["count"]


def _timed_count(user, criteria, *, early: bool) -> int:
    tz = user_zone(user=user)
    logs = (
        HabitLog.objects.filter(user=user, status=LogStatus.DONE)
        .annotate(
            day=TruncDate("completed_at", tzinfo=tz), clock=TruncTime("completed_at", tzinfo=tz)
        )
        .filter(day=F("local_date"))
    )
    if early:
        logs = logs.filter(clock__lt=time.fromisoformat(criteria["before"]))
    else:
        logs = logs.filter(clock__gte=time.fromisoformat(criteria["after"]))
    return logs.count()


def _perfect_day(user, criteria, ctx) -> bool:
    log = ctx.get("log")
    if log is None:
        return False
    day = log.local_date
    due = [
        habit.pk
        for habit in Habit.objects.filter(user=user, status=HabitStatus.ACTIVE)
        .exclude(schedule_type=ScheduleType.TIMES_PER_WEEK)
        .only("pk", "schedule_type", "weekdays")
        if habit.is_scheduled_on(day)
    ]
    if len(due) < criteria.get("min_habits", 1):
        return False
    done = set(
        HabitLog.objects.filter(
            habit_id__in=due, local_date=day, status=LogStatus.DONE
        ).values_list("habit_id", flat=True)
    )
    return done.issuperset(due)


def _active_habits(user, criteria, ctx) -> bool:
    count = _once(
        ctx,
        "habits",
        lambda: Habit.objects.filter(user=user).exclude(status=HabitStatus.ARCHIVED).count(),
    )
    return count >= criteria["count"]


def _mood_logged(user, criteria, ctx) -> bool:
    count = _once(
        ctx, "moods", lambda: HabitLog.objects.filter(user=user, mood__isnull=False).count()
    )
    return count >= criteria["count"]


def _workouts_completed(user, criteria, ctx) -> bool:
    finished = _once(
        ctx,
        "workouts",
        lambda: WorkoutSession.objects.filter(user=user, status=SessionStatus.COMPLETED).count(),
    )
    return finished >= criteria["count"]


EVALUATORS: dict[str, Callable[..., bool]] = {
    "total_completions": _total_completions,
    "streak": _streak,
    "early_check_ins": lambda user, criteria, ctx: _timed_check_ins(
        user, criteria, ctx, early=True
    ),
    "late_check_ins": lambda user, criteria, ctx: _timed_check_ins(
        user, criteria, ctx, early=False
    ),
    "perfect_day": _perfect_day,
    "active_habits": _active_habits,
    "mood_logged": _mood_logged,
    "workouts_completed": _workouts_completed,
}


def achievement_unlock(
    *, user, achievement: Achievement, context: dict | None = None
) -> UserAchievement | None:
    """Unlock once: returns None if the user already has it. Call inside a transaction."""
    try:
        with transaction.atomic():
            unlocked = UserAchievement.objects.create(
                user=user,
                achievement=achievement,
                context=context or {},
                points_earned=achievement.points,
            )
    except IntegrityError:
        return None
    if achievement.points:
        points_award(
            user=user,
            amount=achievement.points,
            reason="achievement",
            reference_type="habits.achievement",
            reference_id=achievement.code,
            idempotency_key=f"habits:achievement:{user.pk}:{achievement.code}",
        )
    with translation.override(getattr(user, "language", None) or "ko"):
        notify(
            user=user,
            type="achievement",
            title=_("Achievement unlocked: %(name)s") % {"name": achievement.name},
            body=achievement.description
            + (
                " " + _("+%(points)d points") % {"points": achievement.points}
                if achievement.points
                else ""
            ),
            data={"url": "/habits/achievements/", "achievement": achievement.code},
            channels=("in_app", "push"),
            dedupe_key=f"habits:achievement:{achievement.code}",
        )
    return unlocked


def achievements_check(
    *,
    user,
    trigger: str,
    habit: Habit | None = None,
    log: HabitLog | None = None,
    now: datetime | None = None,
) -> list[UserAchievement]:
    """Unlock every achievement the user has newly earned through ``trigger``."""
    kinds = TRIGGERS.get(trigger, set())
    if not kinds:
        return []
    # One query: the achievements still locked, each flagged if the user switched
    # gamification off (then nothing unlocks).
    switched_off = HabitPreferences.objects.filter(user=user, gamification_enabled=False)
    locked = list(
        Achievement.objects.filter(is_active=True)
        .exclude(unlocks__user=user)
        .annotate(gamification_off=Exists(switched_off))
        .order_by("sort_order")
    )
    if locked and locked[0].gamification_off:
        return []
    candidates = [
        achievement for achievement in locked if achievement.criteria.get("type") in kinds
    ]
    ctx = {"habit": habit, "log": log, "now": now or timezone.now()}
    unlocked = []
    for achievement in candidates:
        evaluator = EVALUATORS.get(achievement.criteria["type"])
        if evaluator is None or not evaluator(user, achievement.criteria, ctx):
            continue
        context = {"trigger": trigger}
        if habit is not None:
            context["habit"] = str(habit.pk)
        if log is not None:
            context["day"] = log.local_date.isoformat()
        if row := achievement_unlock(user=user, achievement=achievement, context=context):
            unlocked.append(row)
    return unlocked
