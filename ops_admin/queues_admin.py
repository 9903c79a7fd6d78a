"""Queue screens the apps below do not have: refunds awaiting a manager's approval and AI
answers flagged by users."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from billing import services as billing_services
from billing.models import Refund
from coaching.models import AIOutputFlag
from coaching.services import flags as flag_services
from core.admin_actions import admin_form_action, permission_check
from core.exceptions import HaruError
from core.money import format_money


class ResolutionForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional, kept with the flag)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )


@admin.register(Refund)
class RefundQueueAdmin(admin.ModelAdmin):
    """Every refund; "awaiting approval" is the managers' queue (approve sends it now)."""

    list_display = [
        "created_at",
        "payment_user",
        "amount_shown",
        "reason",
        "description",
        "status",
        "requested_by",
        "approved_by",
        "processed_at",
    ]
    list_filter = ["status", "reason"]
    list_select_related = ["payment__user", "requested_by", "approved_by"]
    search_fields = ["=payment__order_id", "payment__user__email", "=id"]
    date_hierarchy = "created_at"
    fields = [
        "payment",
        "amount",
        "currency",
        "reason",
        "description",
        "status",
        "requested_by",
        "approved_by",
        "processed_at",
        "failed_at",
        "failure_reason",
        "created_at",
    ]
    readonly_fields = fields
    actions = ["approve", "reject"]
    has_approve_permission = permission_check("approve_refund")

    def has_add_permission(self, request) -> bool:
        return False  # refunds are asked for on the payment, or made by the refund action

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("member"))
    def payment_user(self, obj: Refund) -> str:
        return str(obj.payment.user)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_shown(self, obj: Refund) -> str:
        return format_money(obj.amount, obj.currency)

    @admin.action(description=_("Approve and refund now"), permissions=["approve"])
    def approve(self, request, queryset):
        done = 0
        for refund in queryset.filter(status="requested"):
            try:
                result = billing_services.refund_approve(refund=refund, approved_by=request.user)
            except HaruError as error:
                self.message_user(request, f"{refund}: {error.message}", messages.ERROR)
                continue
            if result.status == "failed":
                self.message_user(request, f"{refund}: {result.failure_reason}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("Approved %(n)d refunds.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Do not approve (with a reason)"), permissions=["approve"])
    def reject(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset.filter(status="requested"),
            form_class=RejectForm,
            title=_("Do not approve the refund"),
            run=lambda refund, data: billing_services.refund_reject(
                refund=refund, rejected_by=request.user, reason=data["reason"]
            ),
        )


class OutputKindFilter(admin.SimpleListFilter):
    """The kinds of answer by the names their apps registered, not their slugs."""

    title = _("kind of answer")
    parameter_name = "output_kind"

    def lookups(self, request, model_admin):
        kinds = flag_services.flaggable_kinds()
        return [(kind, flag_services.flaggable_kind_label(kind)) for kind in kinds]

    def queryset(self, request, queryset):
        return queryset.filter(output_kind=self.value()) if self.value() else queryset


@admin.register(AIOutputFlag)
class AIOutputFlagQueueAdmin(admin.ModelAdmin):
    """AI answers users reported; "open" is the queue. The text is the copy the user saw."""

    list_display = ["excerpt", "reason", "status", "model", "prompt_shown", "flagged_at"]
    list_display_links = ["excerpt"]
    list_filter = ["status", "reason", OutputKindFilter, "model", "prompt_name"]
    list_select_related = ["user"]
    search_fields = ["=output_id", "user__email", "prompt_name"]
    date_hierarchy = "flagged_at"
    fields = [
        "user",
        "output_kind_shown",
        "output_id",
        "reason",
        "note",
        "output_text_shown",
        "model",
        "prompt_shown",
        "status",
        "resolution_note",
        "resolved_by",
        "resolved_at",
        "flagged_at",
    ]
    readonly_fields = fields
    actions = ["resolve", "dismiss", "disable_prompt_version"]
    has_review_permission = permission_check("review_aioutputflag")

    class Media:
        css = {"all": ["ops_admin/console.css"]}

    def has_add_permission(self, request) -> bool:
        return False  # users flag from the answer itself

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_disable_prompt_permission(self, request) -> bool:
        return request.user.has_perm("coaching.change_prompttemplate")

    @admin.display(description=_("kind of answer"))
    def output_kind_shown(self, obj: AIOutputFlag) -> str:
        return flag_services.flaggable_kind_label(obj.output_kind)

    @admin.display(description=_("answer"))
    def excerpt(self, obj: AIOutputFlag) -> str:
        text = " ".join((obj.output_text or "").split())
        return text[:70] + ("…" if len(text) > 70 else "")

    @admin.display(description=_("answer the user saw"))
    def output_text_shown(self, obj: AIOutputFlag):
        # escaped first (autoescape=True): the text came from a model, not from us
        return mark_safe(linebreaks(obj.output_text or "", autoescape=True))  # noqa: S308

    @admin.display(description=_("prompt version"), ordering="prompt_name")
    def prompt_shown(self, obj: AIOutputFlag) -> str:
        if not obj.prompt_name:
            return "—"
        return f"{obj.prompt_name} v{obj.prompt_version}" if obj.prompt_version else obj.prompt_name

    def _close(self, request, queryset, *, close, title):
        """Ask for an optional note, then close each open flag through ``close``."""
        return admin_form_action(
            self,
            request,
            queryset.filter(status="open"),
            form_class=ResolutionForm,
            title=title,
            run=lambda flag, data: close(flags=[flag], actor=request.user, note=data["note"]),
        )

    @admin.action(description=_("Resolve (the member is told)"), permissions=["review"])
    def resolve(self, request, queryset):
        return self._close(
            request,
            queryset,
            close=flag_services.flags_resolve,
            title=_("Resolve the flagged answers"),
        )

    @admin.action(description=_("Dismiss (nothing wrong)"), permissions=["review"])
    def dismiss(self, request, queryset):
        return self._close(
            request,
            queryset,
            close=flag_services.flags_dismiss,
            title=_("Dismiss the flagged answers"),
        )

    @admin.action(
        description=_("Disable their prompt versions and resolve"), permissions=["disable_prompt"]
    )
    def disable_prompt_version(self, request, queryset):
        try:
            versions = flag_services.flags_disable_prompt_versions(
                flags=queryset, actor=request.user
            )
        except HaruError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(
            request,
            _("Disabled %(versions)s; the previous version now answers.")
            % {"versions": ", ".join(versions)},
            messages.SUCCESS,
        )
