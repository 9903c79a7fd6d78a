"""Campaigns (seed 002 ``events``, ``event_attendance``): a [start, end) window of local days,
reward rules, one attendance per user per local day, rewards paid once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.enums import RewardTrigger
from content.models.bilingual import BilingualTitleAndDescription


class Event(BilingualTitleAndDescription, models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Users' local days: starts_on <= day < ends_on (no end: open-ended).
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("ends before"), null=True, blank=True)
    is_active = models.BooleanField(_("running"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ("-starts_on", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="content_event_window_not_empty",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def runs_on(self, day) -> bool:
        return (
            self.is_active
            and self.starts_on <= day
            and (self.ends_on is None or day < self.ends_on)
        )


class EventReward(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rewards")
    code = models.SlugField(_("reward code"), max_length=50)
    trigger = models.CharField(_("when"), max_length=24, choices=RewardTrigger.choices)
    days = models.PositiveSmallIntegerField(
        _("days"), default=1, help_text=_("For streak and total rules: how many days.")
    )
    points = models.PositiveIntegerField(_("points"))

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ("event", "days", "pk")
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="content_reward_code_once"),
            models.CheckConstraint(condition=Q(points__gt=0), name="content_reward_points_gt_0"),
        ]

    def __str__(self) -> str:
        return self.code


class Attendance(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    local_date = models.DateField(_("local day"))
    streak = models.PositiveSmallIntegerField(_("days in a row"), default=1)
    reward_code = models.CharField(_("reward code"), max_length=50, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ("-local_date",)
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "local_date"], name="content_attendance_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.user_id} {self.local_date}"


class RewardGrant(models.Model):
    """A reward paid: unique per (event, user, reward, period) so it is paid exactly once.
    ``period`` is the local day for daily rewards, the month for monthly ones, "" otherwise."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="grants")
    reward = models.ForeignKey(EventReward, on_delete=models.PROTECT, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10, blank=True)
    points = models.PositiveIntegerField()
    ledger_entry_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "reward", "period"], name="content_reward_paid_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reward_id} {self.user_id} {self.period}"
