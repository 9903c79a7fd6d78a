from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from billing.enums import PayoutMethod, PayoutStatus
from core.fields import EncryptedJSONField


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["details", "updated_at"],
    model_name="PayoutHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class PractitionerPayout(models.Model):
    """Money paid out to a practitioner for a period's bookings (seed 003).

    ``practitioner_id`` names the practitioners app's row (an app above billing, so no
    foreign key); ``payee`` is that practitioner's user account. The period is half-open.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    practitioner_id = models.UUIDField(_("practitioner"), db_index=True)
    payee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="billing_payouts"
    )
    amount = models.PositiveIntegerField(_("amount"))
    currency = models.CharField(max_length=3, default="KRW")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until (exclusive)"))
    payments = models.ManyToManyField("billing.Payment", related_name="payouts", blank=True)
    method = models.CharField(_("method"), max_length=20, choices=PayoutMethod.choices)
    details = EncryptedJSONField(_("payout details"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PayoutStatus.choices,
        default=PayoutStatus.PENDING,
        editable=False,
    )
    provider_payout_id = models.CharField(max_length=200, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("practitioner payout")
        verbose_name_plural = _("practitioner payouts")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="billing_payout_amount_pos"),
            models.CheckConstraint(
                condition=Q(period_start__lt=F("period_end")), name="billing_payout_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner_id} · {self.amount} {self.currency} · {self.status}"


class PayoutAdjustment(models.Model):
    """A negative line on a practitioner's next payout: the share of a refund made after the
    payment had already gone into a live payout (a clawback).

    One row per refund (``refund`` is unique), so a refund is clawed back exactly once.
    ``source_payout`` is the payout that carried the payment; ``applied_payout`` the later
    payout the amount was taken from (null while it waits). A canceled source payout voids
    the line: its payments are collected again at their reduced share.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    practitioner_id = models.UUIDField(_("practitioner"), db_index=True)
    payment = models.ForeignKey(
        "billing.Payment", on_delete=models.PROTECT, related_name="payout_adjustments"
    )
    refund = models.OneToOneField(
        "billing.Refund", on_delete=models.PROTECT, related_name="payout_adjustment"
    )
    source_payout = models.ForeignKey(
        PractitionerPayout, on_delete=models.PROTECT, related_name="clawbacks"
    )
    applied_payout = models.ForeignKey(
        PractitionerPayout,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adjustments",
    )
    # what the practitioner owes back (the payout line is minus this)
    amount = models.PositiveIntegerField(_("clawed back"))
    currency = models.CharField(max_length=3, default="KRW")
    voided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("payout adjustment")
        verbose_name_plural = _("payout adjustments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="billing_adjustment_amount_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner_id} · -{self.amount} {self.currency}"
