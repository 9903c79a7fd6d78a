"""Celery tasks: thin, take ids, call a service, safe to run twice."""

from __future__ import annotations

import pghistory
from celery import shared_task

from accounts import services


@shared_task(name="accounts.deliver_notification", ignore_result=True)
def deliver_notification(notification_id: str) -> None:
    with pghistory.context(source="celery"):
        services.notification_deliver(notification_id=notification_id)


@shared_task(name="accounts.deliver_due_notifications", ignore_result=True)
def deliver_due_notifications() -> int:
    """Beat, every minute: send what became due (schedules, the end of quiet hours, retries)."""
    ids = services.notification_ids_due()
    for notification_id in ids:
        deliver_notification.delay(notification_id)
    return len(ids)


@shared_task(name="accounts.scan_upload", ignore_result=True)
def scan_upload(upload_id: str) -> None:
    services.upload_scan(upload_id=upload_id)


@shared_task(name="accounts.build_data_export", ignore_result=True)
def build_data_export(export_id: str) -> None:
    with pghistory.context(source="celery"):
        services.data_export_build(export_id=export_id)


@shared_task(name="accounts.anonymise_resigned_users", ignore_result=True)
def anonymise_resigned_users() -> int:
    """Beat, daily: anonymise accounts resigned more than ACCOUNTS_ANONYMISE_AFTER_DAYS ago."""
    done = 0
    with pghistory.context(source="celery", job="anonymise_resigned_users"):
        for user_id in services.user_ids_due_for_anonymisation():
            done += services.user_anonymise(user_id=user_id)
    return done


@shared_task(name="accounts.purge_expired_exports", ignore_result=True)
def purge_expired_exports() -> int:
    return services.data_export_purge_expired()
