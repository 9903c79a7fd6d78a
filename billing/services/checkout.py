"""Checkouts: the server decides what is bought and for how much, the provider takes the money.

Subscription checkouts register a card (a billing key) and then start the subscription;
card checkouts register a new card for the live subscription (paying a past-due renewal with
it); credit checkouts take one payment whose amount must be the server's price: a client that
reports another amount is refused before anything is confirmed, and a PortOne payment
made for another amount is cancelled (refunded) at once.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.enums import (
    LIVE_SUBSCRIPTION_STATUSES,
    ONE_OFF_KINDS,
    RECURRING_KINDS,
    CheckoutPurpose,
    CheckoutStatus,
    PaymentPurpose,
    PaymentStatus,
    PayMethodKind,
    Provider,
    RefundReason,
    SubscriptionStatus,
)
from billing.exceptions import (
    AmountMismatch,
    CardRejected,
    CheckoutClosed,
    CouponInvalid,
    CreditPackUnavailable,
    GatewayUnavailable,
    InvalidAmount,
    NoActiveSubscription,
    NoSavedCard,
    OrderMismatch,
    Outcome,
    PaymentDeclined,
    PaymentPending,
    PayMethodUnavailable,
    PlanUnavailable,
    SubscriptionExists,
)
from billing.gateways.base import GatewayError
from billing.gateways.registry import gateway_name_for_method, get_gateway
from billing.models import (
    Checkout,
    CouponRedemption,
    CreditPack,
    Payment,
    PaymentMethod,
    Plan,
    Subscription,
)
from billing.services import payments as payment_services
from billing.services.consents import next_unit_price
from billing.services.coupons import coupon_redeem, coupon_release
from billing.services.fulfilment import payment_fulfil
from billing.services.subscriptions import (
    subscription_change_card,
    subscription_start,
    user_had_trial,
)
from billing.services.wallets import credits_purchase_fulfill
from core.analytics import CHECKOUT_STARTED, track

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def _expires():
    return timezone.now() + timedelta(minutes=settings.BILLING_CHECKOUT_TTL_MINUTES)


def _provider_for(kind: str, *, recurring: bool) -> str:
    provider = gateway_name_for_method(kind, recurring=recurring)
    if provider is None:
        raise PayMethodUnavailable(
            _("This way to pay is not available here. Choose another one."),
            fields={"method": [_("This way to pay is not available here.")]},
        )
    return provider


def checkout_methods(*, checkout: Checkout) -> list[tuple[str, str]]:
    """The ways to pay this checkout offers, as (kind, label)."""
    recurring = checkout.registers_card
    return [
        (str(kind), str(kind.label))
        for kind in (RECURRING_KINDS if recurring else ONE_OFF_KINDS)
        if gateway_name_for_method(kind, recurring=recurring) is not None
    ]


def checkout_choose_method(*, checkout: Checkout, kind: str) -> Checkout:
    """Switch an open checkout to another way to pay (and the provider that takes it).
    Nothing is charged; a closed checkout is refused."""
    provider = _provider_for(kind, recurring=checkout.registers_card)
    with transaction.atomic():
        checkout = _lock_open(checkout)
        if checkout.status != CheckoutStatus.OPEN:
            raise _closed_error(checkout)
        checkout.method_kind = kind
        checkout.provider = provider
        checkout.failure_code = checkout.failure_message = ""
        checkout.save()
    return checkout


def _track_checkout(user: User, *, purpose: str, item: str) -> None:
    properties = {"purpose": str(purpose), "item": item}
    transaction.on_commit(lambda: track(CHECKOUT_STARTED, user_id=user.pk, properties=properties))


def checkout_start_subscription(
    *, user: User, plan: Plan, method_kind: str = PayMethodKind.CARD
) -> Checkout:
    provider = _provider_for(method_kind, recurring=True)
    if not plan.is_active or plan.is_free:
        raise PlanUnavailable(_("This plan cannot be bought."))
    if Subscription.objects.filter(user=user, status__in=LIVE_SUBSCRIPTION_STATUSES).exists():
        raise SubscriptionExists(_("You already have a subscription. Change its plan instead."))
    trial_days = 0 if user_had_trial(user=user) else plan.trial_days
    _track_checkout(user, purpose=CheckoutPurpose.SUBSCRIPTION, item=plan.code)
    return Checkout.objects.create(
        user=user,
        purpose=CheckoutPurpose.SUBSCRIPTION,
        provider=provider,
        method_kind=method_kind,
        plan=plan,
        order_id=payment_services.new_order_id("chk"),
        order_name=f"Haru {plan.name_en} ({plan.cycle})"[:100],
        amount=0 if trial_days else plan.price,
        currency=plan.currency,
        trial_days=trial_days,
        customer_key="ck-" + secrets.token_urlsafe(24),
        expires_at=_expires(),
    )


def checkout_start_credits(
    *, user: User, pack: CreditPack, method_kind: str = PayMethodKind.CARD
) -> Checkout:
    provider = _provider_for(method_kind, recurring=False)
    if not pack.is_active:
        raise CreditPackUnavailable(_("This credit pack is not on sale."))
    _track_checkout(user, purpose=CheckoutPurpose.CREDITS, item=pack.code)
    return Checkout.objects.create(
        user=user,
        purpose=CheckoutPurpose.CREDITS,
        provider=provider,
        method_kind=method_kind,
        credit_pack=pack,
        order_id=payment_services.new_order_id("crd"),
        order_name=f"Haru {pack.name_en}"[:100],
        amount=pack.price,
        currency=pack.currency,
        customer_key="ck-" + secrets.token_urlsafe(24),
        expires_at=_expires(),
    )


def checkout_start_booking(
    *,
    user: User,
    booking_id: uuid.UUID,
    practitioner_id: uuid.UUID,
    amount: int,
    currency: str,
    platform_fee: int,
    order_name: str,
    expires_at: datetime,
    description_key: str = "",
    description_params: dict | None = None,
    return_url: str = "",
    method_kind: str = PayMethodKind.CARD,
) -> Checkout:
    """One payment for an upper app's booking, at the price that app computed.

    The practitioner's share is what is left after ``platform_fee``. When the payment is
    approved, the fulfiller registered for ``PaymentPurpose.BOOKING`` confirms the booking;
    ``return_url`` is where the finished checkout sends the user.
    """
    if isinstance(amount, bool) or amount <= 0 or not 0 <= platform_fee <= amount:
        raise InvalidAmount(_("A booking must cost more than zero and the fee cannot exceed it."))
    return Checkout.objects.create(
        user=user,
        purpose=CheckoutPurpose.BOOKING,
        provider=_provider_for(method_kind, recurring=False),
        method_kind=method_kind,
        booking_id=booking_id,
        practitioner_id=practitioner_id,
        platform_fee=platform_fee,
        practitioner_amount=amount - platform_fee,
        description_key=description_key,
        description_params=description_params or {},
        return_url=return_url,
        order_id=payment_services.new_order_id("bkg"),
        order_name=order_name[:100],
        amount=amount,
        currency=currency,
        customer_key="ck-" + secrets.token_urlsafe(24),
        expires_at=min(expires_at, _expires()),
    )


def checkout_start_course(
    *,
    user: User,
    course_id: uuid.UUID,
    amount: int,
    currency: str,
    order_name: str,
    description_key: str = "",
    description_params: dict | None = None,
    return_url: str = "",
    method_kind: str = PayMethodKind.CARD,
) -> Checkout:
    """One payment that buys an upper app's course, at the price that app set.

    When the payment is approved, the fulfiller registered for ``PaymentPurpose.COURSE``
    grants the course; ``return_url`` is where the finished checkout sends the user.
    """
    if isinstance(amount, bool) or amount <= 0:
        raise InvalidAmount(_("A paid course must cost more than zero."))
    return Checkout.objects.create(
        user=user,
        purpose=CheckoutPurpose.COURSE,
        provider=_provider_for(method_kind, recurring=False),
        method_kind=method_kind,
        product_id=course_id,
        description_key=description_key,
        description_params=description_params or {},
        return_url=return_url,
        order_id=payment_services.new_order_id("crs"),
        order_name=order_name[:100],
        amount=amount,
        currency=currency,
        customer_key="ck-" + secrets.token_urlsafe(24),
        expires_at=_expires(),
    )


def checkout_start_card_change(*, user: User, method_kind: str = PayMethodKind.CARD) -> Checkout:
    """Register another card for the user's live subscription. When the subscription is past
    due, the new card pays what it owes at once, so the checkout shows that amount."""
    subscription = (
        Subscription.objects.filter(user=user, status__in=LIVE_SUBSCRIPTION_STATUSES)
        .select_related("plan")
        .first()
    )
    if subscription is None:
        raise NoActiveSubscription(_("You have no subscription to put a card on."))
    past_due = subscription.status == SubscriptionStatus.PAST_DUE
    return Checkout.objects.create(
        user=user,
        purpose=CheckoutPurpose.CARD,
        provider=_provider_for(method_kind, recurring=True),
        method_kind=method_kind,
        subscription=subscription,
        plan=subscription.plan,
        order_id=payment_services.new_order_id("crd-chg"),
        order_name=f"Haru {subscription.plan.name_en} card change"[:100],
        amount=next_unit_price(subscription) * subscription.quantity if past_due else 0,
        currency=subscription.currency,
        customer_key="ck-" + secrets.token_urlsafe(24),
        expires_at=_expires(),
    )


def _lock_open(checkout: Checkout) -> Checkout:
    checkout = Checkout.objects.select_for_update().get(pk=checkout.pk)
    if checkout.status == CheckoutStatus.OPEN and checkout.expires_at <= timezone.now():
        checkout.status = CheckoutStatus.EXPIRED
        checkout.save(update_fields=["status", "updated_at"])
    return checkout


def _closed_error(checkout: Checkout) -> CheckoutClosed:
    if checkout.status == CheckoutStatus.EXPIRED:
        return CheckoutClosed(
            _("This checkout has expired. Please start again."), code="checkout_expired"
        )
    return CheckoutClosed(_("This checkout is closed. Please start again."))


def _remember_failure(checkout: Checkout, code: str, message: str, *, close: bool = False) -> None:
    checkout.failure_code = code[:64]
    checkout.failure_message = message[:500]
    if close:
        checkout.status = CheckoutStatus.FAILED
    checkout.save()


def _register_card(checkout: Checkout, auth_key: str) -> PaymentMethod | PaymentDeclined:
    """Turn what the provider's window returned into the user's stored card, or say why not."""
    try:
        issued = get_gateway(checkout.provider).issue_billing_key(
            auth_key=auth_key, customer_key=checkout.customer_key
        )
    except GatewayError as exc:
        _remember_failure(checkout, exc.code, exc.message)
        return PaymentDeclined(exc.message or _("The card could not be registered."), code=exc.code)
    return payment_services.payment_method_save(
        user=checkout.user, provider=checkout.provider, result=issued
    )


def _discard_card(method: PaymentMethod, *, default: PaymentMethod | None = None) -> None:
    """A card whose first charge was declined is not kept; ``default`` is the default again."""
    method.is_active = False
    method.is_default = False
    method.deactivated_at = timezone.now()
    method.save()
    if default is not None and default.is_active:
        PaymentMethod.objects.filter(pk=default.pk).update(is_default=True)


def checkout_register_card(*, checkout: Checkout, auth_key: str) -> Subscription:
    """Finish any checkout that registers a card (a subscription, or a card change)."""
    if checkout.purpose == CheckoutPurpose.CARD:
        return checkout_complete_card_change(checkout=checkout, auth_key=auth_key)
    return checkout_complete_subscription(checkout=checkout, auth_key=auth_key)


def checkout_complete_card_change(*, checkout: Checkout, auth_key: str) -> Subscription:
    """Store the card the provider's window registered and put it on the subscription.

    A past-due subscription is charged with it at once; if that is declined the card is not
    kept, the old card stays, and the user may try another card on the same checkout.
    """
    with transaction.atomic():
        outcome = _card_change_locked(checkout, auth_key)
    return outcome.unwrap()


def _declined(checkout: Checkout, payment: Payment) -> PaymentDeclined:
    _remember_failure(checkout, payment.failure_code, payment.failure_message)
    return PaymentDeclined(
        payment.failure_message or _("The card was declined."),
        code=payment.failure_code or "payment_declined",
    )


def _complete(checkout: Checkout, *, subscription=None, payment=None) -> None:
    checkout.status = CheckoutStatus.COMPLETED
    if subscription is not None:
        checkout.subscription = subscription
    checkout.payment = payment
    checkout.completed_at = timezone.now()
    checkout.failure_code = checkout.failure_message = ""
    checkout.save()


def _card_change_locked(checkout: Checkout, auth_key: str) -> Outcome[Subscription]:
    checkout = _lock_open(checkout)
    assert checkout.subscription is not None, "a card-change checkout is opened for a subscription"
    if checkout.status == CheckoutStatus.COMPLETED:
        return Outcome.ok(checkout.subscription)
    if checkout.status != CheckoutStatus.OPEN:
        return Outcome.failed(_closed_error(checkout))
    previous = checkout.subscription.payment_method
    method = _register_card(checkout, auth_key)
    if isinstance(method, PaymentDeclined):
        return Outcome.failed(method)
    subscription, payment = subscription_change_card(
        subscription=checkout.subscription, payment_method=method, actor=checkout.user
    )
    if payment is not None and payment.status != PaymentStatus.APPROVED:
        _discard_card(method, default=previous)
        return Outcome.failed(_declined(checkout, payment))
    _complete(checkout, payment=payment)
    return Outcome.ok(subscription)


def checkout_complete_subscription(*, checkout: Checkout, auth_key: str) -> Subscription:
    """Finish a subscription checkout with what the browser brought back (Toss ``authKey``,
    PortOne ``billingKey`` or the test-mode token): store the card, then start the
    subscription (trial, or the first charge). Another card may be tried after a decline."""
    with transaction.atomic():
        outcome = _subscription_locked(checkout, auth_key)
    return outcome.unwrap()


def _subscription_locked(checkout: Checkout, auth_key: str) -> Outcome[Subscription]:
    checkout = _lock_open(checkout)
    if checkout.status == CheckoutStatus.COMPLETED and checkout.subscription is not None:
        return Outcome.ok(checkout.subscription)
    if checkout.status == CheckoutStatus.PROCESSING:
        return Outcome.failed(_pending_error())
    if checkout.status != CheckoutStatus.OPEN:
        return Outcome.failed(_closed_error(checkout))
    assert checkout.plan is not None, "a subscription checkout is opened for a plan"
    redemption = None
    if checkout.coupon is not None:
        # counted now, given back below if the purchase does not go through
        try:
            with transaction.atomic():
                redemption = coupon_redeem(
                    coupon=checkout.coupon,
                    user=checkout.user,
                    plan=checkout.plan,
                    checkout=checkout,
                )
        except CouponInvalid as error:
            return Outcome.failed(error)
    method = _register_card(checkout, auth_key)
    if isinstance(method, PaymentDeclined):
        if redemption is not None:
            coupon_release(redemption=redemption)
        return Outcome.failed(method)
    attempt = Payment.objects.filter(metadata__checkout=str(checkout.pk)).count()
    result = subscription_start(
        user=checkout.user,
        plan=checkout.plan,
        payment_method=method,
        trial_days=checkout.trial_days,
        idempotency_key=f"checkout-{checkout.pk}-{attempt}",
        metadata={"checkout": str(checkout.pk)},
        coupon=checkout.coupon,
    )
    if redemption is not None:
        if result.subscription is not None:
            redemption.subscription = result.subscription
            redemption.save(update_fields=["subscription"])
        elif result.payment is None or result.payment.status != PaymentStatus.PENDING:
            coupon_release(redemption=redemption)
    if result.payment is not None and result.payment.status == PaymentStatus.PENDING:
        # the provider's answer was lost: keep the card and the pending payment (committed);
        # ``checkout_resolve_pending`` finishes this checkout once it is known
        checkout.status = CheckoutStatus.PROCESSING
        checkout.payment = result.payment
        checkout.save()
        return Outcome.failed(_pending_error())
    if result.subscription is None:
        _discard_card(method)
        assert result.payment is not None, "no subscription without a trial means a declined charge"
        return Outcome.failed(_declined(checkout, result.payment))
    _complete(checkout, subscription=result.subscription, payment=result.payment)
    return Outcome.ok(result.subscription)


def _pending_error() -> PaymentPending:
    return PaymentPending(
        _(
            "Your card company has not confirmed the payment yet. We will check in a few "
            "minutes and let you know. You will not be charged twice."
        )
    )


def checkout_resolve_pending(*, checkout_id, now=None) -> str:
    """Finish a subscription checkout whose first charge went unanswered (beat job step).

    Looks the payment up by its order id: approved starts the subscription for the period
    it paid (refunded in full if the user has meanwhile subscribed another way); declined
    reopens the checkout so another card can be tried; unknown leaves it for the next run.
    """
    with transaction.atomic():
        checkout = (
            Checkout.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("plan", "user")
            .filter(pk=checkout_id, status=CheckoutStatus.PROCESSING)
            .first()
        )
        if checkout is None:
            return "busy"
        assert checkout.payment_id is not None, "a processing checkout keeps its pending payment"
        payment = Payment.objects.select_for_update().get(pk=checkout.payment_id)
        payment_services.payment_lookup(payment=payment, now=now)
        if payment.status == PaymentStatus.PENDING:
            return "pending"
        if checkout.purpose in (
            CheckoutPurpose.CREDITS,
            CheckoutPurpose.BOOKING,
            CheckoutPurpose.COURSE,
        ):
            if payment.status == PaymentStatus.APPROVED:
                payment_fulfil(payment=payment)
                checkout.status = CheckoutStatus.COMPLETED
                checkout.completed_at = timezone.now()
                checkout.save()
                return "completed"
            _remember_failure(checkout, payment.failure_code, payment.failure_message, close=True)
            return "failed"
        if payment.status == PaymentStatus.APPROVED:
            assert checkout.plan is not None, "a subscription checkout is opened for a plan"
            assert payment.payment_method is not None, "a first charge is made on a stored card"
            try:
                with transaction.atomic():
                    result = subscription_start(
                        user=checkout.user,
                        plan=checkout.plan,
                        payment_method=payment.payment_method,
                        idempotency_key=payment.idempotency_key,
                        coupon=checkout.coupon,
                    )
            except (SubscriptionExists, PlanUnavailable):
                payment_services.payment_refund(
                    payment=payment,
                    reason=RefundReason.TECHNICAL_ISSUE,
                    description="confirmed late; the user already has a subscription",
                    idempotency_key=f"late-{payment.pk}",
                )
                _remember_failure(checkout, "LATE_APPROVAL_REFUNDED", "refunded", close=True)
                return "refunded"
            checkout.status = CheckoutStatus.COMPLETED
            checkout.subscription = result.subscription
            checkout.completed_at = timezone.now()
            checkout.failure_code = checkout.failure_message = ""
            checkout.save()
            CouponRedemption.objects.filter(checkout=checkout).update(
                subscription=result.subscription
            )
            return "completed"
        for redemption in CouponRedemption.objects.filter(checkout=checkout):
            coupon_release(redemption=redemption)  # the purchase did not go through
        if payment.payment_method is not None:
            _discard_card(payment.payment_method)
        checkout.status = CheckoutStatus.OPEN
        _remember_failure(checkout, payment.failure_code, payment.failure_message)
        return "failed"


def checkout_confirm_payment(
    *, checkout: Checkout, payment_key: str, order_id: str, amount: int | None
) -> Payment:
    """Finish a one-time (credit pack) checkout.

    ``amount`` is what the browser reports (Toss's success redirect); it must equal the
    server's price or nothing is confirmed. The provider's own amount is checked too.
    A failure is raised after the transaction commits, so the failed payment is kept.
    """
    with transaction.atomic():
        outcome = _confirm_locked(checkout, payment_key, order_id, amount)
    return outcome.unwrap()


def _confirm_locked(
    checkout: Checkout, payment_key: str, order_id: str, amount: int | None
) -> Outcome[Payment]:
    checkout = _lock_open(checkout)
    if checkout.status == CheckoutStatus.COMPLETED and checkout.payment is not None:
        return Outcome.ok(checkout.payment)
    if checkout.status == CheckoutStatus.PROCESSING:
        return Outcome.failed(_pending_error())
    if checkout.status != CheckoutStatus.OPEN:
        return Outcome.failed(_closed_error(checkout))
    if order_id != checkout.order_id:
        return Outcome.failed(
            OrderMismatch(_("This payment belongs to another order. Nothing was charged."))
        )
    payment = payment_services.payment_create(
        user=checkout.user,
        provider=checkout.provider,
        amount=checkout.amount,
        currency=checkout.currency,
        order_name=checkout.order_name,
        order_id=checkout.order_id,
        idempotency_key=f"checkout-{checkout.pk}",
        metadata={"checkout": str(checkout.pk)},
        **_one_time_links(checkout),
    )
    if amount is not None and amount != checkout.amount:
        payment_services.payment_fail(
            payment=payment,
            code="AMOUNT_MISMATCH",
            message=f"client reported {amount}, price is {checkout.amount}",
        )
        _remember_failure(checkout, "AMOUNT_MISMATCH", "amount mismatch", close=True)
        return Outcome.failed(
            AmountMismatch(_("The amount does not match the order. Nothing was charged."))
        )
    gateway = get_gateway(checkout.provider)
    try:
        result = gateway.confirm_payment(
            payment_key=payment_key,
            order_id=checkout.order_id,
            amount=checkout.amount,
            currency=checkout.currency,
            idempotency_key=payment.idempotency_key,
        )
    except GatewayError as exc:
        if exc.retryable or exc.lookup:
            # the confirmation may have gone through: look it up, never fail it blind
            checkout.status = CheckoutStatus.PROCESSING
            checkout.payment = payment
            _remember_failure(checkout, exc.code, exc.message)
            return Outcome.failed(_pending_error())
        payment_services.payment_fail(payment=payment, code=exc.code, message=exc.message)
        _remember_failure(checkout, exc.code, exc.message, close=True)
        return Outcome.failed(
            PaymentDeclined(exc.message or _("The payment failed."), code=exc.code)
        )
    if result.status == PaymentStatus.APPROVED and (
        result.amount != checkout.amount or result.currency != checkout.currency
    ):
        return Outcome.failed(_refuse_mismatched(gateway, payment, checkout, result))
    payment_services.payment_apply_result(payment=payment, result=result)
    if payment.status == PaymentStatus.PENDING:
        # the provider is still working on it (a wallet or bank in progress): not a failure;
        # the lookup job finishes the checkout once the provider does
        checkout.status = CheckoutStatus.PROCESSING
        checkout.payment = payment
        checkout.save()
        return Outcome.failed(_pending_error())
    if payment.status != PaymentStatus.APPROVED:
        _remember_failure(
            checkout,
            payment.failure_code or "PAYMENT_FAILED",
            payment.failure_message,
            close=True,
        )
        return Outcome.failed(
            PaymentDeclined(
                payment.failure_message or _("The payment failed."),
                code=payment.failure_code or "payment_declined",
            )
        )
    payment_fulfil(payment=payment)
    _complete(checkout, payment=payment)
    return Outcome.ok(payment)


def _one_time_links(checkout: Checkout) -> dict:
    """What a one-time checkout's payment is for (a credit pack, a course, or a booking and its
    split)."""
    if checkout.purpose == CheckoutPurpose.BOOKING:
        return {
            "purpose": PaymentPurpose.BOOKING,
            "booking_id": checkout.booking_id,
            "practitioner_id": checkout.practitioner_id,
            "platform_fee": checkout.platform_fee,
            "practitioner_amount": checkout.practitioner_amount,
            "description_key": checkout.description_key,
            "description_params": checkout.description_params,
        }
    if checkout.purpose == CheckoutPurpose.COURSE:
        return {
            "purpose": PaymentPurpose.COURSE,
            "product_id": checkout.product_id,
            "description_key": checkout.description_key,
            "description_params": checkout.description_params,
        }
    return {"purpose": PaymentPurpose.CREDITS, "credit_pack": checkout.credit_pack}


def _refuse_mismatched(gateway, payment, checkout, result) -> AmountMismatch:
    """The provider took another amount than our price: give it all back, fail the payment."""
    try:
        gateway.cancel_payment(
            provider_tx_id=result.provider_tx_id,
            order_id=checkout.order_id,
            amount=result.amount,
            reason="amount did not match the order",
            idempotency_key=f"mismatch-{payment.pk}",
        )
        note = "cancelled at the provider"
    except GatewayError as exc:
        logger.error("billing: could not cancel mismatched payment %s: %s", payment.pk, exc.code)
        note = f"cancel failed: {exc.code}"
    payment.provider_tx_id = result.provider_tx_id or None
    payment_services.payment_fail(
        payment=payment,
        code="AMOUNT_MISMATCH",
        message=f"provider charged {result.amount}, price is {checkout.amount}",
        note=note,
    )
    _remember_failure(checkout, "AMOUNT_MISMATCH", "amount mismatch", close=True)
    return AmountMismatch(_("The amount paid did not match the order, so it was refunded."))


def checkout_fail(*, checkout: Checkout, code: str, message: str) -> Checkout:
    """The provider's window reported a failure or the user closed it (fail redirect)."""
    with transaction.atomic():
        checkout = _lock_open(checkout)
        if checkout.status == CheckoutStatus.OPEN:
            _remember_failure(checkout, code or "USER_CANCEL", message)
        return checkout


def checkouts_expire(*, now=None) -> int:
    now = now or timezone.now()
    return Checkout.objects.filter(status=CheckoutStatus.OPEN, expires_at__lte=now).update(
        status=CheckoutStatus.EXPIRED, updated_at=now
    )


def credit_pack_buy_with_saved_card(*, user: User, pack: CreditPack) -> Payment:
    """One-tap purchase with the user's default stored card (no checkout window).

    A declined charge is kept (the failed payment) and then raised as ``PaymentDeclined``.
    Pages and the API send an Idempotency-Key, so a double tap charges once.
    """
    method = PaymentMethod.objects.filter(user=user, is_active=True, is_default=True).first()
    if method is None:
        raise NoSavedCard(_("You have no saved card yet. Pay through checkout instead."))
    if not pack.is_active:
        raise CreditPackUnavailable(_("This credit pack is not on sale."))
    with transaction.atomic():
        outcome = _buy_locked(user, pack, method)
    return outcome.unwrap()


def _buy_locked(user: User, pack: CreditPack, method: PaymentMethod) -> Outcome[Payment]:
    payment_services.lock_user_billing(user.pk)
    payment = payment_services.payment_create(
        user=user,
        purpose=PaymentPurpose.CREDITS,
        provider=method.provider,
        amount=pack.price,
        currency=pack.currency,
        order_name=f"Haru {pack.name_en}",
        idempotency_key=f"pack-{user.pk}-{pack.code}-{secrets.token_hex(8)}",
        credit_pack=pack,
    )
    # an unanswered charge is kept pending; the lookup job delivers the credits later
    with contextlib.suppress(GatewayUnavailable):
        payment_services.payment_charge_billing_key(
            payment=payment, payment_method=method, customer_email=user.email or ""
        )
    if payment.status == PaymentStatus.PENDING:
        return Outcome.failed(_pending_error())
    if payment.status != PaymentStatus.APPROVED:
        return Outcome.failed(
            PaymentDeclined(
                payment.failure_message or _("The card was declined."),
                code=payment.failure_code or "payment_declined",
            )
        )
    credits_purchase_fulfill(payment=payment)
    return Outcome.ok(payment)


# --- what pages need from the provider (views never call a gateway) -----------------------------


@dataclass(frozen=True)
class CheckoutClient:
    """What the browser needs to open the provider's payment window for a checkout."""

    sdk_url: str | None
    config: dict[str, str]
    test_mode: bool


def checkout_client(*, checkout: Checkout) -> CheckoutClient:
    gateway = get_gateway(checkout.provider)
    return CheckoutClient(
        sdk_url=gateway.browser_sdk_url,
        config=gateway.client_config(),
        test_mode=checkout.provider == Provider.DEV,
    )


def _finish_with_test_token(*, checkout: Checkout, token: str, amount: int | None) -> Checkout:
    """Finish a test-mode checkout with the development gateway's token, as the real window's
    redirect would: register the card, or confirm the payment."""
    if checkout.registers_card:
        checkout_register_card(checkout=checkout, auth_key=token)
    else:
        checkout_confirm_payment(
            checkout=checkout, payment_key=token, order_id=checkout.order_id, amount=amount
        )
    checkout.refresh_from_db()
    return checkout


def checkout_pay_with_test_card(
    *, checkout: Checkout, number: str, expiry_month: int, expiry_year: int, amount: int | None
) -> Checkout:
    """Test mode's card window: turn a test card into the provider token, then finish the
    checkout as the real window's redirect would. Raises ``CardRejected`` for a card the
    window refuses (bad number, expired) and the checkout's own errors otherwise."""
    from billing.gateways.dev import DevGateway

    if checkout.provider != Provider.DEV:
        raise CheckoutClosed(_("This checkout does not take test cards."), code="not_test_mode")
    try:
        token = DevGateway().tokenize_card(
            number=number, expiry_month=expiry_month, expiry_year=expiry_year
        )
    except GatewayError as exc:
        raise CardRejected(exc.message or _("This card was refused."), code=exc.code) from exc
    return _finish_with_test_token(checkout=checkout, token=token, amount=amount)


def checkout_pay_with_test_method(
    *, checkout: Checkout, outcome: str, amount: int | None = None
) -> Checkout:
    """Test mode's KakaoPay / NaverPay / TossPay / bank-account window: a token for the
    checkout's way to pay whose charges end as ``outcome``, then finish as the real
    window's redirect would."""
    from billing.gateways.dev import DevGateway

    if checkout.provider != Provider.DEV:
        raise CheckoutClosed(_("This checkout does not take test methods."), code="not_test_mode")
    try:
        token = DevGateway().tokenize_method(kind=checkout.method_kind, outcome=outcome)
    except GatewayError as exc:
        raise CardRejected(exc.message or _("This way to pay was refused."), code=exc.code) from exc
    return _finish_with_test_token(checkout=checkout, token=token, amount=amount)
