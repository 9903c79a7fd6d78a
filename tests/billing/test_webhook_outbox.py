"""Webhook outbox: an event received while the broker (Redis) is down is stored, answered 200,
and processed once the broker is back (the beat sweeper queues it)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from billing import services
from billing.enums import PaymentStatus, WebhookStatus
from billing.models import WebhookEvent
from billing.tasks import process_webhook_event, sweep_webhook_events
from tests.billing import broker
from tests.billing.services.test_subscriptions import make_due, subscribe
from tests.billing.services.test_webhooks_and_refunds import (
    pending_renewal,
    toss_settles,
    toss_webhook_body,
)

pytestmark = pytest.mark.django_db

PROCESS = "billing.process_webhook_event"


def post_webhook(client, body: bytes):
    return client.post(reverse("billing:webhook_toss"), body, content_type="application/json")


def test_a_webhook_received_while_redis_is_down_is_processed_after_it_returns(
    alice, toss, client, django_capture_on_commit_callbacks
):
    # given a renewal the provider approved but whose answer never reached us
    payment = pending_renewal(make_due(subscribe(alice, toss)))
    key = toss_settles(toss, payment)
    body = toss_webhook_body(key, payment.order_id)
    broker.purge()

    # when its webhook arrives, and is retried by the provider, while the broker is down
    with broker.broker_down(), django_capture_on_commit_callbacks(execute=True):
        first = post_webhook(client, body)
        retry = post_webhook(client, body)
        # the sweeper cannot queue it either while the broker is down
        assert (
            services.webhook_events_enqueue_unprocessed(now=timezone.now() + timedelta(minutes=2))
            == 0
        )

    # then the provider got 200 both times and the event is stored, not queued
    assert (first.status_code, retry.status_code) == (200, 200)
    assert retry.json()["duplicate"] is True
    event = WebhookEvent.objects.get()
    assert (event.status, event.queued_at) == (WebhookStatus.RECEIVED, None)
    assert broker.drain() == []

    # when the broker is back and the sweeper runs (events older than a minute)
    assert services.webhook_events_enqueue_unprocessed(now=timezone.now()) == 0  # too fresh
    later = timezone.now() + timedelta(minutes=2)
    assert services.webhook_events_enqueue_unprocessed(now=later) == 1
    (task,) = [t for t in broker.drain() if t.name == PROCESS]

    # then the worker processes it: the payment is approved from the provider's own record
    assert process_webhook_event.apply(args=task.args).get() == WebhookStatus.PROCESSED
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.APPROVED
    # and a sweeper or a re-delivered task later changes nothing
    assert services.webhook_events_enqueue_unprocessed(now=later + timedelta(hours=1)) == 0
    assert process_webhook_event.apply(args=task.args).get() == WebhookStatus.PROCESSED
    assert len(toss.calls("GET", f"/v1/payments/{key}")) == 1


def test_a_webhook_received_with_redis_up_is_queued_at_once_and_not_swept(
    alice, toss, client, django_capture_on_commit_callbacks
):
    payment = pending_renewal(make_due(subscribe(alice, toss)))
    key = toss_settles(toss, payment)
    broker.purge()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(client, toss_webhook_body(key, payment.order_id))
    assert response.status_code == 200

    event = WebhookEvent.objects.get()
    assert event.queued_at is not None
    assert [t.args for t in broker.drain() if t.name == PROCESS] == [[event.pk]]
    assert (
        services.webhook_events_enqueue_unprocessed(now=timezone.now() + timedelta(minutes=2)) == 0
    )
    # a task lost on the way (a killed worker) is queued again after ten minutes
    assert sweep_webhook_events.apply().get() == 0
    later = timezone.now() + timedelta(minutes=11)
    assert services.webhook_events_enqueue_unprocessed(now=later) == 1


def test_an_oversized_webhook_is_refused_with_413_and_not_stored(client, toss):
    big = b'{"eventType":"PAYMENT_STATUS_CHANGED","data":{"pad":"' + b"x" * 70_000 + b'"}}'

    response = post_webhook(client, big)

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"  # the request guard answers first
    assert not WebhookEvent.objects.exists()


def test_the_sweeper_has_a_beat_schedule():
    task = PeriodicTask.objects.get(name="billing.sweep_webhook_events")
    assert task.enabled
    assert task.interval.every == 60
