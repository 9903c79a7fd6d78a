from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from billing.enums import CheckoutPurpose, ConsentKind, PayMethodKind, RefundReason
from billing.models import (
    Checkout,
    CreditPack,
    LedgerEntry,
    Payment,
    PaymentMethod,
    Plan,
    Refund,
    Subscription,
    SubscriptionConsent,
)


class PlanSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    features = serializers.DictField(child=serializers.BooleanField(), read_only=True)
    limits = serializers.DictField(child=serializers.IntegerField(allow_null=True), read_only=True)

    class Meta:
        model = Plan
        fields = (
            "code",
            "name",
            "description",
            "price",
            "currency",
            "cycle",
            "trial_days",
            "level",
            "features",
            "limits",
        )


class CreditPackSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    total_credits = serializers.IntegerField(read_only=True)

    class Meta:
        model = CreditPack
        fields = ("code", "name", "credits", "bonus_credits", "total_credits", "price", "currency")


class PaymentMethodSerializer(serializers.ModelSerializer):
    class Meta:
        model = PaymentMethod
        fields = (
            "id",
            "provider",
            "type",
            "easy_pay_provider",
            "brand",
            "last_four",
            "card_type",
            "is_default",
            "created_at",
        )


class SubscriptionSerializer(serializers.ModelSerializer):
    plan = PlanSerializer(read_only=True)
    pending_plan = PlanSerializer(read_only=True)
    payment_method = PaymentMethodSerializer(read_only=True)
    amount = serializers.IntegerField(read_only=True)

    class Meta:
        model = Subscription
        fields = (
            "id",
            "plan",
            "pending_plan",
            "status",
            "provider",
            "amount",
            "currency",
            "quantity",
            "started_at",
            "trial_end",
            "current_period_start",
            "current_period_end",
            "next_billing_at",
            "cancel_at_period_end",
            "canceled_at",
            "ended_at",
            "payment_method",
        )


class CurrentPlanSerializer(serializers.Serializer):
    plan = PlanSerializer()
    subscription = SubscriptionSerializer(allow_null=True)


class RefundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Refund
        fields = ("id", "amount", "currency", "reason", "status", "processed_at", "created_at")


class PaymentSerializer(serializers.ModelSerializer):
    refunds = RefundSerializer(many=True, read_only=True)
    display_name = serializers.CharField(
        read_only=True, help_text="What was bought, in the request's language."
    )
    card = serializers.CharField(source="card_display", read_only=True)

    class Meta:
        model = Payment
        fields = (
            "id",
            "purpose",
            "provider",
            "order_id",
            "order_name",
            "display_name",
            "amount",
            "currency",
            "refunded_amount",
            "status",
            "method",
            "card",
            "requested_at",
            "approved_at",
            "receipt_url",
            "failure_code",
            "failure_message",
            "period_start",
            "period_end",
            "created_at",
            "refunds",
        )


class PaymentListSerializer(PaymentSerializer):
    class Meta(PaymentSerializer.Meta):
        fields = tuple(f for f in PaymentSerializer.Meta.fields if f != "refunds")


class LedgerEntrySerializer(serializers.ModelSerializer):
    reason = serializers.CharField(
        source="reason_text",
        read_only=True,
        help_text="The reason in the request's language (rendered from `reason_key`).",
    )
    reason_key = serializers.CharField(
        read_only=True, help_text="Stable message key, e.g. `billing.credit_pack`."
    )
    reason_params = serializers.DictField(read_only=True)

    class Meta:
        model = LedgerEntry
        fields = (
            "id",
            "kind",
            "delta",
            "balance_after",
            "reason",
            "reason_key",
            "reason_params",
            "reference_type",
            "reference_id",
            "expires_at",
            "created_at",
        )


class WalletsSerializer(serializers.Serializer):
    credits = serializers.IntegerField()
    points = serializers.IntegerField()


class EntitlementsSerializer(serializers.Serializer):
    plan = serializers.CharField()
    features = serializers.DictField(child=serializers.BooleanField())
    limits = serializers.DictField(child=serializers.IntegerField(allow_null=True))


# Bookings and courses are checked out by the apps that sell them (their own endpoints).
API_CHECKOUT_PURPOSES = [
    (value, label)
    for value, label in CheckoutPurpose.choices
    if value in (CheckoutPurpose.SUBSCRIPTION, CheckoutPurpose.CREDITS, CheckoutPurpose.CARD)
]


class CheckoutCreateSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=API_CHECKOUT_PURPOSES)
    plan = serializers.SlugRelatedField(
        slug_field="code", queryset=Plan.objects.filter(is_active=True), required=False
    )
    credit_pack = serializers.SlugRelatedField(
        slug_field="code", queryset=CreditPack.objects.filter(is_active=True), required=False
    )
    method = serializers.ChoiceField(
        choices=PayMethodKind.choices,
        default=PayMethodKind.CARD,
        help_text="The way to pay: a card, KakaoPay, NaverPay, TossPay (one-off only) or a "
        "bank account (subscriptions only).",
    )

    def validate(self, attrs):
        if attrs["purpose"] == CheckoutPurpose.SUBSCRIPTION and not attrs.get("plan"):
            raise serializers.ValidationError({"plan": [_("Choose a plan.")]})
        if attrs["purpose"] == CheckoutPurpose.CREDITS and not attrs.get("credit_pack"):
            raise serializers.ValidationError({"credit_pack": ["Choose a credit pack."]})
        return attrs


class CheckoutSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    credit_pack = serializers.SlugRelatedField(slug_field="code", read_only=True)
    checkout_url = serializers.SerializerMethodField()
    client = serializers.SerializerMethodField()
    coupon = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Checkout
        fields = (
            "id",
            "purpose",
            "provider",
            "plan",
            "credit_pack",
            "order_id",
            "order_name",
            "amount",
            "currency",
            "trial_days",
            "method_kind",
            "coupon",
            "discount_amount",
            "customer_key",
            "status",
            "failure_code",
            "failure_message",
            "expires_at",
            "payment",
            "subscription",
            "checkout_url",
            "client",
        )

    def get_checkout_url(self, obj) -> str:
        return reverse("billing:checkout", args=[obj.pk])

    def get_client(self, obj) -> dict[str, str]:
        from billing.services import checkout_client

        return checkout_client(checkout=obj).config


class CouponInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="The promotion code, any case.")


class CheckoutMethodInputSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=PayMethodKind.choices)


class BillingKeyInputSerializer(serializers.Serializer):
    auth_key = serializers.CharField(
        max_length=500, help_text="Toss `authKey`, or PortOne `billingKey`."
    )


class ConfirmInputSerializer(serializers.Serializer):
    payment_key = serializers.CharField(
        max_length=200, help_text="Toss `paymentKey` or PortOne `paymentId`."
    )
    order_id = serializers.CharField(max_length=64)
    amount = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class ChangePlanInputSerializer(serializers.Serializer):
    plan = serializers.SlugRelatedField(
        slug_field="code", queryset=Plan.objects.filter(is_active=True)
    )


class PreviewSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["upgrade", "downgrade", "same", "to_free"])
    plan = PlanSerializer()
    amount_due = serializers.IntegerField()
    effective_at = serializers.DateTimeField()
    new_period_end = serializers.DateTimeField(allow_null=True)


class RefundInputSerializer(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1, required=False)
    reason = serializers.ChoiceField(choices=RefundReason.choices)


class PriceChangeSerializer(serializers.Serializer):
    """The next period's new or higher price, which needs the subscriber's consent."""

    kind = serializers.ChoiceField(choices=ConsentKind.choices)
    effective_at = serializers.DateTimeField()
    consent_opens_at = serializers.DateTimeField(source="opens_at")
    old_amount = serializers.IntegerField()
    new_amount = serializers.IntegerField()
    currency = serializers.CharField()
    payment_method = serializers.CharField(source="payment_method_label")
    text = serializers.CharField()
    text_version = serializers.CharField()
    consented_at = serializers.DateTimeField(allow_null=True)


class ConsentRequiredSerializer(serializers.Serializer):
    required = serializers.BooleanField()
    change = PriceChangeSerializer(allow_null=True)


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubscriptionConsent
        fields = (
            "id",
            "kind",
            "effective_at",
            "old_amount",
            "new_amount",
            "currency",
            "payment_method_label",
            "text_version",
            "text",
            "channel",
            "given_at",
        )
        read_only_fields = fields


class RefundQuoteSerializer(serializers.Serializer):
    """What ending now gives back (the one refund policy; see README)."""

    kind = serializers.ChoiceField(choices=["withdrawal", "pro_rata", "none"])
    amount = serializers.IntegerField()
    currency = serializers.CharField()
    days_left = serializers.IntegerField()
    days_total = serializers.IntegerField()
    withdrawal_until = serializers.DateTimeField(allow_null=True)


class EndNowInputSerializer(serializers.Serializer):
    expected_amount = serializers.IntegerField(min_value=0, max_value=100_000_000)


class EndNowSerializer(serializers.Serializer):
    subscription = SubscriptionSerializer()
    refund_amount = serializers.IntegerField()
    refund_status = serializers.CharField(allow_null=True)
    payment_id = serializers.UUIDField(allow_null=True)
