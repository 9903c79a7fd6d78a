"""Console pages for analytics, logs and retention (read-only: rows come from jobs)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_base import ReadOnlyAdmin as BaseReadOnlyAdmin
from ops_admin.models import (
    AnalyticsEvent,
    ApiLog,
    Cohort,
    DailyKpi,
    ErrorGroup,
    ErrorOccurrence,
    RetentionRun,
    UserDailyAnalytics,
)
from ops_admin.services.analytics import cohort_refresh, cohort_rules_clean
from ops_admin.services.logs import error_groups_resolve


class ReadOnlyAdmin(BaseReadOnlyAdmin):
    """Rows written by jobs only: operators look and search, never edit."""

    show_full_result_count = False  # no count(*) over millions of log rows per page view


class StatusClassFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status_class"

    def lookups(self, request, model_admin):
        return [("2", "2xx"), ("3", "3xx"), ("4", "4xx"), ("5", "5xx")]

    def queryset(self, request, queryset):
        if self.value() in {"2", "3", "4", "5"}:
            low = int(self.value()) * 100
            return queryset.filter(status_code__gte=low, status_code__lt=low + 100)
        return queryset


@admin.register(ApiLog)
class ApiLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "method", "endpoint", "status_code", "latency_ms", "user_id")
    list_filter = (StatusClassFilter, "method")
    search_fields = ("=request_id", "endpoint", "=user_id")
    date_hierarchy = "created_at"


@admin.register(AnalyticsEvent)
class AnalyticsEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "name", "user_id", "properties")
    list_filter = ("name",)
    search_fields = ("=name", "=user_id")
    date_hierarchy = "occurred_at"


class ErrorOccurrenceInline(admin.TabularInline):
    model = ErrorOccurrence
    fields = ("occurred_at", "request_id", "message")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-occurred_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-occurred_at")


@admin.register(ErrorGroup)
class ErrorGroupAdmin(admin.ModelAdmin):
    list_display = (
        "last_seen",
        "severity",
        "service",
        "exception_type",
        "short_message",
        "count",
        "first_seen",
        "resolved",
    )
    list_filter = ("resolved", "severity", "service")
    search_fields = ("message", "exception_type", "logger", "=fingerprint", "stack")
    readonly_fields = (
        "fingerprint",
        "service",
        "severity",
        "logger",
        "exception_type",
        "message",
        "stack",
        "count",
        "first_seen",
        "last_seen",
    )
    fields = (*readonly_fields, "resolved")
    inlines = [ErrorOccurrenceInline]
    actions = ["mark_resolved"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("message"))
    def short_message(self, obj: ErrorGroup) -> str:
        return obj.message[:120]

    @admin.action(description=_("Mark as resolved"), permissions=["change"])
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[ErrorGroup]) -> None:
        count = error_groups_resolve(group_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%d error group resolved.", "%d error groups resolved.", count) % count,
        )


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "job", "status", "affected", "finished_at", "detail")
    list_filter = ("job", "status")
    search_fields = ("job",)


@admin.register(DailyKpi)
class DailyKpiAdmin(ReadOnlyAdmin):
    list_display = ("day", "key", "value", "computed_at")
    list_filter = ("key",)
    date_hierarchy = "day"


@admin.register(UserDailyAnalytics)
class UserDailyAnalyticsAdmin(ReadOnlyAdmin):
    list_display = ("date", "user", "events", "app_opens", "habit_checks", "diaries_written")
    list_select_related = ("user",)
    search_fields = ("=user__id",)
    date_hierarchy = "date"


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "rules", "member_count", "refreshed_at")
    readonly_fields = ("member_count", "refreshed_at")
    prepopulated_fields = {"slug": ("name",)}
    actions = ["refresh"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        def clean_rules(self_form):
            try:
                return cohort_rules_clean(self_form.cleaned_data["rules"])
            except (ValueError, TypeError) as exc:
                raise ValidationError(str(exc)) from exc

        form.clean_rules = clean_rules
        return form

    @admin.action(description=_("Refresh members now"), permissions=["change"])
    def refresh(self, request: HttpRequest, queryset: QuerySet[Cohort]) -> None:
        total = sum(cohort_refresh(cohort_id=cohort.pk) for cohort in queryset)
        self.message_user(
            request, _("Cohorts refreshed: %(n)d members.") % {"n": total}, messages.SUCCESS
        )
