from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from billing.enums import (
    PAID_STATUSES,
    EasyPayProvider,
    PaymentMethodType,
    PaymentPurpose,
    PaymentStatus,
    Provider,
    RefundReason,
    RefundStatus,
)
from core.fields import EncryptedTextField


class PaymentMethod(models.Model):
    """A stored way to pay: a provider's billing key for a card (seeds 002 and 003).

    The billing key and customer key are encrypted at rest; ``billing_key_digest`` (SHA-256)
    keeps a key from being stored twice without revealing it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payment_methods"
    )
    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    type = models.CharField(
        _("type"), max_length=20, choices=PaymentMethodType.choices, default=PaymentMethodType.CARD
    )
    # KakaoPay / NaverPay for an easy-pay billing key (``type`` easy_pay); empty otherwise
    easy_pay_provider = models.CharField(
        _("easy pay"), max_length=12, choices=EasyPayProvider.choices, blank=True
    )
    billing_key = EncryptedTextField(_("billing key"))
    customer_key = EncryptedTextField(_("customer key"), blank=True)
    billing_key_digest = models.CharField(max_length=64, unique=True, editable=False)
    brand = models.CharField(_("card company"), max_length=50, blank=True)
    last_four = models.CharField(_("last four digits"), max_length=4, blank=True)
    card_type = models.CharField(_("card type"), max_length=20, blank=True)
    expiry_month = models.PositiveSmallIntegerField(null=True, blank=True)
    # "YYYY-MM" of the expiry month the holder was told about (once per card and month)
    expiry_announced_for = models.CharField(max_length=7, blank=True, editable=False)
    expiry_year = models.PositiveSmallIntegerField(null=True, blank=True)
    is_default = models.BooleanField(_("default"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-is_default", "-created_at")
        verbose_name = _("payment method")
        verbose_name_plural = _("payment methods")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_default=True, is_active=True),
                name="billing_one_default_method_per_user",
            ),
            models.CheckConstraint(
                condition=(
                    Q(expiry_month__isnull=True, expiry_year__isnull=True)
                    | Q(expiry_month__gte=1, expiry_month__lte=12, expiry_year__gte=2000)
                ),
                name="billing_method_expiry_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        if self.type == PaymentMethodType.EASY_PAY and self.easy_pay_provider:
            name = str(self.get_easy_pay_provider_display())
            return f"{name} · {self.brand} ····{self.last_four}" if self.last_four else name
        if self.type == PaymentMethodType.TRANSFER:
            bank = self.brand or str(_("Bank account"))
            return f"{bank} ····{self.last_four}" if self.last_four else bank
        brand = self.brand or self.get_type_display()
        return f"{brand} ····{self.last_four}" if self.last_four else str(brand)

    @property
    def kind(self) -> str:
        """The checkout kind this method is (card, kakaopay, naverpay, bank)."""
        if self.type == PaymentMethodType.EASY_PAY and self.easy_pay_provider:
            return self.easy_pay_provider
        if self.type == PaymentMethodType.TRANSFER:
            return "bank"
        return "card"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["provider_response", "updated_at"],
    model_name="PaymentHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class Payment(models.Model):
    """One attempt to take money (seeds 000, 001, 002, 003 merged): every try is a row.

    ``amount`` is always the server's price. Refunds never exceed it (checked here and,
    with the payment row locked, in ``billing.services.payments``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments"
    )
    purpose = models.CharField(_("for"), max_length=16, choices=PaymentPurpose.choices)
    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    order_id = models.CharField(_("order id"), max_length=64, unique=True)
    order_name = models.CharField(_("order name"), max_length=100)
    idempotency_key = models.CharField(max_length=128, unique=True)
    provider_tx_id = models.CharField(
        _("provider transaction id"), max_length=255, unique=True, null=True, blank=True
    )
    amount = models.PositiveIntegerField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    # what a promotion code took off the list price (``amount`` is already net of it; the
    # VAT line is computed on ``amount``)
    discount_amount = models.PositiveIntegerField(_("discount"), default=0)
    coupon = models.ForeignKey(
        "billing.Coupon", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refunded_amount = models.PositiveIntegerField(_("refunded"), default=0)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
        editable=False,
    )
    method = models.CharField(
        _("method"), max_length=20, choices=PaymentMethodType.choices, blank=True
    )
    method_detail = models.JSONField(_("method details"), default=dict, blank=True)
    payment_method = models.ForeignKey(
        PaymentMethod, on_delete=models.SET_NULL, null=True, blank=True, related_name="payments"
    )
    requested_at = models.DateTimeField(_("requested at"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    receipt_url = models.URLField(_("receipt"), max_length=500, blank=True)
    failure_code = models.CharField(_("failure code"), max_length=64, blank=True)
    failure_message = models.CharField(_("failure message"), max_length=500, blank=True)
    # what was bought
    subscription = models.ForeignKey(
        "billing.Subscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payments",
    )
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    # True for the charge that pays a whole subscription period (the first one, a renewal, a
    # past-due retry): at most one of them is paid per (subscription, period_start).
    period_charge = models.BooleanField(default=False, editable=False)
    credit_pack = models.ForeignKey(
        "billing.CreditPack", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booking_id = models.UUIDField(_("booking"), null=True, blank=True, db_index=True)
    practitioner_id = models.UUIDField(_("practitioner"), null=True, blank=True, db_index=True)
    # what a one-off purchase of an upper app's product bought (a course's id)
    product_id = models.UUIDField(_("product"), null=True, blank=True, db_index=True)
    platform_fee = models.PositiveIntegerField(_("platform fee"), default=0)
    practitioner_amount = models.PositiveIntegerField(_("practitioner share"), default=0)
    description = models.CharField(_("description"), max_length=255, blank=True)
    # what the payment is for, for readers: a message key + parameters (billing.messages);
    # used when neither a credit pack nor a subscription names it (e.g. a booking)
    description_key = models.CharField(_("description key"), max_length=100, blank=True)
    description_params = models.JSONField(_("description parameters"), default=dict, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    provider_response = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="billing_payment_user_recent"),
            models.Index(fields=["status"], name="billing_payment_status"),
            models.Index(fields=["subscription", "status"], name="billing_payment_sub_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="billing_payment_amount_pos"),
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=F("amount")),
                name="billing_payment_refund_within_amount",
            ),
            models.UniqueConstraint(
                fields=["subscription", "period_start"],
                condition=Q(period_charge=True, status__in=[str(s) for s in PAID_STATUSES]),
                name="billing_one_paid_charge_per_period",
            ),
            models.CheckConstraint(
                condition=Q(platform_fee__lte=F("amount"))
                & Q(practitioner_amount__lte=F("amount")),
                name="billing_payment_shares_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_name} · {self.amount} {self.currency} · {self.get_status_display()}"

    @property
    def is_paid(self) -> bool:
        return self.status in PAID_STATUSES

    @property
    def refundable_amount(self) -> int:
        return self.amount - self.refunded_amount if self.is_paid else 0

    @property
    def display_name(self) -> str:
        """What was bought, in the reader's language."""
        if self.credit_pack_id:
            return self.credit_pack.name
        if self.subscription_id:
            plan = self.subscription.plan
            return f"{plan.name} · {plan.get_cycle_display()}"
        if self.description_key:
            from billing.messages import message_render

            return message_render(self.description_key, self.description_params)
        return self.order_name

    @property
    def card_display(self) -> str:
        detail = self.method_detail or {}
        brand, last_four = detail.get("brand", ""), detail.get("last_four", "")
        easy_pay = detail.get("easy_pay_provider", "")
        if easy_pay in EasyPayProvider.values:
            name = str(EasyPayProvider(easy_pay).label)
            return f"{name} · {brand} ····{last_four}" if last_four else name
        if last_four:
            return f"{brand} ····{last_four}".strip()
        return brand or self.get_method_display()


class PaymentEvent(models.Model):
    """The log row every payment status change writes."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.CharField(max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "cancellable_before", "attempts"],
    model_name="RefundHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class Refund(models.Model):
    """Money given back on a payment, fully or in part (seeds 001 and 003)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveIntegerField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    reason = models.CharField(_("reason"), max_length=20, choices=RefundReason.choices)
    description = models.CharField(_("details"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    idempotency_key = models.CharField(max_length=128, unique=True)
    # what was still refundable when this refund was first sent: PortOne's
    # ``currentCancellableAmount``, so a retry after a lost answer can never refund twice
    cancellable_before = models.PositiveIntegerField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    provider_refund_id = models.CharField(max_length=200, unique=True, null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    processed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="billing_refund_amount_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} · {self.get_status_display()}"
