"""Achievements: criteria are data (``Achievement.criteria``); each type has one evaluator.

Unlocking happens inside the caller's transaction (the check-in, the new habit, the finished
workout), once per user (unique constraint), awards points through billing's ledger with an
idempotency key, and announces itself with ``notify()``.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
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


# Each criteria type reads one measure; every measure a check-in needs (the habits' totals,
# the log counts, the perfect day) comes from one query of scalar subqueries, whichever
# achievements are still locked, instead of one scan per achievement or per table.
_HABIT_MEASURES = {"total_completions", "streak", "active_habits"}
_LOG_MEASURES = {"early_check_ins", "late_check_ins", "mood_logged"}


def _scalar(queryset, aggregate) -> Subquery:
    """One aggregate over ``queryset`` (rows of the outer user), as a scalar subquery."""
    return Subquery(
        queryset.order_by().values("user_id").annotate(value=aggregate).values("value")[:1]
    )


def _habit_measures(habits) -> dict:
    """Total completions, the best streak in days (a weekly streak counts 7 days a week) and
    the habits not archived."""
    return {
        "total": _scalar(habits, Sum("total_completions")),
        "streak": _scalar(
            habits,
            Max(
                Case(
                    When(schedule_type=ScheduleType.TIMES_PER_WEEK, then=F("best_streak") * 7),
                    default=F("best_streak"),
                    output_field=IntegerField(),
                )
            ),
        ),
        "habits": _scalar(habits, Count("pk", filter=~Q(status=HabitStatus.ARCHIVED))),
    }


def _log_key(criteria: dict) -> str:
    kind = criteria["type"]
    if kind == "early_check_ins":
        return "early_" + criteria["before"].replace(":", "")
    if kind == "late_check_ins":
        return "late_" + criteria["after"].replace(":", "")
    return "moods"


def _log_measures(user, criteria_list: list[dict]) -> dict:
    """Done check-ins before/after a local time of their own day, and logs with a mood."""
    logs = HabitLog.objects.filter(user_id=OuterRef("pk"))
    if any(criteria["type"] != "mood_logged" for criteria in criteria_list):
        tz = user_zone(user=user)
        logs = logs.annotate(
            day=TruncDate("completed_at", tzinfo=tz), clock=TruncTime("completed_at", tzinfo=tz)
        )
    measures: dict = {}
    for criteria in criteria_list:
        key = _log_key(criteria)
        if key in measures:
            continue
        if criteria["type"] == "mood_logged":
            measures[key] = _scalar(logs, Count("pk", filter=Q(mood__isnull=False)))
            continue
        on_own_day = Q(status=LogStatus.DONE, day=F("local_date"))
        if criteria["type"] == "early_check_ins":
            clock = Q(clock__lt=time.fromisoformat(criteria["before"]))
        else:
            clock = Q(clock__gte=time.fromisoformat(criteria["after"]))
        measures[key] = _scalar(logs, Count("pk", filter=on_own_day & clock))
    return measures


def _perfect_day_measures(day) -> dict:
    """The habits due on ``day`` (weekly ones aside) and those of them not done that day."""
    due = (
        Habit.objects.filter(user_id=OuterRef("pk"), status=HabitStatus.ACTIVE)
        .exclude(schedule_type=ScheduleType.TIMES_PER_WEEK)
        .filter(~Q(schedule_type=ScheduleType.WEEKDAYS) | Q(weekdays__contains=[day.weekday()]))
    )
    done = HabitLog.objects.filter(habit_id=OuterRef("pk"), local_date=day, status=LogStatus.DONE)
    return {
        "due_that_day": _scalar(due, Count("pk")),
        "missed_that_day": _scalar(due.filter(~Exists(done)), Count("pk")),
    }


def _measures(user, candidates: list[Achievement], log: HabitLog | None) -> dict:
    """Every measure the candidates read, in one query (none when they read none)."""
    kinds = {achievement.criteria.get("type") for achievement in candidates}
    expressions: dict = {}
    if kinds & _HABIT_MEASURES:
        expressions.update(_habit_measures(Habit.objects.filter(user_id=OuterRef("pk"))))
    if kinds & _LOG_MEASURES:
        expressions.update(
            _log_measures(
                user,
                [a.criteria for a in candidates if a.criteria.get("type") in _LOG_MEASURES],
            )
        )
    if "perfect_day" in kinds and log is not None:
        expressions.update(_perfect_day_measures(log.local_date))
    if not expressions:
        return {}
    # Prefixed: a measure's name may be a relation of the user ("habits").
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(**{f"measure_{key}": value for key, value in expressions.items()})
        .first()
    ) or {}
    return {key.removeprefix("measure_"): value or 0 for key, value in row.items()}


def _earned(user, candidates: list[Achievement], ctx: dict) -> list[Achievement]:
    """The candidates whose criteria the user now meets."""
    log = ctx.get("log")
    measures = _measures(user, candidates, log)
    finished = None
    earned = []
    for achievement in candidates:
        criteria = achievement.criteria
        kind = criteria.get("type")
        if kind == "total_completions":
            met = measures["total"] >= criteria["count"]
        elif kind == "streak":
            met = measures["streak"] >= criteria["days"]
        elif kind == "active_habits":
            met = measures["habits"] >= criteria["count"]
        elif kind in _LOG_MEASURES:
            met = measures[_log_key(criteria)] >= criteria["count"]
        elif kind == "perfect_day":
            # Every habit due on the log's day (weekly ones aside) is done that day.
            met = (
                log is not None
                and measures["due_that_day"] >= criteria.get("min_habits", 1)
                and measures["missed_that_day"] == 0
            )
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


ACHIEVEMENT_CATALOGUE_KEY = "habits:achievement-catalogue:v1"
ACHIEVEMENT_CATALOGUE_SECONDS = 300


def _active_achievements() -> dict[str, Achievement]:
    """Every active achievement by code, in order: operators' data, shared by every user, from
    the cache (forgotten on every save or delete of an achievement; at most minutes old)."""
    catalogue = cache.get(ACHIEVEMENT_CATALOGUE_KEY)
    if isinstance(catalogue, dict):
        return catalogue
    catalogue = {
        achievement.code: achievement
        for achievement in Achievement.objects.filter(is_active=True).order_by("sort_order")
    }
    cache.set(ACHIEVEMENT_CATALOGUE_KEY, catalogue, ACHIEVEMENT_CATALOGUE_SECONDS)
    return catalogue


def achievement_catalogue_forget(**kwargs) -> None:
    cache.delete(ACHIEVEMENT_CATALOGUE_KEY)
    transaction.on_commit(lambda: cache.delete(ACHIEVEMENT_CATALOGUE_KEY))


def locked_achievement_annotations(user) -> dict:
    """Which achievements the user may still unlock, and whether gamification is off: two
    subqueries a check-in adds to its read of the habit (no round trip of their own). Hand
    what they read to ``achievements_check(locked_codes=..., gamification_off=...)``."""
    return {
        "locked_achievement_codes": ArraySubquery(
            Achievement.objects.filter(is_active=True)
            .exclude(unlocks__user=user)
            .order_by("sort_order")
            .values("code")
        ),
        "gamification_off": Exists(
            HabitPreferences.objects.filter(user=user, gamification_enabled=False)
        ),
    }


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
    locked_codes: list[str] | None = None,
    gamification_off: bool | None = None,
) -> list[UserAchievement]:
    """Unlock every achievement the user has newly earned through ``trigger``.

    ``locked_codes`` and ``gamification_off``, when the caller read them with
    ``locked_achievement_annotations``, spare the read of what is still locked."""
    kinds = TRIGGERS.get(trigger, set())
    if not kinds:
        return []
    if locked_codes is not None and gamification_off is not None:
        if gamification_off:
            return []
        catalogue = _active_achievements()
        locked = [catalogue[code] for code in locked_codes if code in catalogue]
    else:
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
