"""Achievements: criteria are data (``Achievement.criteria``); each type has one evaluator.

Unlocking happens inside the caller's transaction (the check-in, the new habit, the finished
workout), once per user (unique constraint), awards points through billing's ledger with an
idempotency key, and announces itself with ``notify()``.
"""

from __future__ import annotations

from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Exists, F, IntegerField, Max, OuterRef, Q, Sum, When
from django.db.models.functions import TruncDate, TruncTime
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import notify
from billing.services import points_award
from core.clock import user_zone
from habits.caching import dashboard_extras_cached
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


# Each criteria type reads one measure; measures of the same table are read together, so a
# check-in asks at most three aggregate queries (habits, logs, the day's due habits)
# whichever achievements are still locked, instead of one scan per achievement.
_HABIT_MEASURES = {"total_completions", "streak", "active_habits"}
_LOG_MEASURES = {"early_check_ins", "late_check_ins", "mood_logged"}


def _habit_measures(user) -> dict:
    """Total completions, the best streak in days (a weekly streak counts 7 days a week) and
    the habits not archived, in one query."""
    row = Habit.objects.filter(user=user).aggregate(
        total=Sum("total_completions"),
        streak=Max(
            Case(
                When(schedule_type=ScheduleType.TIMES_PER_WEEK, then=F("best_streak") * 7),
                default=F("best_streak"),
                output_field=IntegerField(),
            )
        ),
        habits=Count("pk", filter=~Q(status=HabitStatus.ARCHIVED)),
    )
    return {key: value or 0 for key, value in row.items()}


def _log_key(criteria: dict) -> str:
    kind = criteria["type"]
    if kind == "early_check_ins":
        return "early_" + criteria["before"].replace(":", "")
    if kind == "late_check_ins":
        return "late_" + criteria["after"].replace(":", "")
    return "moods"


def _log_measures(user, criteria_list: list[dict]) -> dict:
    """Done check-ins before/after a local time of their own day, and logs with a mood, in one
    query over the user's logs."""
    aggregates: dict = {}
    timed = False
    for criteria in criteria_list:
        key = _log_key(criteria)
        if key in aggregates:
            continue
        if criteria["type"] == "mood_logged":
            aggregates[key] = Count("pk", filter=Q(mood__isnull=False))
            continue
        timed = True
        on_own_day = Q(status=LogStatus.DONE, day=F("local_date"))
        if criteria["type"] == "early_check_ins":
            clock = Q(clock__lt=time.fromisoformat(criteria["before"]))
        else:
            clock = Q(clock__gte=time.fromisoformat(criteria["after"]))
        aggregates[key] = Count("pk", filter=on_own_day & clock)
    logs = HabitLog.objects.filter(user=user)
    if timed:
        tz = user_zone(user=user)
        logs = logs.annotate(
            day=TruncDate("completed_at", tzinfo=tz), clock=TruncTime("completed_at", tzinfo=tz)
        )
    return {key: value or 0 for key, value in logs.aggregate(**aggregates).items()}


def _perfect_day(user, log: HabitLog | None, min_habits: int) -> bool:
    """Every habit due on the log's day (weekly ones aside) is done that day: one query."""
    if log is None:
        return False
    day = log.local_date
    habits = (
        Habit.objects.filter(user=user, status=HabitStatus.ACTIVE)
        .exclude(schedule_type=ScheduleType.TIMES_PER_WEEK)
        .only("pk", "schedule_type", "weekdays")
        .annotate(
            done_that_day=Exists(
                HabitLog.objects.filter(
                    habit_id=OuterRef("pk"), local_date=day, status=LogStatus.DONE
                )
            )
        )
    )
    due = [habit for habit in habits if habit.is_scheduled_on(day)]
    return len(due) >= min_habits and all(habit.done_that_day for habit in due)


def _earned(user, candidates: list[Achievement], ctx: dict) -> list[Achievement]:
    """The candidates whose criteria the user now meets."""
    kinds = {achievement.criteria.get("type") for achievement in candidates}
    habit_measures = _habit_measures(user) if kinds & _HABIT_MEASURES else {}
    log_measures = (
        _log_measures(
            user,
            [a.criteria for a in candidates if a.criteria.get("type") in _LOG_MEASURES],
        )
        if kinds & _LOG_MEASURES
        else {}
    )
    finished = None
    earned = []
    for achievement in candidates:
        criteria = achievement.criteria
        kind = criteria.get("type")
        if kind == "total_completions":
            met = habit_measures["total"] >= criteria["count"]
        elif kind == "streak":
            met = habit_measures["streak"] >= criteria["days"]
        elif kind == "active_habits":
            met = habit_measures["habits"] >= criteria["count"]
        elif kind in _LOG_MEASURES:
            met = log_measures[_log_key(criteria)] >= criteria["count"]
        elif kind == "perfect_day":
            met = _perfect_day(user, ctx.get("log"), criteria.get("min_habits", 1))
        elif kind == "workouts_completed":
            if finished is None:
                finished = WorkoutSession.objects.filter(
                    user=user, status=SessionStatus.COMPLETED
                ).count()
            met = finished >= criteria["count"]
        else:
            met = False
        if met:
            earned.append(achievement)
    return earned


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


def _locked_achievements_read(user) -> list[Achievement]:
    # One query: the achievements still locked, each flagged if the user switched
    # gamification off (then nothing unlocks).
    switched_off = HabitPreferences.objects.filter(user=user, gamification_enabled=False)
    return list(
        Achievement.objects.filter(is_active=True)
        .exclude(unlocks__user=user)
        .annotate(gamification_off=Exists(switched_off))
        .order_by("sort_order")
    )


def _locked_achievements(user) -> list[Achievement]:
    """From the user's cache entry (forgotten on every unlock and preference change). A stale
    entry is harmless: an achievement unlocked meanwhile is refused again by the unique
    constraint in ``achievement_unlock``; one added by an operator shows within minutes."""
    return dashboard_extras_cached(
        user_id=user.pk,
        name="locked-achievements",
        valid=lambda value: isinstance(value, list),
        read=lambda: _locked_achievements_read(user),
    )


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
    locked = _locked_achievements(user)
    if locked and getattr(locked[0], "gamification_off", False):
        return []
    candidates = [
        achievement for achievement in locked if achievement.criteria.get("type") in kinds
    ]
    ctx = {"habit": habit, "log": log, "now": now or timezone.now()}
    unlocked = []
    for achievement in _earned(user, candidates, ctx) if candidates else []:
        context = {"trigger": trigger}
        if habit is not None:
            context["habit"] = str(habit.pk)
        if log is not None:
            context["day"] = log.local_date.isoformat()
        if row := achievement_unlock(user=user, achievement=achievement, context=context):
            unlocked.append(row)
    return unlocked
