"""Operator console for billing. Actions call services; nothing here changes money directly."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from billing import services
from billing.forms import (
    AdjustForm,
    ExtendForm,
    PayoutCreateForm,
    PayoutFailedForm,
    PayoutPaidForm,
    ReasonForm,
    RefundForm,
    RefundRequestForm,
)
from billing.models import (
    Checkout,
    Coupon,
    CouponRedemption,
    CreditPack,
    LedgerEntry,
    Payment,
    PaymentEvent,
    PaymentMethod,
    Plan,
    PractitionerPayout,
    ReconciliationIssue,
    Refund,
    Subscription,
    SubscriptionConsent,
    SubscriptionEvent,
    Wallet,
    WebhookEvent,
)
from core.admin_actions import admin_form_action, permission_check
from core.exceptions import HaruError
from core.money import format_money


def _money(amount, currency) -> str:
    return format_money(amount, currency) if amount is not None else "-"


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_ko",
        "name_en",
        "price_shown",
        "cycle",
        "trial_days",
        "level",
        "is_active",
        "sort_order",
    )
    list_filter = ("is_active", "cycle")
    list_editable = ("is_active", "sort_order")
    search_fields = ("code", "name_ko", "name_en")
    actions = ["propose_price"]

    @admin.action(
        description=_("Ask current subscribers to accept this price (in 30 days)"),
        permissions=["change"],
    )
    def propose_price(self, request, queryset):
        """Editing a price never raises existing subscribers; this asks them, and those who do
        not agree end at their first renewal 30 or more days from now."""
        from datetime import timedelta

        from django.utils import timezone

        effective_from = timezone.now() + timedelta(days=30)
        for plan in queryset:
            asked = services.plan_propose_price(
                plan=plan, effective_from=effective_from, actor=request.user
            )
            self.message_user(
                request,
                _("%(plan)s: %(count)s subscribers asked.") % {"plan": plan.code, "count": asked},
                messages.INFO,
            )

    @admin.display(description=_("price"), ordering="price")
    def price_shown(self, obj):
        return _money(obj.price, obj.currency)


@admin.register(CreditPack)
class CreditPackAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_ko",
        "credits",
        "bonus_credits",
        "price_shown",
        "is_active",
        "sort_order",
    )
    list_editable = ("is_active", "sort_order")

    @admin.display(description=_("price"), ordering="price")
    def price_shown(self, obj):
        return _money(obj.price, obj.currency)


class CouponRedemptionInline(ReadOnlyInline):
    model = CouponRedemption
    fields = ("redeemed_at", "user", "subscription", "checkout")
    readonly_fields = fields
    ordering = ("-redeemed_at",)


class CouponAdminForm(forms.ModelForm):
    class Meta:
        model = Coupon
        fields = (
            "code",
            "name",
            "kind",
            "percent_off",
            "amount_off",
            "currency",
            "duration",
            "duration_months",
            "max_redemptions",
            "max_per_user",
            "valid_from",
            "valid_until",
            "first_purchase_only",
            "plans",
            "is_active",
        )

    def clean_code(self) -> str:
        from billing.services.coupons import normalise_code

        return normalise_code(self.cleaned_data["code"])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == "percent" and not cleaned.get("percent_off"):
            self.add_error("percent_off", _("Give the percent off (1 to 99)."))
        if kind == "fixed" and not cleaned.get("amount_off"):
            self.add_error("amount_off", _("Give the amount off."))
        if cleaned.get("duration") == "months" and not cleaned.get("duration_months"):
            self.add_error("duration_months", _("Give the number of months."))
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("The end must come after the start."))
        return cleaned


@admin.register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    """Promotion codes. Redemptions are counted by the purchase, never edited here."""

    form = CouponAdminForm
    list_display = (
        "code",
        "name",
        "discount_shown",
        "duration",
        "times_redeemed",
        "max_redemptions",
        "valid_until",
        "is_active",
    )
    list_filter = ("is_active", "kind", "duration", "first_purchase_only")
    search_fields = ("code", "name")
    readonly_fields = ("times_redeemed", "created_at", "updated_at")
    filter_horizontal = ("plans",)
    inlines = [CouponRedemptionInline]

    @admin.display(description=_("discount"))
    def discount_shown(self, obj):
        return obj.describe


class SubscriptionEventInline(ReadOnlyInline):
    model = SubscriptionEvent
    fields = ("created_at", "type", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    ordering = ("-created_at",)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "plan",
        "status",
        "current_period_end",
        "next_billing_at",
        "cancel_at_period_end",
        "retry_count",
        "provider",
    )
    list_filter = ("status", "plan", "provider", "cancel_at_period_end")
    search_fields = ("user__email", "user__nickname", "id")
    list_select_related = ("user", "plan")
    raw_id_fields = ("user", "payment_method")
    readonly_fields = (
        "status",
        "user",
        "plan",
        "pending_plan",
        "provider",
        "payment_method",
        "started_at",
        "trial_end",
        "current_period_start",
        "current_period_end",
        "next_billing_at",
        "last_billed_at",
        "retry_count",
        "cancel_at_period_end",
        "canceled_at",
        "cancel_reason",
        "ended_at",
        "currency",
    )
    fields = (
        "user",
        "plan",
        "pending_plan",
        "status",
        "provider",
        "payment_method",
        "quantity",
        "price_override",
        "currency",
        "started_at",
        "trial_end",
        "current_period_start",
        "current_period_end",
        "next_billing_at",
        "last_billed_at",
        "retry_count",
        "cancel_at_period_end",
        "canceled_at",
        "cancel_reason",
        "ended_at",
    )
    inlines = [SubscriptionEventInline]
    actions = ["cancel_now", "extend", "comp_period"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Cancel now"), permissions=["change"])
    def cancel_now(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Cancel subscriptions now"),
            initial={},
            run=lambda sub, data: services.subscription_cancel(
                subscription=sub, actor=request.user, reason=data["reason"], immediately=True
            ),
        )

    @admin.action(description=_("Extend the current period"), permissions=["change"])
    def extend(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=ExtendForm,
            title=_("Extend subscriptions"),
            initial={"days": 7},
            run=lambda sub, data: services.subscription_extend(
                subscription=sub, days=data["days"], actor=request.user, reason=data["reason"]
            ),
        )

    @admin.action(description=_("Give the next period free"), permissions=["change"])
    def comp_period(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Give a free period"),
            initial={},
            run=lambda sub, data: services.subscription_comp_period(
                subscription=sub, actor=request.user, reason=data["reason"]
            ),
        )


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = (
        "created_at",
        "amount_shown",
        "reason",
        "status",
        "requested_by",
        "approved_by",
        "provider_refund_id",
        "failure_reason",
    )
    readonly_fields = fields

    @admin.display(description=_("amount"))
    def amount_shown(self, obj):
        return _money(obj.amount, obj.currency)


class PaymentEventInline(ReadOnlyInline):
    model = PaymentEvent
    fields = ("created_at", "from_status", "to_status", "note", "actor")
    readonly_fields = fields


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = (
        "item",
        "user",
        "amount_shown",
        "refunded_shown",
        "status",
        "purpose",
        "provider",
        "created_at",
    )
    list_filter = ("status", "purpose", "provider")
    search_fields = ("order_id", "provider_tx_id", "user__email", "id")
    list_select_related = ("user", "credit_pack", "subscription__plan")
    date_hierarchy = "created_at"
    exclude = ("provider_response",)
    inlines = [RefundInline, PaymentEventInline]
    actions = ["refund", "request_refund"]
    has_refund_permission = permission_check("refund_payment")  # managers (ops_admin.roles)
    has_request_refund_permission = permission_check("request_refund")  # operators

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "provider_response"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("item"))
    def item(self, obj):
        return obj.display_name

    @admin.display(description=_("amount"), ordering="amount")
    def amount_shown(self, obj):
        return _money(obj.amount, obj.currency)

    @admin.display(description=_("refunded"), ordering="refunded_amount")
    def refunded_shown(self, obj):
        return _money(obj.refunded_amount, obj.currency) if obj.refunded_amount else "-"

    @admin.action(description=_("Refund (amount and reason)"), permissions=["refund"])
    def refund(self, request, queryset):
        def run(payment, data):
            refund = services.payment_refund(
                payment=payment,
                amount=data["amount"],
                reason=data["reason"],
                description=data["description"],
                requested_by=request.user,
                approved_by=request.user,
                idempotency_key=f"admin-{data['idempotency_key']}",
            )
            if refund.status == "failed":
                raise HaruError(refund.failure_reason)

        first = queryset.first()
        return admin_form_action(
            self,
            request,
            queryset[:1],
            form_class=RefundForm,
            title=_("Refund a payment"),
            initial={
                "amount": first.refundable_amount if first else 0,
                "reason": "customer_request",
                "idempotency_key": uuid.uuid4().hex,
            },
            run=run,
        )

    @admin.action(
        description=_("Ask for a refund (a manager approves it)"),
        permissions=["request_refund"],
    )
    def request_refund(self, request, queryset):
        first = queryset.first()
        return admin_form_action(
            self,
            request,
            queryset[:1],
            form_class=RefundRequestForm,
            title=_("Ask for a refund"),
            initial={
                "amount": first.refundable_amount if first else 0,
                "reason": "customer_request",
            },
            run=lambda payment, data: services.refund_request(
                payment=payment,
                amount=data["amount"],
                reason=data["reason"],
                description=data["description"],
                requested_by=request.user,
            ),
        )


@admin.register(PaymentMethod)
class PaymentMethodAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "provider",
        "brand",
        "last_four",
        "is_default",
        "is_active",
        "created_at",
    )
    list_filter = ("provider", "is_active")
    search_fields = ("user__email", "last_four")
    exclude = ("billing_key", "customer_key")
    readonly_fields = (
        "user",
        "provider",
        "type",
        "billing_key_digest",
        "brand",
        "last_four",
        "card_type",
        "expiry_month",
        "expiry_year",
        "is_default",
        "is_active",
        "deactivated_at",
    )

    def has_add_permission(self, request):
        return False


class LedgerInline(ReadOnlyInline):
    model = LedgerEntry
    fields = (
        "created_at",
        "kind",
        "delta",
        "balance_after",
        "reason_shown",
        "reference_type",
        "reference_id",
        "actor",
        "expires_at",
    )
    readonly_fields = fields
    ordering = ("-created_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("reason"))
    def reason_shown(self, obj):
        return obj.reason_text


@admin.register(Wallet)
class WalletAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "balance", "lifetime_earned", "updated_at")
    list_filter = ("unit",)
    search_fields = ("user__email", "user__nickname")
    readonly_fields = ("user", "unit", "balance", "lifetime_earned")
    inlines = [LedgerInline]
    actions = ["adjust"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Adjust balance (with a reason)"), permissions=["change"])
    def adjust(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=AdjustForm,
            title=_("Adjust wallet balances"),
            initial={},
            run=lambda wallet, data: services.wallet_adjust(
                wallet=wallet, delta=data["delta"], reason=data["reason"], actor=request.user
            ),
        )


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "wallet",
        "kind",
        "delta",
        "balance_after",
        "reason_shown",
        "actor",
    )
    list_filter = ("kind", "wallet__unit")
    search_fields = ("wallet__user__email", "reason", "reason_key", "reference_id")
    list_select_related = ("wallet__user", "actor")

    @admin.display(description=_("reason"))
    def reason_shown(self, obj):
        return obj.reason_text

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ("received_at", "provider", "event_type", "event_id", "status", "attempts")
    list_filter = ("provider", "status", "event_type")
    search_fields = ("event_id",)
    readonly_fields = (
        "provider",
        "event_id",
        "event_type",
        "payload",
        "status",
        "attempts",
        "error",
        "received_at",
        "processed_at",
    )
    actions = ["reprocess"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Process again"), permissions=["change"])
    def reprocess(self, request, queryset):
        for event in queryset:
            try:
                status = services.webhook_event_process(event_id=event.pk, force=True)
            except Exception as error:
                self.message_user(request, f"{event}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{event}: {status}", messages.INFO)


@admin.register(Checkout)
class CheckoutAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "purpose", "provider", "amount_shown", "status")
    list_filter = ("status", "purpose", "provider")
    search_fields = ("order_id", "user__email")
    exclude = ("customer_key",)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_shown(self, obj):
        return _money(obj.amount, obj.currency)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "customer_key"]

    def has_add_permission(self, request):
        return False


@admin.register(PractitionerPayout)
class PractitionerPayoutAdmin(admin.ModelAdmin):
    """Payouts are created by the weekly job or here, always through ``payout_create`` (which
    collects the unpaid booking payments of the period), and move on only by the actions."""

    list_display = (
        "created_at",
        "practitioner_id",
        "payee",
        "amount_shown",
        "period_start",
        "period_end",
        "status",
    )
    list_filter = ("status", "method")
    list_select_related = ("payee",)
    search_fields = ("=practitioner_id", "payee__email")
    raw_id_fields = ("payee",)
    actions = ["mark_processing", "mark_paid", "mark_failed", "reopen", "cancel"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = PayoutCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return [f.name for f in self.model._meta.fields if f.name != "details"] + ["payments"]

    def get_exclude(self, request, obj=None):
        return ("details", "payments") if obj is None else ("details",)

    def save_model(self, request, obj, form, change):
        if change:  # nothing of a payout is edited by hand; the actions move it on
            return
        data = form.cleaned_data
        try:
            created = services.payout_create(
                practitioner_id=data["practitioner_id"],
                payee=data["payee"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                method=data["method"],
            )
        except HaruError as error:
            self.message_user(request, error.message, messages.ERROR)
            obj.pk = None
            return
        obj.pk = created.pk
        obj.amount = created.amount

    def save_related(self, request, form, formsets, change):
        return  # payout_create set the payments

    def response_add(self, request, obj, post_url_continue=None):
        from django.http import HttpResponseRedirect

        if obj.pk is None or not PractitionerPayout.objects.filter(pk=obj.pk).exists():
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_shown(self, obj):
        return _money(obj.amount, obj.currency)

    def _move(self, request, queryset, to_status: str) -> None:
        for payout in queryset:
            try:
                services.payout_transition(payout=payout, to_status=to_status)
            except HaruError as error:
                self.message_user(request, f"{payout}: {error.message}", messages.ERROR)

    @admin.action(description=_("Mark as being transferred"), permissions=["change"])
    def mark_processing(self, request, queryset):
        self._move(request, queryset, "processing")

    @admin.action(description=_("Mark as paid"), permissions=["change"])
    def mark_paid(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=PayoutPaidForm,
            title=_("Mark payouts as paid"),
            run=lambda payout, data: services.payout_transition(
                payout=payout,
                to_status="paid",
                provider_payout_id=data["provider_payout_id"],
            ),
        )

    @admin.action(description=_("Mark as failed"), permissions=["change"])
    def mark_failed(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=PayoutFailedForm,
            title=_("Mark payouts as failed"),
            run=lambda payout, data: services.payout_transition(
                payout=payout, to_status="failed", failure_reason=data["reason"]
            ),
        )

    @admin.action(description=_("Try a failed payout again"), permissions=["change"])
    def reopen(self, request, queryset):
        self._move(request, queryset, "pending")

    @admin.action(
        description=_("Cancel (its payments go to the next payout)"), permissions=["change"]
    )
    def cancel(self, request, queryset):
        self._move(request, queryset, "canceled")


class OpenFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return (("1", _("Open")), ("0", _("Resolved")))

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "0":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(ReconciliationIssue)
class ReconciliationIssueAdmin(admin.ModelAdmin):
    """The operator list the daily reconciliation fills: what differs from the provider."""

    list_display = ("day", "provider", "order_id", "kind", "ours", "theirs", "resolved_at")
    list_filter = (OpenFilter, "provider", "kind")
    search_fields = ("order_id", "provider_tx_id")
    list_select_related = ("payment",)
    readonly_fields = (
        "provider",
        "order_id",
        "provider_tx_id",
        "payment",
        "kind",
        "ours",
        "theirs",
        "day",
        "resolved_at",
        "created_at",
    )
    actions = ["resolve", "look_up_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark as resolved"), permissions=["change"])
    def resolve(self, request, queryset):
        count = services.reconciliation_issues_resolve(issues=queryset, note=f"by {request.user}")
        self.message_user(request, _("%(count)s resolved.") % {"count": count}, messages.INFO)

    @admin.action(description=_("Sync the payment from the provider"), permissions=["change"])
    def look_up_again(self, request, queryset):
        for issue in queryset.select_related("payment"):
            if issue.payment is None:
                continue
            try:
                services.payment_refresh(payment=issue.payment)
            except HaruError as error:
                self.message_user(request, f"{issue}: {error.message}", messages.ERROR)


@admin.register(SubscriptionConsent)
class SubscriptionConsentAdmin(admin.ModelAdmin):
    """Proof of consent (read-only): what was agreed, when, through which channel and wording."""

    list_display = (
        "given_at",
        "user",
        "kind",
        "effective_at",
        "old_amount",
        "new_amount",
        "channel",
    )
    list_filter = ("kind", "channel")
    search_fields = ("user__email",)
    list_select_related = ("user",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
