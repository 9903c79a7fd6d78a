from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from billing.catalog import validate_features, validate_limits
from billing.enums import CYCLE_MONTHS, BillingCycle


def _localized(obj, field: str) -> str:
    language = (get_language() or "ko")[:2]
    value = getattr(obj, f"{field}_{language}", "") if language in ("ko", "en") else ""
    return value or getattr(obj, f"{field}_ko") or getattr(obj, f"{field}_en")


class Plan(models.Model):
    """A subscription plan (seeds 000, 001, 002 merged). ``code`` is the stable key."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    price = models.PositiveIntegerField(_("price"), help_text=_("In the currency's minor unit."))
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    cycle = models.CharField(
        _("billing cycle"),
        max_length=12,
        choices=BillingCycle.choices,
        default=BillingCycle.MONTHLY,
    )
    trial_days = models.PositiveSmallIntegerField(_("trial days"), default=0)
    level = models.PositiveSmallIntegerField(
        _("level"),
        default=0,
        help_text=_("Higher levels are upgrades. The free plan is 0."),
    )
    features = models.JSONField(_("features"), default=dict, validators=[validate_features])
    limits = models.JSONField(_("limits"), default=dict, validators=[validate_limits])
    is_active = models.BooleanField(_("on sale"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("sort_order", "price")
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(trial_days__gte=0, trial_days__lte=90), name="billing_plan_trial_0_90"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="billing_plan_currency_iso"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_cycle_display()})" if self.price else self.name

    @property
    def name(self) -> str:
        return _localized(self, "name")

    @property
    def description(self) -> str:
        return _localized(self, "description")

    @property
    def is_free(self) -> bool:
        return self.price == 0

    @property
    def cycle_months(self) -> int:
        return CYCLE_MONTHS[BillingCycle(self.cycle)]

    @property
    def monthly_equivalent(self) -> int:
        return round(self.price / self.cycle_months) if self.price else 0


class CreditPack(models.Model):
    """Credits sold in packs (seed 004: users buy credits, then spend them on AI services)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    credits = models.PositiveIntegerField(_("credits"))
    bonus_credits = models.PositiveIntegerField(_("bonus credits"), default=0)
    price = models.PositiveIntegerField(_("price"))
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    is_active = models.BooleanField(_("on sale"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("sort_order", "price")
        verbose_name = _("credit pack")
        verbose_name_plural = _("credit packs")
        constraints = [
            models.CheckConstraint(
                condition=Q(credits__gt=0), name="billing_creditpack_credits_pos"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="billing_creditpack_price_pos"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localized(self, "name")

    @property
    def total_credits(self) -> int:
        return self.credits + self.bonus_credits
