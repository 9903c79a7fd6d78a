"""Consent before a charge is new or higher (전자상거래법 §13⑥, in force 2025-02-14).

A trial turning paid, a price rise and a promotional price ending each need the subscriber's
explicit consent to the date, the old and the new amount and the payment method, collected
separately from sign-up within the 30 days before the change. Silence is not consent: at
the boundary the renewal job ends a subscription without one, and charges nothing.

Editing a plan's price never raises existing subscribers: each subscription keeps the price
it agreed to (``agreed_price``). An operator may *propose* the new price to them
(``plan_propose_price``); it applies from the first renewal on or after the proposed date,
for those who agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import notifications
from billing.enums import (
    LIVE_SUBSCRIPTION_STATUSES,
    ConsentChannel,
    ConsentKind,
    SubscriptionEventType,
    SubscriptionStatus,
)
from billing.exceptions import ConsentNotOpen, InvalidTransition
from billing.models import Plan, Subscription, SubscriptionConsent, SubscriptionEvent

if TYPE_CHECKING:
    from accounts.models import User

# Bump when the consent wording changes; each consent keeps the version (and text) it saw.
CONSENT_TEXT_VERSION = "price-consent-2026-11-v1"
CONSENT_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class PriceChange:
    """What the next period costs when that needs consent, and the consent if given."""

    kind: str
    effective_at: datetime
    old_amount: int
    new_amount: int
    unit_price: int
    currency: str
    payment_method_label: str
    consent: SubscriptionConsent | None

    @property
    def opens_at(self) -> datetime:
        return self.effective_at - CONSENT_WINDOW


def next_unit_price(subscription: Subscription) -> int:
    """The unit price of the next period, a consented proposal included."""
    boundary = subscription.current_period_end
    plan = subscription.pending_plan or subscription.plan
    base = plan.price if subscription.pending_plan_id else subscription.base_price
    if (
        subscription.proposed_price is not None
        and subscription.proposed_price_from is not None
        and subscription.proposed_price_from <= boundary
        and subscription.proposed_price > base
    ):
        base = subscription.proposed_price
    if subscription.price_override is not None and (
        subscription.price_override_until is None or boundary < subscription.price_override_until
    ):
        return subscription.price_override
    return base


def subscription_price_change(*, subscription: Subscription) -> PriceChange | None:
    """The change at the next period boundary that needs the subscriber's consent, or None."""
    if subscription.status not in LIVE_SUBSCRIPTION_STATUSES:
        return None
    trialing = subscription.status == SubscriptionStatus.TRIALING
    old_unit = 0 if trialing else subscription.unit_price_at(subscription.current_period_start)
    new_unit = next_unit_price(subscription)
    if trialing:
        kind = ConsentKind.TRIAL_TO_PAID
    elif new_unit > old_unit:
        promo_ends = (
            subscription.price_override is not None
            and old_unit == subscription.price_override
            and subscription.price_override_until is not None
            and subscription.price_override_until <= subscription.current_period_end
        )
        kind = ConsentKind.PROMOTION_END if promo_ends else ConsentKind.PRICE_INCREASE
    else:
        return None
    effective_at = subscription.current_period_end
    new_amount = new_unit * subscription.quantity
    consent = (
        SubscriptionConsent.objects.filter(
            subscription=subscription,
            kind=kind,
            effective_at=effective_at,
            new_amount=new_amount,
            given_at__gte=effective_at - CONSENT_WINDOW,
        )
        .order_by("-given_at")
        .first()
    )
    method = subscription.payment_method
    return PriceChange(
        kind=str(kind),
        effective_at=effective_at,
        old_amount=old_unit * subscription.quantity,
        new_amount=new_amount,
        unit_price=new_unit,
        currency=subscription.currency,
        payment_method_label=method.display if method else "",
        consent=consent,
    )


def consent_text(*, subscription: Subscription, change: PriceChange) -> str:
    """The sentence the subscriber agrees to, in the active language (stored with it)."""
    plan = subscription.pending_plan or subscription.plan
    values = {
        "date": notifications._date(subscription.user, change.effective_at),
        "plan": plan.name,
        "cycle": plan.get_cycle_display(),
        "old": notifications.money(change.old_amount, change.currency),
        "new": notifications.money(change.new_amount, change.currency),
        "method": change.payment_method_label or _("your saved card"),
    }
    if change.kind == ConsentKind.TRIAL_TO_PAID:
        return (
            _(
                "From %(date)s my free trial of %(plan)s turns paid: %(new)s (VAT included) "
                "every %(cycle)s period, charged to %(method)s. I agree to this."
            )
            % values
        )
    return (
        _(
            "From %(date)s %(plan)s costs %(new)s (VAT included) per %(cycle)s period instead "
            "of %(old)s, charged to %(method)s. I agree to this."
        )
        % values
    )


def subscription_consent_give(
    *,
    subscription: Subscription,
    user: User,
    channel: str,
    now: datetime | None = None,
) -> SubscriptionConsent:
    """Record the subscriber's "yes" to the next period's new price (idempotent)."""
    if channel not in ConsentChannel.values:
        raise ValueError(f"unknown consent channel {channel!r}")
    now = now or timezone.now()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("plan", "pending_plan", "payment_method", "user")
            .get(pk=subscription.pk)
        )
        if subscription.user_id != user.pk:
            raise InvalidTransition(_("This subscription is not yours."))
        change = subscription_price_change(subscription=subscription)
        if change is None:
            raise InvalidTransition(
                _("There is no new price to agree to."), code="no_consent_needed"
            )
        if change.consent is not None:
            return change.consent
        if now < change.opens_at:
            raise ConsentNotOpen(
                _("You can agree from %(date)s, 30 days before the change.")
                % {"date": notifications._date(subscription.user, change.opens_at)}
            )
        try:
            with transaction.atomic():
                consent = SubscriptionConsent.objects.create(
                    user=subscription.user,
                    subscription=subscription,
                    kind=change.kind,
                    effective_at=change.effective_at,
                    old_amount=change.old_amount,
                    new_amount=change.new_amount,
                    currency=change.currency,
                    payment_method=subscription.payment_method,
                    payment_method_label=change.payment_method_label[:100],
                    text_version=CONSENT_TEXT_VERSION,
                    text=consent_text(subscription=subscription, change=change),
                    channel=channel,
                    given_at=now,
                )
        except IntegrityError:
            return SubscriptionConsent.objects.get(
                subscription=subscription,
                kind=change.kind,
                effective_at=change.effective_at,
                new_amount=change.new_amount,
            )
        SubscriptionEvent.objects.create(
            subscription=subscription,
            type=SubscriptionEventType.CONSENTED,
            from_status=subscription.status,
            to_status=subscription.status,
            actor=user,
            data={
                "consent": str(consent.pk),
                "kind": change.kind,
                "old": change.old_amount,
                "new": change.new_amount,
            },
        )
        return consent


def consent_apply(*, subscription: Subscription, change: PriceChange) -> None:
    """At the boundary, with consent: the new price becomes the agreed one (caller saves)."""
    if change.kind == ConsentKind.PRICE_INCREASE and subscription.proposed_price:
        subscription.agreed_price = subscription.proposed_price
        subscription.proposed_price = None
        subscription.proposed_price_from = None
    if change.kind == ConsentKind.PROMOTION_END:
        subscription.price_override = None
        subscription.price_override_until = None


def plan_propose_price(*, plan: Plan, effective_from: datetime, actor: User | None) -> int:
    """Ask every live subscriber paying less than ``plan.price`` to accept it from the first
    renewal on or after ``effective_from``. Those who do not agree end at that renewal.
    Returns how many subscribers were asked."""
    asked = 0
    with transaction.atomic():
        live = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("plan", "user", "payment_method")
            .filter(plan=plan, status__in=LIVE_SUBSCRIPTION_STATUSES)
        )
        for subscription in live:
            if subscription.base_price >= plan.price:
                continue
            subscription.proposed_price = plan.price
            subscription.proposed_price_from = effective_from
            subscription.save(update_fields=["proposed_price", "proposed_price_from", "updated_at"])
            SubscriptionEvent.objects.create(
                subscription=subscription,
                type=SubscriptionEventType.PRICE_PROPOSED,
                from_status=subscription.status,
                to_status=subscription.status,
                actor=actor,
                data={"price": plan.price, "from": effective_from.isoformat()},
            )
            notifications.price_proposed(subscription)
            asked += 1
    return asked


# --- the 7-day notice -------------------------------------------------------------------------

NOTICE_DAYS = 7
NOTICE_HOUR = 10  # local time: a notice about money never arrives at night
DAYTIME = range(9, 21)


def _zone(user: User):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(user.timezone or "Asia/Seoul")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Seoul")


def notice_due_at(*, user: User, effective_at: datetime) -> datetime:
    """10:00 local on the last day that is still at least 7 days before ``effective_at``."""
    zone = _zone(user)
    latest = (effective_at - timedelta(days=NOTICE_DAYS)).astimezone(zone)
    due = latest.replace(hour=NOTICE_HOUR, minute=0, second=0, microsecond=0)
    if due > latest:
        due -= timedelta(days=1)
    return due


def _daytime(user: User, moment: datetime) -> datetime:
    """``moment`` if it is daytime for the user, else the next 10:00 local."""
    local = moment.astimezone(_zone(user))
    if local.hour in DAYTIME:
        return moment
    next_morning = local.replace(hour=NOTICE_HOUR, minute=0, second=0, microsecond=0)
    if next_morning <= local:
        next_morning += timedelta(days=1)
    return next_morning


def subscriptions_send_conversion_notices(*, now: datetime | None = None) -> int:
    """Beat job (hourly): at least 7 days before a free or discounted period turns paid (or
    a price rises), tell the subscriber by SMS / 알림톡, e-mail and in-app, with the cancel
    link and the consent it needs. Once per conversion (dedupe key), in local daytime;
    every channel's delivery is logged on the notification. Returns how many were sent."""
    from django.db.models import Q

    now = now or timezone.now()
    candidates = (
        Subscription.objects.filter(
            status__in=LIVE_SUBSCRIPTION_STATUSES,
            cancel_at_period_end=False,
            current_period_end__gt=now,
            current_period_end__lte=now + timedelta(days=NOTICE_DAYS + 2),
        )
        .filter(
            Q(status=SubscriptionStatus.TRIALING)
            | Q(price_override_until__isnull=False)
            | Q(proposed_price__isnull=False)
        )
        .select_related("user", "plan", "pending_plan", "payment_method")
    )
    sent = 0
    for subscription in candidates:
        change = subscription_price_change(subscription=subscription)
        if change is None:
            continue
        due = notice_due_at(user=subscription.user, effective_at=change.effective_at)
        if now < due:
            continue
        with transaction.atomic():
            created = notifications.conversion_notice(
                subscription,
                change,
                wording=consent_text(subscription=subscription, change=change),
                scheduled_for=_daytime(subscription.user, now),
            )
        sent += int(created)
    return sent
