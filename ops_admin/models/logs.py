"""API call logs (seed 002 ``api_logs``, partitioned by month like analytics events) and
error logs grouped by stack hash (seed 002 ``error_logs``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiLog(models.Model):
    """One API call: never a body, a query string, a header or a token.

    ``endpoint`` is the resolver's route (``api/v1/habits/<uuid:pk>/``), not the raw path, so
    ids never land here. ``weight`` is 1 / sampling rate (1 for calls logged because they
    failed), so sums of weights estimate call counts. Table partitioned by month (see
    ``AnalyticsEvent`` for why ``id`` is Django's primary key)."""

    id = models.BigAutoField(primary_key=True)
    method = models.CharField(_("method"), max_length=8)
    endpoint = models.CharField(_("endpoint"), max_length=200)
    status_code = models.PositiveSmallIntegerField(_("status"))
    latency_ms = models.PositiveIntegerField(_("latency (ms)"))
    user_id = models.UUIDField(_("user"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, default="")
    weight = models.FloatField(_("weight"), default=1.0)
    created_at = models.DateTimeField(_("called at"))

    class Meta:
        managed = False
        db_table = "ops_admin_api_log"
        ordering = ("-created_at",)
        verbose_name = _("API log")
        verbose_name_plural = _("API logs")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint} {self.status_code}"


class Severity(models.TextChoices):
    INFO = "info", _("Info")
    WARN = "warn", _("Warning")
    ERROR = "error", _("Error")
    FATAL = "fatal", _("Fatal")


class ErrorGroup(models.Model):
    """Every occurrence of one error, grouped by the hash of its normalised stack (exception
    type + module and function of each frame, no line numbers or values)."""

    fingerprint = models.CharField(_("stack hash"), max_length=64, unique=True)
    service = models.CharField(_("service"), max_length=30)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    logger = models.CharField(_("logger"), max_length=120)
    exception_type = models.CharField(_("exception"), max_length=120, blank=True)
    message = models.TextField(_("message"))
    stack = models.TextField(_("stack"), blank=True)
    count = models.PositiveIntegerField(_("occurrences"), default=0)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        ordering = ("-last_seen",)
        verbose_name = _("error group")
        verbose_name_plural = _("error logs")

    def __str__(self) -> str:
        return f"{self.exception_type or self.logger}: {self.message[:80]}"


class ErrorOccurrence(models.Model):
    """One logged error (a row of seed 002's ``error_logs``)."""

    group = models.ForeignKey(ErrorGroup, on_delete=models.CASCADE, related_name="occurrences")
    message = models.TextField(_("message"))
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)

    class Meta:
        ordering = ("-occurred_at",)
        verbose_name = _("error occurrence")
        verbose_name_plural = _("error occurrences")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.message[:60]}"
