from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from billing.enums import CouponDuration, DiscountKind


class Coupon(models.Model):
    """A promotion code: a fixed amount or a percent off a subscription's price, for one
    period, N months or for ever, within a validity window and redemption limits.

    On a subscription the discount becomes its promotional price (``price_override`` until
    the duration ends), so renewals charge it and its end is a price rise that needs the
    subscriber's consent like any other (전자상거래법 §13⑥).
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("discount"), max_length=10, choices=DiscountKind.choices)
    percent_off = models.PositiveSmallIntegerField(_("percent off"), null=True, blank=True)
    amount_off = models.PositiveIntegerField(
        _("amount off"), null=True, blank=True, help_text=_("In the currency's minor unit.")
    )
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    duration = models.CharField(_("duration"), max_length=10, choices=CouponDuration.choices)
    duration_months = models.PositiveSmallIntegerField(
        _("months"), null=True, blank=True, help_text=_("For a duration of some months.")
    )
    max_redemptions = models.PositiveIntegerField(
        _("redemptions in total"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    max_per_user = models.PositiveSmallIntegerField(_("redemptions per person"), default=1)
    times_redeemed = models.PositiveIntegerField(_("redeemed"), default=0, editable=False)
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    first_purchase_only = models.BooleanField(_("first purchase only"), default=False)
    plans = models.ManyToManyField(
        "billing.Plan",
        blank=True,
        related_name="+",
        verbose_name=_("plans"),
        help_text=_("Empty: every paid plan."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="percent", percent_off__gte=1, percent_off__lte=99)
                    | Q(kind="fixed", amount_off__gte=1)
                ),
                name="billing_coupon_discount_valid",
            ),
            models.CheckConstraint(
                condition=~Q(duration="months") | Q(duration_months__gte=1),
                name="billing_coupon_months_valid",
            ),
            models.CheckConstraint(
                condition=Q(max_redemptions__isnull=True)
                | Q(times_redeemed__lte=F("max_redemptions")),
                name="billing_coupon_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(code=models.functions.Upper("code")),
                name="billing_coupon_code_upper",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def discounted(self, price: int) -> int:
        """``price`` after this coupon (never below zero)."""
        if self.kind == DiscountKind.PERCENT:
            off = price * (self.percent_off or 0) // 100
        else:
            off = self.amount_off or 0
        return max(price - off, 0)

    @property
    def describe(self) -> str:
        if self.kind == DiscountKind.PERCENT:
            return f"{self.percent_off}%"
        from core.money import format_money

        return format_money(self.amount_off or 0, self.currency)


class CouponRedemption(models.Model):
    """One use of a coupon by one person (counted in ``Coupon.times_redeemed``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coupon_redemptions"
    )
    checkout = models.OneToOneField(
        "billing.Checkout",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coupon_redemption",
    )
    subscription = models.ForeignKey(
        "billing.Subscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coupon_redemptions",
    )
    redeemed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-redeemed_at",)
        verbose_name = _("coupon redemption")
        verbose_name_plural = _("coupon redemptions")
        indexes = [models.Index(fields=["coupon", "user"], name="billing_redemption_user")]

    def __str__(self) -> str:
        return f"{self.coupon.code} · {self.user_id}"
