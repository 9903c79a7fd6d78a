"""Achievements with unlock criteria as data (seed 000 `achievements`, `user_achievements`)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from habits.enums import Rarity

from .catalog import Bilingual


class Achievement(Bilingual, models.Model):
    """``criteria`` is one rule, e.g. ``{"type": "streak", "days": 30}``.

    The rule types and their evaluators live in ``habits.services.achievements``.
    """

    code = models.SlugField(_("code"), max_length=50, primary_key=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description_ko = models.TextField(_("description (Korean)"))
    description_en = models.TextField(_("description (English)"))
    icon = models.CharField(_("icon"), max_length=50)
    color = models.CharField(_("colour"), max_length=7, blank=True)
    rarity = models.CharField(
        _("rarity"), max_length=20, choices=Rarity.choices, default=Rarity.COMMON
    )
    criteria = models.JSONField(_("criteria"))
    points = models.PositiveIntegerField(_("points"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("sort_order", "code")
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")

    def __str__(self) -> str:
        return self.name


class UserAchievement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="achievements"
    )
    achievement = models.ForeignKey(
        Achievement, on_delete=models.PROTECT, related_name="unlocks", verbose_name=_("achievement")
    )
    context = models.JSONField(_("what earned it"), default=dict, blank=True)
    points_earned = models.PositiveIntegerField(_("points earned"), default=0)
    earned_at = models.DateTimeField(_("earned at"), auto_now_add=True)

    class Meta:
        ordering = ("-earned_at",)
        verbose_name = _("unlocked achievement")
        verbose_name_plural = _("unlocked achievements")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "achievement"], name="habits_user_achievement_once"
            )
        ]
        indexes = [models.Index(fields=["user", "earned_at"], name="habits_userach_user_time")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.achievement_id}"

    @property
    def created_at(self):
        return self.earned_at
