"""Queue screens the apps below do not have: refunds awaiting a manager's approval."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from billing import services as billing_services
from billing.models import Refund
from core.admin_actions import admin_form_action, permission_check
from core.exceptions import HaruError
from core.money import format_money


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
