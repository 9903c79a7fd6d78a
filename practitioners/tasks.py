"""Celery tasks: thin, take ids, call a service, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from practitioners import services


@shared_task(name="practitioners.send_reminders", ignore_result=True)
def send_reminders() -> int:
    """Beat (every 5 minutes): reminders 24 h and 1 h before, follow-ups after; once each."""
    return services.reminders_send_due()


@shared_task(name="practitioners.expire_holds", ignore_result=True)
def expire_holds() -> int:
    """Beat (every minute): release slots whose checkout ran out unpaid."""
    return services.bookings_expire_holds()


@shared_task(name="practitioners.offer_freed_slot", ignore_result=True)
def offer_freed_slot(booking_id: str) -> None:
    services.waitlist_offer_freed(booking_id=booking_id)


@shared_task(
    name="practitioners.refund_late_booking_payment",
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def refund_late_booking_payment(payment_id: str) -> None:
    services.booking_refund_late_payment(payment_id=payment_id)
