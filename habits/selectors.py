"""Reads. Every function takes the asking user and returns only that user's rows."""

from __future__ import annotations

import calendar
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.utils import timezone

from accounts.selectors import user_local_today
from core.exceptions import NotFoundError
from habits.caching import (
    dashboard_extras_cached,
    dashboard_extras_lookup,
    dashboard_extras_store,
)
from habits.enums import (
    GoalDirection,
    HabitStatus,
    LogStatus,
    PlanStatus,
    SessionStatus,
)
from habits.metric_types import METRICS
from habits.models import (
    Achievement,
    Exercise,
    Habit,
    HabitCategory,
    HabitLog,
    HabitPreferences,
    HabitTemplate,
    HabitVacation,
    HealthGoal,
    HealthIntegration,
    HealthMetric,
    UserAchievement,
    WorkoutPlan,
    WorkoutPlanExercise,
    WorkoutPlanVersion,
    WorkoutSession,
    WorkoutSessionExercise,
    WorkoutSet,
)
from habits.streaks import week_start

HEATMAP_WEEKS = 12
TREND_DAYS = 30


# --- habits -----------------------------------------------------------------------------------


def habit_list(*, user, statuses: tuple[str, ...] | None = None) -> QuerySet[Habit]:
    habits = Habit.objects.filter(user=user).select_related("category", "template")
    if statuses:
        habits = habits.filter(status__in=statuses)
    return habits.order_by("status", "sort_order", "created_at")


def habit_get_for_user(*, user, pk) -> Habit:
    habit = Habit.objects.filter(user=user, pk=pk).select_related("category", "user").first()
    if habit is None:
        raise NotFoundError("habit not found")
    return habit


def template_list_featured(*, limit: int) -> list[HabitTemplate]:
    return list(
        HabitTemplate.objects.filter(is_featured=True, is_active=True).select_related("category")[
            :limit
        ]
    )


def template_catalogue() -> list[tuple[HabitCategory, list[HabitTemplate]]]:
    """Active categories in order, each with its active templates (two queries)."""
    categories = HabitCategory.objects.filter(is_active=True).order_by("sort_order")
    by_category: dict[int, list[HabitTemplate]] = {}
    for item in HabitTemplate.objects.filter(is_active=True).select_related("category"):
        by_category.setdefault(item.category_id, []).append(item)
    return [(category, by_category.get(category.pk, [])) for category in categories]


def habit_recent_logs(*, habit: Habit, limit: int) -> list[HabitLog]:
    return list(
        HabitLog.objects.filter(habit=habit)
        .order_by("-local_date")
        .annotate(photo_count=Count("photos"))[:limit]
    )


def vacation_list(*, user, ending_after: date | None = None) -> QuerySet[HabitVacation]:
    vacations = HabitVacation.objects.filter(user=user)
    if ending_after is not None:
        vacations = vacations.filter(end_date__gt=ending_after)
    return vacations


def vacation_get_for_user(*, user, pk) -> HabitVacation:
    vacation = HabitVacation.objects.filter(user=user, pk=pk).first()
    if vacation is None:
        raise NotFoundError("vacation not found")
    return vacation


def habit_logs(
    *,
    user,
    habit: Habit | None = None,
    habit_id=None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[HabitLog]:
    """The user's check-ins, newest filters applied, with their photos (one extra query)."""
    logs = HabitLog.objects.filter(user=user).prefetch_related("photos")
    if habit is not None:
        logs = logs.filter(habit=habit)
    if habit_id is not None:
        logs = logs.filter(habit_id=habit_id)
    if start is not None:
        logs = logs.filter(local_date__gte=start)
    if end is not None:
        logs = logs.filter(local_date__lt=end)
    return logs


def vacation_on(*, user, day: date) -> HabitVacation | None:
    return _vacations_on(user=user, day=day).first()


@dataclass
class DueHabit:
    habit: Habit
    log: HabitLog | None
    week_done: int = 0

    @property
    def is_done(self) -> bool:
        return self.log is not None and self.log.status == LogStatus.DONE

    @property
    def is_skipped(self) -> bool:
        return self.log is not None and self.log.status == LogStatus.SKIPPED

    @property
    def count(self) -> int:
        return self.log.count if self.log is not None else 0

    @property
    def progress_percent(self) -> int:
        return min(100, round(100 * self.count / max(self.habit.target_count, 1)))


@dataclass
class HeatDay:
    day: date
    done: int
    due: int
    future: bool = False

    @property
    def level(self) -> int:
        """0 (nothing) … 4 (everything due was done)."""
        if self.done == 0:
            return 0
        ratio = self.done / max(self.due, 1)
        return 4 if ratio >= 1 else 3 if ratio >= 0.66 else 2 if ratio >= 0.33 else 1


@dataclass
class TrendPoint:
    day: date
    mood: float | None
    energy: float | None


@dataclass
class GoalProgress:
    goal: HealthGoal
    value: Decimal | None

    @property
    def spec(self):
        return METRICS[self.goal.metric_type]

    @property
    def percent(self) -> int:
        if self.value is None:
            return 0
        target = self.goal.target_value
        if self.goal.direction == GoalDirection.AT_MOST:
            return 100 if self.value <= target else max(0, round(100 * target / self.value))
        return min(100, round(100 * self.value / target)) if target else 0

    @property
    def met(self) -> bool:
        if self.value is None:
            return False
        if self.goal.direction == GoalDirection.AT_MOST:
            return self.value <= self.goal.target_value
        return self.value >= self.goal.target_value


@dataclass
class Dashboard:
    today: date
    due: list[DueHabit]
    other: list[DueHabit]
    paused: int
    heatmap: list[HeatDay]
    trend: list[TrendPoint]
    workout: WorkoutSession | None
    last_workout: WorkoutSession | None
    goals: list[GoalProgress]
    vacation: HabitVacation | None
    recent_achievements: list[UserAchievement]
    gamification: bool
    has_habits: bool
    done_today: int = 0
    best_streak: int = 0
    strength: int = 0
    featured_templates: list = field(default_factory=list)

    @property
    def summary(self) -> TodaySummary:
        return TodaySummary(
            done_today=self.done_today,
            due_count=len(self.due),
            best_streak=self.best_streak,
            strength=self.strength,
        )


def _due_on(habit: Habit, day: date) -> bool:
    return (
        habit.status == HabitStatus.ACTIVE
        and habit.started_on <= day
        and (habit.is_weekly or habit.is_scheduled_on(day))
    )


def logs_photos_known(logs: Sequence[HabitLog]) -> None:
    """Give each log, read with ``logs_flagging_photos``, its photos: none for those flagged
    without (nothing to ask), one query for the others."""
    with_photos = []
    for log in logs:
        if getattr(log, "has_photos", True):
            with_photos.append(log)
        else:
            log._prefetched_objects_cache = {"photos": log.photos.none()}  # type: ignore[attr-defined]
    if with_photos:
        prefetch_related_objects(with_photos, "photos")


def logs_flagging_photos(logs: QuerySet[HabitLog]) -> QuerySet[HabitLog]:
    """``logs`` each flagged ``has_photos`` (most logs have none: see ``logs_photos_known``)."""
    return logs.annotate(
        has_photos=Exists(HabitLog.photos.through.objects.filter(habitlog_id=OuterRef("pk")))
    )


def _today_logs(*, user, today: date, with_photos: bool) -> dict:
    """The day's logs by habit id, whole rows (the API shows them, with their photos)."""
    logs = HabitLog.objects.filter(user=user, local_date=today)
    if not with_photos:
        return {log.habit_id: log for log in logs}
    rows = list(logs_flagging_photos(logs))
    logs_photos_known(rows)
    return {log.habit_id: log for log in rows}


def _due_items(
    active: Sequence[Habit], *, today_logs: dict, week_done: dict, today: date
) -> tuple[list[DueHabit], list[DueHabit]]:
    due: list[DueHabit] = []
    other: list[DueHabit] = []
    for habit in active:
        item = DueHabit(habit=habit, log=today_logs.get(habit.pk), week_done=week_done[habit.pk])
        if habit.is_weekly:
            (due if item.week_done < habit.times_per_week or item.is_done else other).append(item)
        elif habit.is_scheduled_on(today):
            due.append(item)
        else:
            other.append(item)
    return due, other


@dataclass
class TodaySummary:
    """The "today" numbers above the list: what a check-in redraws beside its own row."""

    done_today: int
    due_count: int
    best_streak: int
    strength: int


@dataclass
class TodayRow:
    item: DueHabit | None
    summary: TodaySummary


def today_row_for_user(*, user, habit: Habit, today: date | None = None) -> TodayRow:
    """One habit's row on the "today" page and the summary, in one query whatever the history:
    the user's active habits, each with its status and count today and its done days this
    week (the row shows only those of a log)."""
    today = today or user_local_today(user=user)
    monday = week_start(today)
    todays = HabitLog.objects.filter(habit_id=OuterRef("pk"), local_date=today)
    active = list(
        Habit.objects.filter(user=user, status=HabitStatus.ACTIVE)
        .annotate(
            today_status=Subquery(todays.values("status")[:1]),
            today_count=Subquery(todays.values("count")[:1]),
            done_this_week=Count(
                "logs",
                filter=Q(
                    logs__status=LogStatus.DONE,
                    logs__local_date__gte=monday,
                    logs__local_date__lte=today,
                ),
            ),
        )
        .order_by("sort_order", "created_at")
    )
    week_done: dict = defaultdict(int)
    today_logs: dict = {}
    for row in active:
        week_done[row.pk] = row.done_this_week
        if row.today_status is not None:
            today_logs[row.pk] = HabitLog(
                habit=row,
                user_id=row.user_id,
                local_date=today,
                status=row.today_status,
                count=row.today_count,
                target_count=row.target_count,
            )
    due, other = _due_items(active, today_logs=today_logs, week_done=week_done, today=today)
    item = next((row for row in due + other if row.habit.pk == habit.pk), None)
    return TodayRow(
        item=item,
        summary=TodaySummary(
            done_today=sum(1 for row in due if row.is_done),
            due_count=len(due),
            best_streak=max((h.current_streak for h in active), default=0),
            strength=round(100 * sum(h.strength for h in active) / len(active)) if active else 0,
        ),
    )


@dataclass
class DashboardExtras:
    """The "today" page's parts that are not habits (cached per user, see habits.caching)."""

    today: date
    workout: WorkoutSession | None
    last_workout: WorkoutSession | None
    goals: list[GoalProgress]
    vacation: HabitVacation | None
    recent_achievements: list[UserAchievement]
    gamification: bool


def _goals_on(*, user, today: date) -> QuerySet[HealthGoal]:
    return HealthGoal.objects.filter(user=user, is_active=True, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    )


def _vacations_on(*, user, day: date) -> QuerySet[HabitVacation]:
    return HabitVacation.objects.filter(user=user, start_date__lte=day, end_date__gt=day)


def _extras_probe(*, user, today: date) -> dict:
    """Which of the "today" page's non-habit parts the user has any rows for, and the
    gamification switch: subqueries of constants only, so they ride along on another query
    (the dashboard's habit read) at the cost of a few index probes, and the parts the user
    has nothing for are not read at all."""
    return {
        "x_gamification": Subquery(
            HabitPreferences.objects.filter(user=user).values("gamification_enabled")[:1]
        ),
        "x_workouts": Exists(
            WorkoutSession.objects.filter(user=user).exclude(status=SessionStatus.ABANDONED)
        ),
        "x_achievements": Exists(UserAchievement.objects.filter(user=user)),
        "x_goals": Exists(_goals_on(user=user, today=today)),
        "x_vacation": Exists(_vacations_on(user=user, day=today)),
    }


_extras_probe_names = ("x_gamification", "x_workouts", "x_achievements", "x_goals", "x_vacation")


def _dashboard_extras_read(*, user, today: date, probe: Mapping | None = None) -> DashboardExtras:
    if probe is None:
        probe = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .values(**_extras_probe(user=user, today=today))
            .first()
        ) or {}
    sessions = (
        list(
            WorkoutSession.objects.filter(user=user)
            .exclude(status=SessionStatus.ABANDONED)
            .annotate(exercise_count=Count("exercises", distinct=True))
            .order_by("-started_at")[:2]
        )
        if probe.get("x_workouts")
        else []
    )
    workout = next(
        (s for s in sessions if s.status == SessionStatus.IN_PROGRESS or s.local_date == today),
        None,
    )
    last_workout = next((s for s in sessions if s is not workout), None) if not workout else None
    gamification = probe.get("x_gamification") is not False  # no preferences: the default, on
    recent = (
        list(UserAchievement.objects.filter(user=user).select_related("achievement")[:3])
        if gamification and probe.get("x_achievements")
        else []
    )
    return DashboardExtras(
        today=today,
        workout=workout,
        last_workout=last_workout,
        goals=goal_progress(user=user, today=today) if probe.get("x_goals") else [],
        vacation=vacation_on(user=user, day=today) if probe.get("x_vacation") else None,
        recent_achievements=recent,
        gamification=gamification,
    )


def _extras_valid(today: date):
    return lambda extras: isinstance(extras, DashboardExtras) and extras.today == today


def dashboard_extras(*, user, today: date) -> DashboardExtras:
    """Workouts, goals, vacation, recent achievements and the gamification switch: from the
    user's cache entry when it was made for ``today``, else read and cached."""
    return dashboard_extras_cached(
        user_id=user.pk,
        valid=_extras_valid(today),
        read=lambda: _dashboard_extras_read(user=user, today=today),
    )


def dashboard_for_user(*, user, today: date | None = None, with_photos: bool = False) -> Dashboard:
    """Everything on the "today" page in a fixed number of queries, whatever the history.

    The heatmap, this week's counts and the mood/energy trend come from one read of the last
    twelve weeks' logs, which also gives the page today's status and counts; the API
    (``with_photos``) reads today's logs whole, with their photos."""
    today = today or user_local_today(user=user)
    # The non-habit parts come from the user's cache entry; when it is cold, the habit read
    # also says which of them the user has rows for (see _extras_probe).
    started = time.time()
    cached, extras = dashboard_extras_lookup(user_id=user.pk, valid=_extras_valid(today))
    habit_rows = (
        Habit.objects.filter(user=user, status__in=[HabitStatus.ACTIVE, HabitStatus.PAUSED])
        .select_related("category")
        .order_by("sort_order", "created_at")
    )
    if not cached:
        habit_rows = habit_rows.annotate(**_extras_probe(user=user, today=today))
    habits = list(habit_rows)
    active = [habit for habit in habits if habit.status == HabitStatus.ACTIVE]
    monday = week_start(today)
    heat_start = monday - timedelta(weeks=HEATMAP_WEEKS - 1)
    trend_start = today - timedelta(days=TREND_DAYS - 1)
    week_done: dict = defaultdict(int)
    done_by_day: dict[date, int] = defaultdict(int)
    moods: dict[date, list[int]] = defaultdict(list)
    energies: dict[date, list[int]] = defaultdict(list)
    # The page shows only a log's status and count: today's come from this same read. The API
    # shows today's logs whole (note, photos), read apart below.
    page_today_logs: dict = {}
    for habit_id, day, status, mood, energy, count, target in HabitLog.objects.filter(
        user=user, local_date__gte=min(heat_start, trend_start)
    ).values_list("habit_id", "local_date", "status", "mood", "energy", "count", "target_count"):
        if day == today and not with_photos:
            page_today_logs[habit_id] = HabitLog(
                habit_id=habit_id,
                user_id=user.pk,
                local_date=day,
                status=status,
                count=count,
                target_count=target,
                mood=mood,
                energy=energy,
            )
        if status == LogStatus.DONE:
            done_by_day[day] += 1
            if day >= monday:
                week_done[habit_id] += 1
        if day >= trend_start:
            if mood is not None:
                moods[day].append(mood)
            if energy is not None:
                energies[day].append(energy)
    today_logs = (
        _today_logs(user=user, today=today, with_photos=True) if with_photos else page_today_logs
    )
    due, other = _due_items(active, today_logs=today_logs, week_done=week_done, today=today)

    heatmap = []
    for offset in range(HEATMAP_WEEKS * 7):
        day = heat_start + timedelta(days=offset)
        due_count = sum(1 for habit in active if not habit.is_weekly and _due_on(habit, day))
        heatmap.append(
            HeatDay(day=day, done=done_by_day.get(day, 0), due=due_count, future=day > today)
        )

    trend = [
        TrendPoint(
            day=day,
            mood=sum(moods[day]) / len(moods[day]) if moods.get(day) else None,
            energy=sum(energies[day]) / len(energies[day]) if energies.get(day) else None,
        )
        for day in (trend_start + timedelta(days=n) for n in range(TREND_DAYS))
    ]

    if not cached:
        probe = None
        if habits:
            probe = {name: getattr(habits[0], name) for name in _extras_probe_names}
        extras = _dashboard_extras_read(user=user, today=today, probe=probe)
        dashboard_extras_store(user_id=user.pk, value=extras, started=started)
    done_today = sum(1 for item in due if item.is_done)
    return Dashboard(
        today=today,
        due=due,
        other=other,
        paused=len(habits) - len(active),
        heatmap=heatmap,
        trend=trend,
        workout=extras.workout,
        last_workout=extras.last_workout,
        goals=extras.goals,
        vacation=extras.vacation,
        recent_achievements=extras.recent_achievements,
        gamification=extras.gamification,
        has_habits=bool(habits),
        done_today=done_today,
        best_streak=max((habit.current_streak for habit in active), default=0),
        strength=round(100 * sum(habit.strength for habit in active) / len(active))
        if active
        else 0,
    )


@dataclass
class HabitStats:
    completion_rate_30: int
    scheduled_30: int
    done_30: int
    avg_mood: float | None
    avg_energy: float | None
    total_count: int


def habit_statistics(*, habit: Habit, today: date) -> HabitStats:
    start = today - timedelta(days=29)
    logs = HabitLog.objects.filter(habit=habit)
    rows = logs.aggregate(
        mood=Avg("mood"),
        energy=Avg("energy"),
        total=Sum("count"),
        done_30=Count("id", filter=Q(local_date__gte=start, status=LogStatus.DONE)),
        skipped_30=Count("id", filter=Q(local_date__gte=start, status=LogStatus.SKIPPED)),
    )
    first = max(start, habit.started_on)
    days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
    if habit.is_weekly:
        scheduled = round(len(days) * habit.times_per_week / 7)
    else:
        scheduled = sum(1 for day in days if habit.is_scheduled_on(day))
    scheduled = max(scheduled - rows["skipped_30"], 0)
    rate = min(100, round(100 * rows["done_30"] / scheduled)) if scheduled else 0
    return HabitStats(
        completion_rate_30=rate,
        scheduled_30=scheduled,
        done_30=rows["done_30"],
        avg_mood=rows["mood"],
        avg_energy=rows["energy"],
        total_count=rows["total"] or 0,
    )


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    log: HabitLog | None
    scheduled: bool
    future: bool
    vacation: bool


def habit_month(*, habit: Habit, year: int, month: int, today: date) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month with each day's log."""
    cal = calendar.Calendar(firstweekday=0)
    weeks = cal.monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    logs = {
        log.local_date: log
        for log in HabitLog.objects.filter(
            habit=habit, local_date__gte=first, local_date__lte=last
        ).only("id", "local_date", "status", "count", "target_count", "mood", "energy")
    }
    vacations = list(
        HabitVacation.objects.filter(
            user_id=habit.user_id, start_date__lte=last, end_date__gt=first
        ).values_list("start_date", "end_date")
    )
    return [
        [
            CalendarDay(
                day=day,
                in_month=day.month == month,
                log=logs.get(day),
                scheduled=habit.is_scheduled_on(day) and day >= habit.started_on,
                future=day > today,
                vacation=any(start <= day < end for start, end in vacations),
            )
            for day in week
        ]
        for week in weeks
    ]


def daily_summary(*, user, start: date, end: date) -> list[Mapping[str, Any]]:
    """Per local day in [start, end): completed habits, average mood/energy (for reports)."""
    rows: list[Mapping[str, Any]] = []
    rows.extend(
        HabitLog.objects.filter(user=user, local_date__gte=start, local_date__lt=end)
        .values("local_date")
        .annotate(
            completed=Count("id", filter=Q(status=LogStatus.DONE)),
            avg_mood=Avg("mood"),
            avg_energy=Avg("energy"),
        )
        .order_by("local_date")
    )
    return rows


def achievements_for_user(*, user) -> list[tuple[Achievement, UserAchievement | None]]:
    mine = {row.achievement_id: row for row in UserAchievement.objects.filter(user=user)}
    return [
        (achievement, mine.get(achievement.code))
        for achievement in Achievement.objects.filter(is_active=True)
    ]


# --- health metrics ---------------------------------------------------------------------------


def metric_day_values(*, user, day: date, metric_types) -> dict[str, Decimal]:
    """Each metric's value for ``day``: sum, average, or the latest reading (for weight etc.)."""
    metric_types = list(metric_types)
    summed = [key for key in metric_types if METRICS[key].daily in ("sum", "avg")]
    values: dict[str, Decimal] = {}
    if summed:
        for row in (
            HealthMetric.objects.filter(user=user, local_date=day, metric_type__in=summed)
            .values("metric_type")
            .annotate(total=Sum("value"), average=Avg("value"))
        ):
            spec = METRICS[row["metric_type"]]
            values[row["metric_type"]] = row["total"] if spec.daily == "sum" else row["average"]
    latest = [key for key in metric_types if METRICS[key].daily == "last"]
    if latest:
        for metric in (
            HealthMetric.objects.filter(user=user, metric_type__in=latest, local_date__lte=day)
            .order_by("metric_type", "-recorded_at")
            .distinct("metric_type")
        ):
            values[metric.metric_type] = metric.value
    return values


def goal_progress(*, user, today: date) -> list[GoalProgress]:
    goals = list(_goals_on(user=user, today=today))
    values = (
        metric_day_values(user=user, day=today, metric_types={g.metric_type for g in goals})
        if goals
        else {}
    )
    return [GoalProgress(goal=goal, value=values.get(goal.metric_type)) for goal in goals]


def metric_daily_series(*, user, metric_type: str, start: date, end: date) -> list[tuple]:
    """(day, value) for every day in [start, end) that has data, summarised per the metric."""
    spec = METRICS[metric_type]
    rows = HealthMetric.objects.filter(
        user=user, metric_type=metric_type, local_date__gte=start, local_date__lt=end
    ).values("local_date")
    if spec.daily == "sum":
        rows = rows.annotate(value=Sum("value"))
    elif spec.daily == "avg":
        rows = rows.annotate(value=Avg("value"))
    else:
        rows = rows.annotate(value=Max("value"))
    return [(row["local_date"], row["value"]) for row in rows.order_by("local_date")]


def metric_daily_series_all(*, user, start: date, end: date) -> dict[str, list[tuple]]:
    """Every metric the user recorded in [start, end), summarised per day, in one query."""
    series: dict[str, list[tuple]] = {}
    rows = (
        HealthMetric.objects.filter(user=user, local_date__gte=start, local_date__lt=end)
        .values("metric_type", "local_date")
        .annotate(total=Sum("value"), average=Avg("value"), top=Max("value"))
        .order_by("metric_type", "local_date")
    )
    for row in rows:
        daily = METRICS[row["metric_type"]].daily
        value = row["total"] if daily == "sum" else row["average"] if daily == "avg" else row["top"]
        series.setdefault(row["metric_type"], []).append((row["local_date"], value))
    return dict(sorted(series.items(), key=lambda item: list(METRICS).index(item[0])))


# --- workouts ---------------------------------------------------------------------------------


def plans_visible_to(*, user) -> QuerySet[WorkoutPlan]:
    """Published plans for everyone, plus the trainer's own drafts."""
    visible = Q(status=PlanStatus.PUBLISHED, deleted_at__isnull=True)
    if getattr(user, "is_authenticated", False):
        visible |= Q(trainer=user, deleted_at__isnull=True)
    return WorkoutPlan.objects.filter(visible).select_related("trainer")


def plan_latest_version(*, plan: WorkoutPlan) -> WorkoutPlanVersion | None:
    if not plan.version:
        return None
    return plan.versions.filter(number=plan.version).first()


def session_get_for_user(*, user, pk) -> WorkoutSession:
    session = WorkoutSession.objects.filter(user=user, pk=pk).first()
    if session is None:
        raise NotFoundError("workout not found")
    return session


def personal_records(*, user, exercise_ids=None) -> dict[int, dict[str, Any]]:
    """Per exercise: heaviest weight, most reps, best estimated 1RM (Epley), longest time."""
    sets = WorkoutSet.objects.filter(user=user, is_warmup=False)
    if exercise_ids is not None:
        sets = sets.filter(exercise_id__in=list(exercise_ids))
    records: dict[int, dict[str, Any]] = {}
    for row in sets.values("exercise_id").annotate(
        max_weight=Max("weight_kg"),
        max_reps=Max("reps"),
        max_duration=Max("duration_seconds"),
        max_distance=Max("distance_m"),
        sets=Count("id"),
        last=Max("created_at"),
    ):
        records[row["exercise_id"]] = dict(row)
    # Estimated one-rep max needs weight and reps of the same set.
    for exercise_id, weight, reps in sets.filter(
        weight_kg__isnull=False, reps__isnull=False, reps__gt=0
    ).values_list("exercise_id", "weight_kg", "reps"):
        if weight is None or reps is None:
            continue  # filtered out above; the check narrows the types
        estimate = round(float(weight) * (1 + reps / 30), 1)
        record = records[exercise_id]
        record["e1rm"] = max(record.get("e1rm") or 0, estimate)
    return records


def exercise_history(*, user, exercise) -> list[tuple[WorkoutSession, list[WorkoutSet]]]:
    sets = (
        WorkoutSet.objects.filter(user=user, exercise=exercise)
        .select_related("session_exercise__session")
        .order_by("-session_exercise__session__started_at", "set_number")[:200]
    )
    grouped: dict = {}
    for workout_set in sets:
        session = workout_set.session_exercise.session
        grouped.setdefault(session.pk, (session, []))[1].append(workout_set)
    return list(grouped.values())


def habit_today(*, user) -> date:
    return user_local_today(user=user, at=timezone.now())


# --- catalogue --------------------------------------------------------------------------------


def category_list() -> QuerySet[HabitCategory]:
    return HabitCategory.objects.filter(is_active=True)


def template_list(
    *, category: str | None = None, featured: bool = False
) -> QuerySet[HabitTemplate]:
    templates = HabitTemplate.objects.filter(is_active=True).select_related("category")
    if category:
        templates = templates.filter(category__slug=category)
    if featured:
        templates = templates.filter(is_featured=True)
    return templates


def template_get(*, slug: str) -> HabitTemplate:
    template = template_list().filter(slug=slug).first()
    if template is None:
        raise NotFoundError("habit template not found")
    return template


def achievement_list_for_user(*, user) -> QuerySet[Achievement]:
    """Active achievements, each annotated with ``unlocked_at`` for this user (or None)."""
    mine = UserAchievement.objects.filter(user=user, achievement=OuterRef("pk"))
    return Achievement.objects.filter(is_active=True).annotate(
        unlocked_at=Subquery(mine.values("earned_at")[:1])
    )


# --- exercises, plans and sessions ------------------------------------------------------------


def exercise_list(
    *,
    category: str | None = None,
    equipment: str | None = None,
    muscle: str | None = None,
    query: str | None = None,
) -> QuerySet[Exercise]:
    items = Exercise.objects.filter(is_active=True)
    if category:
        items = items.filter(category=category)
    if equipment:
        items = items.filter(equipment__contains=[equipment])
    if muscle:
        items = items.filter(muscle_groups__contains=[muscle])
    if query:
        items = items.filter(Q(name_ko__icontains=query) | Q(name_en__icontains=query))
    return items


def exercise_get(*, slug: str) -> Exercise:
    exercise = Exercise.objects.filter(slug=slug, is_active=True).first()
    if exercise is None:
        raise NotFoundError("exercise not found")
    return exercise


def exercise_names(*, ids) -> dict[int, Exercise]:
    return Exercise.objects.in_bulk(list(ids))


def exercise_slugs(*, ids) -> dict[int, str]:
    return dict(Exercise.objects.filter(pk__in=list(ids)).values_list("pk", "slug"))


def plan_list_for_user(*, user) -> QuerySet[WorkoutPlan]:
    """The plans ``user`` may see (``plans_visible_to``) with their exercises."""
    return plans_visible_to(user=user).prefetch_related(
        Prefetch("items", queryset=WorkoutPlanExercise.objects.select_related("exercise")),
    )


def plan_get_for_user(*, user, pk) -> WorkoutPlan:
    plan = plans_visible_to(user=user).filter(pk=pk).first()
    if plan is None:
        raise NotFoundError("workout plan not found")
    return plan


def plan_get_for_trainer(*, user, pk) -> WorkoutPlan:
    """A plan its own trainer may change; anyone else's (or a deleted one) is not found."""
    plan = WorkoutPlan.objects.filter(pk=pk, trainer=user, deleted_at__isnull=True).first()
    if plan is None:
        raise NotFoundError("workout plan not found")
    return plan


def plan_version_get_for_user(*, user, pk) -> WorkoutPlanVersion:
    """The one access rule for plan versions: a version of a plan ``user`` may see."""
    version = (
        WorkoutPlanVersion.objects.filter(pk=pk, plan__in=plans_visible_to(user=user))
        .select_related("plan")
        .first()
    )
    if version is None:
        raise NotFoundError("workout plan version not found")
    return version


def plan_items(*, plan: WorkoutPlan) -> QuerySet[WorkoutPlanExercise]:
    return plan.items.select_related("exercise").order_by("position")


def plan_item_get(*, plan: WorkoutPlan, pk) -> WorkoutPlanExercise:
    item = WorkoutPlanExercise.objects.filter(plan=plan, pk=pk).first()
    if item is None:
        raise NotFoundError("plan exercise not found")
    return item


def session_list(*, user) -> QuerySet[WorkoutSession]:
    """The user's workouts with their exercises and sets (three queries for any number)."""
    return WorkoutSession.objects.filter(user=user).prefetch_related(
        Prefetch(
            "exercises",
            queryset=WorkoutSessionExercise.objects.select_related("exercise").prefetch_related(
                Prefetch("sets", queryset=WorkoutSet.objects.select_related("exercise"))
            ),
        )
    )


def session_entry_get(*, session: WorkoutSession, pk) -> WorkoutSessionExercise:
    entry = WorkoutSessionExercise.objects.filter(session=session, pk=pk).first()
    if entry is None:
        raise NotFoundError("workout exercise not found")
    return entry


def session_set_get(*, session: WorkoutSession, pk) -> WorkoutSet:
    workout_set = WorkoutSet.objects.filter(session_exercise__session=session, pk=pk).first()
    if workout_set is None:
        raise NotFoundError("set not found")
    return workout_set


# --- health -----------------------------------------------------------------------------------


def metric_list(
    *,
    user,
    metric_type: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[HealthMetric]:
    metrics = HealthMetric.objects.filter(user=user)
    if metric_type:
        metrics = metrics.filter(metric_type=metric_type)
    if start is not None:
        metrics = metrics.filter(local_date__gte=start)
    if end is not None:
        metrics = metrics.filter(local_date__lt=end)
    return metrics


def goal_list(*, user) -> QuerySet[HealthGoal]:
    return HealthGoal.objects.filter(user=user)


def goal_get_for_user(*, user, pk) -> HealthGoal:
    goal = goal_list(user=user).filter(pk=pk).first()
    if goal is None:
        raise NotFoundError("goal not found")
    return goal


def integration_list(*, user) -> QuerySet[HealthIntegration]:
    return HealthIntegration.objects.filter(user=user)


def session_list_recent(*, user, limit: int) -> list[WorkoutSession]:
    """The latest workouts not abandoned, with exercise and set counts (one query)."""
    return list(
        WorkoutSession.objects.filter(user=user)
        .exclude(status=SessionStatus.ABANDONED)
        .annotate(
            exercise_count=Count("exercises", distinct=True), set_count=Count("exercises__sets")
        )
        .order_by("-started_at")[:limit]
    )


def session_entries(*, session: WorkoutSession) -> list[WorkoutSessionExercise]:
    return list(
        session.exercises.select_related("exercise").prefetch_related(
            Prefetch("sets", queryset=WorkoutSet.objects.order_by("set_number"))
        )
    )


def plan_list_published_for_user(*, user, limit: int) -> list[WorkoutPlan]:
    return list(plans_visible_to(user=user).filter(version__gt=0)[:limit])


def plan_list_with_counts(*, user, difficulty: str | None = None) -> QuerySet[WorkoutPlan]:
    plans = plans_visible_to(user=user).annotate(item_count=Count("items"))
    if difficulty:
        plans = plans.filter(difficulty=difficulty)
    return plans.order_by("-published_at", "-created_at")


def habit_get_by_reminder_token_id(*, pk) -> Habit:
    """The habit a signed reminder link names (the signature is the access check)."""
    habit = Habit.objects.filter(pk=pk).select_related("user").first()
    if habit is None:
        raise NotFoundError("habit not found")
    return habit


def habit_log_on(*, habit: Habit, day: date) -> HabitLog | None:
    return HabitLog.objects.filter(habit=habit, local_date=day).first()


def habit_logs_for_export(*, user) -> Iterator[HabitLog]:
    """Every check-in of the user, oldest first, streamed in chunks (CSV export)."""
    return (
        HabitLog.objects.filter(user=user)
        .select_related("habit")
        .order_by("local_date", "habit__name")
        .iterator(chunk_size=2000)
    )


def metrics_for_export(*, user) -> Iterator[HealthMetric]:
    return HealthMetric.objects.filter(user=user).order_by("recorded_at").iterator(chunk_size=5000)
