"""Cash receipts (현금영수증) for money paid without a card: a bank transfer, a virtual account,
an easy-pay wallet paid from its bank balance, a Toss bank-account auto-pay."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import EncryptedTextField


class CashReceiptKind(models.TextChoices):
    # 소득공제용: a person, by mobile number; 지출증빙용: a business, by registration number
    PERSONAL = "personal", pgettext_lazy("billing", "Income deduction (personal)")
    BUSINESS = "business", pgettext_lazy("billing", "Expense proof (business)")


class CashReceiptStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("billing", "Being issued")
    ISSUED = "issued", pgettext_lazy("billing", "Issued")
    CANCELED = "canceled", pgettext_lazy("billing", "Canceled")
    FAILED = "failed", pgettext_lazy("billing", "Not issued")


class CashReceiptSetting(models.Model):
    """Where a member wants their cash receipts to go, entered once (the number encrypted)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cash_receipt_setting"
    )
    kind = models.CharField(_("receipt type"), max_length=10, choices=CashReceiptKind.choices)
    identity_number = EncryptedTextField(_("phone or business registration number"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cash receipt setting")
        verbose_name_plural = _("cash receipt settings")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.kind}"

    @property
    def masked_number(self) -> str:
        digits = self.identity_number or ""
        return "•" * max(0, len(digits) - 4) + digits[-4:]


class CashReceipt(models.Model):
    """One cash receipt issued through the payment's provider for (part of) a payment.

    ``sequence`` 1 is the receipt issued after the payment; a provider that cannot cancel part
    of a receipt (PortOne) gets it canceled and a new one (2, 3, …) for what is left after a
    partial refund. ``UNIQUE (payment, sequence)`` and one live receipt per payment make the
    issue happen once however often the task runs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    payment = models.ForeignKey(
        "billing.Payment", on_delete=models.PROTECT, related_name="cash_receipts"
    )
    sequence = models.PositiveSmallIntegerField(default=1)
    provider = models.CharField(_("provider"), max_length=10)
    kind = models.CharField(_("receipt type"), max_length=10, choices=CashReceiptKind.choices)
    number_last_four = models.CharField(max_length=4, blank=True)
    amount = models.PositiveIntegerField(_("amount"))
    canceled_amount = models.PositiveIntegerField(_("canceled"), default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CashReceiptStatus.choices,
        default=CashReceiptStatus.PENDING,
    )
    # Toss: the cash receipt's orderId; PortOne: the payment id it was issued under
    provider_reference = models.CharField(max_length=80)
    receipt_key = models.CharField(max_length=200, blank=True)
    issue_number = models.CharField(_("approval number"), max_length=64, blank=True)
    receipt_url = models.URLField(max_length=500, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)
    # the refunds this receipt already followed (cancel or reissue once per refund)
    refunds_applied = models.JSONField(default=list, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("payment", "sequence")
        verbose_name = _("cash receipt")
        verbose_name_plural = _("cash receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "sequence"], name="billing_cash_receipt_once_per_sequence"
            ),
            models.UniqueConstraint(
                fields=["payment"],
                condition=Q(status__in=["pending", "issued"]),
                name="billing_one_live_cash_receipt_per_payment",
            ),
            models.CheckConstraint(
                condition=Q(canceled_amount__lte=models.F("amount")),
                name="billing_cash_receipt_cancel_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} #{self.sequence} · {self.amount} · {self.status}"

    @property
    def is_development(self) -> bool:
        return self.provider == "dev"
