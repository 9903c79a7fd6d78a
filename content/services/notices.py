"""Announcements: save (Markdown rendered and sanitised), publish, broadcast to a segment.

"Everyone" is one broadcast notification (``notify(user=None)``): each user sees it once in
the inbox and reading it writes that user's receipt, so publishing costs one row however many
users there are. Other segments are notified per user, in batches of ``BATCH`` users by a
chain of tasks that resumes from a cursor (safe to retry: ``notify`` dedupes per user).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import notification_list_for_user
from accounts.services.notifications import (
    notification_mark_read,
    notifications_expire,
    notify,
)
from content.enums import BroadcastStatus, Segment
from content.exceptions import ContentError
from content.markup import plain_text, render_markdown
from content.models import Announcement
from content.segments import segment_users

if TYPE_CHECKING:
    from accounts.models import User

BATCH = 1000
NOTIFICATION_TYPE = "notice"


def announcement_render(*, announcement: Announcement) -> Announcement:
    """Fill the sanitised HTML from the Markdown (called on every save)."""
    if not (announcement.title_ko or announcement.title_en):
        raise ContentError(_("Give the notice a title."), fields={"title_ko": [_("Required.")]})
    if announcement.segment != Segment.EVERYONE and not announcement.segment_value:
        raise ContentError(
            _("Say which plan, language or cohort."), fields={"segment_value": [_("Required.")]}
        )
    announcement.body_html_ko = render_markdown(announcement.body_markdown_ko)
    announcement.body_html_en = render_markdown(announcement.body_markdown_en)
    return announcement


def announcement_save(*, announcement: Announcement) -> Announcement:
    """Save; the inbox notifications already sent follow a changed expiry."""
    announcement_render(announcement=announcement)
    with transaction.atomic():
        announcement.save()
        if announcement.broadcast_status != BroadcastStatus.NOT_SENT:
            _expire_notifications(announcement, announcement.expires_at)
    return announcement


def announcement_publish(
    *, announcement: Announcement, at: datetime | None = None, actor: User | None = None
) -> Announcement:
    """Publish now (or at ``at``); the broadcast starts when the time comes."""
    now = timezone.now()
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if locked.deleted_at is not None:
            raise ContentError(_("A deleted notice cannot be published."))
        locked.published_at = at or locked.published_at or now
        locked.save(update_fields=["published_at", "updated_at"])
        if locked.published_at <= now:
            _broadcast_start(locked)
    return locked


def announcement_delete(*, announcement: Announcement) -> Announcement:
    """Withdraw the notice; its inbox notifications end with it."""
    now = timezone.now()
    with transaction.atomic():
        Announcement.objects.filter(pk=announcement.pk, deleted_at__isnull=True).update(
            deleted_at=now
        )
        _expire_notifications(announcement, now)
    announcement.refresh_from_db()
    return announcement


def _dedupe_key(announcement: Announcement) -> str:
    return f"content.announcement:{announcement.pk}"


def _expire_notifications(announcement: Announcement, at: datetime | None) -> None:
    notifications_expire(
        type=NOTIFICATION_TYPE, dedupe_key=_dedupe_key(announcement), expires_at=at
    )


def _notify_of(announcement: Announcement, user: User | None):
    """The announcement's inbox notification for ``user`` (None: everyone), ending with it."""
    title, body, data = _message(announcement)
    return notify(
        user=user,
        type=NOTIFICATION_TYPE,
        title=title,
        body=body,
        data=data,
        dedupe_key=_dedupe_key(announcement),
        expires_at=announcement.expires_at,
    )


def _message(announcement: Announcement) -> tuple[str, str, dict]:
    title = announcement.title_ko or announcement.title_en
    body = plain_text(announcement.body_html_ko or announcement.body_html_en)[:200]
    url = reverse("content:notice", args=[announcement.pk])
    return title, body, {"url": url, "announcement": announcement.pk}


def _broadcast_start(announcement: Announcement) -> None:
    """Inside the caller's transaction, with the announcement row locked."""
    if announcement.broadcast_status != BroadcastStatus.NOT_SENT:
        return
    if announcement.segment == Segment.EVERYONE:
        notification = _notify_of(announcement, None)
        announcement.broadcast_notification_id = notification.pk if notification else None
        announcement.broadcast_status = BroadcastStatus.SENT
    else:
        announcement.broadcast_status = BroadcastStatus.SENDING
        from content.tasks import broadcast_batch

        announcement_id = announcement.pk
        transaction.on_commit(lambda: broadcast_batch.delay(announcement_id))
    announcement.save(update_fields=["broadcast_status", "broadcast_notification_id", "updated_at"])


def announcement_broadcast_batch(*, announcement_id: int, batch: int = BATCH) -> str:
    """Notify the next ``batch`` users of the segment; chains itself until done."""
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().filter(pk=announcement_id).first()
        if announcement is None or announcement.broadcast_status != BroadcastStatus.SENDING:
            return "nothing"
        if announcement.deleted_at is not None:
            announcement.broadcast_status = BroadcastStatus.SENT
            announcement.save(update_fields=["broadcast_status", "updated_at"])
            return "deleted"
        users = segment_users(segment=announcement.segment, value=announcement.segment_value)
        if announcement.broadcast_cursor is not None:
            users = users.filter(pk__gt=announcement.broadcast_cursor)
        chunk = list(users.order_by("pk")[:batch])
        sent = sum(1 for user in chunk if _notify_of(announcement, user) is not None)
        announcement.broadcast_sent += sent
        if chunk:
            announcement.broadcast_cursor = chunk[-1].pk
        done = len(chunk) < batch
        if done:
            announcement.broadcast_status = BroadcastStatus.SENT
        announcement.save(
            update_fields=["broadcast_sent", "broadcast_cursor", "broadcast_status", "updated_at"]
        )
        if not done:
            from content.tasks import broadcast_batch

            transaction.on_commit(lambda: broadcast_batch.delay(announcement_id))
    return "done" if done else "more"


def announcements_broadcast_due(*, now: datetime | None = None) -> int:
    """Start the broadcasts of announcements whose publish time has come (beat)."""
    now = now or timezone.now()
    started = 0
    due = Announcement.objects.filter(
        broadcast_status=BroadcastStatus.NOT_SENT, published_at__lte=now, deleted_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            locked = Announcement.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if locked is not None and locked.broadcast_status == BroadcastStatus.NOT_SENT:
                _broadcast_start(locked)
                started += 1
    return started


def announcement_mark_seen(*, user: User, announcement: Announcement) -> int:
    """Opening a notice reads its inbox notification (the broadcast's receipt, or the user's own
    copy for a segment), so the bell stops counting it. Returns how many were marked."""
    unread = notification_list_for_user(user=user, unread_only=True).filter(
        type=NOTIFICATION_TYPE, data__announcement=announcement.pk
    )
    marked = 0
    for notification in unread[:5]:
        notification_mark_read(user=user, notification=notification)
        marked += 1
    return marked
