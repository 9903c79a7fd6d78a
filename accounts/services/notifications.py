"""Notifications for the whole platform: ``notify`` creates, Celery delivers.

In-app notifications show in the inbox as soon as they are visible. E-mail and push are
sent by ``notification_deliver`` (task ``accounts.deliver_notification``, plus a beat sweep
every minute for scheduled ones), never before ``deliver_after``: the schedule, moved past
the user's quiet hours unless the priority is urgent.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise

from accounts import selectors
from accounts.enums import DeliveryStatus, NotificationChannel, NotificationPriority
from accounts.models import (
    Notification,
    NotificationAttachment,
    NotificationDevice,
    NotificationPreference,
    NotificationReceipt,
)

StrOrPromise = str | Promise  # a plain or a lazily translated string

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

CHANNELS = frozenset(NotificationChannel.values)
EXTERNAL_CHANNELS = (NotificationChannel.EMAIL, NotificationChannel.PUSH, NotificationChannel.SMS)
MAX_ATTEMPTS = 5
MARKETING_PREFIXES = ("marketing", "promo")


MAX_ATTACHMENT_BYTES = 1_000_000


@dataclass(frozen=True)
class Attachment:
    """A file for the e-mail of a notification (push, SMS and the inbox ignore it)."""

    name: str
    content_type: str
    content: bytes


def _is_marketing(type_: str) -> bool:
    return type_.startswith(MARKETING_PREFIXES)


def _allowed_channels(*, user: User, type_: str, channels: list[str], priority: str) -> list[str]:
    """The requested channels the user accepts (in-app is always kept)."""
    preference = selectors.notification_preference_for(user=user)
    muted = type_ in (preference.muted_types or []) and priority != NotificationPriority.URGENT
    allowed = []
    for channel in channels:
        if channel == NotificationChannel.IN_APP:
            allowed.append(channel)
            continue
        if muted or not user.has_access:
            continue
        if _is_marketing(type_) and not user.marketing_consent:
            continue
        email_ok = channel == NotificationChannel.EMAIL and preference.email_enabled and user.email
        push_ok = channel == NotificationChannel.PUSH and preference.push_enabled
        sms_ok = channel == NotificationChannel.SMS and bool(user.phone)
        if email_ok or push_ok or sms_ok:
            allowed.append(channel)
    return allowed


def notify(
    *,
    user: User | None,
    type: str,
    title: StrOrPromise,
    body: StrOrPromise = "",
    data: dict | None = None,
    channels: Iterable[str] = ("in_app",),
    priority: str = "normal",
    scheduled_for: datetime.datetime | None = None,
    dedupe_key: str | None = None,
    expires_at: datetime.datetime | None = None,
    attachments: Iterable[Attachment] = (),
) -> Notification | None:
    """Create a notification (``user=None``: a broadcast) and schedule its delivery on commit.

    ``channels`` is a subset of {"in_app", "email", "push", "sms"}; the user's preferences
    filter them (muted types, email/push switched off, marketing without consent, no phone
    number for SMS / KakaoTalk 알림톡). E-mail, push and SMS
    wait for the end of the user's quiet hours unless ``priority="urgent"``. Lazy
    translation strings in ``title``/``body`` are rendered in the user's language. ``data``
    may hold a deep link ``{"url": "/habits/..."}``. Broadcasts are in-app only.

    ``expires_at``: the inbox (and its unread count) stops showing the notification then (an
    announcement that ends); one that would expire before it shows is not created.
    ``attachments`` go with the e-mail only, and are kept only when e-mail is sent.

    Returns None, creating nothing, when a notification with the same ``(user, dedupe_key)``
    exists (so retried jobs never notify twice) or when the user has resigned.
    """
    requested = list(dict.fromkeys(str(channel) for channel in channels))
    if not requested or set(requested) - CHANNELS:
        raise ValueError(f"channels must be a non-empty subset of {sorted(CHANNELS)}")
    if priority not in NotificationPriority.values:
        raise ValueError(f"priority must be one of {NotificationPriority.values}")
    if scheduled_for is not None and timezone.is_naive(scheduled_for):
        raise ValueError("scheduled_for must be timezone-aware")
    if data is not None and not isinstance(data, dict):
        raise ValueError("data must be a dict")
    if user is None and set(requested) != {NotificationChannel.IN_APP}:
        raise ValueError("broadcasts (user=None) are in-app only")
    if expires_at is not None and timezone.is_naive(expires_at):
        raise ValueError("expires_at must be timezone-aware")
    attachments = list(attachments)
    if any(len(a.content) > MAX_ATTACHMENT_BYTES for a in attachments):
        raise ValueError(f"attachments are at most {MAX_ATTACHMENT_BYTES} bytes each")
    if user is not None and user.deleted_at is not None:
        return None

    now = timezone.now()
    start = max(scheduled_for, now) if scheduled_for else now
    if expires_at is not None and expires_at <= start:
        return None
    language = user.language if user is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        title_text, body_text = str(title)[:200], str(body)

    if user is not None:
        allowed = _allowed_channels(user=user, type_=type, channels=requested, priority=priority)
    else:
        allowed = requested
    external = [channel for channel in allowed if channel in EXTERNAL_CHANNELS]
    deliver_after = None
    if external:
        deliver_after = start
        if priority != NotificationPriority.URGENT and user is not None:
            deliver_after = selectors.quiet_hours_end(user=user, at=start)

    notification = Notification(
        user=user,
        type=type,
        title=title_text,
        body=body_text,
        data=data or {},
        channels=allowed,
        priority=priority,
        dedupe_key=dedupe_key,
        scheduled_for=scheduled_for,
        deliver_after=deliver_after,
        status=DeliveryStatus.PENDING if external else DeliveryStatus.SKIPPED,
        visible_from=start,
        visible_to=expires_at,
    )
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
            if NotificationChannel.EMAIL in allowed:
                NotificationAttachment.objects.bulk_create(
                    NotificationAttachment(
                        notification=notification,
                        name=a.name[:150],
                        content_type=a.content_type[:100],
                        content=a.content,
                    )
                    for a in attachments
                )
    except IntegrityError:
        if dedupe_key is not None and _duplicate_exists(user=user, dedupe_key=dedupe_key):
            return None
        raise

    if (
        external
        and deliver_after is not None
        and deliver_after <= now + datetime.timedelta(seconds=5)
    ):
        from accounts.tasks import deliver_notification

        notification_id = str(notification.pk)
        transaction.on_commit(lambda: deliver_notification.delay(notification_id))
    return notification


def _duplicate_exists(*, user: User | None, dedupe_key: str) -> bool:
    return Notification.objects.filter(user=user, dedupe_key=dedupe_key).exists()


def notifications_expire(
    *, type: str, dedupe_key: str, expires_at: datetime.datetime | None
) -> int:
    """Move the inbox expiry of every notification sent under ``(type, dedupe_key)`` (one per
    user, or the broadcast): the thing they announce now ends at ``expires_at`` (None: never).
    Returns how many rows changed."""
    rows = Notification.objects.filter(type=type, dedupe_key=dedupe_key)
    if expires_at is None:
        return rows.update(visible_to=None)
    # A row not yet shown by then is never shown: its window shrinks to one microsecond.
    later = rows.filter(visible_from__lt=expires_at).update(visible_to=expires_at)
    never = rows.filter(visible_from__gte=expires_at).update(
        visible_to=F("visible_from") + datetime.timedelta(microseconds=1)
    )
    return later + never


# --- delivery -----------------------------------------------------------------------------------


def _send_email(notification: Notification) -> dict[str, Any]:
    user = notification.user
    assert user is not None
    link = f"{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else ""
    context = {"notification": notification, "user": user, "link": link}
    with translation.override(user.language):
        text = render_to_string("accounts/email/notification.txt", context)
        html = render_to_string("accounts/email/notification.html", context)
        subject = f"[Haru] {notification.title}"
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email or ""])
    message.attach_alternative(html, "text/html")
    for attachment in notification.attachments.all():
        message.attach(attachment.name, bytes(attachment.content), attachment.content_type)
    try:
        message.send()
    except Exception as exc:  # SMTP errors come in many classes; all mean "try again later"
        logger.warning("email for notification %s failed: %s", notification.pk, exc)
        return {"status": "failed", "error": exc.__class__.__name__, "retryable": True}
    return {"status": "sent", "at": timezone.now().isoformat()}


def _send_push(notification: Notification) -> dict[str, Any]:
    from accounts.push import PushMessage, get_push_client

    devices = list(
        NotificationDevice.objects.filter(user=notification.user, is_active=True).order_by(
            "created_at"
        )
    )
    if not devices:
        return {"status": "skipped", "reason": "no_devices"}
    client = get_push_client()
    data = {"notification_id": str(notification.pk), "type": notification.type}
    if notification.url:
        data["url"] = notification.url
    sent, failed, retry = 0, 0, False
    for device in devices:
        result = client.send(
            PushMessage(
                token=device.token,
                title=notification.title,
                body=notification.body[:500],
                data=data,
                high_priority=notification.priority
                in (NotificationPriority.HIGH, NotificationPriority.URGENT),
            )
        )
        if result.ok:
            sent += 1
            NotificationDevice.objects.filter(pk=device.pk).update(
                last_used_at=timezone.now(), failure_count=0
            )
            continue
        failed += 1
        retry = retry or result.retryable
        if result.token_invalid:
            NotificationDevice.objects.filter(pk=device.pk).update(is_active=False)
        else:
            NotificationDevice.objects.filter(pk=device.pk).update(
                failure_count=device.failure_count + 1
            )
    status = "sent" if sent else "failed"
    return {
        "status": status,
        "client": client.name,
        "devices": len(devices),
        "sent": sent,
        "failed": failed,
        "retryable": bool(retry and not sent),
    }


def _send_sms(notification: Notification) -> dict[str, Any]:
    """A text message (SMS/LMS, or KakaoTalk 알림톡 when a template is registered for the
    notification's type) to the user's phone number, through ``accounts.sms``."""
    from accounts.sms import SmsMessage, get_sms_client

    user = notification.user
    assert user is not None, "an SMS notification is addressed to a user"
    phone = "".join(ch for ch in (user.phone or "") if ch.isdigit() or ch == "+")
    if phone.startswith("+82"):
        phone = "0" + phone[3:]
    if not phone:
        return {"status": "skipped", "reason": "no_phone"}
    text = f"[Haru] {notification.title}\n{notification.body}".strip()
    if notification.url.startswith("/"):
        text += "\n" + settings.SITE_URL.rstrip("/") + notification.url
    template = settings.SOLAPI_ALIMTALK_TEMPLATES.get(notification.type, "")
    client = get_sms_client()
    result = client.send(
        SmsMessage(
            to=phone,
            text=text[:1000],
            alimtalk_template_id=template,
            variables={"#{title}": notification.title, "#{body}": notification.body[:900]},
            reference=str(notification.pk),
        )
    )
    return {
        "status": "sent" if result.ok else "failed",
        "client": client.name,
        "channel": result.channel,
        "message_id": result.message_id,
        "error": result.error,
        "retryable": result.retryable,
    }


# A claimed notification is left alone by other workers and the beat sweep for this long; a
# worker killed mid-send leaves it to be retried after the lease (channels already recorded as
# sent are not sent again).
DELIVERY_LEASE = datetime.timedelta(minutes=10)


def _claim_for_delivery(*, notification_id) -> Notification | None:
    """Lock the row briefly, decide whether to send now, and claim it with a lease.

    Returns the claimed notification, or None when there is nothing to send now. No network
    I/O happens here: the row lock is released when this returns."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.status != DeliveryStatus.PENDING:
            return None
        now = timezone.now()
        if notification.deliver_after and notification.deliver_after > now:
            return None
        user = notification.user
        if user is None or not user.has_access:
            notification.status = DeliveryStatus.SKIPPED
            notification.save(update_fields=["status"])
            return None
        if notification.priority != NotificationPriority.URGENT and selectors.user_in_quiet_hours(
            user=user, at=now
        ):
            notification.deliver_after = selectors.quiet_hours_end(user=user, at=now)
            notification.save(update_fields=["deliver_after"])
            return None
        notification.deliver_after = now + DELIVERY_LEASE
        notification.save(update_fields=["deliver_after"])
        return notification


def _record_delivery(*, notification_id, results: dict[str, dict]) -> Notification:
    """Merge what was just sent into the row and settle its status (short lock, no I/O)."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        now = timezone.now()
        delivery = {**(notification.delivery or {}), **results}
        notification.attempts += 1
        notification.delivery = delivery
        notification.deliver_after = now
        states = [delivery[c]["status"] for c in EXTERNAL_CHANNELS if c in delivery]
        retryable = any(delivery[c].get("retryable") for c in delivery)
        if any(state == "sent" for state in states) and all(s != "failed" for s in states):
            notification.status = DeliveryStatus.SENT
        elif all(state == "skipped" for state in states):
            notification.status = DeliveryStatus.SKIPPED
        elif retryable and notification.attempts < MAX_ATTEMPTS:
            backoff = datetime.timedelta(minutes=2**notification.attempts)
            notification.deliver_after = now + backoff
        elif any(state == "sent" for state in states):
            notification.status = DeliveryStatus.SENT  # partly sent; the details say what failed
        else:
            notification.status = DeliveryStatus.FAILED
        if notification.status == DeliveryStatus.SENT and notification.sent_at is None:
            notification.sent_at = now
        notification.save(
            update_fields=["attempts", "delivery", "status", "deliver_after", "sent_at"]
        )
    return notification


def notification_deliver(*, notification_id) -> Notification | None:
    """Send a due notification's e-mail and push once. Safe to run twice or concurrently.

    Three steps, and no network I/O while a row lock is held: claim the row with a lease
    (short transaction), send the channels not yet sent (no transaction), record the results
    (short transaction). A second worker sees the lease and leaves the row alone."""
    notification = _claim_for_delivery(notification_id=notification_id)
    if notification is None:
        return Notification.objects.filter(pk=notification_id).first()
    done = notification.delivery or {}
    results: dict[str, dict] = {}
    for channel in EXTERNAL_CHANNELS:
        if channel not in notification.channels:
            continue
        if done.get(channel, {}).get("status") in {"sent", "skipped"}:
            continue
        sender = {
            NotificationChannel.EMAIL: _send_email,
            NotificationChannel.PUSH: _send_push,
            NotificationChannel.SMS: _send_sms,
        }[channel]
        results[channel] = sender(notification)
    return _record_delivery(notification_id=notification.pk, results=results)


def notification_ids_due(*, limit: int = 500) -> list[str]:
    return [
        str(pk)
        for pk in Notification.objects.filter(
            status=DeliveryStatus.PENDING, deliver_after__lte=timezone.now()
        )
        .order_by("deliver_after")
        .values_list("pk", flat=True)[:limit]
    ]


# --- the inbox ----------------------------------------------------------------------------------


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    """Mark one inbox item read (idempotent). ``notification`` must come from a ``*_for_user``
    selector."""
    now = timezone.now()
    if notification.user_id is None:
        NotificationReceipt.objects.get_or_create(
            notification=notification, user=user, defaults={"read_at": now}
        )
    elif notification.user_id == user.pk:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = notification.read_at or now
    else:  # callers pass selector results; this guards against a wiring mistake
        raise PermissionError("not the user's notification")
    notification.is_read = True  # type: ignore[attr-defined]  # the selectors annotate it
    return notification


def notification_mark_clicked(*, user: User, notification: Notification) -> Notification:
    """The user opened the notification's link: it is read and clicked."""
    now = timezone.now()
    notification_mark_read(user=user, notification=notification)
    if notification.user_id is None:
        NotificationReceipt.objects.filter(
            notification=notification, user=user, clicked_at__isnull=True
        ).update(clicked_at=now)
    else:
        Notification.objects.filter(pk=notification.pk, clicked_at__isnull=True).update(
            clicked_at=now
        )
        notification.clicked_at = notification.clicked_at or now
    return notification


def notification_mark_delivered(*, user: User, notification: Notification) -> Notification:
    """The app reports that the push arrived on the device."""
    if notification.user_id != user.pk:
        return notification
    now = timezone.now()
    Notification.objects.filter(pk=notification.pk, delivered_at__isnull=True).update(
        delivered_at=now
    )
    notification.delivered_at = notification.delivered_at or now
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark everything in the user's inbox read; returns how many items changed."""
    now = timezone.now()
    with transaction.atomic():
        own = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)
        unread_broadcasts = selectors.notification_list_for_user(
            user=user, unread_only=True
        ).filter(user__isnull=True)
        receipts = [
            NotificationReceipt(notification_id=pk, user=user, read_at=now)
            for pk in unread_broadcasts.values_list("pk", flat=True)
        ]
        NotificationReceipt.objects.bulk_create(receipts, ignore_conflicts=True)
    return own + len(receipts)


# --- preferences and devices ------------------------------------------------------------------

PREFERENCE_FIELDS = frozenset(
    {"email_enabled", "push_enabled", "quiet_hours_enabled", "quiet_start", "quiet_end"}
)


def notification_preference_update(*, user: User, **fields: Any) -> NotificationPreference:
    unknown = set(fields) - PREFERENCE_FIELDS - {"muted_types"}
    if unknown:
        raise ValueError(f"not preference fields: {sorted(unknown)}")
    if "muted_types" in fields:
        fields["muted_types"] = sorted({str(t)[:64] for t in fields["muted_types"] if t})
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        for name, value in fields.items():
            setattr(preference, name, value)
        preference.save()
    return preference


def notification_type_mute(*, user: User, type_: str, muted: bool = True) -> NotificationPreference:
    """Stop (or resume) e-mail and push for one type of notification."""
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        types = set(preference.muted_types or [])
        types = types | {type_} if muted else types - {type_}
        preference.muted_types = sorted(types)
        preference.save(update_fields=["muted_types", "updated_at"])
    return preference


def device_register(
    *,
    user: User,
    token: str,
    platform: str,
    app_version: str = "",
    device_model: str = "",
    os_version: str = "",
) -> NotificationDevice:
    """Register (or refresh) a push token for the user. A token belongs to one device: if
    another account registered it before (someone else signed in on this phone), it moves
    to this user."""
    defaults = {
        "user": user,
        "platform": platform,
        "app_version": app_version,
        "device_model": device_model,
        "os_version": os_version,
        "is_active": True,
        "failure_count": 0,
        "last_used_at": timezone.now(),
    }
    for attempt in range(2):
        try:
            with transaction.atomic():
                device, _ = NotificationDevice.objects.update_or_create(
                    token=token, defaults=defaults
                )
            return device
        except IntegrityError:  # a concurrent registration of the same token won the insert
            if attempt:
                raise
    raise AssertionError("unreachable")


def device_remove(*, user: User, device: NotificationDevice) -> None:
    NotificationDevice.objects.filter(pk=device.pk, user=user).delete()
