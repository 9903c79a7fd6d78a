"""API shapes. Input serializers check the request; services check the rules."""

from __future__ import annotations

import copy

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from habits.enums import (
    Difficulty,
    ExerciseCategory,
    GoalDirection,
    HabitKind,
    HabitStatus,
    IntegrationProvider,
    Intensity,
    LogSource,
    LogStatus,
    Measurement,
    MetricSource,
    PlanStatus,
    Rarity,
    ScheduleType,
    SessionStatus,
)
from habits.metric_types import METRIC_CHOICES
from habits.models import (
    Achievement,
    Exercise,
    Habit,
    HabitCategory,
    HabitLog,
    HabitTemplate,
    HabitVacation,
    HealthGoal,
    HealthIntegration,
    HealthMetric,
    WorkoutPlan,
    WorkoutPlanExercise,
    WorkoutPlanVersion,
    WorkoutSession,
    WorkoutSessionExercise,
    WorkoutSet,
)


def enum(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field whose allowed values are documented inline, not as a shared enum
    component: "status", "kind", "source" and "provider" mean different sets in other apps, and
    a shared component name would collide."""
    values = [value for value, _ in choices]
    if kwargs.get("allow_blank"):
        values.append("")
    field_class = extend_schema_field({"type": "string", "allOf": [{"enum": values}]})(
        type("InlineChoiceField", (serializers.ChoiceField,), {})
    )
    return field_class(choices=choices, **kwargs)


class HabitCategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = HabitCategory
        fields = ["id", "slug", "name", "name_ko", "name_en", "icon", "color", "sort_order"]


class HabitTemplateSerializer(serializers.ModelSerializer):
    difficulty = enum(Difficulty.choices, read_only=True)
    kind = enum(HabitKind.choices, read_only=True)
    default_schedule = enum(ScheduleType.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    tips = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = HabitTemplate
        fields = [
            "id",
            "slug",
            "category",
            "name",
            "name_ko",
            "name_en",
            "description",
            "difficulty",
            "estimated_minutes",
            "kind",
            "default_target_count",
            "unit",
            "default_schedule",
            "default_weekdays",
            "default_times_per_week",
            "default_reminder_times",
            "icon",
            "color",
            "tips",
            "is_featured",
        ]


# A read-only ModelSerializer whose fields are built from the model once per class, then
# copied for each instance (DRF rebuilds them by introspection every time: ~5 ms for a habit
# and its log). Copies are fresh, unbound fields, as DRF makes of declared fields. (A comment,
# not a docstring: the API description would show it.)
class FieldsBuiltOnce:
    _built_fields: dict | None = None

    def get_fields(self):
        cls = type(self)
        if cls.__dict__.get("_built_fields") is None:
            cls._built_fields = super().get_fields()  # type: ignore[misc]
        return copy.deepcopy(cls._built_fields)


class HabitSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    kind = enum(HabitKind.choices, read_only=True)
    schedule_type = enum(ScheduleType.choices, read_only=True)
    status = enum(HabitStatus.choices, read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    template = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    strength_percent = serializers.IntegerField(read_only=True)
    streak_unit = serializers.SerializerMethodField()

    class Meta:
        model = Habit
        fields = [
            "id",
            "name",
            "category",
            "template",
            "notes",
            "icon",
            "color",
            "kind",
            "target_count",
            "unit",
            "schedule_type",
            "weekdays",
            "times_per_week",
            "reminder_times",
            "status",
            "sort_order",
            "current_streak",
            "best_streak",
            "streak_unit",
            "total_completions",
            "strength",
            "strength_percent",
            "last_completed_on",
            "started_on",
            "created_at",
            "updated_at",
        ]

    def get_streak_unit(self, habit) -> str:
        return "week" if habit.is_weekly else "day"


class HabitInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    template = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=HabitTemplate.objects.filter(is_active=True),
        required=False,
        help_text="Start from this template; other fields override its defaults.",
    )
    category = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=HabitCategory.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    kind = enum(HabitKind.choices, required=False)
    target_count = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    unit = serializers.CharField(max_length=30, required=False, allow_blank=True)
    schedule_type = enum(ScheduleType.choices, required=False)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), required=False, max_length=7
    )
    times_per_week = serializers.IntegerField(min_value=1, max_value=7, required=False)
    reminder_times = serializers.ListField(
        child=serializers.TimeField(), required=False, max_length=5
    )
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    icon = serializers.CharField(max_length=50, required=False, allow_blank=True)
    color = serializers.RegexField(r"^#[0-9A-Fa-f]{6}$", required=False, allow_blank=True)
    sort_order = serializers.IntegerField(min_value=0, max_value=100_000, required=False)

    def validate(self, attrs):
        creating = self.instance is None
        if creating and not attrs.get("template") and not attrs.get("name"):
            raise serializers.ValidationError({"name": [_("Give the habit a name or a template.")]})
        return attrs


class HabitLogSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    status = enum(LogStatus.choices, read_only=True)
    source = enum(LogSource.choices, read_only=True)
    habit = serializers.PrimaryKeyRelatedField(read_only=True)
    date = serializers.DateField(source="local_date", read_only=True)
    photos = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = HabitLog
        fields = [
            "id",
            "habit",
            "date",
            "status",
            "count",
            "target_count",
            "mood",
            "energy",
            "note",
            "location",
            "weather",
            "photos",
            "streak_count",
            "source",
            "completed_at",
            "created_at",
        ]


class HabitCheckInInputSerializer(serializers.Serializer):
    date = serializers.DateField(
        required=False, help_text="Local day; default today. Up to 7 days back."
    )
    count = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    increment = serializers.IntegerField(min_value=-1000, max_value=1000, required=False)
    mood = serializers.IntegerField(min_value=1, max_value=10, required=False)
    energy = serializers.IntegerField(min_value=1, max_value=10, required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    photo_ids = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=5,
        help_text="Ids of images uploaded through the accounts upload endpoint.",
    )

    def validate(self, attrs):
        if "count" in attrs and "increment" in attrs:
            raise serializers.ValidationError(_("Send count or increment, not both."))
        return attrs


class HabitDayInputSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class HabitAchievementSerializer(serializers.ModelSerializer):
    rarity = enum(Rarity.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    unlocked_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Achievement
        fields = [
            "code",
            "name",
            "description",
            "icon",
            "color",
            "rarity",
            "points",
            "criteria",
            "unlocked_at",
        ]


class HabitCheckInResultSerializer(serializers.Serializer):
    habit = HabitSerializer()
    log = HabitLogSerializer(allow_null=True)
    created = serializers.BooleanField()
    completed_now = serializers.BooleanField()
    unlocked = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of achievements this check-in unlocked."
    )


class HabitVacationSerializer(serializers.ModelSerializer):
    class Meta:
        model = HabitVacation
        fields = ["id", "start_date", "end_date", "reason", "created_at"]
        read_only_fields = ["id", "created_at"]


class HabitPreferencesSerializer(serializers.Serializer):
    gamification_enabled = serializers.BooleanField(required=False)
    reminders_enabled = serializers.BooleanField(required=False)


class HabitDashboardItemSerializer(serializers.Serializer):
    habit = HabitSerializer()
    log = HabitLogSerializer(allow_null=True)
    done = serializers.BooleanField(source="is_done")
    week_done = serializers.IntegerField()


class HabitHeatDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    done = serializers.IntegerField()
    due = serializers.IntegerField()
    level = serializers.IntegerField()


class HabitTrendPointSerializer(serializers.Serializer):
    day = serializers.DateField()
    mood = serializers.FloatField(allow_null=True)
    energy = serializers.FloatField(allow_null=True)


class HealthGoalProgressSerializer(serializers.Serializer):
    metric_type = serializers.CharField(source="goal.metric_type")
    target_value = serializers.DecimalField(
        source="goal.target_value", max_digits=12, decimal_places=3
    )
    direction = serializers.CharField(source="goal.direction")
    unit = serializers.CharField(source="goal.unit")
    value = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    percent = serializers.IntegerField()
    met = serializers.BooleanField()


class HabitDashboardSerializer(serializers.Serializer):
    today = serializers.DateField()
    due = HabitDashboardItemSerializer(many=True)
    other = HabitDashboardItemSerializer(many=True)
    done_today = serializers.IntegerField()
    heatmap = HabitHeatDaySerializer(many=True)
    trend = HabitTrendPointSerializer(many=True)
    goals = HealthGoalProgressSerializer(many=True)
    workout = serializers.SerializerMethodField()
    on_vacation = serializers.SerializerMethodField()

    def get_workout(self, board) -> dict | None:
        session = board.workout
        if session is None:
            return None
        return {"id": str(session.pk), "name": session.name, "status": session.status}

    def get_on_vacation(self, board) -> bool:
        return board.vacation is not None


# --- workouts ---------------------------------------------------------------------------------


class WorkoutExerciseSerializer(serializers.ModelSerializer):
    category = enum(ExerciseCategory.choices, read_only=True)
    difficulty = enum(Difficulty.choices, read_only=True)
    measurement = enum(Measurement.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = Exercise
        fields = [
            "id",
            "slug",
            "name",
            "name_ko",
            "name_en",
            "description",
            "category",
            "equipment",
            "muscle_groups",
            "difficulty",
            "measurement",
            "video_url",
        ]


class WorkoutPlanItemSerializer(serializers.ModelSerializer):
    exercise = serializers.SlugRelatedField(slug_field="slug", queryset=Exercise.objects.all())

    class Meta:
        model = WorkoutPlanExercise
        fields = [
            "id",
            "exercise",
            "position",
            "sets",
            "reps",
            "weight_kg",
            "duration_seconds",
            "rest_seconds",
            "notes",
        ]
        read_only_fields = ["id", "position"]
        extra_kwargs = {"sets": {"min_value": 1, "max_value": 20}}


class WorkoutPlanVersionSerializer(serializers.ModelSerializer):
    difficulty = enum(Difficulty.choices, read_only=True)

    class Meta:
        model = WorkoutPlanVersion
        fields = ["id", "number", "name", "description", "difficulty", "items", "published_at"]


class WorkoutPlanSerializer(serializers.ModelSerializer):
    difficulty = enum(Difficulty.choices, read_only=True)
    status = enum(PlanStatus.choices, read_only=True)
    trainer = serializers.CharField(source="trainer.get_short_name", read_only=True)
    items = WorkoutPlanItemSerializer(many=True, read_only=True)
    latest_version = serializers.SerializerMethodField()

    class Meta:
        model = WorkoutPlan
        fields = [
            "id",
            "trainer",
            "name",
            "description",
            "difficulty",
            "duration_weeks",
            "target_audience",
            "status",
            "version",
            "has_unpublished_changes",
            "published_at",
            "items",
            "latest_version",
            "created_at",
        ]
        read_only_fields = ["status", "version", "has_unpublished_changes", "published_at"]

    def get_latest_version(self, plan) -> str | None:
        versions = getattr(plan, "published_versions", None)
        if versions is not None:
            return str(versions[0].pk) if versions else None
        version = plan.versions.filter(number=plan.version).first()
        return str(version.pk) if version else None


class WorkoutPlanInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    difficulty = enum(Difficulty.choices, required=False)
    duration_weeks = serializers.IntegerField(min_value=1, max_value=52, required=False)
    target_audience = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WorkoutSetSerializer(serializers.ModelSerializer):
    exercise = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = WorkoutSet
        fields = [
            "id",
            "session_exercise",
            "exercise",
            "set_number",
            "reps",
            "weight_kg",
            "duration_seconds",
            "distance_m",
            "rpe",
            "is_warmup",
            "created_at",
        ]
        read_only_fields = fields


class WorkoutSessionExerciseSerializer(serializers.ModelSerializer):
    exercise = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sets = WorkoutSetSerializer(many=True, read_only=True)

    class Meta:
        model = WorkoutSessionExercise
        fields = [
            "id",
            "exercise",
            "position",
            "target_sets",
            "target_reps",
            "target_weight_kg",
            "rest_seconds",
            "sets",
        ]


class WorkoutSessionSerializer(serializers.ModelSerializer):
    status = enum(SessionStatus.choices, read_only=True)
    intensity = enum(Intensity.choices, read_only=True, allow_blank=True)
    exercises = WorkoutSessionExerciseSerializer(many=True, read_only=True)

    class Meta:
        model = WorkoutSession
        fields = [
            "id",
            "name",
            "plan_version",
            "status",
            "local_date",
            "started_at",
            "completed_at",
            "duration_seconds",
            "intensity",
            "notes",
            "exercises",
            "created_at",
        ]


class WorkoutStartSerializer(serializers.Serializer):
    plan_version = serializers.UUIDField(required=False)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WorkoutAddExerciseSerializer(serializers.Serializer):
    exercise = serializers.SlugRelatedField(
        slug_field="slug", queryset=Exercise.objects.filter(is_active=True)
    )
    target_sets = serializers.IntegerField(min_value=1, max_value=20, required=False)
    target_reps = serializers.IntegerField(min_value=1, max_value=200, required=False)
    rest_seconds = serializers.IntegerField(min_value=0, max_value=900, required=False)


class WorkoutSetInputSerializer(serializers.Serializer):
    session_exercise = serializers.IntegerField()
    reps = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    weight_kg = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False
    )
    duration_seconds = serializers.IntegerField(min_value=0, required=False)
    distance_m = serializers.IntegerField(min_value=0, required=False)
    rpe = serializers.IntegerField(min_value=1, max_value=10, required=False)
    is_warmup = serializers.BooleanField(required=False, default=False)


class WorkoutSetResultSerializer(serializers.Serializer):
    set = WorkoutSetSerializer()
    personal_record = serializers.BooleanField()


class WorkoutFinishSerializer(serializers.Serializer):
    intensity = enum(Intensity.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    duration_seconds = serializers.IntegerField(min_value=1, max_value=86_400, required=False)


class PersonalRecordSerializer(serializers.Serializer):
    exercise = serializers.CharField()
    max_weight = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    max_reps = serializers.IntegerField(allow_null=True)
    max_duration = serializers.IntegerField(allow_null=True)
    max_distance = serializers.IntegerField(allow_null=True)
    e1rm = serializers.FloatField(allow_null=True, help_text="Estimated one-rep max (Epley).")
    sets = serializers.IntegerField()


# --- health -----------------------------------------------------------------------------------


class HealthMetricSerializer(serializers.ModelSerializer):
    metric_type = enum(METRIC_CHOICES, read_only=True)
    source = enum(MetricSource.choices, read_only=True)

    class Meta:
        model = HealthMetric
        fields = [
            "id",
            "metric_type",
            "value",
            "unit",
            "source",
            "source_device",
            "recorded_at",
            "local_date",
            "synced_at",
            "created_at",
        ]
        read_only_fields = fields


class HealthMetricInputSerializer(serializers.Serializer):
    metric_type = enum(METRIC_CHOICES)
    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    unit = serializers.CharField(
        max_length=10,
        required=False,
        allow_blank=True,
        help_text="Default: the metric's canonical unit.",
    )
    recorded_at = serializers.DateTimeField(required=False)
    source_device = serializers.CharField(max_length=100, required=False, allow_blank=True)


class HealthMetricPointSerializer(serializers.Serializer):
    metric_type = enum(METRIC_CHOICES)
    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    unit = serializers.CharField(max_length=10, required=False, allow_blank=True)
    recorded_at = serializers.DateTimeField()
    source_device = serializers.CharField(max_length=100, required=False, allow_blank=True)


class HealthMetricBulkSerializer(serializers.Serializer):
    source = enum([c for c in MetricSource.choices if c[0] != MetricSource.MANUAL])
    source_device = serializers.CharField(max_length=100, required=False, allow_blank=True)
    points = HealthMetricPointSerializer(many=True, max_length=5000)


class HealthMetricBulkResultSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    created = serializers.IntegerField()
    duplicates = serializers.IntegerField()


class HealthGoalSerializer(serializers.ModelSerializer):
    metric_type = enum(METRIC_CHOICES, read_only=True)
    direction = enum(GoalDirection.choices, read_only=True)

    class Meta:
        model = HealthGoal
        fields = [
            "id",
            "metric_type",
            "target_value",
            "unit",
            "direction",
            "start_date",
            "end_date",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["id", "unit", "is_active", "created_at"]
        extra_kwargs = {"start_date": {"required": False}}


class HealthGoalInputSerializer(serializers.Serializer):
    metric_type = enum(METRIC_CHOICES)
    target_value = serializers.DecimalField(max_digits=12, decimal_places=3)
    unit = serializers.CharField(max_length=10, required=False, allow_blank=True)
    direction = enum(GoalDirection.choices, required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False, allow_null=True)


class HealthIntegrationSerializer(serializers.ModelSerializer):
    provider = enum(IntegrationProvider.choices, read_only=True)

    class Meta:
        model = HealthIntegration
        fields = [
            "id",
            "provider",
            "external_user_id",
            "scopes",
            "token_expires_at",
            "is_active",
            "last_sync_at",
            "created_at",
        ]
        read_only_fields = fields


class HealthIntegrationInputSerializer(serializers.Serializer):
    provider = enum(IntegrationProvider.choices)
    access_token = serializers.CharField(
        required=False, allow_blank=True, write_only=True, max_length=4000
    )
    refresh_token = serializers.CharField(
        required=False, allow_blank=True, write_only=True, max_length=4000
    )
    token_expires_at = serializers.DateTimeField(required=False, allow_null=True)
    external_user_id = serializers.CharField(required=False, allow_blank=True, max_length=200)
    scopes = serializers.CharField(required=False, allow_blank=True, max_length=500)
