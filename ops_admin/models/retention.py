"""The run log of every retention job (ours and the other apps'), shown in the console."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        OK = "ok", _("Done")
        FAILED = "failed", _("Failed")

    job = models.CharField(_("job"), max_length=60, db_index=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    affected = models.BigIntegerField(_("rows affected"), default=0)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ("-started_at",)
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} {self.status}"
