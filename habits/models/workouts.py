"""Exercises, trainers' workout plans (versioned on publish), users' workout sessions.

Seed 001: `exercises`, `workout_plans`, `workout_plan_exercises`, `workout_sessions`. Seed
001's `trainers` are practitioners (type trainer) in the practitioners app; the trainer role
itself lives in ``accounts.roles``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Deferrable
from django.utils.translation import gettext_lazy as _

from habits.enums import (
    Difficulty,
    ExerciseCategory,
    Intensity,
    Measurement,
    PlanStatus,
    SessionStatus,
)

from .catalog import Bilingual


class Exercise(Bilingual, models.Model):
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=120, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, unique=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ExerciseCategory.choices)
    equipment = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    muscle_groups = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    difficulty = models.CharField(
        _("difficulty"), max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    measurement = models.CharField(
        _("measured by"),
        max_length=20,
        choices=Measurement.choices,
        default=Measurement.WEIGHT_REPS,
    )
    video_url = models.URLField(_("video"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("category", "name_en")
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")

    def __str__(self) -> str:
        return self.name


class WorkoutPlan(models.Model):
    """The trainer's editable plan. Publishing freezes a numbered :class:`WorkoutPlanVersion`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workout_plans"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    difficulty = models.CharField(
        _("difficulty"), max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    duration_weeks = models.PositiveSmallIntegerField(_("weeks"), default=4)
    target_audience = models.CharField(_("for whom"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("published version"), default=0)
    has_unpublished_changes = models.BooleanField(default=True)
    published_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("workout plan")
        verbose_name_plural = _("workout plans")
        indexes = [
            models.Index(fields=["trainer", "status"], name="habits_plan_trainer_status"),
            models.Index(fields=["difficulty", "created_at"], name="habits_plan_difficulty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == PlanStatus.PUBLISHED


class WorkoutPlanExercise(models.Model):
    plan = models.ForeignKey(WorkoutPlan, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("order"))
    sets = models.PositiveSmallIntegerField(_("sets"), default=3)
    reps = models.PositiveSmallIntegerField(_("reps"), null=True, blank=True)
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    duration_seconds = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    rest_seconds = models.PositiveSmallIntegerField(_("rest (s)"), default=90)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        ordering = ("plan", "position")
        verbose_name = _("plan exercise")
        verbose_name_plural = _("plan exercises")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"],
                name="habits_planexercise_position_unique",
                deferrable=Deferrable.DEFERRED,
            ),
            models.CheckConstraint(condition=models.Q(sets__gte=1), name="habits_planex_sets_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.position}"


class WorkoutPlanVersion(models.Model):
    """An immutable snapshot of a plan as published; sessions point here, so history never moves."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(WorkoutPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    difficulty = models.CharField(max_length=20, choices=Difficulty.choices)
    items = models.JSONField(default=list)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ("plan", "-number")
        verbose_name = _("published plan version")
        verbose_name_plural = _("published plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="habits_planversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"


class WorkoutSession(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workout_sessions"
    )
    plan_version = models.ForeignKey(
        WorkoutPlanVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.IN_PROGRESS
    )
    local_date = models.DateField(_("day"))
    started_at = models.DateTimeField(_("started at"))
    completed_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    intensity = models.CharField(
        _("intensity"), max_length=10, choices=Intensity.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-started_at",)
        verbose_name = _("workout")
        verbose_name_plural = _("workouts")
        indexes = [models.Index(fields=["user", "local_date"], name="habits_session_user_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="in_progress"),
                name="habits_session_one_in_progress",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.local_date}"


class WorkoutSessionStatusLog(models.Model):
    session = models.ForeignKey(
        WorkoutSession, on_delete=models.CASCADE, related_name="status_logs"
    )
    from_status = models.CharField(max_length=12, choices=SessionStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=SessionStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at",)

    def __str__(self) -> str:
        return f"{self.session_id}: {self.from_status} -> {self.to_status}"


class WorkoutSessionExercise(models.Model):
    session = models.ForeignKey(WorkoutSession, on_delete=models.CASCADE, related_name="exercises")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    target_sets = models.PositiveSmallIntegerField(null=True, blank=True)
    target_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    target_weight_kg = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    rest_seconds = models.PositiveSmallIntegerField(default=90)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("session", "position")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"], name="habits_sessionexercise_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id} #{self.position}"


class WorkoutSet(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session_exercise = models.ForeignKey(
        WorkoutSessionExercise, on_delete=models.CASCADE, related_name="sets"
    )
    # Denormalised for history and personal-record queries without joins through the session.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    set_number = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    weight_kg = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    rpe = models.PositiveSmallIntegerField(_("effort (RPE 1-10)"), null=True, blank=True)
    is_warmup = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("session_exercise", "set_number")
        indexes = [models.Index(fields=["user", "exercise"], name="habits_set_user_exercise")]
        constraints = [
            models.UniqueConstraint(
                fields=["session_exercise", "set_number"], name="habits_set_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(rpe__isnull=True) | models.Q(rpe__gte=1, rpe__lte=10),
                name="habits_set_rpe_range",
            ),
            models.CheckConstraint(
                condition=models.Q(weight_kg__isnull=True) | models.Q(weight_kg__gte=0),
                name="habits_set_weight_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise_id} set {self.set_number}"
