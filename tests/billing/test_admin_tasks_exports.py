"""Operator actions, beat schedules, tasks and the data export."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from billing import services
from billing.enums import WalletUnit
from billing.exports import export_user
from billing.models import Payment, Wallet
from billing.tasks import expire_points, process_webhook_event, renew_subscriptions
from tests.billing.factories import SubscriptionFactory
from tests.billing.services.test_subscriptions import subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, operator):
    operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    return client


def test_beat_schedules_exist_for_renewals_retries_reminders_and_points():
    names = set(
        PeriodicTask.objects.filter(name__startswith="billing.").values_list("task", flat=True)
    )
    assert {
        "billing.renew_subscriptions",
        "billing.retry_failed_renewals",
        "billing.send_renewal_reminders",
        "billing.expire_points",
    } <= names


def test_tasks_are_safe_to_run_with_nothing_to_do():
    assert renew_subscriptions() == 0
    assert expire_points() == 0
    assert process_webhook_event(987654) == "missing"


def test_admin_refund_action_refunds_the_amount_with_the_reason(
    admin_client, alice, operator, toss
):
    payment = Payment.objects.get(subscription=subscribe(alice, toss))
    url = reverse("admin:billing_payment_changelist")
    response = admin_client.post(url, {"action": "refund", "_selected_action": [payment.pk]})
    assert response.status_code == 200  # the form, with a fresh key
    key = response.context["form"].initial["idempotency_key"]
    assert key in response.content.decode()
    form = {
        "action": "refund",
        "_selected_action": [payment.pk],
        "apply": "1",
        "amount": "3000",
        "reason": "quality_issue",
        "description": "app was down",
        "idempotency_key": key,
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302
    # the same form sent again (a double click, a reload) refunds nothing more
    admin_client.post(url, form)
    assert len(toss.calls("POST", r"/v1/payments/.+/cancel")) == 1
    payment.refresh_from_db()
    assert payment.refunded_amount == 3000
    refund = payment.refunds.get()
    assert refund.approved_by == operator
    assert refund.reason == "quality_issue"


def test_admin_wallet_adjust_and_subscription_actions(admin_client, alice, operator):
    services.points_award(user=alice, amount=10, reason="attendance")
    wallet = Wallet.objects.get(user=alice, unit=WalletUnit.POINTS)
    admin_client.post(
        reverse("admin:billing_wallet_changelist"),
        {
            "action": "adjust",
            "_selected_action": [wallet.pk],
            "apply": "1",
            "delta": "-4",
            "reason": "double award",
        },
    )
    wallet.refresh_from_db()
    assert wallet.balance == 6
    subscription = SubscriptionFactory(user=alice)
    end = subscription.current_period_end
    admin_client.post(
        reverse("admin:billing_subscription_changelist"),
        {
            "action": "extend",
            "_selected_action": [subscription.pk],
            "apply": "1",
            "days": "5",
            "reason": "outage",
        },
    )
    subscription.refresh_from_db()
    assert (subscription.current_period_end - end).days == 5


def test_admin_pages_open(admin_client, alice, toss):
    subscribe(alice, toss)
    for name in [
        "plan",
        "subscription",
        "payment",
        "wallet",
        "webhookevent",
        "ledgerentry",
        "paymentmethod",
        "checkout",
        "creditpack",
        "practitionerpayout",
    ]:
        assert admin_client.get(reverse(f"admin:billing_{name}_changelist")).status_code == 200


def test_export_holds_only_the_users_data_and_never_billing_keys(alice, bob, toss):
    subscription = subscribe(alice, toss)
    subscribe(bob, toss)
    data = export_user(alice)
    assert len(data["payments"]) == 1
    assert data["subscriptions"][0]["plan"] == "premium_monthly"
    assert subscription.payment_method.billing_key not in str(data)
    assert data["payment_methods"][0]["last_four"]
