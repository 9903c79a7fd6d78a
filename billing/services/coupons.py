"""Promotion codes: checking a code, applying it to a checkout, and counting redemptions.

A redemption is counted when the purchase it pays for goes through, by one conditional
update of ``Coupon.times_redeemed`` (``times_redeemed < max_redemptions``), so a code limited
to 10 is redeemed exactly 10 times however many people try at once; one person's uses are
counted under their billing lock. On a subscription the discount is its promotional price
(``price_override`` until the duration ends): renewals charge it, and when it ends the
existing consent rule applies (a promotion ending is a price rise, §13⑥).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.enums import PAID_STATUSES, CheckoutPurpose, CheckoutStatus, CouponDuration
from billing.exceptions import CheckoutClosed, CouponInvalid
from billing.models import Checkout, Coupon, CouponRedemption, Payment, Plan, Subscription
from billing.services.payments import lock_user_billing

if TYPE_CHECKING:
    from accounts.models import User


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper()


def coupon_check(*, code: str, user: User, plan: Plan, now: datetime | None = None) -> Coupon:
    """The coupon under ``code`` if ``user`` may use it on ``plan`` now, else ``CouponInvalid``
    with the reason (shown to the user as it is)."""
    now = now or timezone.now()
    coupon = Coupon.objects.filter(code=normalise_code(code), is_active=True).first()
    if coupon is None:
        raise CouponInvalid(
            _("There is no such code. Check it and try again."), code="coupon_unknown"
        )
    if (coupon.valid_from and now < coupon.valid_from) or (
        coupon.valid_until and now >= coupon.valid_until
    ):
        raise CouponInvalid(_("This code has expired."), code="coupon_expired")
    if coupon.max_redemptions is not None and coupon.times_redeemed >= coupon.max_redemptions:
        raise CouponInvalid(_("This code has been used up."), code="coupon_used_up")
    if CouponRedemption.objects.filter(coupon=coupon, user=user).count() >= coupon.max_per_user:
        raise CouponInvalid(_("You have already used this code."), code="coupon_already_used")
    if coupon.first_purchase_only and _has_bought(user):
        raise CouponInvalid(
            _("This code is for a first purchase only."), code="coupon_first_purchase_only"
        )
    plan_ids = {p.pk for p in coupon.plans.all()}
    if (plan_ids and plan.pk not in plan_ids) or coupon.currency != plan.currency:
        raise CouponInvalid(_("This code does not apply to this plan."), code="coupon_wrong_plan")
    if coupon.discounted(plan.price) <= 0:
        raise CouponInvalid(_("This code does not apply to this plan."), code="coupon_wrong_plan")
    return coupon


def _has_bought(user: User) -> bool:
    return (
        Subscription.objects.filter(user=user).exists()
        or Payment.objects.filter(user=user, status__in=PAID_STATUSES).exists()
    )


def checkout_apply_coupon(*, checkout: Checkout, code: str) -> Checkout:
    """Apply a promotion code to an open subscription checkout: the first charge (or, after a
    trial, the first paid period) is discounted. Nothing is counted until the purchase
    completes."""
    if checkout.purpose != CheckoutPurpose.SUBSCRIPTION or checkout.plan is None:
        raise CouponInvalid(_("Codes apply to subscriptions only."), code="coupon_wrong_plan")
    coupon = coupon_check(code=code, user=checkout.user, plan=checkout.plan)
    with transaction.atomic():
        checkout = (
            Checkout.objects.select_for_update(of=("self",))
            .select_related("plan")
            .get(pk=checkout.pk)
        )
        if checkout.status != CheckoutStatus.OPEN:
            raise CheckoutClosed(_("This checkout is closed. Please start again."))
        assert checkout.plan is not None
        price = checkout.plan.price
        checkout.coupon = coupon
        checkout.discount_amount = price - coupon.discounted(price)
        if not checkout.trial_days:
            checkout.amount = coupon.discounted(price)
        checkout.save()
    return checkout


def checkout_remove_coupon(*, checkout: Checkout) -> Checkout:
    with transaction.atomic():
        checkout = (
            Checkout.objects.select_for_update(of=("self",))
            .select_related("plan")
            .get(pk=checkout.pk)
        )
        if checkout.status != CheckoutStatus.OPEN:
            raise CheckoutClosed(_("This checkout is closed. Please start again."))
        assert checkout.plan is not None
        checkout.coupon = None
        checkout.discount_amount = 0
        if not checkout.trial_days:
            checkout.amount = checkout.plan.price
        checkout.save()
    return checkout


def coupon_redeem(
    *, coupon: Coupon, user: User, plan: Plan, checkout: Checkout | None = None
) -> CouponRedemption:
    """Count one use of ``coupon`` by ``user`` (inside the caller's transaction).

    The same checkout redeems once (a retried completion finds its redemption). The total
    limit is one conditional UPDATE; the per-person limit is counted under the user's lock.
    Raises ``CouponInvalid`` when the code can no longer be used.
    """
    if checkout is not None:
        existing = CouponRedemption.objects.filter(checkout=checkout).first()
        if existing is not None:
            return existing
    lock_user_billing(user.pk)
    coupon_check(code=coupon.code, user=user, plan=plan)
    counted = Coupon.objects.filter(
        Q(max_redemptions__isnull=True) | Q(times_redeemed__lt=F("max_redemptions")),
        pk=coupon.pk,
    ).update(times_redeemed=F("times_redeemed") + 1, updated_at=timezone.now())
    if not counted:
        raise CouponInvalid(_("This code has been used up."), code="coupon_used_up")
    return CouponRedemption.objects.create(coupon=coupon, user=user, checkout=checkout)


def coupon_release(*, redemption: CouponRedemption) -> None:
    """Give a use back (the purchase it was for did not go through)."""
    Coupon.objects.filter(pk=redemption.coupon_id, times_redeemed__gt=0).update(
        times_redeemed=F("times_redeemed") - 1
    )
    redemption.delete()


def promotion_until(coupon: Coupon, *, first_paid_start: datetime, first_paid_end: datetime):
    """When the promotional price of ``coupon`` ends for a subscription whose first paid
    period is ``[first_paid_start, first_paid_end)`` (None: it does not end)."""
    if coupon.duration == CouponDuration.ONCE:
        return first_paid_end
    if coupon.duration == CouponDuration.MONTHS:
        from billing.services.subscriptions import add_months

        return add_months(first_paid_start, coupon.duration_months or 1)
    return None
