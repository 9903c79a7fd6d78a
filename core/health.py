"""Liveness and readiness probes for load balancers and docker-compose health checks."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    cache.set("haru:readyz", "1", timeout=5)
    if cache.get("haru:readyz") != "1":
        raise RuntimeError("cache did not return what was written")


def _broker() -> None:
    from config.celery_app import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS = {"database": _database, "redis": _redis, "broker": _broker}


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    down = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure means "not ready"; the log says why
            logger.warning("readiness check %s failed", name, exc_info=True)
            down.append(name)
    if down:
        return JsonResponse({"status": "unavailable", "down": down}, status=503)
    return JsonResponse({"status": "ok", "checks": list(CHECKS)})
