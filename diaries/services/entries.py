"""Writing, editing, trashing and restoring entries; drafts and attachments.

The save path is safety-first and synchronous: ``coaching.safety.assess`` reads the text
before anything else, a concern or crisis is recorded (labels only), a crisis consults the
slip policy at once, and only then is analysis queued (never for a sealed entry, never while
the AI is paused). The caller gets the assessment back to show resources in the same response.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_local_today
from core.analytics import DIARY_WRITTEN, track

from .. import text as textlib
from ..enums import AnalysisStatus
from ..exceptions import DiaryError, EntryLockedError
from ..models import Attachment, Draft, Entry, EntryVersion, SafetyEvent
from ..vault import Vault, vault_for
from .analysis import analysis_request
from .slip import slip_evaluate

if TYPE_CHECKING:
    from coaching.safety import SafetyAssessment

logger = logging.getLogger(__name__)

MAX_BODY_CHARS = 20_000
MAX_TITLE_CHARS = 120
MAX_TAGS = 10
MAX_TAG_CHARS = 30
TRASH_DAYS = 30
MAX_ATTACHMENTS = 4


@dataclass(frozen=True)
class EntrySaved:
    entry: Entry
    assessment: SafetyAssessment
    analysis_status: str  # pending / paused / skipped

    @property
    def is_crisis(self) -> bool:
        return self.assessment.is_crisis

    @property
    def is_concern(self) -> bool:
        return self.assessment.level == "concern"


def _clean(
    *, title: str, body: str, tags: list[str] | tuple[str, ...]
) -> tuple[str, str, list[str]]:
    title = (title or "").replace("\x00", "").strip()
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise DiaryError(
            _("Write a few words first."),
            code="diary_body_empty",
            fields={"body": [_("Write a few words first.")]},
        )
    if len(body) > MAX_BODY_CHARS:
        message = _("An entry can hold up to %(n)d characters.") % {"n": MAX_BODY_CHARS}
        raise DiaryError(message, code="diary_body_too_long", fields={"body": [message]})
    if len(title) > MAX_TITLE_CHARS:
        message = _("A title can hold up to %(n)d characters.") % {"n": MAX_TITLE_CHARS}
        raise DiaryError(message, code="diary_title_too_long", fields={"title": [message]})
    clean_tags: list[str] = []
    for tag in tags or []:
        tag = str(tag).replace("\x00", "").strip().lstrip("#")[:MAX_TAG_CHARS]
        if tag and tag not in clean_tags:
            clean_tags.append(tag)
    if len(clean_tags) > MAX_TAGS:
        message = _("Use at most %(n)d tags.") % {"n": MAX_TAGS}
        raise DiaryError(message, code="diary_too_many_tags", fields={"tags": [message]})
    return title, body, clean_tags


def _seal(entry: Entry, vault: Vault, *, title: str, body: str, tags: list[str]) -> None:
    entry.title_ct = vault.seal(title, purpose="entry-title") if title else ""
    entry.body_ct = vault.seal(body, purpose="entry-body")
    entry.tags_ct = vault.seal_json(tags, purpose="entry-tags") if tags else ""
    entry.tag_count = len(tags)
    entry.word_count = textlib.word_count(body)
    entry.char_count = textlib.char_count(body)
    terms = textlib.index_terms(title) | textlib.index_terms(body) | textlib.tag_terms(tags)
    entry.search_tokens = sorted({vault.blind(term) for term in terms})


def _record_safety(*, entry: Entry, assessment: SafetyAssessment) -> None:
    entry.safety_level = assessment.level
    if assessment.level != "none":
        SafetyEvent.objects.create(
            user_id=entry.user_id,
            entry=entry,
            level=assessment.level,
            categories=list(assessment.categories)[:10],
            language=assessment.language[:8],
        )


def _assess(*, user: Any, title: str, body: str, sealed: bool) -> SafetyAssessment:
    # Local rules and model first; with an OpenAI key set the LLM may add a flag, never
    # remove one (issue 11). Outside the transaction: the save waits for it, no row does.
    # A sealed entry is never sent to an AI, not even for a second opinion.
    from coaching.safety import assess
    from coaching.safety.second_opinion import assess_with_second_opinion

    text = f"{title}\n{body}".strip()
    if sealed:
        return assess(text, language=None)
    return assess_with_second_opinion(text, language=None, user=user)


def _after_save(*, user: Any, entry: Entry, assessment: SafetyAssessment) -> str:
    if assessment.is_crisis:
        slip_evaluate(user=user, assessment=assessment)
    analysis = analysis_request(entry=entry)
    return analysis.status if analysis else AnalysisStatus.SKIPPED


def entry_create(
    *,
    user: Any,
    body: str,
    title: str = "",
    written_on: datetime.date | None = None,
    mood: int | None = None,
    tags: list[str] | tuple[str, ...] = (),
    sealed: bool = False,
) -> EntrySaved:
    title, body, tags = _clean(title=title, body=body, tags=tags)
    today = user_local_today(user=user)
    written_on = written_on or today
    if written_on > today:
        message = _("An entry cannot be dated in the future.")
        raise DiaryError(message, code="diary_future_date", fields={"written_on": [message]})
    # safety first, before any write
    assessment = _assess(user=user, title=title, body=body, sealed=sealed)
    vault = vault_for(user)
    with transaction.atomic():
        entry = Entry(user_id=user.pk, written_on=written_on, mood=mood, sealed=sealed)
        _seal(entry, vault, title=title, body=body, tags=tags)
        entry.save(force_insert=True)
        EntryVersion.objects.create(
            entry=entry,
            version=1,
            mood=mood,
            title_ct=entry.title_ct,
            body_ct=entry.body_ct,
            word_count=entry.word_count,
        )
        _record_safety(entry=entry, assessment=assessment)
        if assessment.level != "none":
            entry.save(update_fields=["safety_level"])
        Draft.objects.filter(user_id=user.pk, entry__isnull=True).delete()
        status = _after_save(user=user, entry=entry, assessment=assessment)
        # Announced after commit, never with text: campaigns (content) reward a first diary of
        # the month by its local day; the console counts diaries written.
        properties = {
            "entry_id": str(entry.pk),
            "local_date": written_on.isoformat(),
            "sealed": sealed,
            "backdated": written_on != today,
        }
        user_id = user.pk
        transaction.on_commit(lambda: track(DIARY_WRITTEN, user_id=user_id, properties=properties))
    entry.title, entry.body, entry.tags = title, body, tags  # type: ignore[attr-defined]
    return EntrySaved(entry=entry, assessment=assessment, analysis_status=status)


def entry_update(
    *,
    user: Any,
    entry: Entry,
    body: str,
    title: str = "",
    written_on: datetime.date | None = None,
    mood: int | None = None,
    tags: list[str] | tuple[str, ...] = (),
    sealed: bool | None = None,
) -> EntrySaved:
    """Save a new version; older versions and their analyses stay."""
    title, body, tags = _clean(title=title, body=body, tags=tags)
    if written_on is not None and written_on > user_local_today(user=user):
        message = _("An entry cannot be dated in the future.")
        raise DiaryError(message, code="diary_future_date", fields={"written_on": [message]})
    will_be_sealed = entry.sealed if sealed is None else sealed
    assessment = _assess(user=user, title=title, body=body, sealed=will_be_sealed)
    vault = vault_for(user)
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk, user_id=user.pk)
        if locked.deleted_at is not None:
            raise EntryLockedError(
                _("Restore this entry from the trash before editing it."), code="diary_in_trash"
            )
        locked.version += 1
        locked.mood = mood
        if written_on is not None:
            locked.written_on = written_on
        if sealed is not None:
            locked.sealed = sealed
        _seal(locked, vault, title=title, body=body, tags=tags)
        locked.updated_at = timezone.now()
        _record_safety(entry=locked, assessment=assessment)
        locked.save()
        EntryVersion.objects.create(
            entry=locked,
            version=locked.version,
            mood=mood,
            title_ct=locked.title_ct,
            body_ct=locked.body_ct,
            word_count=locked.word_count,
        )
        Draft.objects.filter(user_id=user.pk, entry=locked).delete()
        status = _after_save(user=user, entry=locked, assessment=assessment)
    locked.title, locked.body, locked.tags = title, body, tags  # type: ignore[attr-defined]
    return EntrySaved(entry=locked, assessment=assessment, analysis_status=status)


def entry_set_sealed(*, user: Any, entry: Entry, sealed: bool) -> Entry:
    Entry.objects.filter(pk=entry.pk, user_id=user.pk).update(sealed=sealed)
    entry.sealed = sealed
    if not sealed:
        analysis_request(entry=entry)
    return entry


def entry_trash(*, user: Any, entry: Entry) -> Entry:
    """Move to the trash; it is purged for good after ``TRASH_DAYS`` days."""
    now = timezone.now()
    Entry.objects.filter(pk=entry.pk, user_id=user.pk, deleted_at__isnull=True).update(
        deleted_at=now
    )
    entry.deleted_at = now
    return entry


def entry_restore(*, user: Any, entry: Entry) -> Entry:
    Entry.objects.filter(pk=entry.pk, user_id=user.pk).update(deleted_at=None)
    entry.deleted_at = None
    return entry


def entries_purge_trash(*, now: datetime.datetime | None = None) -> int:
    """Delete entries that have been in the trash for more than ``TRASH_DAYS`` days."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=TRASH_DAYS)
    deleted, _detail = Entry.objects.filter(deleted_at__lt=cutoff).delete()
    return deleted


def draft_save(*, user: Any, entry: Entry | None, title: str, body: str) -> Draft:
    """Autosave the editor (sealed like an entry); one draft per user and entry."""
    title = (title or "").replace("\x00", "")[:MAX_TITLE_CHARS]
    body = (body or "").replace("\x00", "")[:MAX_BODY_CHARS]
    vault = vault_for(user)
    values = {
        "title_ct": vault.seal(title, purpose="draft-title") if title else "",
        "body_ct": vault.seal(body, purpose="draft-body") if body else "",
        "updated_at": timezone.now(),
    }
    draft, _created = Draft.objects.update_or_create(user_id=user.pk, entry=entry, defaults=values)
    return draft


def draft_discard(*, user: Any, entry: Entry | None) -> None:
    Draft.objects.filter(user_id=user.pk, entry=entry).delete()


def attachment_add(*, user: Any, entry: Entry, file: Any, caption: str = "") -> Attachment:
    from accounts.services import upload_create

    if entry.attachments.count() >= MAX_ATTACHMENTS:
        raise DiaryError(
            _("An entry can hold up to %(n)d pictures.") % {"n": MAX_ATTACHMENTS},
            code="diary_too_many_attachments",
        )
    caption = (caption or "").replace("\x00", "").strip()[:200]
    vault = vault_for(user)
    with transaction.atomic():
        upload = upload_create(
            owner=user, file=file, context="diary", related_object_id=str(entry.pk)
        )
        return Attachment.objects.create(
            entry=entry,
            upload=upload,
            caption_ct=vault.seal(caption, purpose="attachment-caption") if caption else "",
            position=entry.attachments.count(),
        )
