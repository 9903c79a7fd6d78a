"""Daily reconciliation against the providers' own records (local Toss and PortOne servers)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from billing import services
from billing.enums import ReconciliationKind
from billing.gateways.portone import PortOneGateway
from billing.gateways.toss import TossGateway
from billing.models import Payment, ReconciliationIssue
from billing.services.reconciliation import KST
from tests.billing.factories import plan
from tests.billing.services.test_subscriptions import subscribe

pytestmark = pytest.mark.django_db


def today():
    return timezone.now().astimezone(KST).date()


def kinds(provider):
    return sorted(
        ReconciliationIssue.objects.filter(provider=provider).values_list("order_id", "kind")
    )


def test_matching_books_open_no_issue(alice, toss):
    subscribe(alice, toss)
    assert services.payments_reconcile(provider="toss", day=today()) == 0


def test_toss_differences_become_operator_issues_once(alice, bob, toss):
    # given: one payment whose amount differs, one refunded at Toss behind our back, and one
    # that Toss approved but we never recorded
    differs = Payment.objects.get(subscription=subscribe(alice, toss))
    Payment.objects.filter(pk=differs.pk).update(amount=differs.amount - 100)
    refunded = Payment.objects.get(subscription=subscribe(bob, toss))
    TossGateway().cancel_payment(
        provider_tx_id=refunded.provider_tx_id,
        order_id=refunded.order_id,
        amount=1000,
        reason="at the dashboard",
        idempotency_key="dash-1",
    )
    key = toss.app_.widget_payment(order_id="stranger-0001", amount=4400)
    TossGateway().confirm_payment(
        payment_key=key, order_id="stranger-0001", amount=4400, currency="KRW", idempotency_key="z"
    )

    # when
    opened = services.payments_reconcile(provider="toss", day=today())
    again = services.payments_reconcile(provider="toss", day=today())

    # then
    assert opened == 3
    assert again == 0
    assert kinds("toss") == sorted(
        [
            (differs.order_id, ReconciliationKind.AMOUNT),
            (refunded.order_id, ReconciliationKind.CANCELED),
            ("stranger-0001", ReconciliationKind.MISSING_HERE),
        ]
    )
    issue = ReconciliationIssue.objects.get(kind=ReconciliationKind.AMOUNT)
    assert issue.payment == differs
    assert issue.ours["approved"] == differs.amount - 100
    assert issue.theirs["approved"] == differs.amount


def test_a_payment_the_provider_does_not_know_is_reported(alice, toss):
    payment = Payment.objects.get(subscription=subscribe(alice, toss))
    toss.app_.payments.clear()

    assert services.payments_reconcile(provider="toss", day=today()) == 1
    assert kinds("toss") == [(payment.order_id, ReconciliationKind.MISSING_AT_PROVIDER)]


def test_portone_payment_list_finds_a_cancellation_made_outside_haru(alice, portone):
    checkout = services.checkout_start_subscription(user=alice, plan=plan())
    subscription = services.checkout_complete_subscription(
        checkout=checkout,
        auth_key=portone.app_.issue_billing_key(customer_id=checkout.customer_key),
    )
    payment = Payment.objects.get(subscription=subscription)
    PortOneGateway().cancel_payment(
        provider_tx_id="", order_id=payment.order_id, amount=500, reason="x", idempotency_key="p"
    )

    assert services.payments_reconcile(provider="portone", day=today()) == 1
    assert kinds("portone") == [(payment.order_id, ReconciliationKind.CANCELED)]
    assert portone.calls("GET", r"/payments-by-cursor")


def test_a_day_with_nothing_at_either_side_is_clean(alice, toss):
    subscribe(alice, toss)
    yesterday = today() - timedelta(days=1)
    assert services.payments_reconcile(provider="toss", day=yesterday) == 0


def test_reconciliation_runs_daily_from_beat_and_lookups_every_two_minutes():
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"billing.reconcile_payments", "billing.resolve_pending_payments"} <= tasks


@pytest.fixture
def admin_client(client, operator):
    operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    return client


def test_operator_list_of_open_issues_has_a_fixed_query_count(
    admin_client, alice, toss, django_assert_max_num_queries
):
    url = reverse("admin:billing_reconciliationissue_changelist") + "?open=1"
    for n in range(3):
        ReconciliationIssue.objects.create(
            provider="toss", order_id=f"o-{n}", kind=ReconciliationKind.MISSING_HERE, day=today()
        )
    with django_assert_max_num_queries(12):
        first = admin_client.get(url)
    for n in range(3, 20):
        ReconciliationIssue.objects.create(
            provider="toss", order_id=f"o-{n}", kind=ReconciliationKind.MISSING_HERE, day=today()
        )
    with django_assert_max_num_queries(12):
        response = admin_client.get(url)
    assert first.status_code == response.status_code == 200
    assert b"o-19" in response.content


def test_operator_resolves_issues_and_the_next_run_may_open_them_again(admin_client, alice, toss):
    payment = Payment.objects.get(subscription=subscribe(alice, toss))
    toss.app_.payments.clear()
    services.payments_reconcile(provider="toss", day=today())
    issue = ReconciliationIssue.objects.get()

    response = admin_client.post(
        reverse("admin:billing_reconciliationissue_changelist"),
        {"action": "resolve", "_selected_action": [issue.pk]},
    )

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.resolved_at is not None
    assert services.payments_reconcile(provider="toss", day=today()) == 1  # still differs
    assert ReconciliationIssue.objects.filter(payment=payment).count() == 2


def test_staff_without_billing_rights_cannot_see_the_issue_list(client, make_user):
    client.force_login(make_user(email="staff@example.com", is_staff=True))
    response = client.get(reverse("admin:billing_reconciliationissue_changelist"))
    assert response.status_code == 403


def _portone_payment_around_midnight(alice, portone, *, day):
    """A PortOne payment created at 23:59:50 KST the evening before ``day`` and paid at
    00:00:10 KST on ``day`` (both here and at the provider)."""
    from datetime import datetime, time

    checkout = services.checkout_start_subscription(user=alice, plan=plan())
    subscription = services.checkout_complete_subscription(
        checkout=checkout,
        auth_key=portone.app_.issue_billing_key(customer_id=checkout.customer_key),
    )
    payment = Payment.objects.get(subscription=subscription)
    midnight = datetime.combine(day, time.min, tzinfo=KST)
    created, paid = midnight - timedelta(seconds=10), midnight + timedelta(seconds=10)
    stored = portone.app_.payments[payment.order_id]
    stored["requestedAt"] = created.isoformat()
    stored["paidAt"] = paid.isoformat()
    Payment.objects.filter(pk=payment.pk).update(approved_at=paid)
    return payment


def test_portone_payment_created_before_midnight_and_paid_after_counts_on_the_paid_day(
    alice, portone
):
    day = today() - timedelta(days=2)
    _portone_payment_around_midnight(alice, portone, day=day)

    assert services.payments_reconcile(provider="portone", day=day) == 0
    assert services.payments_reconcile(provider="portone", day=day - timedelta(days=1)) == 0
    assert kinds("portone") == []


def test_portone_refund_today_of_an_older_payment_matches_the_provider(alice, portone):
    day = today() - timedelta(days=3)
    payment = _portone_payment_around_midnight(alice, portone, day=day)
    services.payment_refund(
        payment=payment, amount=700, reason="customer_request", idempotency_key="old-refund-1"
    )

    assert services.payments_reconcile(provider="portone", day=today()) == 0
    assert kinds("portone") == []
    # the old payment is not in today's creation-time list: it was fetched by its order id
    assert portone.calls("GET", rf"/payments/{payment.order_id}")
