"""Operator console: catalogues are editable; users' habit history is read-only for support.
Private text (check-in notes) is never shown here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_base import ReadOnlyAdmin
from habits import models


@admin.register(models.HabitCategory)
class HabitCategoryAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_ko", "name_en", "icon", "color", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")


@admin.register(models.HabitTemplate)
class HabitTemplateAdmin(admin.ModelAdmin):
    list_display = (
        "slug",
        "name_ko",
        "name_en",
        "category",
        "kind",
        "default_schedule",
        "is_featured",
        "is_active",
    )
    list_filter = ("category", "kind", "default_schedule", "difficulty", "is_featured", "is_active")
    search_fields = ("slug", "name_ko", "name_en")


@admin.register(models.Achievement)
class AchievementAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ko", "name_en", "rarity", "points", "is_active", "sort_order")
    list_filter = ("rarity", "is_active")


@admin.register(models.Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = (
        "slug",
        "name_ko",
        "name_en",
        "category",
        "difficulty",
        "measurement",
        "is_active",
    )
    list_filter = ("category", "difficulty", "measurement", "is_active")
    search_fields = ("slug", "name_ko", "name_en")


class PlanItemInline(admin.TabularInline):
    model = models.WorkoutPlanExercise
    extra = 0
    autocomplete_fields = ("exercise",)


@admin.register(models.WorkoutPlan)
class WorkoutPlanAdmin(admin.ModelAdmin):
    list_display = ("name", "trainer", "difficulty", "status", "version", "published_at")
    list_filter = ("status", "difficulty")
    search_fields = ("name", "trainer__email")
    readonly_fields = ("version", "published_at", "has_unpublished_changes")
    inlines = [PlanItemInline]


class HabitLogInline(admin.TabularInline):
    model = models.HabitLog
    fields = (
        "local_date",
        "status",
        "count",
        "target_count",
        "mood",
        "energy",
        "source",
        "streak_count",
        "completed_at",
    )
    readonly_fields = fields
    ordering = ("-local_date",)
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("note")


class HabitStatusLogInline(admin.TabularInline):
    model = models.HabitStatusLog
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(models.Habit)
class HabitAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "user",
        "status",
        "schedule_type",
        "current_streak",
        "best_streak",
        "total_completions",
        "strength_percent",
        "created_at",
    )
    list_filter = ("status", "schedule_type", "kind")
    search_fields = ("name", "user__email", "user__nickname")
    list_select_related = ("user",)
    exclude = ("notes",)
    inlines = [HabitStatusLogInline, HabitLogInline]

    @admin.display(description=_("strength"))
    def strength_percent(self, obj):
        return f"{obj.strength_percent}%"


@admin.register(models.HabitLog)
class HabitLogAdmin(ReadOnlyAdmin):
    list_display = ("local_date", "habit", "user", "status", "count", "mood", "energy", "source")
    list_filter = ("status", "source")
    search_fields = ("user__email", "habit__name")
    list_select_related = ("habit", "user")
    date_hierarchy = "local_date"
    exclude = ("note",)


@admin.register(models.UserAchievement)
class UserAchievementAdmin(ReadOnlyAdmin):
    list_display = ("user", "achievement", "points_earned", "earned_at")
    list_filter = ("achievement",)
    search_fields = ("user__email",)


@admin.register(models.WorkoutSession)
class WorkoutSessionAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "status", "local_date", "duration_seconds", "intensity")
    list_filter = ("status", "intensity")
    search_fields = ("user__email", "name")


@admin.register(models.HealthMetric)
class HealthMetricAdmin(ReadOnlyAdmin):
    list_display = ("user", "metric_type", "value", "unit", "source", "recorded_at")
    list_filter = ("metric_type", "source")
    search_fields = ("user__email",)


@admin.register(models.HealthIntegration)
class HealthIntegrationAdmin(ReadOnlyAdmin):
    list_display = ("user", "provider", "is_active", "last_sync_at", "token_expires_at")
    list_filter = ("provider", "is_active")
    exclude = ("access_token", "refresh_token")
