"""Operator console for diaries: metadata, labels and scores only — never a diary's text.

No admin here lists, shows or edits a ciphertext column, and nothing decrypts: operators
moderate entries (block, delete, restore with a reason), review slips (override with a
reason) and watch report runs.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin_actions import admin_form_action, permission_check
from core.admin_base import ReadOnlyAdmin

from . import services
from .enums import ModerationAction, ReviewStatus, SlipStatus
from .models import Analysis, Entry, ModerationLog, Report, ReportRun, SafetyEvent, SlipCondition


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class OverrideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"), choices=SlipStatus.choices, initial=SlipStatus.NORMAL
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=1000)


class ModerationLogInline(admin.TabularInline):
    model = ModerationLog
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "reason", "admin"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class AnalysisInline(admin.TabularInline):
    """Labels and scores of each reading; no summary, question or interpretation."""

    model = Analysis
    extra = 0
    can_delete = False
    fields = [
        "entry_version",
        "run",
        "status",
        "primary_emotion",
        "tier_a",
        "tier_m",
        "slip_flag",
        "ethics_tags",
        "model_name",
        "prompt_version",
        "offline",
        "tokens_in",
        "tokens_out",
        "latency_ms",
        "completed_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "user",
        "written_on",
        "mood",
        "word_count",
        "version",
        "sealed",
        "safety_level",
        "moderation_status",
        "deleted_at",
    ]
    list_filter = ["moderation_status", "safety_level", "sealed", "written_on"]
    list_select_related = ["user"]
    search_fields = ["=id", "user__email"]
    fields = [
        "id",
        "user",
        "written_on",
        "mood",
        "word_count",
        "char_count",
        "tag_count",
        "version",
        "sealed",
        "safety_level",
        "moderation_status",
        "deleted_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [AnalysisInline, ModerationLogInline]
    actions = ["block_entries", "delete_entries", "restore_entries"]
    # operators moderate (ops_admin.roles grants diaries.moderate_entry)
    has_moderate_permission = permission_check("moderate_entry")
    show_full_result_count = False

    def _moderate(self, request, queryset, action, title):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=title,
            run=lambda entry, data: services.entry_moderate(
                entry=entry, action=action, reason=data["reason"], operator=request.user
            ),
        )

    @admin.action(
        description=_("Block (hide from the writer's lists and from AI)"), permissions=["moderate"]
    )
    def block_entries(self, request, queryset):
        return self._moderate(request, queryset, ModerationAction.BLOCK, _("Block entries"))

    @admin.action(description=_("Delete (move to the trash)"), permissions=["moderate"])
    def delete_entries(self, request, queryset):
        return self._moderate(request, queryset, ModerationAction.DELETE, _("Delete entries"))

    @admin.action(description=_("Restore"), permissions=["moderate"])
    def restore_entries(self, request, queryset):
        return self._moderate(request, queryset, ModerationAction.RESTORE, _("Restore entries"))


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "entry_id", "action", "reason", "admin"]
    list_filter = ["action"]
    list_select_related = ["admin"]


@admin.register(SlipCondition)
class SlipConditionAdmin(ReadOnlyAdmin):
    """Every slip transition; open reviews are the operators' task list."""

    list_display = [
        "triggered_at",
        "user",
        "previous_status",
        "status",
        "rule",
        "policy_version",
        "duration",
        "released_at",
        "review_status",
        "override_by",
    ]
    list_filter = ["review_status", "status", "rule"]
    list_select_related = ["user", "override_by"]
    search_fields = ["user__email"]
    fields = [
        "user",
        "previous_status",
        "status",
        "rule",
        "metrics",
        "policy_version",
        "duration",
        "triggered_at",
        "released_at",
        "review_status",
        "override_by",
        "override_reason",
    ]
    readonly_fields = fields
    actions = ["override", "mark_reviewed"]
    has_review_permission = permission_check("review_slipcondition")

    @admin.action(description=_("Override the slip status (with a reason)"), permissions=["review"])
    def override(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=OverrideForm,
            title=_("Override slip status"),
            run=lambda c, data: services.slip_override(
                user=c.user, operator=request.user, reason=data["reason"], status=data["status"]
            ),
        )

    @admin.action(description=_("Mark reviewed"), permissions=["review"])
    def mark_reviewed(self, request, queryset):
        for condition in queryset.filter(review_status=ReviewStatus.OPEN):
            services.slip_review_done(condition=condition, operator=request.user)
        self.message_user(request, _("Marked as reviewed."), messages.SUCCESS)


@admin.register(SafetyEvent)
class SafetyEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "level", "categories", "language", "entry_id"]
    list_filter = ["level"]
    list_select_related = ["user"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = [
        "user",
        "period_type",
        "local_start",
        "entry_count",
        "is_final",
        "generated_at",
        "notified_at",
    ]
    list_filter = ["period_type", "is_final"]
    list_select_related = ["user"]
    fields = [
        "user",
        "period_type",
        "period_start",
        "period_end",
        "local_start",
        "zone_name",
        "entry_count",
        "is_final",
        "generated_at",
        "notified_at",
    ]
    readonly_fields = fields


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "users_seen", "created", "already_done"]
