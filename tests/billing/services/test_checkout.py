"""Checkouts end to end against the local Toss, PortOne and test-mode gateways."""

from __future__ import annotations

import pytest

from billing import services
from billing.enums import CheckoutStatus, PaymentStatus, SubscriptionStatus, WalletUnit
from billing.exceptions import AmountMismatch, OrderMismatch, PaymentDeclined, SubscriptionExists
from billing.gateways.dev import APPROVED_CARD, NO_FUNDS_CARD, DevGateway
from billing.models import CreditPack, Payment, PaymentMethod, Subscription, Wallet
from tests.billing.factories import plan

pytestmark = pytest.mark.django_db


def credits(user) -> int:
    wallet = Wallet.objects.filter(user=user, unit=WalletUnit.CREDITS).first()
    return wallet.balance if wallet else 0


# --- Toss ----------------------------------------------------------------------------------------


def test_toss_subscription_checkout_issues_billing_key_and_charges_first_period(alice, toss):
    # given a checkout and the authKey Toss's card window returns
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    auth_key = toss.app_.billing_auth(customer_key=checkout.customer_key)

    # when the success redirect comes back
    subscription = services.checkout_complete_subscription(checkout=checkout, auth_key=auth_key)

    # then the key was issued and charged once, with our price and an idempotency key
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert len(toss.calls("POST", "/v1/billing/authorizations/issue")) == 1
    (charge,) = toss.calls("POST", r"/v1/billing/[^/]+")
    assert charge["body"]["amount"] == 9900
    assert charge["body"]["customerKey"] == checkout.customer_key
    assert charge["headers"]["Idempotency-Key"]
    payment = Payment.objects.get(subscription=subscription)
    assert payment.status == PaymentStatus.APPROVED
    assert payment.provider_tx_id.startswith("tbill_")
    assert payment.receipt_url
    assert payment.method_detail["brand"] == "신한"
    method = subscription.payment_method
    assert method.last_four
    assert method.billing_key.startswith("bk_")
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.COMPLETED


def test_billing_and_customer_keys_are_encrypted_at_rest(alice, toss):
    from django.db import connection

    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    services.checkout_complete_subscription(
        checkout=checkout, auth_key=toss.app_.billing_auth(customer_key=checkout.customer_key)
    )
    method = PaymentMethod.objects.get(user=alice)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT billing_key, customer_key FROM billing_paymentmethod WHERE id = %s", [method.pk]
        )
        raw_key, raw_customer = cursor.fetchone()
    assert method.billing_key not in raw_key
    assert checkout.customer_key not in raw_customer
    assert raw_key.count("$") == 1


def test_declined_first_charge_creates_no_subscription_but_keeps_the_failed_payment(alice, toss):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    auth_key = toss.app_.billing_auth(
        customer_key=checkout.customer_key, decline_charges="REJECT_CARD_PAYMENT"
    )

    with pytest.raises(PaymentDeclined) as error:
        services.checkout_complete_subscription(checkout=checkout, auth_key=auth_key)

    assert error.value.code == "REJECT_CARD_PAYMENT"
    assert not Subscription.objects.filter(user=alice).exists()
    payment = Payment.objects.get(user=alice)
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_code == "REJECT_CARD_PAYMENT"
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.OPEN  # another card may be tried
    assert not PaymentMethod.objects.filter(user=alice, is_active=True).exists()


def test_invalid_auth_key_is_refused_with_tosss_code(alice, toss):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    with pytest.raises(PaymentDeclined) as error:
        services.checkout_complete_subscription(checkout=checkout, auth_key="bln_forged")
    assert error.value.code == "INVALID_AUTHORIZE_AUTH"


def test_toss_credit_checkout_confirms_the_servers_amount_and_adds_credits(alice, toss):
    pack = CreditPack.objects.get(code="credits_500")
    checkout = services.checkout_start_credits(user=alice, pack=pack)
    payment_key = toss.app_.widget_payment(order_id=checkout.order_id, amount=pack.price)

    payment = services.checkout_confirm_payment(
        checkout=checkout, payment_key=payment_key, order_id=checkout.order_id, amount=5000
    )

    assert payment.status == PaymentStatus.APPROVED
    assert credits(alice) == 550
    (confirm,) = toss.calls("POST", "/v1/payments/confirm")
    assert confirm["body"] == {
        "paymentKey": payment_key,
        "orderId": checkout.order_id,
        "amount": 5000,
    }
    # confirming again (a reloaded success page) changes nothing
    again = services.checkout_confirm_payment(
        checkout=checkout, payment_key=payment_key, order_id=checkout.order_id, amount=5000
    )
    assert again.pk == payment.pk
    assert credits(alice) == 550
    assert len(toss.calls("POST", "/v1/payments/confirm")) == 1


def test_tampered_amount_is_refused_and_nothing_is_confirmed(alice, toss):
    pack = CreditPack.objects.get(code="credits_500")
    checkout = services.checkout_start_credits(user=alice, pack=pack)
    # the attacker paid 100 in the widget and reports 100 on the success redirect
    payment_key = toss.app_.widget_payment(order_id=checkout.order_id, amount=100)

    with pytest.raises(AmountMismatch):
        services.checkout_confirm_payment(
            checkout=checkout, payment_key=payment_key, order_id=checkout.order_id, amount=100
        )

    assert toss.calls("POST", "/v1/payments/confirm") == []
    payment = Payment.objects.get(user=alice)
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_code == "AMOUNT_MISMATCH"
    assert payment.amount == 5000
    assert credits(alice) == 0


def test_confirm_for_another_order_is_refused_as_an_order_mismatch(alice, toss):
    checkout = services.checkout_start_credits(
        user=alice, pack=CreditPack.objects.get(code="credits_100")
    )
    with pytest.raises(OrderMismatch) as error:
        services.checkout_confirm_payment(
            checkout=checkout, payment_key="x", order_id="other", amount=1000
        )
    assert error.value.code == "order_mismatch"
    assert not Payment.objects.filter(user=alice).exists()


def test_toss_rejection_of_a_one_time_payment_fails_it(alice, toss):
    pack = CreditPack.objects.get(code="credits_100")
    checkout = services.checkout_start_credits(user=alice, pack=pack)
    payment_key = toss.app_.widget_payment(
        order_id=checkout.order_id, amount=pack.price, decline="REJECT_CARD_PAYMENT"
    )
    with pytest.raises(PaymentDeclined) as error:
        services.checkout_confirm_payment(
            checkout=checkout,
            payment_key=payment_key,
            order_id=checkout.order_id,
            amount=pack.price,
        )
    assert error.value.code == "REJECT_CARD_PAYMENT"
    assert Payment.objects.get(user=alice).status == PaymentStatus.FAILED


# --- PortOne -------------------------------------------------------------------------------------


def test_portone_subscription_checkout_verifies_billing_key_then_pays_with_it(alice, portone):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_yearly"))
    billing_key = portone.app_.issue_billing_key(customer_id=checkout.customer_key)

    subscription = services.checkout_complete_subscription(checkout=checkout, auth_key=billing_key)

    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.plan.code == "premium_yearly"
    assert len(portone.calls("GET", r"/billing-keys/.+")) == 1
    (charge,) = portone.calls("POST", r"/payments/.+/billing-key")
    assert charge["body"]["amount"] == {"total": 99000}
    assert charge["body"]["storeId"] == "store-haru"
    assert charge["headers"]["Authorization"] == "PortOne portone-secret"
    payment = Payment.objects.get(subscription=subscription)
    assert charge["path"] == f"/payments/{payment.order_id}/billing-key"
    assert payment.status == PaymentStatus.APPROVED
    assert payment.method_detail["last_four"] == "1234"


def test_portone_billing_key_of_another_customer_is_refused(alice, portone):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    billing_key = portone.app_.issue_billing_key(customer_id="someone-else")
    with pytest.raises(PaymentDeclined):
        services.checkout_complete_subscription(checkout=checkout, auth_key=billing_key)
    assert portone.calls("POST", r"/payments/.+/billing-key") == []


def test_portone_payment_of_another_amount_is_cancelled_and_refused(alice, portone):
    pack = CreditPack.objects.get(code="credits_1000")
    checkout = services.checkout_start_credits(user=alice, pack=pack)
    # the browser was tampered with and paid 100 for a 10,000 pack
    portone.app_.browser_payment(payment_id=checkout.order_id, amount=100)

    with pytest.raises(AmountMismatch):
        services.checkout_confirm_payment(
            checkout=checkout,
            payment_key=checkout.order_id,
            order_id=checkout.order_id,
            amount=None,
        )

    (cancel,) = portone.calls("POST", r"/payments/.+/cancel")
    assert cancel["body"]["amount"] == 100
    assert Payment.objects.get(user=alice).failure_code == "AMOUNT_MISMATCH"
    assert credits(alice) == 0


def test_portone_one_time_payment_with_the_right_amount_adds_credits(alice, portone):
    pack = CreditPack.objects.get(code="credits_100")
    checkout = services.checkout_start_credits(user=alice, pack=pack)
    portone.app_.browser_payment(payment_id=checkout.order_id, amount=pack.price)
    payment = services.checkout_confirm_payment(
        checkout=checkout, payment_key=checkout.order_id, order_id=checkout.order_id, amount=None
    )
    assert payment.status == PaymentStatus.APPROVED
    assert credits(alice) == 100


# --- rules and test mode -------------------------------------------------------------------------


def test_one_live_subscription_per_user(alice):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    token = DevGateway().tokenize_card(number=APPROVED_CARD, expiry_month=12, expiry_year=2035)
    services.checkout_complete_subscription(checkout=checkout, auth_key=token)
    with pytest.raises(SubscriptionExists):
        services.checkout_start_subscription(user=alice, plan=plan("premium_yearly"))


def test_trial_registers_the_card_and_charges_nothing_until_it_ends(alice):
    premium = plan("premium_monthly")
    premium.trial_days = 14
    premium.save()
    checkout = services.checkout_start_subscription(user=alice, plan=premium)
    assert checkout.amount == 0
    token = DevGateway().tokenize_card(number=APPROVED_CARD, expiry_month=12, expiry_year=2035)

    subscription = services.checkout_complete_subscription(checkout=checkout, auth_key=token)

    assert subscription.status == SubscriptionStatus.TRIALING
    assert (subscription.current_period_end - subscription.current_period_start).days == 14
    assert subscription.next_billing_at == subscription.trial_end
    assert not Payment.objects.filter(user=alice).exists()


def test_a_second_trial_is_not_offered(alice):
    premium = plan("premium_monthly")
    premium.trial_days = 7
    premium.save()
    first = services.checkout_start_subscription(user=alice, plan=premium)
    token = DevGateway().tokenize_card(number=APPROVED_CARD, expiry_month=12, expiry_year=2035)
    subscription = services.checkout_complete_subscription(checkout=first, auth_key=token)
    services.subscription_cancel(subscription=subscription, actor=alice, immediately=True)

    again = services.checkout_start_subscription(user=alice, plan=premium)

    assert again.trial_days == 0
    assert again.amount == premium.price


def test_test_mode_card_that_lacks_funds_registers_but_declines(alice):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    token = DevGateway().tokenize_card(number=NO_FUNDS_CARD, expiry_month=12, expiry_year=2035)
    with pytest.raises(PaymentDeclined) as error:
        services.checkout_complete_subscription(checkout=checkout, auth_key=token)
    assert error.value.code == "REJECT_CARD_PAYMENT"


def test_forged_test_mode_token_is_refused(alice):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    with pytest.raises(PaymentDeclined):
        services.checkout_complete_subscription(checkout=checkout, auth_key="forged:token")
