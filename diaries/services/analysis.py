"""The analysis pipeline: one ``Analysis`` row per entry version (and run), created in the
same transaction as the save, filled by a Celery task that is safe to run any number of times.

A row is created ``pending`` and committed before the task is sent, so nothing is lost if the
broker message or the worker is: the task is ``acks_late`` (a worker killed mid-task leaves the
message to be redelivered) and a beat sweeper re-sends rows that stay pending too long.
No AI call is made for a sealed entry or while the user is paused (slipped): those rows are
marked ``skipped`` / ``paused``.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..enums import AnalysisStatus, SlipStatus
from ..models import Analysis, Entry, EntryVersion, SlipState
from ..vault import vault_for

logger = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 5


def _ai_paused(user_id: Any) -> bool:
    from accounts.models import User

    state = SlipState.objects.filter(user_id=user_id).values_list("status", flat=True).first()
    if state == SlipStatus.SLIPPED:
        return True
    until = User.objects.filter(pk=user_id).values_list("safety_paused_until", flat=True).first()
    return until is not None and until > timezone.now()


def analysis_request(*, entry: Entry, force_new_run: bool = False) -> Analysis | None:
    """Create the analysis row for the entry's current version and queue it after commit.

    Idempotent by entry version: asking again for the same version returns the existing
    row unless ``force_new_run`` (a prompt change, an operator's re-analysis) asks for a new
    run, which keeps the older results.
    """
    if entry.sealed:
        return None
    with transaction.atomic():
        existing = (
            Analysis.objects.filter(entry_id=entry.pk, entry_version=entry.version)
            .order_by("-run")
            .first()
        )
        if existing is not None and not force_new_run:
            return existing
        run = (existing.run + 1) if existing else 1
        status = AnalysisStatus.PAUSED if _ai_paused(entry.user_id) else AnalysisStatus.PENDING
        analysis = Analysis.objects.create(
            entry_id=entry.pk,
            user_id=entry.user_id,
            entry_version=entry.version,
            run=run,
            status=status,
        )
        if status == AnalysisStatus.PENDING:
            _queue(analysis.pk)
    return analysis


def _queue(analysis_id: int) -> None:
    from ..tasks import analyse_entry

    transaction.on_commit(lambda: analyse_entry.delay(analysis_id))


def analysis_run(*, analysis_id: int) -> Analysis | None:
    """Run one pending analysis; a finished one is returned untouched (safe to re-run).

    Raises ``AIUnavailable`` so the task retries; after ``MAX_ATTEMPTS`` the row is failed.
    """
    with transaction.atomic():
        analysis = (
            Analysis.objects.select_for_update(of=("self",))
            .select_related("entry", "user")
            .filter(pk=analysis_id)
            .first()
        )
        if analysis is None or analysis.status != AnalysisStatus.PENDING:
            return analysis
        analysis.attempts += 1
        analysis.save(update_fields=["attempts"])
    entry, user = analysis.entry, analysis.user
    if entry.sealed or entry.deleted_at is not None:
        return _finish(
            analysis_id,
            status=AnalysisStatus.SKIPPED,
            error="sealed" if entry.sealed else "deleted",
        )
    if _ai_paused(user.pk):
        return _finish(analysis_id, status=AnalysisStatus.PAUSED, error="paused")
    version = EntryVersion.objects.filter(entry_id=entry.pk, version=analysis.entry_version).first()
    if version is None:
        return _finish(analysis_id, status=AnalysisStatus.SKIPPED, error="no_version")

    from coaching.exceptions import AIPaused, AIUnavailable
    from coaching.services import journal_analyze

    vault = vault_for(user)
    text = vault.open(version.body_ct, purpose="entry-body")
    title = vault.open(version.title_ct, purpose="entry-title")
    try:
        result = journal_analyze(
            user=user,
            text=f"{title}\n\n{text}".strip(),
            language=(getattr(user, "language", "") or "ko")[:2],
            ref=f"diary-entry:{entry.pk}:v{analysis.entry_version}:r{analysis.run}",
        )
    except AIPaused:
        return _finish(analysis_id, status=AnalysisStatus.PAUSED, error="paused")
    except AIUnavailable:
        if analysis.attempts >= MAX_ATTEMPTS:
            return _finish(analysis_id, status=AnalysisStatus.FAILED, error="unavailable")
        raise
    with transaction.atomic():
        locked = Analysis.objects.select_for_update().get(pk=analysis_id)
        if locked.status != AnalysisStatus.PENDING:
            return locked  # another delivery finished first
        locked.summary_ct = vault.seal(result.summary or "", purpose="analysis-summary")
        locked.emotion_flow_ct = vault.seal_json(
            list(result.emotion_flow or []), purpose="analysis-flow"
        )
        locked.keywords_ct = vault.seal_json(
            list(result.keywords or [])[:20], purpose="analysis-keywords"
        )
        locked.representative_ct = vault.seal(
            result.representative_sentence or "", purpose="analysis-sentence"
        )
        locked.reflection_ct = vault.seal(
            result.reflection_question or "", purpose="analysis-question"
        )
        locked.interpretation_ct = vault.seal(
            result.interpretation or "", purpose="analysis-interpretation"
        )
        locked.primary_emotion = (result.primary_emotion or "")[:32]
        locked.emotions = {
            str(k)[:32]: round(float(v), 4) for k, v in dict(result.emotions or {}).items()
        }
        locked.offline = bool(result.offline)
        locked.tier_a = min(max(float(result.tier_a), 0.1), 4.0)
        locked.tier_m = min(max(float(result.tier_m), 0.1), 4.0)
        locked.slip_flag = bool(result.slip_flag)
        locked.ethics_tags = [str(t)[:32] for t in (result.ethics_tags or [])][:10]
        locked.model_name = (result.model or "")[:64]
        locked.prompt_name = (result.prompt_name or "")[:64]
        locked.prompt_version = result.prompt_version
        locked.policy_versions = dict(result.policy_versions or {})
        locked.tokens_in = int(result.tokens_in or 0)
        locked.tokens_out = int(result.tokens_out or 0)
        locked.latency_ms = int(result.latency_ms or 0)
        locked.status = AnalysisStatus.DONE
        locked.completed_at = timezone.now()
        locked.save()
        from .slip import slip_evaluate

        slip_evaluate(user=user, analysis=locked)
    return locked


def _finish(analysis_id: int, *, status: str, error: str) -> Analysis | None:
    Analysis.objects.filter(pk=analysis_id, status=AnalysisStatus.PENDING).update(
        status=status, error_code=error[:32], completed_at=timezone.now()
    )
    return Analysis.objects.filter(pk=analysis_id).first()


def analyses_requeue_stale(*, now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Send again the rows still pending after ``STALE_AFTER`` (a lost message, a dead worker)."""
    from ..tasks import analyse_entry

    cutoff = (now or timezone.now()) - STALE_AFTER
    ids = list(
        Analysis.objects.filter(status=AnalysisStatus.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for analysis_id in ids:
        analyse_entry.delay(analysis_id)
    return len(ids)


def analyses_resume_paused(*, user: Any) -> int:
    """After a slip is released: the paused rows of the current versions run again."""
    ids = list(
        Analysis.objects.filter(
            user_id=user.pk, status=AnalysisStatus.PAUSED, entry__sealed=False
        ).values_list("pk", flat=True)
    )
    Analysis.objects.filter(pk__in=ids).update(
        status=AnalysisStatus.PENDING, error_code="", created_at=timezone.now()
    )
    for analysis_id in ids:
        _queue(analysis_id)
    return len(ids)


def analysis_rerun_all(*, prompt_version_below: int | None = None) -> int:
    """A prompt change: queue a new run for each entry's latest version (older runs stay)."""
    latest = Analysis.objects.values("entry_id").annotate(v=Max("entry_version"))
    count = 0
    for row in latest:
        entry = Entry.objects.filter(pk=row["entry_id"], deleted_at__isnull=True).first()
        if entry is None:
            continue
        analysis_request(entry=entry, force_new_run=True)
        count += 1
    return count
