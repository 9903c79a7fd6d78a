"""Health metrics as an append-only time series, goals, and device integrations
(seed 001 `health_metrics`, `health_goals`, `health_integrations`)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from habits.enums import GoalDirection, IntegrationProvider, MetricSource
from habits.metric_types import METRIC_CHOICES, METRICS


class HealthMetric(models.Model):
    """One measurement. Immutable once written (a database trigger refuses UPDATE)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_metrics"
    )
    metric_type = models.CharField(_("metric"), max_length=30, choices=METRIC_CHOICES)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=10)
    source = models.CharField(
        _("source"), max_length=20, choices=MetricSource.choices, default=MetricSource.MANUAL
    )
    source_device = models.CharField(_("device"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("measured at"))
    local_date = models.DateField(_("day"))
    synced_at = models.DateTimeField(_("synced at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-recorded_at",)
        verbose_name = _("health metric")
        verbose_name_plural = _("health metrics")
        indexes = [
            models.Index(
                "user", "metric_type", models.F("recorded_at").desc(), name="habits_metric_series"
            ),
            models.Index(fields=["user", "local_date"], name="habits_metric_user_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "metric_type", "source", "recorded_at"],
                name="habits_metric_idempotent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric_type} {self.value} {self.unit}"

    @property
    def spec(self):
        return METRICS[self.metric_type]


class HealthGoal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_goals"
    )
    metric_type = models.CharField(_("metric"), max_length=30, choices=METRIC_CHOICES)
    target_value = models.DecimalField(_("target"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=10)
    direction = models.CharField(
        _("direction"), max_length=10, choices=GoalDirection.choices, default=GoalDirection.AT_LEAST
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("metric_type", "-created_at")
        verbose_name = _("health goal")
        verbose_name_plural = _("health goals")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "metric_type"],
                condition=models.Q(is_active=True),
                name="habits_goal_one_active_per_metric",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gt=models.F("start_date")),
                name="habits_goal_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric_type} {self.direction} {self.target_value}"


class HealthIntegration(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_integrations"
    )
    provider = models.CharField(_("provider"), max_length=20, choices=IntegrationProvider.choices)
    external_user_id = models.CharField(_("account id at provider"), max_length=200, blank=True)
    access_token = EncryptedTextField(null=True, blank=True)
    refresh_token = EncryptedTextField(null=True, blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    scopes = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(_("connected"), default=True)
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("provider",)
        verbose_name = _("health integration")
        verbose_name_plural = _("health integrations")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="habits_integration_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.provider}"
