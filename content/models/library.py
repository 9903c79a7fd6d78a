"""The library (seed 003 ``content_library`` + seed 001 ``content_items``): one item, a
translation per language, per-user reactions and reading progress."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.enums import Difficulty, ItemKind, ItemStatus, Language, Reaction


class ContentItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    kind = models.CharField(_("type"), max_length=16, choices=ItemKind.choices)
    category = models.CharField(_("category"), max_length=100, blank=True, db_index=True)
    tags = ArrayField(
        models.CharField(max_length=50), verbose_name=_("tags"), default=list, blank=True
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=16, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    audience = ArrayField(
        models.CharField(max_length=50), verbose_name=_("audience"), default=list, blank=True
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("reading or listening time (minutes)"), default=5
    )
    cover_image_url = models.URLField(_("cover image"), max_length=500, blank=True)
    media_url = models.URLField(_("video or audio"), max_length=500, blank=True)
    is_premium = models.BooleanField(
        _("premium"), default=False, help_text=_("Only plans with premium content can open it.")
    )
    # Authors: an editor account, and optionally the practitioner it speaks for (by id only:
    # content does not import practitioners).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    practitioner_id = models.UUIDField(_("practitioner id"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text=_("Leave empty to publish on approval.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # Counters are flushed in batches from Redis (content.counters), never per view.
    view_count = models.PositiveIntegerField(_("views"), default=0)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    bookmark_count = models.PositiveIntegerField(_("bookmarks"), default=0)
    share_count = models.PositiveIntegerField(_("shares"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        ordering = ("-published_at", "-created_at")
        permissions = [
            ("submit_contentitem", _("Can send a library item to review")),
            ("publish_contentitem", _("Can approve and publish a library item")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="content_item_status_pub"),
            GinIndex(fields=["tags"], name="content_item_tags"),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_live(self) -> bool:
        return self.status == ItemStatus.PUBLISHED


class ContentTranslation(models.Model):
    """One language of an item. ``body_html`` is the sanitised rendering of ``body_markdown``,
    made when the text is saved; pages show only that."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=255)
    excerpt = models.TextField(_("excerpt"), blank=True)
    body_markdown = models.TextField(_("body (Markdown)"))
    body_html = models.TextField(_("body (sanitised HTML)"), editable=False, blank=True)
    seo_title = models.CharField(_("SEO title"), max_length=120, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=300, blank=True)
    # Plain text for Korean search (pg_trgm), a tsvector for English full-text search.
    search_text = models.TextField(editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="content_translation_once")
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="content_tr_vector"),
            GinIndex(name="content_tr_trgm", fields=["search_text"], opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class ContentReaction(models.Model):
    """A like or a bookmark: one row per user, item and kind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=16, choices=Reaction.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "item", "kind"], name="content_reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id}"


class ContentProgress(models.Model):
    """How far a user got in an item ("continue where you left off")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="progress")
    percent = models.PositiveSmallIntegerField(default=0)
    position_seconds = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="content_progress_once"),
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="content_progress_percent_le_100"
            ),
        ]
        indexes = [models.Index(fields=["user", "-updated_at"], name="content_progress_recent")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.percent}%"
