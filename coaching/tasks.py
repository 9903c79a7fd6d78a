"""Celery tasks: thin, take ids, call a service, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="coaching.send_coaching_messages", acks_late=True)
def send_coaching_messages() -> int:
    from coaching.services.messages import messages_send_due

    user_ids = messages_send_due()
    for user_id in user_ids:
        compose_coaching_message.delay(user_id)
    return len(user_ids)


@shared_task(name="coaching.compose_coaching_message", acks_late=True)
def compose_coaching_message(user_id: str) -> bool:
    from accounts.models import User
    from coaching.services.messages import message_compose

    user = User.objects.filter(pk=user_id).first()
    return user is not None and message_compose(user=user) is not None


@shared_task(name="coaching.expire_service_results", acks_late=True)
def expire_service_results() -> int:
    from coaching.services.ai_services import results_expire

    return results_expire()


@shared_task(name="coaching.purge_expired_overrides", acks_late=True)
def purge_expired_overrides() -> int:
    from coaching.services.policies import policy_overrides_purge_expired

    return policy_overrides_purge_expired()
