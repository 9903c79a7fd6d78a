"""KakaoPay / NaverPay billing keys (PortOne EASY_PAY), Toss bank-account auto-pay, one-off
easy pay, and the development gateway's matching test methods."""

from __future__ import annotations

import pytest

from billing import services
from billing.enums import (
    CheckoutStatus,
    PaymentMethodType,
    PaymentStatus,
    SubscriptionStatus,
)
from billing.exceptions import PaymentDeclined, PaymentPending, PayMethodUnavailable
from billing.gateways.dev import DevGateway
from billing.models import Checkout, CreditPack, Payment
from tests.billing.factories import plan
from tests.billing.services.test_subscriptions import make_due

pytestmark = pytest.mark.django_db


def test_kakaopay_billing_key_through_portone_is_stored_as_easy_pay_and_renews_on_its_channel(
    alice, portone, settings
):
    settings.PORTONE_KAKAOPAY_CHANNEL_KEY = "channel-key-kakaopay"
    checkout = services.checkout_start_subscription(
        user=alice, plan=plan("premium_monthly"), method_kind="kakaopay"
    )
    assert checkout.provider == "portone"
    key = portone.app_.issue_billing_key(
        customer_id=checkout.customer_key, easy_pay="KAKAOPAY", channel="channel-key-kakaopay"
    )

    subscription = services.checkout_complete_subscription(checkout=checkout, auth_key=key)

    method = subscription.payment_method
    assert method.type == PaymentMethodType.EASY_PAY
    assert method.easy_pay_provider == "kakaopay"
    assert method.display.startswith("카카오페이") or method.display.startswith("KakaoPay")
    first = Payment.objects.get(subscription=subscription)
    assert first.method == "easy_pay"
    assert first.method_detail["easy_pay_provider"] == "kakaopay"

    make_due(subscription)
    assert services.subscription_renew(subscription_id=subscription.pk) == "renewed"
    charges = portone.calls("POST", r"/payments/[^/]+/billing-key")
    assert len(charges) == 2
    assert {call["body"]["channelKey"] for call in charges} == {"channel-key-kakaopay"}


def test_naverpay_billing_key_needs_portone(alice, toss):
    with pytest.raises(PayMethodUnavailable):
        services.checkout_start_subscription(
            user=alice, plan=plan("premium_monthly"), method_kind="naverpay"
        )


def test_toss_bank_account_auto_pay_registers_and_charges_the_account(alice, toss):
    checkout = services.checkout_start_subscription(
        user=alice, plan=plan("premium_monthly"), method_kind="bank"
    )
    assert checkout.provider == "toss"
    auth_key = toss.app_.billing_auth(customer_key=checkout.customer_key, method="TRANSFER")

    subscription = services.checkout_complete_subscription(checkout=checkout, auth_key=auth_key)

    assert subscription.status == SubscriptionStatus.ACTIVE
    method = subscription.payment_method
    assert method.type == PaymentMethodType.TRANSFER
    assert method.brand == "국민"
    payment = Payment.objects.get(subscription=subscription)
    assert payment.method == "transfer"
    assert len(toss.calls("POST", r"/v1/billing/(?!authorizations).+")) == 1


def test_one_off_tosspay_for_credits_through_toss(alice, toss):
    pack = CreditPack.objects.first()
    checkout = services.checkout_start_credits(user=alice, pack=pack, method_kind="tosspay")
    key = toss.app_.widget_payment(
        order_id=checkout.order_id, amount=checkout.amount, easy_pay="토스페이"
    )

    payment = services.checkout_confirm_payment(
        checkout=checkout, payment_key=key, order_id=checkout.order_id, amount=checkout.amount
    )

    assert payment.status == PaymentStatus.APPROVED
    assert payment.method == "easy_pay"
    assert payment.method_detail["easy_pay_provider"] == "tosspay"


def test_a_bank_account_cannot_pay_once_and_tosspay_cannot_renew(alice, toss):
    with pytest.raises(PayMethodUnavailable):
        services.checkout_start_credits(
            user=alice, pack=CreditPack.objects.first(), method_kind="bank"
        )
    with pytest.raises(PayMethodUnavailable):
        services.checkout_start_subscription(
            user=alice, plan=plan("premium_monthly"), method_kind="tosspay"
        )


# --- the development gateway ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["kakaopay", "naverpay", "bank"])
def test_dev_gateway_registers_each_test_method_and_renews_with_it(alice, kind):
    checkout = services.checkout_start_subscription(
        user=alice, plan=plan("premium_monthly"), method_kind=kind
    )
    checkout = services.checkout_pay_with_test_method(checkout=checkout, outcome="ok")

    assert checkout.status == CheckoutStatus.COMPLETED
    subscription = checkout.subscription
    assert subscription.payment_method.kind == kind
    make_due(subscription)
    assert services.subscription_renew(subscription_id=subscription.pk) == "renewed"


def test_dev_gateway_timeout_that_succeeded_is_found_by_the_lookup(alice):
    checkout = services.checkout_start_subscription(
        user=alice, plan=plan("premium_monthly"), method_kind="naverpay"
    )
    with pytest.raises(PaymentPending):
        services.checkout_pay_with_test_method(checkout=checkout, outcome="timeout")
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.PROCESSING

    assert services.checkout_resolve_pending(checkout_id=checkout.pk) == "completed"
    assert Payment.objects.get(metadata__checkout=str(checkout.pk)).status == "approved"


def test_dev_gateway_duplicate_order_answer_is_looked_up_not_failed(alice):
    checkout = services.checkout_start_credits(
        user=alice, pack=CreditPack.objects.first(), method_kind="kakaopay"
    )
    checkout = services.checkout_pay_with_test_method(
        checkout=checkout, outcome="duplicate", amount=checkout.amount
    )
    assert checkout.status == CheckoutStatus.COMPLETED
    assert checkout.payment.status == PaymentStatus.APPROVED
    assert checkout.payment.method_detail["easy_pay_provider"] == "kakaopay"


def test_dev_gateway_pending_payment_stays_pending_until_the_provider_finishes(alice):
    checkout = services.checkout_start_credits(
        user=alice, pack=CreditPack.objects.first(), method_kind="tosspay"
    )
    with pytest.raises(PaymentPending):
        services.checkout_pay_with_test_method(
            checkout=checkout, outcome="pending", amount=checkout.amount
        )
    payment = Payment.objects.get(order_id=checkout.order_id)
    assert payment.status == PaymentStatus.PENDING
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.PROCESSING
    # still in progress at the provider: the lookup leaves it for the next run
    assert services.checkout_resolve_pending(checkout_id=checkout.pk) == "pending"


def test_dev_gateway_empty_account_is_an_account_decline(alice):
    token = DevGateway().tokenize_method(kind="bank", outcome="no_funds")
    checkout = services.checkout_start_subscription(
        user=alice, plan=plan("premium_monthly"), method_kind="bank"
    )
    with pytest.raises(PaymentDeclined) as raised:
        services.checkout_complete_subscription(checkout=checkout, auth_key=token)
    assert raised.value.code == "REJECT_ACCOUNT_PAYMENT"


def test_switching_the_way_to_pay_on_an_open_checkout(alice):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    checkout = services.checkout_choose_method(checkout=checkout, kind="bank")
    assert Checkout.objects.get(pk=checkout.pk).method_kind == "bank"
    with pytest.raises(PayMethodUnavailable):
        services.checkout_choose_method(checkout=checkout, kind="tosspay")
