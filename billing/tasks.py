"""Celery tasks: thin, take ids, call a service, safe to run twice."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task

from billing import services
from billing.gateways.base import GatewayError
from billing.models import WebhookEvent


@shared_task(name="billing.renew_subscriptions", ignore_result=True)
def renew_subscriptions() -> int:
    """Beat: queue one renewal task per due subscription (fan-out); returns how many."""
    return services.subscriptions_enqueue_renewals(past_due=False)


@shared_task(name="billing.retry_failed_renewals", ignore_result=True)
def retry_failed_renewals() -> int:
    return services.subscriptions_enqueue_renewals(past_due=True)


@shared_task(name="billing.renew_subscription", ignore_result=True)
def renew_subscription(subscription_id: str, due_at: str) -> str:
    """One subscription's renewal for the period due at ``due_at``. Safe to run twice
    (``acks_late`` re-delivery): the service locks the row and re-checks that it is due."""
    return services.subscription_renew_claimed(
        subscription_id=subscription_id, due_at=datetime.fromisoformat(due_at)
    )


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


@shared_task(name="billing.resolve_pending_payments", ignore_result=True, acks_late=True)
def resolve_pending_payments() -> dict:
    """Every two minutes: look up charges whose answer was lost, and retry lost refunds."""
    from billing.services.payments import refunds_retry_pending
    from billing.services.pending import payments_resolve_pending

    outcomes = payments_resolve_pending()
    outcomes.update({f"refund_{k}": v for k, v in refunds_retry_pending().items()})
    return outcomes


@shared_task(name="billing.reconcile_payments", ignore_result=True, acks_late=True)
def reconcile_payments(day: str | None = None) -> dict:
    """Daily: compare yesterday (KST) with the providers' records."""
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from billing.services.reconciliation import payments_reconcile_all

    target = (
        date.fromisoformat(day)
        if day
        else datetime.now(tz=ZoneInfo("Asia/Seoul")).date() - timedelta(days=1)
    )
    return payments_reconcile_all(day=target)


@shared_task(name="billing.send_conversion_notices", ignore_result=True, acks_late=True)
def send_conversion_notices() -> int:
    """Hourly: the 7-day notice before a trial or discount turns paid (SMS / 알림톡, e-mail)."""
    return services.subscriptions_send_conversion_notices()


@shared_task(name="billing.sweep_webhook_events", ignore_result=True)
def sweep_webhook_events() -> int:
    """Beat (outbox): queue stored webhook events that were never processed."""
    return services.webhook_events_enqueue_unprocessed()


@shared_task(name="billing.announce_expiring_cards", ignore_result=True)
def announce_expiring_cards() -> int:
    return services.cards_announce_expiring()


@shared_task(
    name="billing.issue_cash_receipt",
    ignore_result=True,
    autoretry_for=(GatewayError,),
    retry_backoff=60,
    max_retries=8,
)
def issue_cash_receipt(payment_id: str) -> None:
    """Issue a paid payment's cash receipt (현금영수증) once; safe to run twice."""
    from billing.services.cash_receipts import cash_receipt_issue

    cash_receipt_issue(payment_id=payment_id)


@shared_task(name="billing.issue_missing_cash_receipts", ignore_result=True)
def issue_missing_cash_receipts() -> int:
    """Hourly: receipts whose task never ran (broker down at commit) are issued late, once."""
    from billing.services.cash_receipts import cash_receipts_issue_missing

    return cash_receipts_issue_missing()


@shared_task(
    name="billing.follow_refund_with_cash_receipt",
    ignore_result=True,
    autoretry_for=(GatewayError,),
    retry_backoff=60,
    max_retries=8,
)
def follow_refund_with_cash_receipt(payment_id: str, refund_id: str) -> None:
    """Cancel (or cancel and reissue) a cash receipt after a refund; once per refund."""
    from billing.services.cash_receipts import cash_receipt_follow_refund

    cash_receipt_follow_refund(payment_id=payment_id, refund_id=refund_id)
