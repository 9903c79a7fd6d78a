"""Reads of a user's own diary. Every fetch is scoped to the asking user; texts are opened
with that user's vault and attached to the instances (``title``, ``body``, ``tags`` …)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from core.crypto import DecryptionError

from . import text as textlib
from .enums import AnalysisStatus, ModerationStatus, SlipStatus
from .exceptions import DiaryUnreadableError, EntryNotFoundError
from .models import Analysis, Attachment, Draft, Entry, EntryVersion, Report, SlipState
from .vault import Vault, vault_for


def _vault(user: Any) -> Vault:
    try:
        return vault_for(user)
    except DecryptionError as exc:
        raise DiaryUnreadableError(str(exc), code="diary_unreadable") from exc


def entry_open(*, entry: Entry, vault: Vault) -> Entry:
    """Decrypt an entry's texts onto the instance (``title``, ``body``, ``tags``)."""
    entry.title = vault.open(entry.title_ct, purpose="entry-title")  # type: ignore[attr-defined]
    entry.body = vault.open(entry.body_ct, purpose="entry-body")  # type: ignore[attr-defined]
    entry.tags = vault.open_json(entry.tags_ct, purpose="entry-tags", default=[])  # type: ignore[attr-defined]
    return entry


def entries_open(*, user: Any, entries: Iterable[Entry]) -> list[Entry]:
    vault = _vault(user)
    return [entry_open(entry=entry, vault=vault) for entry in entries]


def entry_queryset_for_user(*, user: Any, include_trash: bool = False) -> QuerySet[Entry]:
    qs = Entry.objects.filter(user_id=user.pk).exclude(moderation_status=ModerationStatus.BLOCKED)
    return qs if include_trash else qs.filter(deleted_at__isnull=True)


def entry_get_for_user(*, user: Any, entry_id: Any, include_trash: bool = False) -> Entry:
    """The user's own entry, opened; another user's (or a missing) id is EntryNotFoundError."""
    try:
        entry_id = int(entry_id)
    except (TypeError, ValueError) as exc:
        raise EntryNotFoundError() from exc
    if not (0 < entry_id < 2**63):
        raise EntryNotFoundError()
    entry = (
        entry_queryset_for_user(user=user, include_trash=include_trash)
        .filter(pk=entry_id)
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.select_related("upload"))
        )
        .first()
    )
    if entry is None:
        raise EntryNotFoundError()
    vault = _vault(user)
    entry_open(entry=entry, vault=vault)
    for attachment in entry.attachments.all():
        attachment.caption = vault.open(attachment.caption_ct, purpose="attachment-caption")  # type: ignore[attr-defined]
    return entry


def entry_list(
    *,
    user: Any,
    month: datetime.date | None = None,
    tag: str = "",
    trash: bool = False,
) -> QuerySet[Entry]:
    qs = entry_queryset_for_user(user=user, include_trash=True)
    qs = qs.filter(deleted_at__isnull=not trash)
    if month is not None:
        first = month.replace(day=1)
        nxt = (first + datetime.timedelta(days=32)).replace(day=1)
        qs = qs.filter(written_on__gte=first, written_on__lt=nxt)
    if tag:
        vault = _vault(user)
        qs = qs.filter(search_tokens__contains=[vault.blind(t) for t in textlib.tag_terms([tag])])
    return qs.order_by("-written_on", "-created_at")


def entry_search(*, user: Any, query: str) -> QuerySet[Entry]:
    """Entries whose title, body or tags hold every term of ``query`` (blind index, AND)."""
    terms = textlib.query_terms(query)
    if not terms:
        return Entry.objects.none()
    vault = _vault(user)
    blinded = sorted({vault.blind(term) for term in terms})
    return (
        entry_queryset_for_user(user=user)
        .filter(search_tokens__contains=blinded)
        .order_by("-written_on", "-created_at")
    )


def entry_versions(*, user: Any, entry: Entry) -> list[EntryVersion]:
    vault = _vault(user)
    versions = list(EntryVersion.objects.filter(entry=entry).order_by("-version"))
    for version in versions:
        version.title = vault.open(version.title_ct, purpose="entry-title")  # type: ignore[attr-defined]
        version.body = vault.open(version.body_ct, purpose="entry-body")  # type: ignore[attr-defined]
    return versions


def draft_get(*, user: Any, entry: Entry | None) -> Draft | None:
    draft = Draft.objects.filter(user_id=user.pk, entry=entry).first()
    if draft is not None:
        vault = _vault(user)
        draft.title = vault.open(draft.title_ct, purpose="draft-title")  # type: ignore[attr-defined]
        draft.body = vault.open(draft.body_ct, purpose="draft-body")  # type: ignore[attr-defined]
    return draft


def analysis_open(*, analysis: Analysis, vault: Vault) -> Analysis:
    a = analysis
    a.summary = vault.open(a.summary_ct, purpose="analysis-summary")  # type: ignore[attr-defined]
    a.emotion_flow = vault.open_json(a.emotion_flow_ct, purpose="analysis-flow", default=[])  # type: ignore[attr-defined]
    a.keywords = vault.open_json(a.keywords_ct, purpose="analysis-keywords", default=[])  # type: ignore[attr-defined]
    a.representative_sentence = vault.open(a.representative_ct, purpose="analysis-sentence")  # type: ignore[attr-defined]
    a.reflection_question = vault.open(a.reflection_ct, purpose="analysis-question")  # type: ignore[attr-defined]
    a.interpretation = vault.open(a.interpretation_ct, purpose="analysis-interpretation")  # type: ignore[attr-defined]
    return a


def analysis_list_for_entry(*, user: Any, entry: Entry) -> list[Analysis]:
    """Every analysis of the entry (newest version first), opened; older ones are kept."""
    vault = _vault(user)
    rows = list(
        Analysis.objects.filter(entry=entry, user_id=user.pk).order_by("-entry_version", "-run")
    )
    return [
        analysis_open(analysis=a, vault=vault) if a.status == AnalysisStatus.DONE else a
        for a in rows
    ]


def analysis_latest_for_entry(*, user: Any, entry: Entry) -> Analysis | None:
    rows = analysis_list_for_entry(user=user, entry=entry)
    current = [a for a in rows if a.entry_version == entry.version]
    done = [a for a in current if a.status == AnalysisStatus.DONE]
    if done:
        return done[0]
    return current[0] if current else None


def report_queryset_for_user(*, user: Any) -> QuerySet[Report]:
    return Report.objects.filter(user_id=user.pk)


def report_get_for_user(*, user: Any, report_id: Any) -> Report:
    from core.exceptions import NotFoundError

    try:
        report_id = int(report_id)
        if not (0 < report_id < 2**63):
            raise ValueError
    except (TypeError, ValueError) as exc:
        raise NotFoundError("That report does not exist.", code="report_not_found") from exc
    report = report_queryset_for_user(user=user).filter(pk=report_id).first()
    if report is None:
        raise NotFoundError("That report does not exist.", code="report_not_found")
    report_open(report=report, vault=_vault(user))
    return report


def report_open(*, report: Report, vault: Vault) -> Report:
    report.texts = vault.open_json(report.texts_ct, purpose="report-texts", default={})  # type: ignore[attr-defined]
    return report


def slip_status_for(*, user: Any) -> str:
    state = SlipState.objects.filter(user_id=user.pk).first()
    return state.status if state else SlipStatus.NORMAL


def calendar_moods(
    *, user: Any, first: datetime.date, end: datetime.date
) -> dict[datetime.date, dict]:
    """Per local day in [first, end): entry count and average mood (numbers only)."""
    days: dict[datetime.date, dict] = {}
    for written_on, mood, pk in (
        entry_queryset_for_user(user=user)
        .filter(written_on__gte=first, written_on__lt=end)
        .values_list("written_on", "mood", "pk")
        .order_by("written_on", "created_at")
    ):
        day = days.setdefault(written_on, {"count": 0, "moods": [], "first_id": pk})
        day["count"] += 1
        if mood:
            day["moods"].append(mood)
    for info in days.values():
        moods = info.pop("moods")
        info["mood"] = round(sum(moods) / len(moods)) if moods else None
    return days
