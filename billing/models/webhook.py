from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from billing.enums import Provider, WebhookStatus


class WebhookEvent(models.Model):
    """Every webhook a provider sent, once: unique by (provider, event id)."""

    provider = models.CharField(max_length=10, choices=Provider.choices)
    event_id = models.CharField(max_length=200)
    event_type = models.CharField(max_length=100, blank=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        max_length=12, choices=WebhookStatus.choices, default=WebhookStatus.RECEIVED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # when a processing task was last put on the broker (None: never, e.g. Redis was down)
    queued_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-received_at",)
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=models.Q(status="received"),
                name="billing_webhook_unprocessed",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="billing_webhook_event_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_type or '?'}:{self.event_id}"
