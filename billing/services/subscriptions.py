"""Subscriptions: every transition lives here (trial -> active -> past_due -> canceled/expired).

* ``subscription_start`` after a checkout registered a card: a trial, or the first charge.
* ``subscription_renew`` (one task per due subscription, queued by the beat job
  ``subscriptions_enqueue_renewals``, which claims each (subscription, period) once): charges
  the stored billing key exactly once per period, even with two workers at once: the row is
  locked (``SKIP LOCKED``), due-ness is re-checked under the lock, and the charge carries an
  idempotency key made of the subscription, the period and the attempt. A failed charge goes
  ``past_due`` and is retried after 1, 3 and 7 days (``BILLING_RETRY_DAYS``), then the
  subscription expires.
* cancel at period end / resume; upgrade now (prorated difference charged), downgrade at
  period end; operators extend, comp a period, or cancel at once.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import notifications
from billing.enums import (
    LIVE_SUBSCRIPTION_STATUSES,
    SUBSCRIPTION_TRANSITIONS,
    PaymentPurpose,
    PaymentStatus,
    RefundReason,
    SubscriptionEventType,
    SubscriptionStatus,
)
from billing.exceptions import (
    CardNotUsable,
    GatewayUnavailable,
    InvalidTransition,
    Outcome,
    PaymentDeclined,
    PaymentPending,
    PlanUnavailable,
    SubscriptionExists,
)
from billing.models import Coupon, Payment, PaymentMethod, Plan, Subscription, SubscriptionEvent
from billing.services.consents import (
    consent_apply,
    next_unit_price,
    subscription_price_change,
)
from billing.services.payments import (
    NOT_RECEIVED,
    lock_user_billing,
    payment_charge_billing_key,
    payment_create,
    payment_lookup,
    payment_refund,
)
from core.analytics import SUBSCRIPTION_STARTED, track

if TYPE_CHECKING:
    from accounts.models import User

S = SubscriptionStatus
E = SubscriptionEventType


def add_months(moment: datetime, months: int) -> datetime:
    """Same day-of-month ``months`` later, clamped to the month's last day (Jan 31 -> Feb 28)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _log(
    subscription: Subscription,
    type_: str,
    *,
    from_status: str = "",
    actor: User | None = None,
    note: str = "",
    data: dict | None = None,
) -> SubscriptionEvent:
    return SubscriptionEvent.objects.create(
        subscription=subscription,
        type=type_,
        from_status=from_status,
        to_status=subscription.status,
        actor=actor,
        note=note[:255],
        data=data or {},
    )


def _transition(
    subscription: Subscription,
    to_status: str,
    type_: str,
    *,
    actor: User | None = None,
    note: str = "",
    data: dict | None = None,
) -> None:
    """Change the status (the caller saves) and write the log row; refuses illegal moves."""
    from_status = subscription.status
    if to_status != from_status and to_status not in SUBSCRIPTION_TRANSITIONS[from_status]:
        raise InvalidTransition(
            _("A %(from)s subscription cannot become %(to)s.")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )
    subscription.status = to_status
    _log(subscription, type_, from_status=from_status, actor=actor, note=note, data=data)


def _locked(subscription: Subscription) -> Subscription:
    return (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("plan", "payment_method", "user", "pending_plan")
        .get(pk=subscription.pk)
    )


def _order_name(plan: Plan) -> str:
    """The name the provider shows on its own receipts (one language for every user)."""
    return f"Haru {plan.name_en} ({plan.cycle})"


def _charge(
    *,
    subscription: Subscription,
    amount: int,
    idempotency_key: str,
    order_id: str,
    plan: Plan,
    period_start: datetime | None,
    period_end: datetime | None,
    description: str = "",
    period_charge: bool = False,
    description_key: str = "",
    description_params: dict | None = None,
    discount_amount: int = 0,
    coupon: Coupon | None = None,
) -> Payment:
    payment = payment_create(
        user=subscription.user,
        purpose=PaymentPurpose.SUBSCRIPTION,
        provider=subscription.provider,
        amount=amount,
        currency=subscription.currency,
        order_name=_order_name(plan),
        order_id=order_id,
        idempotency_key=idempotency_key,
        subscription=subscription,
        period_start=period_start,
        period_end=period_end,
        description=description,
        period_charge=period_charge,
        description_key=description_key,
        description_params=description_params or {},
        discount_amount=discount_amount,
        coupon=coupon,
    )
    method = subscription.payment_method
    if method is None:  # a card-less subscription cannot be charged: say so, do not crash
        raise PaymentDeclined(
            _("Add a card to pay for this subscription."), code="payment_method_missing"
        )
    return payment_charge_billing_key(
        payment=payment,
        payment_method=method,
        customer_email=subscription.user.email or "",
    )


# --- starting -----------------------------------------------------------------------------------


def user_had_trial(*, user: User) -> bool:
    return (
        Subscription.objects.filter(user=user)
        .filter(Q(trial_end__isnull=False) | Q(status__in=LIVE_SUBSCRIPTION_STATUSES))
        .exists()
    )


@dataclass
class StartResult:
    subscription: Subscription | None
    payment: Payment | None


def _track_started(subscription: Subscription, *, trial: bool) -> None:
    properties = {"plan": subscription.plan.code, "trial": trial}
    user_id = subscription.user_id
    transaction.on_commit(
        lambda: track(SUBSCRIPTION_STARTED, user_id=user_id, properties=properties)
    )


def subscription_start(
    *,
    user: User,
    plan: Plan,
    payment_method: PaymentMethod,
    trial_days: int = 0,
    idempotency_key: str,
    actor: User | None = None,
    metadata: dict | None = None,
    coupon: Coupon | None = None,
) -> StartResult:
    """Start a subscription paid by ``payment_method``: a trial, or the first period charged now.

    Runs inside the caller's transaction. With a declined first charge no subscription is
    created and ``StartResult.subscription`` is None (the failed payment is kept); so it is
    when the provider did not answer, with the payment left pending to be looked up. Called
    again with the same ``idempotency_key`` once that payment is approved, it starts the
    subscription for the period the payment paid, without charging again.
    """
    lock_user_billing(user.pk)
    if not plan.is_active or plan.is_free:
        raise PlanUnavailable(_("This plan cannot be bought."))
    if Subscription.objects.filter(user=user, status__in=LIVE_SUBSCRIPTION_STATUSES).exists():
        raise SubscriptionExists(_("You already have a subscription. Change its plan instead."))
    now = timezone.now()
    subscription = Subscription(
        user=user,
        plan=plan,
        agreed_price=plan.price,
        provider=payment_method.provider,
        payment_method=payment_method,
        currency=plan.currency,
        started_at=now,
        current_period_start=now,
    )
    unit_price = coupon.discounted(plan.price) if coupon is not None else plan.price
    if trial_days:
        subscription.status = S.TRIALING
        subscription.trial_end = now + timedelta(days=trial_days)
        subscription.current_period_end = subscription.trial_end
        subscription.next_billing_at = subscription.trial_end
        if coupon is not None:
            _set_promotion(
                subscription,
                coupon,
                unit_price,
                subscription.trial_end,
                add_months(subscription.trial_end, plan.cycle_months),
            )
        subscription.save()
        _log(subscription, E.TRIAL_STARTED, actor=actor or user, data={"days": trial_days})
        notifications.subscription_started(subscription, None)
        _track_started(subscription, trial=True)
        return StartResult(subscription, None)

    payment = payment_create(
        user=user,
        purpose=PaymentPurpose.SUBSCRIPTION,
        provider=payment_method.provider,
        amount=unit_price,
        currency=plan.currency,
        order_name=_order_name(plan),
        idempotency_key=idempotency_key,
        period_start=now,
        period_end=add_months(now, plan.cycle_months),
        period_charge=True,
        metadata=metadata or {},
    )
    if coupon is not None and not payment.discount_amount:
        payment.discount_amount = plan.price - unit_price
        payment.coupon = coupon
        payment.save(update_fields=["discount_amount", "coupon", "updated_at"])
    try:
        payment_charge_billing_key(
            payment=payment, payment_method=payment_method, customer_email=user.email or ""
        )
    except GatewayUnavailable:
        # the answer was lost: the payment stays pending and is looked up by its order id
        return StartResult(None, payment)
    if payment.status != PaymentStatus.APPROVED:
        return StartResult(None, payment)
    # the period is the one the payment paid for (it may have been confirmed minutes later)
    now, period_end = payment.period_start or now, payment.period_end or now
    subscription.started_at = subscription.current_period_start = now
    subscription.status = S.ACTIVE
    subscription.current_period_end = period_end
    subscription.next_billing_at = period_end
    subscription.last_billed_at = now
    if coupon is not None:
        _set_promotion(subscription, coupon, unit_price, now, period_end)
    subscription.save()
    payment.subscription = subscription
    payment.save(update_fields=["subscription", "updated_at"])
    _log(subscription, E.STARTED, actor=actor or user, data={"payment": str(payment.pk)})
    notifications.subscription_started(subscription, payment)
    _track_started(subscription, trial=False)
    return StartResult(subscription, payment)


def _set_promotion(
    subscription: Subscription,
    coupon: Coupon,
    unit_price: int,
    first_paid_start: datetime,
    first_paid_end: datetime,
) -> None:
    """A coupon's discount is the subscription's promotional price for its duration; when it
    ends, the full price needs consent like any rise (``subscription_price_change``)."""
    from billing.services.coupons import promotion_until

    if unit_price >= subscription.base_price:
        return
    subscription.coupon = coupon
    subscription.price_override = unit_price
    subscription.price_override_until = promotion_until(
        coupon, first_paid_start=first_paid_start, first_paid_end=first_paid_end
    )


# --- renewals -----------------------------------------------------------------------------------


def _end_at_period_end(subscription: Subscription, now: datetime) -> str:
    _transition(subscription, S.CANCELED, E.CANCELED, note="ended at period end")
    subscription.ended_at = min(now, subscription.current_period_end)
    subscription.next_billing_at = None
    subscription.save()
    notifications.ended(subscription)
    return "ended"


def _apply_renewal_payment(subscription: Subscription, payment: Payment, now: datetime) -> None:
    recovered = subscription.status == S.PAST_DUE
    if payment.period_start is None or payment.period_end is None:
        raise ValueError("a renewal payment names its period")
    subscription.current_period_start = payment.period_start
    subscription.current_period_end = payment.period_end
    subscription.next_billing_at = payment.period_end
    subscription.last_billed_at = now
    subscription.retry_count = 0
    type_ = E.RECOVERED if recovered else E.RENEWED
    _transition(subscription, S.ACTIVE, type_, data={"payment": str(payment.pk)})
    subscription.save()
    notifications.renewed(subscription, payment, recovered=recovered)


def subscription_renew(*, subscription_id, now: datetime | None = None) -> str:
    """Renew one subscription if it is due. Safe to run concurrently and repeatedly.

    Returns what happened: ``busy`` (another worker has it), ``skipped`` (not due),
    ``ended``, ``renewed``, ``failed`` (past due, retry scheduled), ``expired`` or
    ``pending`` (the provider did not answer; the same charge is retried next run).
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("plan", "payment_method", "user", "pending_plan")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None:
            return "busy"
        if (
            subscription.status not in LIVE_SUBSCRIPTION_STATUSES
            or subscription.next_billing_at is None
            or subscription.next_billing_at > now
        ):
            return "skipped"
        if subscription.cancel_at_period_end:
            return _end_at_period_end(subscription, now)
        # A trial turning paid or a higher price needs the subscriber's consent (§13⑥);
        # silence is not consent: the subscription ends at the boundary, nothing is charged.
        change = subscription_price_change(subscription=subscription)
        if change is not None:
            if change.consent is None:
                return _end_without_consent(subscription, change, now)
            consent_apply(subscription=subscription, change=change)
        unit_price = next_unit_price(subscription)
        if change is not None:
            subscription.save()
        if subscription.pending_plan is not None:
            subscription.agreed_price = subscription.pending_plan.price
            old_plan = subscription.plan
            subscription.plan = subscription.pending_plan
            subscription.pending_plan = None
            subscription.price_override = None
            subscription.price_override_until = None
            subscription.save()
            _log(
                subscription,
                E.PLAN_CHANGED,
                from_status=subscription.status,
                data={"from": old_plan.code, "to": subscription.plan.code},
            )
        if subscription.payment_method is None or not subscription.payment_method.is_active:
            return _fail_or_expire(subscription, None, now)

        period_start = subscription.current_period_end
        outcome, settled = _settle_unresolved(subscription, now)
        if outcome in ("renewed", "pending"):
            return outcome
        if settled is not None:  # the lost charge was declined: that was this attempt
            return _fail_or_expire(subscription, settled, now)
        period_end = add_months(period_start, subscription.plan.cycle_months)
        attempt = _period_charges(subscription, period_start).count()
        stamp = period_start.strftime("%Y%m%d%H%M%S")
        try:
            promoted = subscription.coupon_id is not None and unit_price < subscription.base_price
            payment = _charge(
                subscription=subscription,
                amount=unit_price * subscription.quantity,
                discount_amount=(
                    (subscription.base_price - unit_price) * subscription.quantity
                    if promoted
                    else 0
                ),
                coupon=subscription.coupon if promoted else None,
                idempotency_key=f"renew-{subscription.pk}-{stamp}-{attempt}",
                order_id=f"sub-{subscription.pk.hex}-{stamp[:12]}-{attempt}",
                plan=subscription.plan,
                period_start=period_start,
                period_end=period_end,
                period_charge=True,
            )
        except GatewayUnavailable:
            return "pending"
        if payment.status == PaymentStatus.APPROVED:
            _apply_renewal_payment(subscription, payment, now)
            return "renewed"
        if payment.status == PaymentStatus.PENDING:
            return "pending"
        return _fail_or_expire(subscription, payment, now)


def _end_without_consent(subscription: Subscription, change, now: datetime) -> str:
    _transition(
        subscription,
        S.EXPIRED,
        E.ENDED_WITHOUT_CONSENT,
        note=f"no consent to {change.kind}",
        data={"kind": change.kind, "old": change.old_amount, "new": change.new_amount},
    )
    subscription.ended_at = min(now, subscription.current_period_end)
    subscription.next_billing_at = None
    subscription.save()
    notifications.ended_without_consent(subscription)
    return "ended"


def _period_charges(subscription: Subscription, period_start: datetime):
    return Payment.objects.filter(
        subscription=subscription, period_start=period_start, period_charge=True
    )


def _settle_unresolved(subscription: Subscription, now: datetime) -> tuple[str, Payment | None]:
    """Before a period is charged (again): look up every charge for it still pending.

    The subscription is locked by the caller. Returns ``("renewed", payment)`` when one was
    approved after all (applied now: nothing more is charged), ``("pending", None)`` while
    one is still unknown (nothing may be charged), ``("declined", payment)`` when a lost
    charge turns out declined, and ``("clear", None)`` when nothing is pending (or the
    provider never received it): only then may the period be charged.
    """
    unresolved = list(
        _period_charges(subscription, subscription.current_period_end)
        .filter(status=PaymentStatus.PENDING)
        .select_for_update()
        .order_by("requested_at")
    )
    declined = None
    for payment in unresolved:
        payment_lookup(payment=payment, now=now)
        if payment.status == PaymentStatus.APPROVED:
            _apply_renewal_payment(subscription, payment, now)
            return "renewed", payment
        if payment.status == PaymentStatus.PENDING:
            return "pending", None
        if payment.failure_code != NOT_RECEIVED:
            declined = payment
    return ("declined", declined) if declined is not None else ("clear", None)


def subscription_resolve_pending(*, subscription_id, now: datetime | None = None) -> str:
    """Beat job step: look up a subscription's pending period charges (after a timeout).

    An approved one renews (or recovers) the subscription at once; a declined one counts as
    that attempt's failure. A charge approved for a subscription that has meanwhile ended or
    moved past that period is refunded in full: nobody pays twice or for nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("plan", "payment_method", "user", "pending_plan")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None:
            return "busy"
        stale = list(
            Payment.objects.select_for_update()
            .filter(subscription=subscription, period_charge=True, status=PaymentStatus.PENDING)
            .exclude(period_start=subscription.current_period_end)
        )
        if subscription.status in LIVE_SUBSCRIPTION_STATUSES:
            outcome, settled = _settle_unresolved(subscription, now)
            if outcome == "declined" and settled is not None:
                outcome = _fail_or_expire(subscription, settled, now)
        else:
            outcome = "ended"
            stale += list(
                Payment.objects.select_for_update().filter(
                    subscription=subscription,
                    period_charge=True,
                    status=PaymentStatus.PENDING,
                    period_start=subscription.current_period_end,
                )
            )
        for payment in stale:
            payment_lookup(payment=payment, now=now)
            if payment.status == PaymentStatus.APPROVED:
                payment_refund(
                    payment=payment,
                    reason=RefundReason.TECHNICAL_ISSUE,
                    description="confirmed late for a period already settled",
                    idempotency_key=f"late-{payment.pk}",
                )
        return outcome


# The card itself is unusable (lost, stolen, stopped, expired): retrying it is pointless and
# card rules forbid it. Retries stop at once and the subscriber is asked for another card.
HARD_DECLINE_CODES = frozenset(
    {
        "INVALID_CARD_LOST_OR_STOLEN",
        "INVALID_STOPPED_CARD",
        "INVALID_CARD_EXPIRATION",
        "INVALID_CARD_NUMBER",
        "NOT_SUPPORTED_CARD_TYPE",
        "INVALID_REJECT_CARD",
    }
)


def _fail_or_expire(subscription: Subscription, payment: Payment | None, now: datetime) -> str:
    """A failed renewal try. A soft decline (no funds, a limit, an outage) is retried on
    ``BILLING_RETRY_DAYS`` (7 tries over 14 days), then the subscription expires. A hard
    decline stops retrying at once: the card is set aside, the subscriber is asked for a new
    one (the subscription stays past due until the last retry day, then expires)."""
    retry_days = list(settings.BILLING_RETRY_DAYS)
    hard = payment is not None and payment.failure_code in HARD_DECLINE_CODES
    if hard and subscription.payment_method is not None:
        method = subscription.payment_method
        method.is_active = False
        method.is_default = False
        method.deactivated_at = now
        method.save(update_fields=["is_active", "is_default", "deactivated_at", "updated_at"])
        subscription.retry_count = max(subscription.retry_count, len(retry_days) - 1)
    subscription.retry_count += 1
    data = {
        "payment": str(payment.pk) if payment else None,
        "attempt": subscription.retry_count,
        "hard_decline": hard,
    }
    if subscription.retry_count > len(retry_days):
        _transition(
            subscription, S.EXPIRED, E.EXPIRED, note="renewal failed after retries", data=data
        )
        subscription.ended_at = now
        subscription.next_billing_at = None
        subscription.save()
        notifications.expired(subscription)
        return "expired"
    due = subscription.current_period_end
    subscription.next_billing_at = max(
        due + timedelta(days=retry_days[subscription.retry_count - 1]), now
    )
    note = payment.failure_code if payment else "no usable card"
    _transition(subscription, S.PAST_DUE, E.PAYMENT_FAILED, note=note, data=data)
    subscription.save()
    if payment is not None:
        notifications.payment_failed(subscription, payment, card_unusable=hard)
    return "failed"


def _due_queryset(*, now: datetime, past_due: bool | None):
    queryset = Subscription.objects.filter(
        status__in=LIVE_SUBSCRIPTION_STATUSES, next_billing_at__lte=now
    )
    if past_due is True:
        queryset = queryset.filter(status=S.PAST_DUE)
    elif past_due is False:
        queryset = queryset.exclude(status=S.PAST_DUE)
    return queryset


def subscription_renewals_claim(
    *, now: datetime | None = None, past_due: bool | None = None, batch_size: int = 500
) -> list[tuple[Any, datetime]]:
    """Claim one batch of due renewals that no task has been queued for yet.

    A claim is the pair (subscription, ``next_billing_at``): the row's due moment is written
    to ``renewal_claimed_for`` with a conditional update on rows locked ``SKIP LOCKED``, so two
    beats running at once claim disjoint sets and a claimed period is never claimed again
    (unless the claim is older than ``BILLING_RENEWAL_CLAIM_TTL_MINUTES``: its task was lost).
    Returns ``[(subscription_id, due_at), ...]``; the caller queues one task per pair.
    """
    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.BILLING_RENEWAL_CLAIM_TTL_MINUTES)
    with transaction.atomic():
        rows = list(
            _due_queryset(now=now, past_due=past_due)
            .filter(
                Q(renewal_claimed_for__isnull=True)
                | Q(renewal_claimed_at__lt=stale)
                | ~Q(renewal_claimed_for=F("next_billing_at"))
            )
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("next_billing_at", "pk")
            .values_list("pk", "next_billing_at")[:batch_size]
        )
        if rows:
            Subscription.objects.filter(pk__in=[pk for pk, _due in rows]).update(
                renewal_claimed_for=F("next_billing_at"), renewal_claimed_at=now
            )
    return rows


def subscription_renewal_release(*, subscription_id: Any, due_at: datetime) -> None:
    """Give a claim back (the provider did not answer), so the next beat queues it again."""
    Subscription.objects.filter(pk=subscription_id, renewal_claimed_for=due_at).update(
        renewal_claimed_for=None, renewal_claimed_at=None
    )


def subscriptions_enqueue_renewals(
    *,
    now: datetime | None = None,
    past_due: bool | None = None,
    batch_size: int = 500,
    time_budget: float = 120.0,
) -> int:
    """Beat job: queue one ``billing.renew_subscription`` task per due subscription.

    Claims batches until nothing is due or ``time_budget`` seconds have passed (the next beat
    goes on where this one stopped), and queues each batch after its claim commits. The
    task id names the subscription and its due moment, so a trace shows one task per period.
    Returns how many tasks were queued.
    """
    from billing.tasks import renew_subscription

    started = time.monotonic()
    queued = 0
    while time.monotonic() - started < time_budget:
        rows = subscription_renewals_claim(now=now, past_due=past_due, batch_size=batch_size)
        for subscription_id, due_at in rows:
            renew_subscription.apply_async(
                args=[str(subscription_id), due_at.isoformat()],
                task_id=f"billing.renew:{subscription_id}:{due_at:%Y%m%dT%H%M%S}",
            )
        queued += len(rows)
        if len(rows) < batch_size:
            break
    return queued


def subscription_renew_claimed(*, subscription_id: Any, due_at: datetime) -> str:
    """Run one queued renewal (the task). Safe to run twice: a re-delivered task finds the
    period already renewed (``skipped``) or another worker on it (``busy``).

    ``pending`` (the provider did not answer) and ``busy`` give the claim back, so the next
    beat queues the period again; the renewal then charges under the same idempotency key,
    or finds the period renewed.
    """
    outcome = subscription_renew(subscription_id=subscription_id)
    if outcome in ("pending", "busy"):
        subscription_renewal_release(subscription_id=subscription_id, due_at=due_at)
    return outcome


def subscription_apply_paid_renewal(*, payment: Payment) -> bool:
    """A renewal charge the provider reports as paid after we had it pending (a webhook).

    Applies it only to a live subscription still waiting for exactly that period: an event
    arriving late or out of order never reactivates a canceled or expired subscription.
    """
    if payment.subscription is None or payment.period_start is None:
        return False
    subscription = _locked(payment.subscription)
    if subscription.status not in LIVE_SUBSCRIPTION_STATUSES:
        return False
    if subscription.current_period_end != payment.period_start:
        return False
    _apply_renewal_payment(subscription, payment, timezone.now())
    return True


def subscriptions_send_renewal_reminders(*, now: datetime | None = None) -> int:
    """Beat job: tell users ``BILLING_RENEWAL_REMINDER_DAYS`` before a charge (once per period)."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.BILLING_RENEWAL_REMINDER_DAYS)
    due = Subscription.objects.filter(
        status__in=(S.ACTIVE, S.TRIALING),
        cancel_at_period_end=False,
        next_billing_at__gt=now,
        next_billing_at__lte=horizon,
    ).select_related("user", "plan", "payment_method")
    sent = 0
    for subscription in due:
        with transaction.atomic():
            notifications.renewal_reminder(subscription)
        sent += 1
    return sent


# --- the user's choices -------------------------------------------------------------------------


def subscription_cancel(
    *,
    subscription: Subscription,
    actor: User | None,
    reason: str = "",
    immediately: bool = False,
) -> Subscription:
    """Cancel at the end of the paid period (the user), or at once (an operator)."""
    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status not in LIVE_SUBSCRIPTION_STATUSES:
            raise InvalidTransition(_("This subscription has already ended."))
        now = timezone.now()
        subscription.cancel_reason = reason[:255]
        subscription.canceled_at = now
        if immediately or subscription.status == S.PAST_DUE:
            _transition(subscription, S.CANCELED, E.CANCELED, actor=actor, note=reason)
            subscription.ended_at = now
            subscription.next_billing_at = None
            subscription.cancel_at_period_end = False
            subscription.save()
            notifications.ended(subscription)
            return subscription
        if subscription.cancel_at_period_end:
            return subscription
        subscription.cancel_at_period_end = True
        subscription.pending_plan = None
        subscription.save()
        _log(
            subscription,
            E.CANCEL_SCHEDULED,
            from_status=subscription.status,
            actor=actor,
            note=reason,
        )
        notifications.cancel_scheduled(subscription)
        return subscription


def subscription_resume(*, subscription: Subscription, actor: User | None) -> Subscription:
    """Undo a cancellation scheduled for the period end (while the period still runs)."""
    with transaction.atomic():
        subscription = _locked(subscription)
        if (
            subscription.status not in (S.ACTIVE, S.TRIALING)
            or not subscription.cancel_at_period_end
        ):
            raise InvalidTransition(_("There is no scheduled cancellation to undo."))
        subscription.cancel_at_period_end = False
        subscription.canceled_at = None
        subscription.cancel_reason = ""
        subscription.save()
        _log(subscription, E.RESUMED, from_status=subscription.status, actor=actor)
        return subscription


@dataclass(frozen=True)
class ChangePreview:
    kind: str  # "upgrade" (now, charged), "downgrade" (at period end), "same", "to_free"
    plan: Plan
    amount_due: int
    effective_at: datetime
    new_period_end: datetime | None = None


def _unused_value(subscription: Subscription, now: datetime) -> int:
    start, end = subscription.current_period_start, subscription.current_period_end
    if subscription.status == S.TRIALING or now >= end:
        return 0
    total = (end - start).total_seconds()
    left = (end - now).total_seconds()
    return int(subscription.amount * left / total) if total > 0 else 0


def subscription_preview_change(
    *, subscription: Subscription, plan: Plan, now: datetime | None = None
) -> ChangePreview:
    """What changing to ``plan`` would do and cost, without doing it.

    Upgrades (a higher level, or the same level on a longer cycle) happen now: on the same
    cycle the price difference is charged for the rest of the period; on a longer cycle a
    new period starts now and the unused part of the old one is credited. Anything else
    waits for the period end.
    """
    now = now or timezone.now()
    current = subscription.plan
    if plan.pk == current.pk:
        return ChangePreview("same", plan, 0, now)
    if plan.is_free:
        return ChangePreview("to_free", plan, 0, subscription.current_period_end)
    upgrade = plan.level > current.level or (
        plan.level == current.level and plan.cycle_months > current.cycle_months
    )
    if not upgrade or subscription.status == S.PAST_DUE:
        return ChangePreview("downgrade", plan, 0, subscription.current_period_end)
    new_price = plan.price * subscription.quantity
    if subscription.status == S.TRIALING:
        return ChangePreview("upgrade", plan, 0, now, subscription.current_period_end)
    if plan.cycle_months == current.cycle_months:
        start, end = subscription.current_period_start, subscription.current_period_end
        share = max(0.0, (end - now).total_seconds() / (end - start).total_seconds())
        amount = max(0, int((new_price - subscription.amount) * share))
        return ChangePreview("upgrade", plan, amount, now, end)
    amount = max(0, new_price - _unused_value(subscription, now))
    return ChangePreview("upgrade", plan, amount, now, add_months(now, plan.cycle_months))


def subscription_change_plan(
    *, subscription: Subscription, plan: Plan, actor: User | None
) -> tuple[Subscription, Payment | None]:
    """Upgrade now (charging the prorated difference) or schedule a downgrade.

    Choosing the current plan again withdraws a scheduled downgrade. A declined upgrade
    charge changes nothing and raises ``PaymentDeclined`` after the failed payment is saved.
    """
    if not plan.is_active:
        raise PlanUnavailable(_("This plan is not on sale."))
    with transaction.atomic():
        outcome = _change_plan_locked(subscription, plan, actor)
    return outcome.unwrap()


def _change_plan_locked(
    subscription: Subscription, plan: Plan, actor: User | None
) -> Outcome[tuple[Subscription, Payment | None]]:
    subscription = _locked(subscription)
    if subscription.status not in LIVE_SUBSCRIPTION_STATUSES:
        raise InvalidTransition(_("This subscription has already ended."))
    now = timezone.now()
    preview = subscription_preview_change(subscription=subscription, plan=plan, now=now)
    if preview.kind == "same":
        if subscription.pending_plan_id:
            subscription.pending_plan = None
            subscription.save()
            _log(subscription, E.DOWNGRADE_CANCELED, from_status=subscription.status, actor=actor)
        return Outcome.ok((subscription, None))
    if preview.kind == "to_free":
        canceled = subscription_cancel(
            subscription=subscription, actor=actor, reason="downgrade to free"
        )
        return Outcome.ok((canceled, None))
    if preview.kind == "downgrade":
        subscription.pending_plan = plan
        subscription.cancel_at_period_end = False
        subscription.save()
        _log(
            subscription,
            E.DOWNGRADE_SCHEDULED,
            from_status=subscription.status,
            actor=actor,
            data={"to": plan.code},
        )
        return Outcome.ok((subscription, None))
    old_plan = subscription.plan
    payment = None
    if preview.amount_due > 0:
        # a lost (pending) try is sent again under its own key; a settled one starts anew
        prefix = (
            f"upgrade-{subscription.pk}-{old_plan.code}-{plan.code}-"
            f"{subscription.current_period_start:%Y%m%d%H%M%S}"
        )
        settled_tries = (
            Payment.objects.filter(idempotency_key__startswith=prefix)
            .exclude(status=PaymentStatus.PENDING)
            .count()
        )
        lost = PaymentPending(
            _(
                "Your card company has not confirmed the upgrade payment yet. Nothing changed; "
                "if it was taken, it is refunded within minutes. Please try again later."
            )
        )
        try:
            payment = _charge(
                subscription=subscription,
                amount=preview.amount_due,
                idempotency_key=f"{prefix}-{settled_tries}",
                order_id=f"upg-{subscription.pk.hex}-{now:%y%m%d%H%M%S}",
                plan=plan,
                period_start=now,
                period_end=preview.new_period_end,
                description=f"{old_plan.code} -> {plan.code}",
                description_key="billing.subscription_upgrade",
                description_params={"from": old_plan.code, "to": plan.code},
            )
        except GatewayUnavailable:
            # the pending charge is kept (committed) and looked up: refunded if it went through
            return Outcome.failed(lost)
        if payment.status == PaymentStatus.PENDING:
            return Outcome.failed(lost)
        if payment.status != PaymentStatus.APPROVED:
            return Outcome.failed(
                PaymentDeclined(
                    payment.failure_message or _("The card was declined."),
                    code=payment.failure_code or "payment_declined",
                )
            )
    subscription.plan = plan
    subscription.pending_plan = None
    subscription.price_override = None
    subscription.cancel_at_period_end = False
    if preview.new_period_end and plan.cycle_months != old_plan.cycle_months:
        subscription.current_period_start = now
        subscription.current_period_end = preview.new_period_end
        subscription.next_billing_at = preview.new_period_end
    subscription.save()
    _log(
        subscription,
        E.UPGRADED,
        from_status=subscription.status,
        actor=actor,
        data={"from": old_plan.code, "to": plan.code, "charged": preview.amount_due},
    )
    return Outcome.ok((subscription, payment))


# --- operators ----------------------------------------------------------------------------------


def subscription_change_card(
    *,
    subscription: Subscription,
    payment_method: PaymentMethod,
    actor: User | None,
    now: datetime | None = None,
) -> tuple[Subscription, Payment | None]:
    """Put another of the user's cards on a live subscription; later renewals charge it.

    A past-due subscription is charged with the new card at once for the period it owes, which
    is the retry its owner is waiting for. If that charge is declined, nothing about the
    subscription changes (old card, retry schedule) and the failed payment is returned.
    An unreachable provider raises ``GatewayUnavailable`` and changes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status not in LIVE_SUBSCRIPTION_STATUSES:
            raise InvalidTransition(_("This subscription has already ended."))
        if payment_method.user_id != subscription.user_id or not payment_method.is_active:
            raise CardNotUsable(_("This card is not one of your saved cards."))
        previous = subscription.payment_method
        from_status = subscription.status
        subscription.payment_method = payment_method
        subscription.provider = payment_method.provider
        payment = None
        if from_status == S.PAST_DUE:
            # Never charge the owed period while an earlier charge for it is unresolved:
            # a lost answer may well have been an approval.
            outcome, settled = _settle_unresolved(subscription, now)
            if outcome == "renewed":
                payment = settled
            elif outcome == "clear" or outcome == "declined":
                period_start = subscription.current_period_end
                stamp = period_start.strftime("%Y%m%d%H%M%S")
                card = payment_method.pk.hex[:8]
                payment = _charge(
                    subscription=subscription,
                    amount=next_unit_price(subscription) * subscription.quantity,
                    idempotency_key=f"renew-{subscription.pk}-{stamp}-card-{card}",
                    order_id=f"sub-{subscription.pk.hex}-{stamp[:12]}-c{card}",
                    plan=subscription.plan,
                    period_start=period_start,
                    period_end=add_months(period_start, subscription.plan.cycle_months),
                    period_charge=True,
                )
                if payment.status != PaymentStatus.APPROVED:
                    return _locked(subscription), payment
                _apply_renewal_payment(subscription, payment, now)
        elif subscription.current_period_end <= now:
            # an active subscription whose renewal answer was lost: settle it, never recharge
            outcome, settled = _settle_unresolved(subscription, now)
            if outcome == "renewed":
                payment = settled
        subscription.save()
        _log(
            subscription,
            E.PAYMENT_METHOD_CHANGED,
            from_status=from_status,
            actor=actor,
            data={
                "from": str(previous.pk) if previous else None,
                "to": str(payment_method.pk),
                "payment": str(payment.pk) if payment else None,
            },
        )
        return subscription, payment


def subscription_extend(
    *, subscription: Subscription, days: int, actor: User, reason: str
) -> Subscription:
    """Add days to the current period (and push the next charge back)."""
    if days <= 0 or days > 366:
        raise InvalidTransition(_("Extend by 1 to 366 days."))
    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status not in LIVE_SUBSCRIPTION_STATUSES:
            raise InvalidTransition(_("This subscription has already ended."))
        subscription.current_period_end += timedelta(days=days)
        if subscription.trial_end and subscription.status == S.TRIALING:
            subscription.trial_end = subscription.current_period_end
        if subscription.status != S.PAST_DUE:
            subscription.next_billing_at = subscription.current_period_end
        subscription.save()
        _log(
            subscription,
            E.EXTENDED,
            from_status=subscription.status,
            actor=actor,
            note=reason,
            data={"days": days},
        )
        return subscription


def subscription_comp_period(
    *, subscription: Subscription, actor: User, reason: str
) -> Subscription:
    """Give the next period free: the subscription moves one period on without a charge
    (a past-due subscription becomes active again)."""
    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status not in LIVE_SUBSCRIPTION_STATUSES:
            raise InvalidTransition(_("This subscription has already ended."))
        start = subscription.current_period_end
        end = add_months(start, subscription.plan.cycle_months)
        subscription.current_period_start, subscription.current_period_end = start, end
        subscription.next_billing_at = end
        subscription.retry_count = 0
        _transition(
            subscription,
            S.ACTIVE,
            E.COMPED,
            actor=actor,
            note=reason,
            data={"period_start": start.isoformat(), "period_end": end.isoformat()},
        )
        subscription.save()
        return subscription
