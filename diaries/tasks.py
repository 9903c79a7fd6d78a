"""Thin Celery tasks: take ids, call a service, safe to run twice (acks late)."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    bind=True,
    name="diaries.analyse_entry",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=8,
)
def analyse_entry(self, analysis_id: int) -> str | None:
    """Idempotent by analysis row (one per entry version and run); retried while the AI
    provider and the offline analyzer are both unavailable."""
    from coaching.exceptions import AIUnavailable
    from diaries.services import analysis_run

    try:
        analysis = analysis_run(analysis_id=analysis_id)
    except AIUnavailable as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 600)) from exc
    return analysis.status if analysis else None


@shared_task(name="diaries.requeue_stale_analyses", acks_late=True)
def requeue_stale_analyses() -> int:
    from diaries.services import analyses_requeue_stale

    return analyses_requeue_stale()


@shared_task(name="diaries.generate_reports", acks_late=True)
def generate_reports() -> int:
    from diaries.services import reports_generate_due

    return reports_generate_due().created


@shared_task(name="diaries.release_slips", acks_late=True)
def release_slips() -> int:
    from diaries.services import slips_release_due

    return slips_release_due()


@shared_task(name="diaries.purge_trash", acks_late=True)
def purge_trash() -> int:
    from diaries.services import entries_purge_trash

    return entries_purge_trash()
