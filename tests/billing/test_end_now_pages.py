"""Ending now from the page and the API: the amount shown first, one confirmation, the
receipt shows the refund and the VAT line (test-mode gateway)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from billing import services
from billing.gateways.dev import APPROVED_CARD, DevGateway
from billing.models import Refund
from tests.billing.factories import plan

pytestmark = pytest.mark.django_db


def subscribed(user):
    checkout = services.checkout_start_subscription(user=user, plan=plan())
    token = DevGateway().tokenize_card(number=APPROVED_CARD, expiry_month=12, expiry_year=2035)
    return services.checkout_complete_subscription(checkout=checkout, auth_key=token)


def test_the_page_shows_the_refund_before_confirming_in_korean_and_english(client, alice):
    subscribed(alice)
    client.force_login(alice)
    body = client.get(reverse("billing:settings"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "9,900원" in body
    assert "지금 끝내고 9,900원 환불받기" in body
    alice.language = "en"
    alice.save(update_fields=["language"])
    client.cookies["django_language"] = "en"
    body = client.get(reverse("billing:settings"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "End now and refund ₩9,900" in body
    assert "withdrawal within 7 days" in body


def test_one_confirmation_ends_it_and_the_receipt_shows_the_refund_and_vat(client, alice):
    subscription = subscribed(alice)
    client.force_login(alice)

    response = client.post(
        reverse("billing:end_now"), {"expected_amount": 9900, "idempotency_key": "page-key-1"}
    )

    refund = Refund.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("billing:receipt", args=[refund.payment_id])
    subscription.refresh_from_db()
    assert subscription.status == "canceled"
    alice.language = "en"
    alice.save(update_fields=["language"])
    client.cookies["django_language"] = "en"
    receipt = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "VAT included" in receipt
    assert "₩900" in receipt  # 9,900 = 9,000 + 900 VAT
    assert "₩9,000" in receipt
    assert "Refunded" in receipt
    # the same form sent again refunds nothing more
    client.post(
        reverse("billing:end_now"), {"expected_amount": 9900, "idempotency_key": "page-key-1"}
    )
    assert Refund.objects.count() == 1


def test_another_user_cannot_end_alices_subscription_from_the_page(client, alice, bob):
    subscription = subscribed(alice)
    client.force_login(bob)
    client.post(
        reverse("billing:end_now"), {"expected_amount": 9900, "idempotency_key": "bob-key-1"}
    )
    subscription.refresh_from_db()
    assert subscription.status == "active"
    assert not Refund.objects.exists()


def test_api_quote_then_end_now_with_an_idempotency_key(alice_api, alice):
    subscribed(alice)
    quote = alice_api.get("/api/v1/billing/subscription/refund-quote/").json()
    assert (quote["kind"], quote["amount"]) == ("withdrawal", 9900)

    missing = alice_api.post("/api/v1/billing/subscription/end-now/", {"expected_amount": 9900})
    assert missing.status_code == 400
    wrong = alice_api.post(
        "/api/v1/billing/subscription/end-now/",
        {"expected_amount": 1},
        HTTP_IDEMPOTENCY_KEY="api-key-0001",
    )
    assert wrong.status_code == 409
    assert wrong.json()["code"] == "refund_amount_changed"

    ended = alice_api.post(
        "/api/v1/billing/subscription/end-now/",
        {"expected_amount": 9900},
        HTTP_IDEMPOTENCY_KEY="api-key-0002",
    )
    assert ended.status_code == 200
    assert ended.json()["refund_amount"] == 9900
    assert ended.json()["refund_status"] == "succeeded"
    assert ended.json()["subscription"]["status"] == "canceled"


def test_api_end_now_for_a_user_without_a_subscription_is_404(api_client, alice, bob):
    subscribed(alice)
    api_client.force_authenticate(bob)
    response = api_client.post(
        "/api/v1/billing/subscription/end-now/",
        {"expected_amount": 9900},
        HTTP_IDEMPOTENCY_KEY="bob-api-0001",
    )
    assert response.status_code == 404
    assert not Refund.objects.exists()
