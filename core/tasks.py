import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_CACHE_KEY = "haru:celery:heartbeat"


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> str:
    """Scheduled by beat: proves beat -> broker -> worker works; readable in logs and cache."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=None)
    logger.info("celery heartbeat at %s", now)
    return now


@shared_task(name="core.ping")
def ping(value: str = "pong") -> str:
    return value


@shared_task(name="core.purge_idempotency_records", ignore_result=True)
def purge_idempotency_records() -> int:
    """Scheduled by beat: forget Idempotency-Keys past their ``IDEMPOTENCY_TTL_HOURS``."""
    from core.idempotency import idempotency_records_purge

    return idempotency_records_purge()
