"""Idempotency-Key on billing's money-moving POSTs (API and pages) and refund keys."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from rest_framework.test import APIClient

from billing import services
from billing.enums import RefundReason
from billing.exceptions import IdempotencyConflict
from billing.models import Payment
from tests.billing.services.test_subscriptions import subscribe

pytestmark = pytest.mark.django_db

PURCHASE = "/api/v1/billing/credit-packs/credits_100/purchase/"
CHARGES = r"/v1/billing/(?!authorizations).+"


def credit_payments(user):
    return Payment.objects.filter(user=user, purpose="credits")


def test_a_repeated_one_tap_purchase_with_the_same_key_charges_once(alice, alice_api, toss):
    subscribe(alice, toss)  # a saved card

    first = alice_api.post(PURCHASE, HTTP_IDEMPOTENCY_KEY="tap-1")
    second = alice_api.post(PURCHASE, HTTP_IDEMPOTENCY_KEY="tap-1")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert credit_payments(alice).count() == 1
    assert len(toss.calls("POST", CHARGES)) == 2  # the subscription, and one purchase
    assert alice_api.get("/api/v1/billing/wallets/").json()["credits"] == 100
    # a new key is a new purchase
    assert alice_api.post(PURCHASE, HTTP_IDEMPOTENCY_KEY="tap-2").status_code == 201
    assert credit_payments(alice).count() == 2


def test_a_key_reused_for_another_pack_is_refused_with_422(alice, alice_api, toss):
    subscribe(alice, toss)
    alice_api.post(PURCHASE, HTTP_IDEMPOTENCY_KEY="tap-1")

    other = alice_api.post(
        "/api/v1/billing/credit-packs/credits_500/purchase/", HTTP_IDEMPOTENCY_KEY="tap-1"
    )

    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert credit_payments(alice).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_tap_with_one_key_charges_once(make_user, toss):
    # given a user with a saved card and a provider that takes a moment to answer
    user = make_user(email="double-tap@example.com")
    subscribe(user, toss)
    toss.app_.delay = 0.4
    connection.close()
    barrier = threading.Barrier(2)
    responses = []

    def tap():
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait()
            responses.append(client.post(PURCHASE, HTTP_IDEMPOTENCY_KEY="double-tap"))
        finally:
            connections.close_all()

    # when both taps arrive at once
    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then one charge, and both answers carry the same payment
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert credit_payments(user).count() == 1
    assert len(toss.calls("POST", CHARGES)) == 2


def test_the_one_tap_page_form_sent_twice_charges_once(alice, client, toss):
    subscribe(alice, toss)
    client.force_login(alice)
    page = client.get(reverse("billing:credits")).content.decode()
    assert 'name="idempotency_key"' in page
    url = reverse("billing:buy_credits_saved_card", args=["credits_100"])

    first = client.post(url, {"idempotency_key": "form-1"})
    second = client.post(url, {"idempotency_key": "form-1"})

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert credit_payments(alice).count() == 1


def test_every_money_moving_api_post_declares_the_key_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    keyed = {
        ("/api/v1/billing/credit-packs/{code}/purchase/", "post"),
        ("/api/v1/billing/checkouts/", "post"),
        ("/api/v1/billing/checkouts/{id}/billing-key/", "post"),
        ("/api/v1/billing/checkouts/{id}/confirm/", "post"),
        ("/api/v1/billing/subscription/change-plan/", "post"),
    }
    for path, method in keyed:
        operation = schema["paths"][path][method]
        names = {p["name"] for p in operation.get("parameters", [])}
        assert "Idempotency-Key" in names, path
        assert {"409", "422"} <= set(operation["responses"]), path


def test_a_refund_key_is_bound_to_its_payment(alice, bob, toss):
    paid = Payment.objects.get(subscription=subscribe(alice, toss))
    other = Payment.objects.get(subscription=subscribe(bob, toss))

    first = services.payment_refund(
        payment=paid, reason=RefundReason.CUSTOMER_REQUEST, amount=1000, idempotency_key="rf-1"
    )
    again = services.payment_refund(
        payment=paid, reason=RefundReason.CUSTOMER_REQUEST, amount=1000, idempotency_key="rf-1"
    )

    assert again.pk == first.pk
    with pytest.raises(IdempotencyConflict) as error:
        services.payment_refund(
            payment=other, reason=RefundReason.CUSTOMER_REQUEST, idempotency_key="rf-1"
        )
    assert error.value.code == "refund_key_reused"
    with pytest.raises(IdempotencyConflict):
        services.payment_refund(
            payment=paid, reason=RefundReason.CUSTOMER_REQUEST, amount=2000, idempotency_key="rf-1"
        )
    other.refresh_from_db()
    assert other.refunded_amount == 0
    assert len(toss.calls("POST", r"/v1/payments/.+/cancel")) == 1
