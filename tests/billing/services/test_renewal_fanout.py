"""Renewal fan-out: one task per due subscription and period, claimed once even when beats
overlap, safe when the broker re-delivers a task (``acks_late``)."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from billing import services
from billing.enums import PaymentStatus, Provider, SubscriptionStatus
from billing.models import Payment, PaymentMethod, Subscription
from billing.services.subscriptions import add_months
from billing.tasks import renew_subscription
from tests.billing import broker
from tests.billing.factories import plan
from tests.billing.services.test_subscriptions import make_due, subscribe
from tests.concurrency import failures, run_in_threads

RENEW_TASK = "billing.renew_subscription"
TOSS_CHARGES = r"/v1/billing/(?!authorizations).+"


def due_subscriptions(toss, count: int) -> list[Subscription]:
    """``count`` users whose monthly Premium fell due a minute ago, each with a Toss card."""
    User = get_user_model()  # noqa: N806
    tag = secrets.token_hex(3)
    users = User.objects.bulk_create(
        User(email=f"renew-{tag}-{n}@example.com", nickname=f"r{tag}{n}") for n in range(count)
    )
    premium = plan("premium_monthly")
    end = timezone.now() - timedelta(minutes=1)
    methods, subscriptions = [], []
    for user in users:
        billing_key, customer_key = f"bk_{secrets.token_hex(12)}", f"ck_{secrets.token_hex(12)}"
        toss.app_.billing_keys[billing_key] = {"customerKey": customer_key, "decline": ""}
        methods.append(
            PaymentMethod(
                user=user,
                provider=Provider.TOSS,
                billing_key=billing_key,
                customer_key=customer_key,
                billing_key_digest=hashlib.sha256(billing_key.encode()).hexdigest(),
                brand="신한",
                last_four="4242",
                is_default=True,
            )
        )
    PaymentMethod.objects.bulk_create(methods)
    for user, method in zip(users, methods, strict=True):
        subscriptions.append(
            Subscription(
                user=user,
                plan=premium,
                status=SubscriptionStatus.ACTIVE,
                provider=Provider.TOSS,
                payment_method=method,
                currency="KRW",
                started_at=add_months(end, -1),
                current_period_start=add_months(end, -1),
                current_period_end=end,
                next_billing_at=end,
            )
        )
    return Subscription.objects.bulk_create(subscriptions)


def run_at_once(job, times: int = 2) -> list:
    """Run ``job`` in ``times`` threads released together, each on its own connection."""
    connection.close()
    results = run_in_threads(times, job)
    assert not failures(results), results
    return results


@pytest.mark.slow
@pytest.mark.timeout(900)  # ~150 ms per renewal on a shared 2-core machine
@pytest.mark.django_db(transaction=True)
def test_1000_due_subscriptions_renew_with_one_task_each_when_two_beats_overlap(toss):
    # given 1,000 due subscriptions and an empty queue
    subscriptions = due_subscriptions(toss, 1000)
    broker.purge()

    # when two beats run at the same moment, on two connections
    queued = run_at_once(lambda: services.subscriptions_enqueue_renewals(batch_size=200))

    # then together they queued exactly one task per subscription
    assert sum(queued) == 1000
    tasks = [task for task in broker.drain() if task.name == RENEW_TASK]
    per_subscription = Counter(task.args[0] for task in tasks)
    assert len(tasks) == 1000
    assert set(per_subscription) == {str(s.pk) for s in subscriptions}
    assert set(per_subscription.values()) == {1}
    # and a third beat finds nothing left to claim
    assert services.subscriptions_enqueue_renewals() == 0

    # when a worker runs every task
    started = time.monotonic()
    outcomes = Counter(renew_subscription.apply(args=task.args).get() for task in tasks)
    elapsed = time.monotonic() - started

    # then every subscription renewed with one charge
    assert outcomes == {"renewed": 1000}, outcomes
    assert len(toss.calls("POST", TOSS_CHARGES)) == 1000
    renewals = Payment.objects.filter(subscription__in=subscriptions)
    assert renewals.filter(status=PaymentStatus.APPROVED).count() == 1000
    assert (
        Subscription.objects.filter(
            pk__in=[s.pk for s in subscriptions], next_billing_at__gt=timezone.now()
        ).count()
        == 1000
    )
    print(f"\n1,000 renewal tasks ran in {elapsed:.1f} s")

    # when the broker re-delivers every task (acks_late after a lost ack)
    again = Counter(renew_subscription.apply(args=task.args).get() for task in tasks)

    # then nothing is charged twice
    assert again == {"skipped": 1000}
    assert len(toss.calls("POST", TOSS_CHARGES)) == 1000


@pytest.mark.django_db(transaction=True)
def test_a_renewal_task_delivered_twice_at_once_charges_once(make_user, toss):
    # given a due subscription whose charge takes a moment at the provider
    user = make_user(email="twice-renew@example.com")
    subscription = make_due(subscribe(user, toss))
    broker.purge()
    assert services.subscriptions_enqueue_renewals() == 1
    (task,) = [t for t in broker.drain() if t.name == RENEW_TASK]
    toss.app_.delay = 0.3

    # when two workers run the same message at once (a re-delivery racing the original)
    outcomes = run_at_once(lambda: renew_subscription.apply(args=task.args).get())

    # then one of them renews, the other finds the row taken, and there is one charge
    assert sorted(outcomes) == ["busy", "renewed"]
    assert len(toss.calls("POST", TOSS_CHARGES)) == 2  # the first period at checkout + one
    subscription.refresh_from_db()
    assert subscription.current_period_end > timezone.now()


def test_a_claimed_period_is_not_queued_again_until_the_claim_goes_stale(alice, toss, settings):
    subscription = make_due(subscribe(alice, toss))
    broker.purge()

    assert services.subscriptions_enqueue_renewals() == 1
    assert services.subscriptions_enqueue_renewals() == 0
    later = timezone.now() + timedelta(minutes=settings.BILLING_RENEWAL_CLAIM_TTL_MINUTES + 1)
    # the task was lost (a killed worker): after the TTL the next beat queues it again
    assert services.subscriptions_enqueue_renewals(now=later) == 1
    tasks = [t for t in broker.drain() if t.name == RENEW_TASK]
    assert [t.args[0] for t in tasks] == [str(subscription.pk)] * 2


def test_an_unanswered_charge_gives_the_claim_back_for_the_next_beat(alice, toss):
    subscription = make_due(subscribe(alice, toss))
    broker.purge()
    services.subscriptions_enqueue_renewals()
    (task,) = [t for t in broker.drain() if t.name == RENEW_TASK]
    toss.stop()  # the provider cannot be reached

    assert renew_subscription.apply(args=task.args).get() == "pending"

    assert services.subscriptions_enqueue_renewals() == 1
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE


def test_past_due_retries_are_queued_only_by_the_retry_beat(alice, toss):
    subscription = make_due(subscribe(alice, toss, decline_later=True))
    services.subscription_renew(subscription_id=subscription.pk)  # declined: past due
    subscription.refresh_from_db()
    later = subscription.next_billing_at + timedelta(minutes=1)
    broker.purge()

    assert services.subscriptions_enqueue_renewals(now=later, past_due=False) == 0
    assert services.subscriptions_enqueue_renewals(now=later, past_due=True) == 1
