import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import DeliveryStatus, DevicePlatform, NotificationPriority


class Notification(models.Model):
    """One message for one user, or for everyone (``user`` is None: a broadcast).

    In-app notifications appear in the inbox from ``visible_from`` until ``visible_to``.
    E-mail and push go out from ``deliver_after`` (the schedule, pushed past the user's quiet
    hours); ``delivery`` records what each channel did. Create them only with
    ``accounts.services.notify``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text=_("Empty for a broadcast to everyone."),
    )
    type = models.CharField(_("type"), max_length=64, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    channels = ArrayField(models.CharField(max_length=16), verbose_name=_("channels"), default=list)
    priority = models.CharField(
        _("priority"),
        max_length=8,
        choices=NotificationPriority.choices,
        default=NotificationPriority.NORMAL,
    )
    # NULL (not "") means "no key": the unique constraints only cover rows that have one.
    dedupe_key = models.CharField(  # noqa: DJ001
        _("dedupe key"), max_length=200, null=True, blank=True
    )

    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    deliver_after = models.DateTimeField(_("deliver after"), null=True, blank=True)
    status = models.CharField(
        _("delivery status"),
        max_length=8,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    delivery = models.JSONField(_("delivery details"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("clicked at"), null=True, blank=True)

    visible_from = models.DateTimeField(_("visible from"), default=timezone.now)
    visible_to = models.DateTimeField(_("visible until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="accounts_notif_user_idx"),
            models.Index(
                fields=["user"],
                name="accounts_notif_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["-created_at"],
                name="accounts_notif_broadcast_idx",
                condition=models.Q(user__isnull=True),
            ),
            models.Index(
                fields=["deliver_after"],
                name="accounts_notif_due_idx",
                condition=models.Q(status="pending"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                name="accounts_notif_user_dedupe",
                condition=models.Q(dedupe_key__isnull=False, user__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["dedupe_key"],
                name="accounts_notif_broadcast_dedupe",
                condition=models.Q(dedupe_key__isnull=False, user__isnull=True),
            ),
            models.CheckConstraint(
                condition=models.Q(visible_to__isnull=True)
                | models.Q(visible_to__gt=models.F("visible_from")),
                name="accounts_notif_visible_window",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_broadcast(self) -> bool:
        return self.user_id is None

    @property
    def url(self) -> str:
        value = (self.data or {}).get("url", "")
        return value if isinstance(value, str) and value.startswith("/") else ""


class NotificationAttachment(models.Model):
    """A file sent with a notification's e-mail (a booking's ``.ics``); other channels ignore it.
    Deleted with its notification."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("notification attachment")
        verbose_name_plural = _("notification attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class NotificationReceipt(models.Model):
    """A user's read/click of a broadcast (a personal notification keeps these on itself)."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="receipts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_receipts"
    )
    read_at = models.DateTimeField(_("read at"), default=timezone.now)
    clicked_at = models.DateTimeField(_("clicked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("broadcast receipt")
        verbose_name_plural = _("broadcast receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "user"], name="accounts_receipt_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.notification_id}"


class NotificationDevice(models.Model):
    """A phone or browser that can receive push messages (an FCM registration token)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_devices",
    )
    token = models.CharField(_("push token"), max_length=500, unique=True)
    platform = models.CharField(_("platform"), max_length=10, choices=DevicePlatform.choices)
    app_version = models.CharField(_("app version"), max_length=20, blank=True)
    device_model = models.CharField(_("device model"), max_length=100, blank=True)
    os_version = models.CharField(_("OS version"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    last_used_at = models.DateTimeField(_("last used"), default=timezone.now)
    failure_count = models.PositiveSmallIntegerField(_("failed sends in a row"), default=0)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("push device")
        verbose_name_plural = _("push devices")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["user"],
                name="accounts_device_active_idx",
                condition=models.Q(is_active=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.device_model}".strip()


def default_quiet_start() -> datetime.time:
    """New members' quiet hours start: a live setting operators tune (constance)."""
    from core.live_settings import live_setting

    return live_setting("QUIET_HOURS_START")


def default_quiet_end() -> datetime.time:
    from core.live_settings import live_setting

    return live_setting("QUIET_HOURS_END")


class NotificationPreference(models.Model):
    """A user's channel choices and quiet hours. In-app notifications are always kept."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    email_enabled = models.BooleanField(_("email"), default=True)
    push_enabled = models.BooleanField(_("push"), default=True)
    quiet_hours_enabled = models.BooleanField(_("quiet hours"), default=True)
    quiet_start = models.TimeField(_("quiet from"), default=default_quiet_start)
    quiet_end = models.TimeField(_("quiet until"), default=default_quiet_end)
    muted_types = ArrayField(
        models.CharField(max_length=64),
        verbose_name=_("muted types"),
        default=list,
        blank=True,
        help_text=_("Types the user turned off for email and push."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
