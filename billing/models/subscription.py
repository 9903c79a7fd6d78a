from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from billing.enums import (
    LIVE_SUBSCRIPTION_STATUSES,
    Provider,
    SubscriptionEventType,
    SubscriptionStatus,
)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at"],
    model_name="SubscriptionHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class Subscription(models.Model):
    """A user's subscription to a paid plan (seeds 000, 001, 002 merged).

    The current period is half-open ``[current_period_start, current_period_end)``. At most
    one subscription per user is live (trialing, active or past due); ended ones stay as
    history. Status changes only through ``billing.services.subscriptions``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    plan = models.ForeignKey("billing.Plan", on_delete=models.PROTECT, related_name="+")
    pending_plan = models.ForeignKey(
        "billing.Plan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Takes effect at the next renewal (a downgrade)."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SubscriptionStatus.choices, editable=False
    )
    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    payment_method = models.ForeignKey(
        "billing.PaymentMethod",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    price_override = models.PositiveIntegerField(
        _("price override"),
        null=True,
        blank=True,
        help_text=_("A promotional price per unit; empty uses the plan's price."),
    )
    price_override_until = models.DateTimeField(
        _("promotional price until"),
        null=True,
        blank=True,
        help_text=_("Periods starting from this moment pay the agreed price again."),
    )
    # the promotion code whose discount is the promotional price above
    coupon = models.ForeignKey(
        "billing.Coupon", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The unit price the subscriber agreed to. Editing the plan's price never changes it: a
    # higher price needs their consent (``proposed_price`` from ``proposed_price_from``).
    agreed_price = models.PositiveIntegerField(_("agreed price"), null=True, blank=True)
    proposed_price = models.PositiveIntegerField(_("proposed price"), null=True, blank=True)
    proposed_price_from = models.DateTimeField(_("proposed from"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    started_at = models.DateTimeField(_("started at"))
    trial_end = models.DateTimeField(_("trial ends"), null=True, blank=True)
    current_period_start = models.DateTimeField(_("period start"))
    current_period_end = models.DateTimeField(_("period end"))
    next_billing_at = models.DateTimeField(_("next charge"), null=True, blank=True, db_index=True)
    last_billed_at = models.DateTimeField(_("last charged"), null=True, blank=True)
    retry_count = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    cancel_at_period_end = models.BooleanField(_("cancels at period end"), default=False)
    canceled_at = models.DateTimeField(_("cancel requested at"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancel reason"), max_length=255, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # The renewal fan-out claims (subscription, due moment) once before queueing its task;
    # a claim older than BILLING_RENEWAL_CLAIM_TTL_MINUTES is taken again (a lost task).
    renewal_claimed_for = models.DateTimeField(null=True, blank=True, editable=False)
    renewal_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [models.Index(fields=["user", "status"], name="billing_sub_user_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=[str(s) for s in LIVE_SUBSCRIPTION_STATUSES]),
                name="billing_one_live_subscription_per_user",
            ),
            models.CheckConstraint(
                condition=Q(current_period_end__gt=models.F("current_period_start")),
                name="billing_sub_period_valid",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="billing_sub_quantity_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.plan} · {self.get_status_display()}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_SUBSCRIPTION_STATUSES

    @property
    def base_price(self) -> int:
        """The agreed unit price (the plan's price at sign-up, or a later consented one)."""
        return self.plan.price if self.agreed_price is None else self.agreed_price

    def unit_price_at(self, moment) -> int:
        """The unit price of a period starting at ``moment`` with what is agreed today."""
        if self.price_override is not None and (
            self.price_override_until is None or moment < self.price_override_until
        ):
            return self.price_override
        return self.base_price

    @property
    def unit_price(self) -> int:
        return self.unit_price_at(self.current_period_start)

    @property
    def amount(self) -> int:
        """What one period costs: (override or plan price) x quantity."""
        return self.unit_price * self.quantity


class SubscriptionEvent(models.Model):
    """The log row every subscription change writes, in the same transaction."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("event"), max_length=24, choices=SubscriptionEventType.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("subscription event")
        verbose_name_plural = _("subscription events")

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.from_status}->{self.to_status}"
