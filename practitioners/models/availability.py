"""When a practitioner works: weekly rules, date overrides and blocked times (seed 003).

Rules and overrides are wall-clock times in the practitioner's time zone, so a 09:00 rule
stays 09:00 across daylight-saving changes; blocked times are instants (UTC), and a
recurring block repeats by an RFC 5545 RRULE expanded in the practitioner's time zone.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from practitioners.enums import SessionType

from .practitioner import Practitioner


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class AvailabilityRule(models.Model):
    """Open every <weekday> from ``start_time`` to ``end_time`` (practitioner's wall clock).

    An empty ``session_types`` means every session type the practitioner offers.
    """

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="availability_rules"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    session_types = ArrayField(
        models.CharField(max_length=12, choices=SessionType.choices), default=list, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("weekday", "start_time")
        verbose_name = _("weekly hours")
        verbose_name_plural = _("weekly hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time")), name="prac_rule_order"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="prac_rule_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"


class DateOverride(models.Model):
    """Hours for one date that replace the weekly rules of that date.

    Rows with ``is_unavailable`` close the whole date; otherwise each row is one open window.
    """

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="date_overrides"
    )
    date = models.DateField(_("date"))
    is_unavailable = models.BooleanField(_("closed all day"), default=False)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    session_types = ArrayField(
        models.CharField(max_length=12, choices=SessionType.choices), default=list, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("date", "start_time")
        verbose_name = _("date override")
        verbose_name_plural = _("date overrides")
        indexes = [models.Index(fields=["practitioner", "date"], name="prac_override_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_unavailable=True, start_time__isnull=True, end_time__isnull=True)
                | Q(is_unavailable=False, start_time__lt=F("end_time")),
                name="prac_override_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class BlockedTime(models.Model):
    """Time the practitioner is away: once, or repeating by ``rrule`` (RFC 5545, dateutil).

    ``starts_at``/``ends_at`` are the first occurrence; the rule repeats it in the
    practitioner's time zone (so a weekly 12:00 lunch stays at noon across DST).
    """

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="blocked_times"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    rrule = models.CharField(
        _("repeats (RRULE)"),
        max_length=500,
        blank=True,
        help_text=_("For example FREQ=WEEKLY;BYDAY=MO,WE. Leave empty for a one-off block."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("starts_at",)
        verbose_name = _("blocked time")
        verbose_name_plural = _("blocked times")
        indexes = [
            models.Index(fields=["practitioner", "starts_at", "ends_at"], name="prac_blocked_range")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="prac_blocked_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%H:%M} {self.rrule}".strip()

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)
