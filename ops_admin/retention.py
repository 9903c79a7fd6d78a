"""Retention jobs and their run log.

Our own jobs run from ``ops_admin.run_retention`` (beat, nightly) through ``run_job``, which
writes a ``RetentionRun`` row (running -> ok / failed, rows affected). Jobs other apps already
schedule (accounts' anonymisation of resigned users, coaching's 12-month expiry of AI results)
keep their own beat entries; their runs are recorded from Celery's task signals
(``WATCHED_TASKS``), so the console shows every retention job in one place without running
anything twice.

Jobs of other apps plug in with ``register_retention_job(name, fn)``, where ``fn(now) -> int``
returns the rows it changed (practitioners' 7-year booking archive is registered here as
``practitioners.archive_bookings``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

# A job takes "now" and returns the rows it affected, or (rows, a line for the run log).
RetentionJob = Callable[[dt.datetime], "int | tuple[int, str]"]
_jobs: dict[str, RetentionJob] = {}

# Celery task name -> job name shown in the console.
WATCHED_TASKS = {
    "accounts.anonymise_resigned_users": "accounts.anonymise_resigned_users",
    "coaching.expire_service_results": "coaching.expire_ai_results",
}


def register_retention_job(name: str, job: RetentionJob) -> None:
    _jobs[name] = job


def registered_jobs() -> dict[str, RetentionJob]:
    return dict(_jobs)


@contextmanager
def recorded(job: str):
    """Log one run of ``job``; the body sets ``run.affected`` and ``run.detail``."""
    from ops_admin.models import RetentionRun

    run = RetentionRun.objects.create(job=job, status=RetentionRun.Status.RUNNING)
    try:
        yield run
    except Exception as exc:
        run.status = RetentionRun.Status.FAILED
        run.detail = f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "detail", "finished_at"])
        raise
    run.status = RetentionRun.Status.OK
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at", "affected", "detail"])


def run_job(name: str, *, now: dt.datetime | None = None) -> int:
    job = _jobs[name]
    with recorded(name) as run:
        result = job(now or timezone.now())
        affected, detail = result if isinstance(result, tuple) else (result, "")
        run.affected, run.detail = int(affected or 0), detail[:2000]
    return run.affected


def run_all(*, now: dt.datetime | None = None) -> dict[str, int | None]:
    """Run every registered job; one failing job does not stop the others."""
    results: dict[str, int | None] = {}
    for name in sorted(_jobs):
        try:
            results[name] = run_job(name, now=now)
        except Exception:
            logger.exception("retention job %s failed", name)
            results[name] = None
    return results


# --- our jobs ----------------------------------------------------------------------------------


def drop_expired_analytics_partitions(now: dt.datetime) -> tuple[int, str]:
    """Analytics events older than OPS_ANALYTICS_RETENTION_DAYS (1 year): whole partitions."""
    from ops_admin.partitions import ANALYTICS_EVENTS, drop_partitions_before

    cutoff = now - dt.timedelta(days=settings.OPS_ANALYTICS_RETENTION_DAYS)
    dropped, deleted = drop_partitions_before(ANALYTICS_EVENTS, cutoff)
    return deleted, _describe(dropped, deleted)


def drop_expired_api_logs(now: dt.datetime) -> tuple[int, str]:
    """API logs older than OPS_API_LOG_RETENTION_DAYS (90 days)."""
    from ops_admin.partitions import API_LOGS, drop_partitions_before

    cutoff = now - dt.timedelta(days=settings.OPS_API_LOG_RETENTION_DAYS)
    dropped, deleted = drop_partitions_before(API_LOGS, cutoff)
    return deleted, _describe(dropped, deleted)


def delete_old_error_occurrences(now: dt.datetime) -> int:
    """Error occurrences after 90 days (groups stay with their counts)."""
    from ops_admin.models import ErrorOccurrence

    cutoff = now - dt.timedelta(days=settings.OPS_API_LOG_RETENTION_DAYS)
    deleted, _ = ErrorOccurrence.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted


def _describe(dropped: list[str], deleted: int) -> str:
    return f"dropped partitions: {', '.join(dropped) or '-'}; rows deleted outside them: {deleted}"


def register_builtin_jobs() -> None:
    register_retention_job("ops_admin.analytics_events", drop_expired_analytics_partitions)
    register_retention_job("ops_admin.api_logs", drop_expired_api_logs)
    register_retention_job("ops_admin.error_occurrences", delete_old_error_occurrences)
    register_retention_job("practitioners.archive_bookings", archive_old_bookings)


def archive_old_bookings(now: dt.datetime) -> tuple[int, str]:
    """Bookings that ended more than 7 years ago: archived in place, personal text stripped
    (practitioners.services.archive)."""
    from practitioners.services.archive import booking_archive_cutoff, bookings_archive

    archived = bookings_archive(now=now)
    cutoff = booking_archive_cutoff(now=now)
    return archived, f"bookings that ended before {cutoff:%Y-%m-%d} archived: {archived}"


# --- runs of other apps' tasks ------------------------------------------------------------------

_started: dict[str, int] = {}


def task_started(sender: Any = None, task_id: str = "", task: Any = None, **_: Any) -> None:
    from ops_admin.models import RetentionRun

    job = WATCHED_TASKS.get(getattr(task, "name", ""))
    if job:
        _started[task_id] = RetentionRun.objects.create(
            job=job, status=RetentionRun.Status.RUNNING
        ).pk


def task_finished(
    sender: Any = None, task_id: str = "", retval: Any = None, state: str = "", **_: Any
) -> None:
    from ops_admin.models import RetentionRun

    run_id = _started.pop(task_id, None)
    if run_id is None:
        return
    ok = state == "SUCCESS"
    RetentionRun.objects.filter(pk=run_id).update(
        status=RetentionRun.Status.OK if ok else RetentionRun.Status.FAILED,
        finished_at=timezone.now(),
        affected=int(retval) if ok and isinstance(retval, int) else 0,
        detail="" if ok else str(retval)[:2000],
    )
