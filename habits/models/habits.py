"""A user's habits and their daily logs (seed 000 `user_habits` + `habit_logs`, seed 001 `habits`
+ `habit_logs`, merged), vacations that freeze streaks, and per-user preferences."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from habits.enums import HabitKind, HabitStatus, LogSource, LogStatus, ScheduleType

from .catalog import HabitCategory, HabitTemplate

ALL_WEEKDAYS = [0, 1, 2, 3, 4, 5, 6]  # Monday = 0, as date.weekday()


class DateRange(models.Func):
    """PostgreSQL ``daterange(start, end)``: half-open [start, end)."""

    function = "DATERANGE"
    output_field = DateRangeField()


class Habit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habits"
    )
    template = models.ForeignKey(
        HabitTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="habits",
        verbose_name=_("template"),
    )
    category = models.ForeignKey(
        HabitCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="habits",
        verbose_name=_("category"),
    )
    name = models.CharField(_("name"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    icon = models.CharField(_("icon"), max_length=50, blank=True)
    color = models.CharField(_("colour"), max_length=7, blank=True)

    kind = models.CharField(
        _("kind"), max_length=10, choices=HabitKind.choices, default=HabitKind.BOOLEAN
    )
    target_count = models.PositiveIntegerField(_("daily target"), default=1)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    schedule_type = models.CharField(
        _("schedule"), max_length=20, choices=ScheduleType.choices, default=ScheduleType.DAILY
    )
    weekdays = ArrayField(
        models.PositiveSmallIntegerField(),
        default=list,
        blank=True,
        verbose_name=_("weekdays"),
        help_text=_("0 = Monday … 6 = Sunday; used by the weekday schedule."),
    )
    times_per_week = models.PositiveSmallIntegerField(_("times per week"), default=3)
    reminder_times = ArrayField(
        models.TimeField(), default=list, blank=True, verbose_name=_("reminder times (local)")
    )

    status = models.CharField(
        _("status"), max_length=10, choices=HabitStatus.choices, default=HabitStatus.ACTIVE
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    # Cached statistics, written in the same transaction as the log that changes them.
    current_streak = models.PositiveIntegerField(_("current streak"), default=0)
    best_streak = models.PositiveIntegerField(_("best streak"), default=0)
    total_completions = models.PositiveIntegerField(_("total completions"), default=0)
    strength = models.FloatField(_("habit strength"), default=0.0)
    last_completed_on = models.DateField(_("last completed on"), null=True, blank=True)
    # The streak fold's state over the settled days (habits.streaks.Checkpoint), so a
    # check-in reads only the last few days of logs; empty means "fold the whole history".
    stats_checkpoint = models.JSONField(null=True, blank=True, editable=False)

    started_on = models.DateField(_("started on"))
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("sort_order", "created_at")
        verbose_name = _("habit")
        verbose_name_plural = _("habits")
        indexes = [models.Index(fields=["user", "status"], name="habits_habit_user_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_count__gte=1), name="habits_habit_target_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(times_per_week__gte=1, times_per_week__lte=7),
                name="habits_habit_times_per_week_range",
            ),
            models.CheckConstraint(
                condition=models.Q(weekdays__contained_by=ALL_WEEKDAYS),
                name="habits_habit_weekdays_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(schedule_type=ScheduleType.WEEKDAYS) | ~models.Q(weekdays=[]),
                name="habits_habit_weekdays_needed",
            ),
            models.CheckConstraint(
                condition=models.Q(strength__gte=0, strength__lte=1),
                name="habits_habit_strength_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_numeric(self) -> bool:
        return self.kind == HabitKind.NUMERIC

    @property
    def is_weekly(self) -> bool:
        return self.schedule_type == ScheduleType.TIMES_PER_WEEK

    @property
    def strength_percent(self) -> int:
        return round(self.strength * 100)

    def is_scheduled_on(self, day) -> bool:
        if self.schedule_type == ScheduleType.WEEKDAYS:
            return day.weekday() in self.weekdays
        return True


class HabitStatusLog(models.Model):
    """One row per status change (pause, resume, archive, restore), written by the service."""

    habit = models.ForeignKey(Habit, on_delete=models.CASCADE, related_name="status_logs")
    from_status = models.CharField(max_length=10, choices=HabitStatus.choices)
    to_status = models.CharField(max_length=10, choices=HabitStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("habit status change")
        verbose_name_plural = _("habit status changes")

    def __str__(self) -> str:
        return f"{self.habit_id}: {self.from_status} -> {self.to_status}"


class HabitLog(models.Model):
    """What happened with one habit on one local day: done, partly done, or skipped."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    habit = models.ForeignKey(Habit, on_delete=models.CASCADE, related_name="logs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habit_logs"
    )
    local_date = models.DateField(_("day"))
    status = models.CharField(
        _("status"), max_length=10, choices=LogStatus.choices, default=LogStatus.DONE
    )
    count = models.PositiveIntegerField(_("count"), default=1)
    target_count = models.PositiveIntegerField(_("target at the time"), default=1)
    mood = models.PositiveSmallIntegerField(_("mood (1-10)"), null=True, blank=True)
    energy = models.PositiveSmallIntegerField(_("energy (1-10)"), null=True, blank=True)
    note = EncryptedTextField(_("note"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=50, blank=True)
    weather = models.CharField(_("weather"), max_length=50, blank=True)
    photos = models.ManyToManyField(
        "accounts.UploadedFile", blank=True, related_name="+", verbose_name=_("photos")
    )
    streak_count = models.PositiveIntegerField(_("streak at the time"), default=0)
    source = models.CharField(
        _("source"), max_length=10, choices=LogSource.choices, default=LogSource.WEB
    )
    completed_at = models.DateTimeField(_("checked in at"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-local_date",)
        verbose_name = _("habit log")
        verbose_name_plural = _("habit logs")
        indexes = [
            models.Index(fields=["user", "local_date"], name="habits_log_user_day"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["habit", "local_date"], name="habits_log_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(mood__isnull=True) | models.Q(mood__gte=1, mood__lte=10),
                name="habits_log_mood_range",
            ),
            models.CheckConstraint(
                condition=models.Q(energy__isnull=True) | models.Q(energy__gte=1, energy__lte=10),
                name="habits_log_energy_range",
            ),
            models.CheckConstraint(
                condition=models.Q(target_count__gte=1), name="habits_log_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.habit_id} {self.local_date} {self.status}"

    @property
    def is_done(self) -> bool:
        return self.status == LogStatus.DONE


class HabitVacation(models.Model):
    """Days off for every habit, [start_date, end_date): streaks freeze instead of breaking."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habit_vacations"
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("day you are back"))
    reason = models.CharField(_("reason"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-start_date",)
        verbose_name = _("vacation")
        verbose_name_plural = _("vacations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="habits_vacation_end_after_start",
            ),
            ExclusionConstraint(
                name="habits_vacation_no_overlap",
                expressions=[
                    (DateRange("start_date", "end_date"), RangeOperators.OVERLAPS),
                    ("user", RangeOperators.EQUAL),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date} - {self.end_date}"


class HabitPreferences(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habit_preferences"
    )
    gamification_enabled = models.BooleanField(
        _("achievements and points"),
        default=True,
        help_text=_("Unlock achievements and earn points for check-ins."),
    )
    reminders_enabled = models.BooleanField(_("habit reminders"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("habit preferences")
        verbose_name_plural = _("habit preferences")

    def __str__(self) -> str:
        return str(self.user_id)
