"""The shared catalogue: habit categories and templates (seed 000 `habit_categories`, `habits`)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from habits.enums import Difficulty, HabitKind, ScheduleType


def _pick(obj, field: str) -> str:
    """The Korean or English text of a bilingual field, falling back to Korean."""
    language = (get_language() or "ko")[:2]
    if language == "en":
        return getattr(obj, f"{field}_en") or getattr(obj, f"{field}_ko")
    return getattr(obj, f"{field}_ko") or getattr(obj, f"{field}_en")


class Bilingual:
    @property
    def name(self) -> str:
        return _pick(self, "name")

    @property
    def description(self) -> str:
        return _pick(self, "description")


class HabitCategory(Bilingual, models.Model):
    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    icon = models.CharField(_("icon"), max_length=50, blank=True)
    color = models.CharField(_("colour"), max_length=7, default="#2F6B5B")
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("sort_order", "slug")
        verbose_name = _("habit category")
        verbose_name_plural = _("habit categories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(color__regex=r"^#[0-9A-Fa-f]{6}$"),
                name="habits_category_color_hex",
            )
        ]

    def __str__(self) -> str:
        return self.name


class HabitTemplate(Bilingual, models.Model):
    """A ready-made habit a user can adopt (seed 000 `habits`)."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    category = models.ForeignKey(
        HabitCategory,
        on_delete=models.PROTECT,
        related_name="templates",
        verbose_name=_("category"),
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    difficulty = models.CharField(
        _("difficulty"), max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=HabitKind.choices, default=HabitKind.BOOLEAN
    )
    default_target_count = models.PositiveIntegerField(_("default target"), default=1)
    unit_ko = models.CharField(_("unit (Korean)"), max_length=30, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=30, blank=True)
    default_schedule = models.CharField(
        _("default schedule"),
        max_length=20,
        choices=ScheduleType.choices,
        default=ScheduleType.DAILY,
    )
    default_times_per_week = models.PositiveSmallIntegerField(
        _("default times per week"), default=3
    )
    default_weekdays = ArrayField(
        models.PositiveSmallIntegerField(),
        default=list,
        blank=True,
        verbose_name=_("default weekdays"),
    )
    default_reminder_times = ArrayField(
        models.TimeField(), default=list, blank=True, verbose_name=_("default reminder times")
    )
    icon = models.CharField(_("icon"), max_length=50, blank=True)
    color = models.CharField(_("colour"), max_length=7, blank=True)
    tips_ko = ArrayField(
        models.TextField(), default=list, blank=True, verbose_name=_("tips (Korean)")
    )
    tips_en = ArrayField(
        models.TextField(), default=list, blank=True, verbose_name=_("tips (English)")
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("category__sort_order", "sort_order", "slug")
        verbose_name = _("habit template")
        verbose_name_plural = _("habit templates")
        indexes = [
            models.Index(fields=["category", "is_active"]),
            models.Index(fields=["is_featured"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_target_count__gte=1),
                name="habits_template_target_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(default_times_per_week__gte=1, default_times_per_week__lte=7),
                name="habits_template_times_per_week_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> str:
        return _pick(self, "unit")

    @property
    def tips(self) -> list[str]:
        language = (get_language() or "ko")[:2]
        return (self.tips_en if language == "en" else self.tips_ko) or self.tips_ko
