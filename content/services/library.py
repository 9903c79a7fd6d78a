"""The library's writes: translations rendered at save, the editorial workflow, reactions,
progress and counters."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content import counters
from content.enums import ItemStatus, Language, Reaction
from content.exceptions import ContentError, ReviewerRequiredError, TransitionNotAllowedError
from content.markup import plain_text, render_markdown
from content.models import ContentItem, ContentProgress, ContentReaction, ContentTranslation
from content.search import normalise_for_index
from core.analytics import CONTENT_VIEWED, track

if TYPE_CHECKING:
    from accounts.models import User

PUBLISH_PERMISSION = "content.publish_contentitem"
SUBMIT_PERMISSION = "content.submit_contentitem"

# status -> statuses it may move to (publishing only from review: the reviewer step is required)
TRANSITIONS: dict[str, set[str]] = {
    ItemStatus.DRAFT: {ItemStatus.REVIEW, ItemStatus.ARCHIVED},
    ItemStatus.REVIEW: {ItemStatus.DRAFT, ItemStatus.PUBLISHED, ItemStatus.ARCHIVED},
    ItemStatus.PUBLISHED: {ItemStatus.ARCHIVED, ItemStatus.DRAFT},
    ItemStatus.ARCHIVED: {ItemStatus.DRAFT},
}


def translation_save(
    *,
    item: ContentItem,
    language: str,
    title: str,
    body_markdown: str,
    excerpt: str = "",
    seo_title: str = "",
    seo_description: str = "",
) -> ContentTranslation:
    """Create or replace one language of ``item``; renders and sanitises the body now."""
    if language not in Language.values:
        raise ContentError(_("Unknown language."), fields={"language": [_("Use ko or en.")]})
    if not title.strip():
        raise ContentError(_("Give the item a title."), fields={"title": [_("Required.")]})
    body_html = render_markdown(body_markdown)
    text = plain_text(body_html)
    excerpt = excerpt.strip() or text[:200]
    translation, _created = ContentTranslation.objects.update_or_create(
        item=item,
        language=language,
        defaults={
            "title": title.strip()[:255],
            "excerpt": excerpt,
            "body_markdown": body_markdown,
            "body_html": body_html,
            "seo_title": seo_title[:120],
            "seo_description": (seo_description or excerpt)[:300],
            "search_text": normalise_for_index(title, excerpt, " ".join(item.tags), text),
        },
    )
    translation_index(translation_id=translation.pk)
    return translation


def translation_index(*, translation_id: int) -> None:
    """Refresh the English tsvector (weights: title A, excerpt B, body C)."""
    ContentTranslation.objects.filter(pk=translation_id).update(
        search_vector=SearchVector("title", weight="A", config="english")
        + SearchVector("excerpt", weight="B", config="english")
        + SearchVector("search_text", weight="C", config="english")
    )


def _locked(item: ContentItem) -> ContentItem:
    return ContentItem.objects.select_for_update().get(pk=item.pk)


def _move(item: ContentItem, target: str) -> None:
    if target not in TRANSITIONS.get(item.status, set()):
        raise TransitionNotAllowedError(
            _("A %(source)s item cannot become %(target)s.")
            % {"source": ItemStatus(item.status).label, "target": ItemStatus(target).label}
        )
    item.status = target


def item_submit_for_review(*, item: ContentItem, actor: User) -> ContentItem:
    """An editor hands a draft to the reviewers."""
    with transaction.atomic():
        locked = _locked(item)
        if not locked.translations.exists():
            raise ContentError(_("Write the item in at least one language first."))
        _move(locked, ItemStatus.REVIEW)
        locked.save(update_fields=["status", "updated_at"])
    return locked


def item_approve(*, item: ContentItem, actor: User, now: datetime | None = None) -> ContentItem:
    """A reviewer approves an item in review: it is published now, or at ``publish_at``.

    Only users with ``content.publish_contentitem`` may approve, and only items in review:
    an editor cannot publish, and nothing skips the reviewer step."""
    if not actor.has_perm(PUBLISH_PERMISSION):
        raise ReviewerRequiredError(_("Only a reviewer can publish."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(item)
        if locked.status != ItemStatus.REVIEW:
            raise TransitionNotAllowedError(_("Only an item in review can be approved."))
        locked.reviewed_by = actor
        fields = ["reviewed_by", "updated_at"]
        if locked.publish_at is None or locked.publish_at <= now:
            _move(locked, ItemStatus.PUBLISHED)
            locked.published_at = locked.publish_at or now
            fields += ["status", "published_at"]
        locked.save(update_fields=fields)
    return locked


def item_return_to_draft(*, item: ContentItem, actor: User) -> ContentItem:
    with transaction.atomic():
        locked = _locked(item)
        _move(locked, ItemStatus.DRAFT)
        locked.reviewed_by = None
        locked.save(update_fields=["status", "reviewed_by", "updated_at"])
    return locked


def item_archive(*, item: ContentItem, actor: User) -> ContentItem:
    with transaction.atomic():
        locked = _locked(item)
        _move(locked, ItemStatus.ARCHIVED)
        locked.save(update_fields=["status", "updated_at"])
    return locked


def items_publish_scheduled(*, now: datetime | None = None) -> int:
    """Publish approved items whose ``publish_at`` has come (beat, every minute)."""
    now = now or timezone.now()
    due = ContentItem.objects.filter(
        status=ItemStatus.REVIEW, reviewed_by__isnull=False, publish_at__lte=now
    )
    published = 0
    for item_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            updated = ContentItem.objects.filter(
                pk=item_id, status=ItemStatus.REVIEW, reviewed_by__isnull=False
            ).update(status=ItemStatus.PUBLISHED, published_at=now, updated_at=now)
            published += updated
    return published


# --- readers ------------------------------------------------------------------------------------


def item_record_view(*, item: ContentItem, user: User | None) -> None:
    """One view: a Redis increment, no database write."""
    counters.counter_increment(item_id=item.pk, field="view_count")
    user_id = user.pk if user is not None and user.is_authenticated else None
    track(CONTENT_VIEWED, user_id=user_id, properties={"item": str(item.pk), "kind": item.kind})


def item_record_share(*, item: ContentItem) -> None:
    counters.counter_increment(item_id=item.pk, field="share_count")


def reaction_set(*, user: User, item: ContentItem, kind: str, on: bool) -> bool:
    """Like / bookmark (on) or undo (off); returns whether anything changed."""
    if kind not in Reaction.values:
        raise ContentError(_("Unknown reaction."), fields={"kind": [_("Use like or bookmark.")]})
    field = "like_count" if kind == Reaction.LIKE else "bookmark_count"
    if on:
        _row, created = ContentReaction.objects.get_or_create(user=user, item=item, kind=kind)
        changed = created
    else:
        changed = ContentReaction.objects.filter(user=user, item=item, kind=kind).delete()[0] > 0
    if changed:
        counters.counter_increment(item_id=item.pk, field=field, by=1 if on else -1)
    return changed


def progress_save(
    *, user: User, item: ContentItem, percent: int, position_seconds: int = 0
) -> ContentProgress:
    """Remember how far the user got; 100 % marks it completed."""
    if not 0 <= percent <= 100:
        raise ContentError(_("Progress is a percentage."), fields={"percent": [_("Use 0 to 100.")]})
    now = timezone.now()
    defaults: dict[str, Any] = {
        "percent": percent,
        "position_seconds": max(0, position_seconds),
        "updated_at": now,
    }
    if percent == 100:
        defaults["completed_at"] = now
    progress, _created = ContentProgress.objects.update_or_create(
        user=user, item=item, defaults=defaults
    )
    return progress
