"""FAQ (seed 002 ``support_faq``): ordered categories, ko/en entries, votes, missed searches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.models.bilingual import pick_language


class FaqCategory(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("FAQ category")
        verbose_name_plural = _("FAQ categories")
        ordering = ("position", "pk")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.name_ko, self.name_en)


class FaqEntry(models.Model):
    category = models.ForeignKey(
        FaqCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("category"),
    )
    question_ko = models.CharField(_("question (Korean)"), max_length=300, blank=True)
    question_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    answer_markdown_ko = models.TextField(_("answer (Korean, Markdown)"), blank=True)
    answer_markdown_en = models.TextField(_("answer (English, Markdown)"), blank=True)
    answer_html_ko = models.TextField(editable=False, blank=True)
    answer_html_en = models.TextField(editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown"), default=False)
    helpful_count = models.PositiveIntegerField(_("helpful"), default=0)
    not_helpful_count = models.PositiveIntegerField(_("not helpful"), default=0)
    source = models.CharField(_("source"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ("category__position", "position", "pk")

    def __str__(self) -> str:
        return self.question

    @property
    def question(self) -> str:
        return pick_language(self.question_ko, self.question_en)

    @property
    def answer_html(self) -> str:
        return pick_language(self.answer_html_ko, self.answer_html_en)


class FaqVote(models.Model):
    entry = models.ForeignKey(FaqEntry, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="content_faq_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.helpful}"


class FaqSearchMiss(models.Model):
    """A FAQ search that found nothing, counted per normalised query, for operators."""

    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=2)
    count = models.PositiveIntegerField(_("times"), default=1)
    last_searched_at = models.DateTimeField(_("last searched"), default=timezone.now)

    class Meta:
        verbose_name = _("FAQ search without results")
        verbose_name_plural = _("FAQ searches without results")
        ordering = ("-count", "-last_searched_at")
        constraints = [
            models.UniqueConstraint(fields=["query", "language"], name="content_faq_miss_once")
        ]

    def __str__(self) -> str:
        return self.query
