"""Announcements (seed 002 ``announcements``): a notice page entry and, once published, a
broadcast to a segment through ``accounts.services.notify``."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.enums import BroadcastStatus, Segment
from content.models.bilingual import BilingualTitle, pick_language


class Announcement(BilingualTitle, models.Model):
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_markdown_ko = models.TextField(_("body (Korean, Markdown)"), blank=True)
    body_markdown_en = models.TextField(_("body (English, Markdown)"), blank=True)
    body_html_ko = models.TextField(editable=False, blank=True)
    body_html_en = models.TextField(editable=False, blank=True)
    tags = ArrayField(
        models.CharField(max_length=50), verbose_name=_("tags"), default=list, blank=True
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    # Shown while published_at <= now < expires_at (no expiry: NULL).
    published_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    segment = models.CharField(
        _("send to"), max_length=16, choices=Segment.choices, default=Segment.EVERYONE
    )
    segment_value = models.CharField(_("plan code, language or cohort"), max_length=100, blank=True)
    broadcast_status = models.CharField(
        _("broadcast"),
        max_length=16,
        choices=BroadcastStatus.choices,
        default=BroadcastStatus.NOT_SENT,
    )
    broadcast_notification_id = models.UUIDField(null=True, blank=True, editable=False)
    broadcast_cursor = models.UUIDField(null=True, blank=True, editable=False)
    broadcast_sent = models.PositiveIntegerField(_("notified users"), default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ("-is_pinned", "-published_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(expires_at__gt=models.F("published_at")),
                name="content_announcement_expires_after_publish",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def body_html(self) -> str:
        return pick_language(self.body_html_ko, self.body_html_en)
