"""The billing API: ownership, the checkout flow, and fixed query counts."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from billing import services
from billing.gateways.dev import APPROVED_CARD, DevGateway
from billing.models import Payment
from tests.billing.factories import PaymentFactory, PaymentMethodFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def token() -> str:
    return DevGateway().tokenize_card(number=APPROVED_CARD, expiry_month=12, expiry_year=2035)


def test_plans_are_public(api_client):
    response = api_client.get("/api/v1/billing/plans/")
    assert response.status_code == 200
    codes = [plan["code"] for plan in response.json()]
    assert codes == ["free", "premium_monthly", "premium_yearly"]
    assert response.json()[0]["limits"]["max_habits"] == 3


def test_everything_else_needs_sign_in(api_client):
    for url in [
        "/api/v1/billing/payments/",
        "/api/v1/billing/subscription/",
        "/api/v1/billing/wallets/",
        "/api/v1/billing/wallets/credits/entries/",
    ]:
        assert api_client.get(url).status_code in (401, 403), url


def test_subscribe_through_the_api_and_read_it_back(alice_api):
    created = alice_api.post(
        "/api/v1/billing/checkouts/", {"purpose": "subscription", "plan": "premium_monthly"}
    )
    assert created.status_code == 201, created.json()
    checkout = created.json()
    assert checkout["amount"] == 9900
    assert checkout["provider"] == "dev"

    done = alice_api.post(
        f"/api/v1/billing/checkouts/{checkout['id']}/billing-key/", {"auth_key": token()}
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "active"

    current = alice_api.get("/api/v1/billing/subscription/").json()
    assert current["plan"]["code"] == "premium_monthly"
    assert current["subscription"]["payment_method"]["last_four"] == "4242"
    assert alice_api.get("/api/v1/billing/entitlements/").json()["limits"]["max_habits"] is None

    canceled = alice_api.post("/api/v1/billing/subscription/cancel/", {"reason": "temporary"})
    assert canceled.json()["cancel_at_period_end"] is True
    resumed = alice_api.post("/api/v1/billing/subscription/resume/")
    assert resumed.json()["cancel_at_period_end"] is False


def test_checkout_input_errors_are_field_errors(alice_api):
    response = alice_api.post("/api/v1/billing/checkouts/", {"purpose": "subscription"})
    assert response.status_code == 400
    assert "plan" in response.json()["fields"]
    response = alice_api.post(
        "/api/v1/billing/checkouts/", {"purpose": "subscription", "plan": "gold"}
    )
    assert response.status_code == 400


def test_tampered_amount_through_the_api_is_refused(alice_api):
    checkout = alice_api.post(
        "/api/v1/billing/checkouts/", {"purpose": "credits", "credit_pack": "credits_500"}
    ).json()
    response = alice_api.post(
        f"/api/v1/billing/checkouts/{checkout['id']}/confirm/",
        {"payment_key": token(), "order_id": checkout["order_id"], "amount": 1},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "amount_mismatch"
    assert alice_api.get("/api/v1/billing/wallets/").json()["credits"] == 0


def test_nobody_reads_or_finishes_another_users_payments_and_checkouts(alice, bob, alice_api):
    bobs_payment = PaymentFactory(user=bob)
    bobs_method = PaymentMethodFactory(user=bob)
    bobs_checkout = services.checkout_start_credits(
        user=bob,
        pack=__import__("billing.models", fromlist=["CreditPack"]).CreditPack.objects.first(),
    )
    assert alice_api.get(f"/api/v1/billing/payments/{bobs_payment.pk}/").status_code == 404
    assert alice_api.get("/api/v1/billing/payments/").json()["results"] == []
    assert alice_api.get(f"/api/v1/billing/checkouts/{bobs_checkout.pk}/").status_code == 404
    response = alice_api.post(
        f"/api/v1/billing/checkouts/{bobs_checkout.pk}/confirm/",
        {"payment_key": token(), "order_id": bobs_checkout.order_id},
    )
    assert response.status_code == 404
    assert alice_api.delete(f"/api/v1/billing/payment-methods/{bobs_method.pk}/").status_code == 404
    assert alice_api.get("/api/v1/billing/payment-methods/").json() == []
    bobs_method.refresh_from_db()
    assert bobs_method.is_active


def test_cannot_remove_the_card_that_pays_for_the_subscription(alice, alice_api):
    subscription = SubscriptionFactory(user=alice)
    response = alice_api.delete(
        f"/api/v1/billing/payment-methods/{subscription.payment_method.pk}/"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "card_in_use"


def test_payment_list_runs_a_fixed_number_of_queries(
    alice, alice_api, django_assert_max_num_queries
):
    for _ in range(3):
        PaymentFactory(user=alice, subscription=SubscriptionFactory(user=alice, status="canceled"))
    with django_assert_max_num_queries(4):
        first = alice_api.get("/api/v1/billing/payments/")
    for _ in range(12):
        PaymentFactory(user=alice)
    with django_assert_max_num_queries(4):
        second = alice_api.get("/api/v1/billing/payments/")
    assert len(first.json()["results"]) == 3
    assert len(second.json()["results"]) == 15


def test_ledger_list_runs_a_fixed_number_of_queries(
    alice, alice_api, django_assert_max_num_queries
):
    for i in range(15):
        services.points_award(user=alice, amount=1 + i, reason="attendance")
    with django_assert_max_num_queries(4):
        response = alice_api.get("/api/v1/billing/wallets/points/entries/")
    assert len(response.json()["results"]) == 15
    assert APIClient().get("/api/v1/billing/wallets/points/entries/").status_code in (401, 403)


def test_buy_credits_with_the_saved_card(alice, alice_api):
    checkout = alice_api.post(
        "/api/v1/billing/checkouts/", {"purpose": "subscription", "plan": "premium_monthly"}
    ).json()
    alice_api.post(
        f"/api/v1/billing/checkouts/{checkout['id']}/billing-key/", {"auth_key": token()}
    )

    response = alice_api.post("/api/v1/billing/credit-packs/credits_100/purchase/")

    assert response.status_code == 201, response.json()
    assert alice_api.get("/api/v1/billing/wallets/").json()["credits"] == 100
    assert Payment.objects.filter(user=alice, purpose="credits", status="approved").count() == 1


def test_change_the_subscription_card_through_the_api(alice_api):
    created = alice_api.post(
        "/api/v1/billing/checkouts/", {"purpose": "subscription", "plan": "premium_monthly"}
    ).json()
    alice_api.post(f"/api/v1/billing/checkouts/{created['id']}/billing-key/", {"auth_key": token()})

    change = alice_api.post("/api/v1/billing/checkouts/", {"purpose": "card"})
    assert change.status_code == 201, change.json()
    assert change.json()["amount"] == 0
    done = alice_api.post(
        f"/api/v1/billing/checkouts/{change.json()['id']}/billing-key/", {"auth_key": token()}
    )

    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "active"
    assert Payment.objects.filter(user__email="alice@example.com").count() == 1


def test_card_change_without_a_subscription_is_a_clear_error(alice_api):
    response = alice_api.post("/api/v1/billing/checkouts/", {"purpose": "card"})
    assert response.status_code == 404
    assert response.json()["code"]


def test_nobody_finishes_another_users_card_change(alice, bob, alice_api):
    SubscriptionFactory(user=bob)
    checkout = services.checkout_start_card_change(user=bob)
    response = alice_api.post(
        f"/api/v1/billing/checkouts/{checkout.pk}/billing-key/", {"auth_key": token()}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/billing/plans/",
        "/api/v1/billing/credit-packs/",
        "/api/v1/billing/payment-methods/",
        "/api/v1/billing/wallets/",
    ],
)
def test_other_lists_run_a_fixed_number_of_queries(
    alice, alice_api, url, django_assert_max_num_queries
):
    PaymentMethodFactory(user=alice)
    with django_assert_max_num_queries(6) as few:
        assert alice_api.get(url).status_code == 200
    for _ in range(8):
        PaymentMethodFactory(user=alice)
    services.points_award(user=alice, amount=5, reason="attendance")
    services.wallet_get_or_create(user=alice, unit="credits")
    with django_assert_max_num_queries(max(len(few.captured_queries), 4)):
        assert alice_api.get(url).status_code == 200


def test_choose_a_way_to_pay_through_the_api_and_register_a_test_kakaopay(alice_api):
    created = alice_api.post(
        "/api/v1/billing/checkouts/",
        {"purpose": "subscription", "plan": "premium_monthly", "method": "kakaopay"},
    )
    assert created.status_code == 201, created.json()
    assert created.json()["method_kind"] == "kakaopay"
    switched = alice_api.post(
        f"/api/v1/billing/checkouts/{created.json()['id']}/method/", {"method": "bank"}
    )
    assert switched.status_code == 200
    assert switched.json()["method_kind"] == "bank"
    wrong = alice_api.post(
        f"/api/v1/billing/checkouts/{created.json()['id']}/method/", {"method": "tosspay"}
    )
    assert wrong.status_code == 400
    unknown = alice_api.post(
        f"/api/v1/billing/checkouts/{created.json()['id']}/method/", {"method": "bitcoin"}
    )
    assert unknown.status_code == 400
    assert "method" in unknown.json().get("fields", unknown.json())


def test_nobody_switches_the_way_to_pay_of_another_users_checkout(bob, alice_api):
    bobs = services.checkout_start_subscription(
        user=bob,
        plan=__import__("billing.models", fromlist=["Plan"]).Plan.objects.get(
            code="premium_monthly"
        ),
    )
    response = alice_api.post(f"/api/v1/billing/checkouts/{bobs.pk}/method/", {"method": "bank"})
    assert response.status_code == 404
    bobs.refresh_from_db()
    assert bobs.method_kind == "card"


def test_apply_a_promotion_code_through_the_api_with_clear_400_reasons(alice, bob, alice_api):
    from datetime import timedelta

    from django.utils import timezone

    from billing.models import Coupon

    Coupon.objects.create(code="HARU30", name="x", kind="percent", percent_off=30, duration="once")
    Coupon.objects.create(
        code="OLD", name="x", kind="fixed", amount_off=1000, duration="once",
        valid_until=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    Coupon.objects.create(
        code="GONE", name="x", kind="fixed", amount_off=1000, duration="once", max_redemptions=0
    )
    created = alice_api.post(
        "/api/v1/billing/checkouts/", {"purpose": "subscription", "plan": "premium_monthly"}
    ).json()
    url = f"/api/v1/billing/checkouts/{created['id']}/coupon/"

    for code, reason in (
        ("OLD", "coupon_expired"),
        ("GONE", "coupon_used_up"),
        ("NO", "coupon_unknown"),
    ):
        response = alice_api.post(url, {"code": code})
        assert response.status_code == 400, response.json()
        assert response.json()["code"] == reason
        assert response.json()["fields"]["code"]
    assert alice_api.post(url, {}).status_code == 400

    applied = alice_api.post(url, {"code": "haru30"})
    assert applied.status_code == 200
    assert applied.json()["coupon"] == "HARU30"
    assert applied.json()["amount"] == 6930
    removed = alice_api.delete(url)
    assert removed.json()["amount"] == 9900

    bobs = services.checkout_start_subscription(
        user=bob,
        plan=__import__("billing.models", fromlist=["Plan"]).Plan.objects.get(
            code="premium_monthly"
        ),
    )
    assert (
        alice_api.post(
            f"/api/v1/billing/checkouts/{bobs.pk}/coupon/", {"code": "HARU30"}
        ).status_code
        == 404
    )
