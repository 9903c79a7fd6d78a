"""Product analytics: raw events (partitioned by month), daily per-user rollups, rule-based
cohorts and the console's daily KPI rollup.

``AnalyticsEvent`` is ``managed = False``: its table is created by RunSQL in the migration as
a PostgreSQL table ``PARTITION BY RANGE (occurred_at)`` with one partition per month and a
default partition (``ops_admin.partitions``). PostgreSQL requires the partition key in the
primary key, so the database's key is ``(id, occurred_at)``. Django sees ``id`` as the primary
key: it is unique on its own (one bigserial sequence feeds every partition), and a
``CompositePrimaryKey`` would keep the model out of the admin (Django 5.2 does not support
composite keys there). Rows are only ever inserted in batches (COPY) and dropped per partition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnalyticsEvent(models.Model):
    """One product event (seeds 000 app_events, 001 analytics_events, 003 user_activity_logs)."""

    id = models.BigAutoField(primary_key=True)
    name = models.CharField(_("event"), max_length=64)
    # A plain UUID, not a foreign key: events outlive nothing and are de-identified (NULL) when
    # the account is anonymised; a constraint on a partitioned table of this volume buys nothing.
    user_id = models.UUIDField(_("user"), null=True, blank=True)
    session_id = models.CharField(_("session"), max_length=64, blank=True, default="")
    properties = models.JSONField(_("properties"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    received_at = models.DateTimeField(_("stored at"), default=timezone.now)

    class Meta:
        managed = False
        db_table = "ops_admin_analytics_event"
        ordering = ("-occurred_at",)
        verbose_name = _("analytics event")
        verbose_name_plural = _("analytics events")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.name} {self.occurred_at:%Y-%m-%d %H:%M}"


class UserDailyAnalytics(models.Model):
    """One user's day, counted from their events (seed 000 ``user_analytics``). Idempotent:
    recomputing a day overwrites its row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_analytics"
    )
    date = models.DateField(_("date"))
    events = models.PositiveIntegerField(_("events"), default=0)
    app_opens = models.PositiveIntegerField(_("app opens"), default=0)
    habit_checks = models.PositiveIntegerField(_("habit check-ins"), default=0)
    diaries_written = models.PositiveIntegerField(_("diaries written"), default=0)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    longest_streak = models.PositiveIntegerField(_("longest streak"), default=0)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        ordering = ("-date",)
        verbose_name = _("daily user analytics")
        verbose_name_plural = _("daily user analytics")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="ops_user_daily_unique")
        ]
        indexes = [models.Index(fields=["date"], name="ops_user_daily_date")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.date}"


class Cohort(models.Model):
    """A group of users defined by rules (seed 001 ``cohorts.definition_json``), refreshed
    nightly. Rules (all must hold): ``signup_month`` "2026-11", ``plan`` (a plan code of a
    live subscription, or "free"), ``language`` "ko", ``min_streak`` 7."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("key"), max_length=60, unique=True)
    rules = models.JSONField(_("rules"), default=dict)
    member_count = models.PositiveIntegerField(_("members"), default=0, editable=False)
    refreshed_at = models.DateTimeField(_("refreshed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return self.name


class CohortMembership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="ops_cohort_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id}:{self.user_id}"


class DailyKpi(models.Model):
    """One KPI's value on one platform day (Asia/Seoul), written by the rollup job. Long format
    (day, key, value) so that a KPI added to the registry needs no migration. ``value`` is an
    integer in the KPI's unit (counts, KRW, basis points, millionths of USD); NULL means the
    source is not available (e.g. an app that has no models yet)."""

    day = models.DateField(_("day"))
    key = models.CharField(_("KPI"), max_length=40)
    value = models.BigIntegerField(_("value"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        ordering = ("-day", "key")
        verbose_name = _("daily KPI")
        verbose_name_plural = _("daily KPIs")
        default_permissions = ("view",)
        constraints = [models.UniqueConstraint(fields=["day", "key"], name="ops_kpi_day_key")]

    def __str__(self) -> str:
        return f"{self.day} {self.key}={self.value}"
