"""Operator console: prompts, experiments (result table), policies and overrides (activation
logged with who and why), the service catalogue, AI usage. Actions call services only."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from coaching import selectors
from coaching.enums import Winner
from coaching.llm import breaker
from coaching.llm.gateway import spent_today_micro_usd
from coaching.models import (
    AICallLog,
    AIService,
    CoachingMessage,
    PolicyActivation,
    PolicyActive,
    PolicyOverride,
    PolicyVersion,
    PromptExperiment,
    PromptTemplate,
)
from coaching.selectors_usage import usage_by_prompt_and_day
from coaching.services import policies as policy_services
from coaching.services import prompts as prompt_services
from coaching.services.prompts import CONTENT_FIELDS
from core.admin_actions import admin_form_action, permission_check


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=300)


class WinnerForm(forms.Form):
    winner = forms.ChoiceField(label=_("Winner"), choices=Winner.choices)
    reason = forms.CharField(label=_("Why"), max_length=300)


@admin.register(PromptTemplate)
class PromptTemplateAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "version",
        "model",
        "is_active",
        "usage_count",
        "avg_tokens",
        "avg_latency_ms",
        "failure_rate_display",
    )
    list_filter = ("is_active", "name", "model")
    search_fields = ("name", "description")
    readonly_fields = (
        "usage_count",
        "failure_count",
        "tokens_total",
        "latency_total_ms",
        "is_active",
    )
    actions = ("activate", "new_version")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_locked:
            fields += [f for f in CONTENT_FIELDS if f not in fields] + ["version"]
        return fields

    @admin.display(description=_("failure rate"))
    def failure_rate_display(self, obj):
        rate = obj.failure_rate
        return "-" if rate is None else f"{rate:.1%}"

    def save_model(self, request, obj, form, change):
        if change:
            prompt_services.prompt_update(
                template=obj, **{f: form.cleaned_data[f] for f in form.changed_data}
            )
        else:
            created = prompt_services.prompt_create_version(
                name=obj.name,
                model=obj.model,
                user_template=obj.user_template,
                variables=obj.variables or [],
                system_prompt=obj.system_prompt,
                parameters=obj.parameters,
                output_format=obj.output_format,
                json_schema=obj.json_schema,
                description=obj.description,
                author=obj.author or request.user.email,
            )
            obj.pk = created.pk

    @admin.action(description=_("Make this the active version"), permissions=["change"])
    def activate(self, request, queryset):
        for template in queryset:
            prompt_services.prompt_activate(template=template)
        self.message_user(request, _("Activated."), messages.SUCCESS)

    @admin.action(description=_("Copy as the next version (to edit)"), permissions=["change"])
    def new_version(self, request, queryset):
        for template in queryset:
            prompt_services.prompt_create_version(
                name=template.name,
                model=template.model,
                user_template=template.user_template,
                variables=template.variables,
                system_prompt=template.system_prompt,
                parameters=template.parameters,
                output_format=template.output_format,
                json_schema=template.json_schema,
                description=template.description,
                author=request.user.email,
            )
        self.message_user(request, _("New versions created."), messages.SUCCESS)


@admin.register(PromptExperiment)
class PromptExperimentAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "template_a",
        "template_b",
        "traffic_split",
        "status",
        "winner",
        "started_at",
    )
    list_filter = ("status",)
    readonly_fields = (
        "result_table",
        "status",
        "winner",
        "decided_by",
        "decision_reason",
        "ended_at",
    )
    fields = ("name", "template_a", "template_b", "traffic_split", *readonly_fields)
    actions = ("declare_winner", "cancel")
    list_select_related = ("template_a", "template_b")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (*self.readonly_fields, "name", "template_a", "template_b")
        return self.readonly_fields

    @admin.display(description=_("results"))
    def result_table(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        rows = selectors.experiment_results(experiment=obj)
        head = format_html_join(
            "",
            "<th>{}</th>",
            [(h,) for h in (_("Arm"), _("Version"), _("Users"), _("Uses"), _("Failures"),
                            _("Failure rate"), _("Avg rating"), _("Ratings"), _("Avg tokens"),
                            _("Avg latency (ms)"))],
        )  # fmt: skip
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>v{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td><td>{}</td></tr>",
            [
                (r["arm"], r["version"], r["users"], r["uses"], r["failures"],
                 "-" if r["failure_rate"] is None else f"{r['failure_rate']:.1%}",
                 r["avg_rating"] or "-", r["ratings"], r["avg_tokens"] or "-",
                 r["avg_latency_ms"] or "-")
                for r in rows
            ],
        )  # fmt: skip
        return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = prompt_services.experiment_start(
            template_a=obj.template_a, template_b=obj.template_b, traffic_split=obj.traffic_split
        )
        obj.pk = created.pk

    @admin.action(description=_("Declare the winner (ends the experiment)"), permissions=["change"])
    def declare_winner(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=WinnerForm,
            title=_("Declare the winner"),
            run=lambda exp, data: prompt_services.experiment_declare_winner(
                experiment=exp, winner=data["winner"], actor=request.user, reason=data["reason"]
            ),
        )

    @admin.action(description=_("Cancel the experiment"), permissions=["change"])
    def cancel(self, request, queryset):
        for experiment in queryset:
            prompt_services.experiment_cancel(experiment=experiment)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "description", "created_by", "created_at", "active_for")
    list_filter = ("name",)
    readonly_fields = ("version", "created_by", "created_at")
    actions = ("activate_globally",)
    has_activate_permission = permission_check("activate_policyversion")  # managers

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (*self.readonly_fields, "name", "rules")  # versions are snapshots
        return self.readonly_fields

    @admin.display(description=_("active for"))
    def active_for(self, obj):
        return ", ".join(p.scope for p in obj.pointers.all()) or "-"

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("created_by").prefetch_related("pointers")
        )

    def save_model(self, request, obj, form, change):
        created = policy_services.policy_version_create(
            name=obj.name, rules=obj.rules, description=obj.description, actor=request.user
        )
        obj.pk = created.pk

    @admin.action(description=_("Activate for everyone (asks why)"), permissions=["activate"])
    def activate_globally(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Activate policy version"),
            run=lambda version, data: policy_services.policy_activate(
                version=version, actor=request.user, reason=data["reason"]
            ),
        )


@admin.register(PolicyActive)
class PolicyActiveAdmin(admin.ModelAdmin):
    list_display = ("name", "scope", "user", "version", "activated_by", "activated_at")
    list_filter = ("name", "scope")
    list_select_related = ("version", "user", "activated_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PolicyActivation)
class PolicyActivationAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "name",
        "scope",
        "user",
        "from_version",
        "to_version",
        "actor",
        "reason",
    )
    list_filter = ("name",)
    list_select_related = ("user", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PolicyOverride)
class PolicyOverrideAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "value", "scope", "user", "expires_at", "reason", "created_by")
    list_filter = ("name", "scope")
    raw_id_fields = ("user",)
    readonly_fields = ("scope", "created_by", "created_at")
    list_select_related = ("user", "created_by")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = policy_services.policy_override_create(
            name=obj.name,
            key=obj.key,
            value=obj.value,
            reason=obj.reason,
            actor=request.user,
            user=obj.user,
            expires_at=obj.expires_at,
        )
        obj.pk = created.pk


@admin.register(AIService)
class AIServiceAdmin(admin.ModelAdmin):
    list_display = (
        "service_type",
        "name_ko",
        "name_en",
        "category",
        "credit_cost",
        "is_entertainment",
        "is_active",
        "order",
    )
    list_editable = ("credit_cost", "is_active", "order")
    list_filter = ("category", "is_active")


@admin.register(AICallLog)
class AICallLogAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "prompt_name",
        "prompt_version",
        "model",
        "status",
        "attempts",
        "tokens_in",
        "tokens_out",
        "latency_ms",
        "cost_micro_usd",
    )
    list_filter = ("status", "prompt_name", "model")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        custom = [
            path(
                "usage/",
                self.admin_site.admin_view(self.usage_view),
                name="coaching_aicalllog_usage",
            )
        ]
        return custom + super().get_urls()

    def usage_view(self, request):
        try:
            days = max(1, min(90, int(request.GET.get("days", 7))))
        except ValueError:
            days = 7
        return TemplateResponse(
            request,
            "coaching/admin_usage.html",
            {
                **self.admin_site.each_context(request),
                "rows": usage_by_prompt_and_day(days=days),
                "days": days,
                "day_choices": (1, 7, 30, 90),
                "spent_today": f"{spent_today_micro_usd() / 1_000_000:.4f}",
                "budget": settings.COACHING_AI_DAILY_BUDGET_USD,
                "breaker": breaker.state(),
                "title": _("AI usage"),
            },
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "usage_url": "usage/"}
        return super().changelist_view(request, extra_context)


@admin.register(CoachingMessage)
class CoachingMessageAdmin(admin.ModelAdmin):
    """Operators see what was sent and how it was received; feedback text stays private."""

    list_display = ("created_at", "message_type", "tone", "model", "reaction")
    list_filter = ("message_type", "tone", "reaction")
    exclude = ("feedback", "context")
    readonly_fields = (
        "message_type",
        "tone",
        "model",
        "reaction",
        "local_date",
        "sent_at",
        "read_at",
    )

    def has_add_permission(self, request):
        return False
