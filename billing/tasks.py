"""Celery tasks: thin, take ids, call a service, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from billing import services
from billing.gateways.base import GatewayError
from billing.models import WebhookEvent


@shared_task(name="billing.renew_subscriptions", ignore_result=True)
def renew_subscriptions() -> dict:
    return services.subscriptions_renew_due(past_due=False)


@shared_task(name="billing.retry_failed_renewals", ignore_result=True)
def retry_failed_renewals() -> dict:
    return services.subscriptions_renew_due(past_due=True)


@shared_task(name="billing.send_renewal_reminders", ignore_result=True)
def send_renewal_reminders() -> int:
    return services.subscriptions_send_renewal_reminders()


@shared_task(name="billing.expire_points", ignore_result=True)
def expire_points() -> int:
    return services.points_expire()


@shared_task(name="billing.expire_checkouts", ignore_result=True)
def expire_checkouts() -> int:
    return services.checkouts_expire()


@shared_task(
    name="billing.process_webhook_event",
    ignore_result=True,
    autoretry_for=(GatewayError,),
    retry_backoff=True,
    max_retries=8,
)
def process_webhook_event(event_id: int) -> str:
    """Retried with backoff while the provider cannot be reached to re-fetch the payment."""
    if not WebhookEvent.objects.filter(pk=event_id).exists():
        return "missing"
    return services.webhook_event_process(event_id=event_id)
