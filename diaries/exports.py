"""The user's diary in their data export (decrypted), and crypto-shredding on anonymisation."""

from __future__ import annotations

from typing import Any

from core.crypto import DecryptionError

from .enums import AnalysisStatus
from .models import (
    Analysis,
    Attachment,
    DataKey,
    Draft,
    Entry,
    EntryVersion,
    ModerationLog,
    Report,
    SafetyEvent,
    SlipCondition,
    SlipState,
)
from .selectors import analysis_open, entry_open, report_open
from .vault import data_key_shred, vault_for

ANONYMISED_MODELS = [
    "diaries.DataKey",
    "diaries.Entry",
    "diaries.EntryVersion",
    "diaries.Draft",
    "diaries.Attachment",
    "diaries.Analysis",
    "diaries.SafetyEvent",
    "diaries.SlipState",
    "diaries.SlipCondition",
    "diaries.Report",
    "diaries.ModerationLog",
]


def diary_for_user(user: Any) -> dict:
    try:
        vault = vault_for(user, create=False)
    except DecryptionError:
        return {"entries": [], "reports": [], "note": "no readable diary"}
    entries = []
    analyses: dict[int, list] = {}
    for a in Analysis.objects.filter(user_id=user.pk, status=AnalysisStatus.DONE).order_by(
        "entry_id", "entry_version", "run"
    ):
        analysis_open(analysis=a, vault=vault)
        analyses.setdefault(a.entry_id, []).append(
            {
                "entry_version": a.entry_version,
                "summary": a.summary,  # type: ignore[attr-defined]
                "emotion_flow": a.emotion_flow,  # type: ignore[attr-defined]
                "keywords": a.keywords,  # type: ignore[attr-defined]
                "reflection_question": a.reflection_question,  # type: ignore[attr-defined]
                "interpretation": a.interpretation,  # type: ignore[attr-defined]
                "primary_emotion": a.primary_emotion,
                "created_at": a.completed_at.isoformat() if a.completed_at else None,
            }
        )
    for entry in Entry.objects.filter(user_id=user.pk).order_by("written_on", "pk"):
        entry_open(entry=entry, vault=vault)
        entries.append(
            {
                "id": entry.pk,
                "written_on": entry.written_on.isoformat(),
                "mood": entry.mood,
                "title": entry.title,  # type: ignore[attr-defined]
                "body": entry.body,  # type: ignore[attr-defined]
                "tags": entry.tags,  # type: ignore[attr-defined]
                "sealed": entry.sealed,
                "version": entry.version,
                "in_trash": entry.deleted_at is not None,
                "created_at": entry.created_at.isoformat(),
                "updated_at": entry.updated_at.isoformat(),
                "analyses": analyses.get(entry.pk, []),
            }
        )
    reports = []
    for report in Report.objects.filter(user_id=user.pk).order_by("period_start"):
        report_open(report=report, vault=vault)
        reports.append(
            {
                "period_type": report.period_type,
                "period_start": report.period_start.isoformat(),
                "period_end": report.period_end.isoformat(),
                "stats": report.stats,
                "texts": report.texts,  # type: ignore[attr-defined]
            }
        )
    return {"entries": entries, "reports": reports}


def erase_diary(user: Any) -> None:
    """Crypto-shred: destroy the data key so every ciphertext of this user is unreadable.

    The rows stay (counts, dates, labels, moderation history for audit) but no text, title,
    caption, analysis, report text or search term of theirs can ever be read or matched.
    Drafts and the search index are deleted outright; safe to run twice.
    """
    data_key_shred(user=user)
    Draft.objects.filter(user_id=user.pk).delete()
    Entry.objects.filter(user_id=user.pk).update(search_tokens=[])
    Attachment.objects.filter(entry__user_id=user.pk).update(caption_ct="")
    # Kept as they are (no personal text): EntryVersion/Analysis/Report ciphertext (unreadable),
    # SafetyEvent labels, SlipState/SlipCondition metrics, ModerationLog actions.
    _ = (EntryVersion, SafetyEvent, SlipState, SlipCondition, ModerationLog, DataKey)
