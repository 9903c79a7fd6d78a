"""Pages: the test-mode journey from pricing to receipt, ownership, and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from billing import services
from billing.enums import SubscriptionStatus
from billing.models import Checkout, Payment, PaymentMethod, Subscription
from tests.billing.factories import PaymentFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def test_pricing_shows_plans_side_by_side_to_anyone(client):
    response = client.get(reverse("billing:pricing"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "9,900원" in body
    assert "99,000원" in body
    assert "plan-compare" in body


def test_pricing_reads_naturally_in_english(client):
    client.cookies["django_language"] = "en"
    body = client.get(reverse("billing:pricing"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Plans and pricing" in body
    assert "Unlimited" in body
    assert "₩9,900" in body


def test_pricing_reads_naturally_in_korean(client):
    body = client.get(reverse("billing:pricing"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "요금제" in body
    assert "무제한" in body


def test_test_mode_journey_subscribe_receipt_cancel_resume(alice, alice_client):
    # pricing -> checkout
    response = alice_client.post(reverse("billing:subscribe", args=["premium_monthly"]))
    checkout = Checkout.objects.get(user=alice)
    assert response.url == reverse("billing:checkout", args=[checkout.pk])
    page = alice_client.get(response.url).content.decode()
    assert "TEST MODE" in page or "테스트 모드" in page
    # pay with the approved test card
    response = alice_client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": "4242 4242 4242 4242", "expiry": "12/35", "amount": "9900"},
    )
    payment = Payment.objects.get(user=alice)
    assert response.url == reverse("billing:receipt", args=[payment.pk])
    receipt = alice_client.get(response.url).content.decode()
    assert "9,900원" in receipt
    assert payment.order_id in receipt
    # settings show the card and the renewal date; cancel, then resume (htmx)
    settings_page = alice_client.get(reverse("billing:settings")).content.decode()
    assert "4242" in settings_page
    alice_client.post(reverse("billing:cancel"), {"reason": "temporary"})
    assert Subscription.objects.get(user=alice).cancel_at_period_end
    response = alice_client.post(reverse("billing:resume"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("billing:settings")
    assert not Subscription.objects.get(user=alice).cancel_at_period_end


def test_declined_test_card_shows_the_error_and_keeps_what_was_typed(alice, alice_client):
    alice_client.post(reverse("billing:subscribe", args=["premium_monthly"]))
    checkout = Checkout.objects.get(user=alice)
    response = alice_client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": "4000 0000 0000 0002", "expiry": "12/35", "amount": "9900"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "4000 0000 0000 0002" in body
    assert 'aria-invalid="true"' in body
    assert not Subscription.objects.filter(user=alice).exists()


def test_credit_pack_purchase_in_test_mode(alice, alice_client):
    response = alice_client.post(reverse("billing:buy_credits", args=["credits_500"]))
    checkout = Checkout.objects.get(user=alice)
    alice_client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": "4242424242424242", "expiry": "01/40", "amount": "5000"},
    )
    page = alice_client.get(reverse("billing:credits")).content.decode()
    assert "550" in page
    assert response.status_code == 302


def test_tampered_amount_on_the_test_card_form_is_refused(alice, alice_client):
    alice_client.post(reverse("billing:buy_credits", args=["credits_500"]))
    checkout = Checkout.objects.get(user=alice)
    response = alice_client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": "4242424242424242", "expiry": "01/40", "amount": "50"},
    )
    assert response.status_code == 400
    assert Payment.objects.get(user=alice).failure_code == "AMOUNT_MISMATCH"
    from billing.selectors import wallet_balance

    assert wallet_balance(user=alice, unit="credits") == 0


def test_change_plan_page_previews_then_upgrades(alice, alice_client):
    alice_client.post(reverse("billing:subscribe", args=["premium_monthly"]))
    checkout = Checkout.objects.get(user=alice)
    alice_client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": "4242424242424242", "expiry": "01/40", "amount": "9900"},
    )
    preview = alice_client.get(reverse("billing:change_plan", args=["premium_yearly"]))
    assert preview.status_code == 200
    alice_client.post(reverse("billing:change_plan", args=["premium_yearly"]))
    assert Subscription.objects.get(user=alice).plan.code == "premium_yearly"


@pytest.mark.parametrize("name", ["billing:receipt", "billing:checkout"])
def test_other_users_receipts_and_checkouts_are_404(alice_client, bob, name):
    if name == "billing:receipt":
        target = PaymentFactory(user=bob).pk
    else:
        from billing.models import CreditPack

        target = services.checkout_start_credits(user=bob, pack=CreditPack.objects.first()).pk
    assert alice_client.get(reverse(name, args=[target])).status_code == 404


def test_another_user_cannot_pay_or_finish_someone_elses_checkout(alice_client, bob):
    from billing.models import CreditPack

    checkout = services.checkout_start_credits(user=bob, pack=CreditPack.objects.first())
    response = alice_client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": "4242424242424242", "expiry": "01/40", "amount": "1000"},
    )
    assert response.status_code == 404
    checkout.refresh_from_db()
    assert checkout.status == "open"


def test_another_users_subscription_is_never_shown_or_canceled(alice_client, bob):
    subscription = SubscriptionFactory(user=bob)
    page = alice_client.get(reverse("billing:settings")).content.decode()
    assert "4242" not in page
    alice_client.post(reverse("billing:cancel"))
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert not subscription.cancel_at_period_end


def test_pages_need_sign_in(client):
    for name in ["billing:settings", "billing:receipts", "billing:credits", "billing:points"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name


def test_receipts_page_runs_a_fixed_number_of_queries(
    alice, alice_client, django_assert_max_num_queries
):
    for _ in range(3):
        PaymentFactory(user=alice)
    with django_assert_max_num_queries(16):
        alice_client.get(reverse("billing:receipts"))
    for _ in range(15):
        PaymentFactory(user=alice, subscription=SubscriptionFactory(user=alice, status="canceled"))
    with django_assert_max_num_queries(16):
        response = alice_client.get(reverse("billing:receipts"))
    assert response.content.decode().count("status--approved") == 18


def test_wallet_pages_run_a_fixed_number_of_queries(
    alice, alice_client, django_assert_max_num_queries
):
    for i in range(3):
        services.points_award(user=alice, amount=i + 1, reason="attendance")
    with django_assert_max_num_queries(16):
        alice_client.get(reverse("billing:points"))
    for i in range(20):
        services.points_award(user=alice, amount=i + 1, reason="event")
    with django_assert_max_num_queries(16):
        response = alice_client.get(reverse("billing:points"))
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        assert alice_client.get(reverse("billing:credits")).status_code == 200


def test_settings_page_runs_a_fixed_number_of_queries(
    alice, alice_client, django_assert_max_num_queries
):
    SubscriptionFactory(user=alice)
    with django_assert_max_num_queries(15):
        assert alice_client.get(reverse("billing:settings")).status_code == 200


def _subscribe_with_test_card(client, user, card="4242 4242 4242 4242") -> Subscription:
    client.post(reverse("billing:subscribe", args=["premium_monthly"]))
    checkout = Checkout.objects.get(user=user, purpose="subscription")
    client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": card, "expiry": "12/35", "amount": "9900"},
    )
    return Subscription.objects.get(user=user)


def test_past_due_user_pays_with_another_card_from_the_settings_page(alice, alice_client):
    # given a subscription on the card that registers but cannot pay, whose renewal failed
    from tests.billing.services.test_subscriptions import make_due

    subscription = make_due(_subscribe_with_test_card(alice_client, alice))
    # the card stopped working (the provider reported it lost)
    PaymentMethod.objects.filter(pk=subscription.payment_method_id).update(is_active=False)
    assert services.subscription_renew(subscription_id=subscription.pk) == "failed"
    old_card = subscription.payment_method_id
    page = alice_client.get(reverse("billing:settings")).content.decode()
    assert reverse("billing:change_card") in page

    # when they register the approved test card
    response = alice_client.post(reverse("billing:change_card"))
    checkout = Checkout.objects.get(user=alice, purpose="card")
    assert response.url == reverse("billing:checkout", args=[checkout.pk])
    page = alice_client.get(response.url).content.decode()
    assert "9,900원" in page
    response = alice_client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": "4242 4242 4242 4242", "expiry": "12/35", "amount": "9900"},
    )

    # then the renewal is paid, the receipt shows, and renewals use the new card
    checkout.refresh_from_db()
    assert response.url == reverse("billing:receipt", args=[checkout.payment_id])
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.payment_method_id != old_card


def test_active_subscriber_changes_card_without_being_charged(alice, alice_client):
    subscription = _subscribe_with_test_card(alice_client, alice)
    old_card = subscription.payment_method_id
    payments_before = Payment.objects.filter(user=alice).count()

    alice_client.post(reverse("billing:change_card"))
    checkout = Checkout.objects.get(user=alice, purpose="card")
    response = alice_client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": "4242 4242 4242 4242", "expiry": "12/35", "amount": "0"},
    )

    assert response.url == reverse("billing:settings")
    assert Payment.objects.filter(user=alice).count() == payments_before
    subscription.refresh_from_db()
    assert subscription.payment_method_id != old_card


def test_change_card_without_a_subscription_explains_and_changes_nothing(alice, alice_client):
    response = alice_client.post(reverse("billing:change_card"), follow=True)
    assert not Checkout.objects.filter(user=alice).exists()
    assert response.redirect_chain[-1][0] == reverse("billing:settings")
    assert "카드를 등록할 구독이 없어요." in response.content.decode()


def test_another_users_card_change_checkout_is_404(alice_client, bob):
    SubscriptionFactory(user=bob)
    checkout = services.checkout_start_card_change(user=bob)
    assert alice_client.get(reverse("billing:checkout", args=[checkout.pk])).status_code == 404
    response = alice_client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": "4242 4242 4242 4242", "expiry": "12/35", "amount": "0"},
    )
    assert response.status_code == 404
    checkout.refresh_from_db()
    assert checkout.status == "open"


def test_subscribe_with_the_development_gateways_kakaopay_from_the_checkout_page(
    alice, alice_client
):
    alice_client.post(reverse("billing:subscribe", args=["premium_monthly"]))
    checkout = Checkout.objects.get(user=alice, purpose="subscription")
    page = alice_client.get(reverse("billing:checkout", args=[checkout.pk])).content.decode()
    assert 'value="kakaopay"' in page
    assert 'value="bank"' in page

    response = alice_client.post(
        reverse("billing:checkout_method", args=[checkout.pk]), {"method": "kakaopay"}
    )
    assert response.status_code == 302
    page = alice_client.get(reverse("billing:checkout", args=[checkout.pk])).content.decode()
    assert reverse("billing:checkout_test_method", args=[checkout.pk]) in page

    alice_client.post(
        reverse("billing:checkout_test_method", args=[checkout.pk]),
        {"outcome": "ok", "amount": "9900"},
    )
    subscription = Subscription.objects.get(user=alice)
    assert subscription.payment_method.easy_pay_provider == "kakaopay"


def test_checkout_page_refuses_an_unknown_way_to_pay_with_a_message(alice, alice_client, bob):
    alice_client.post(reverse("billing:subscribe", args=["premium_monthly"]))
    checkout = Checkout.objects.get(user=alice, purpose="subscription")
    response = alice_client.post(
        reverse("billing:checkout_method", args=[checkout.pk]), {"method": "tosspay"}
    )
    assert response.status_code == 400
    bobs = services.checkout_start_subscription(
        user=bob, plan=Checkout.objects.get(pk=checkout.pk).plan
    )
    other = alice_client.post(
        reverse("billing:checkout_method", args=[bobs.pk]), {"method": "bank"}
    )
    assert other.status_code == 404
    test_method = alice_client.post(
        reverse("billing:checkout_test_method", args=[bobs.pk]), {"outcome": "ok"}
    )
    assert test_method.status_code == 404


def test_apply_a_promotion_code_on_the_checkout_page(alice, alice_client, bob):
    from billing.models import Coupon

    Coupon.objects.create(code="HARU30", name="x", kind="percent", percent_off=30, duration="once")
    alice_client.post(reverse("billing:subscribe", args=["premium_monthly"]))
    checkout = Checkout.objects.get(user=alice, purpose="subscription")
    url = reverse("billing:checkout_coupon", args=[checkout.pk])

    wrong = alice_client.post(url, {"code": "NOPE"})
    assert wrong.status_code == 400
    assert "코드" in wrong.content.decode()

    assert alice_client.post(url, {"code": "haru30"}).status_code == 302
    page = alice_client.get(reverse("billing:checkout", args=[checkout.pk])).content.decode()
    assert "HARU30" in page
    assert "6,930원" in page
    alice_client.post(
        reverse("billing:checkout_test_card", args=[checkout.pk]),
        {"card_number": "4242 4242 4242 4242", "expiry": "12/35", "amount": "6930"},
    )
    payment = Subscription.objects.get(user=alice).payments.get()
    receipt = alice_client.get(reverse("billing:receipt", args=[payment.pk])).content.decode()
    assert "HARU30" in receipt

    bobs = services.checkout_start_subscription(user=bob, plan=checkout.plan)
    bobs_url = reverse("billing:checkout_coupon", args=[bobs.pk])
    assert alice_client.post(bobs_url, {"code": "HARU30"}).status_code == 404
