"""Core's own tables: shared plumbing every app uses."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """One ``Idempotency-Key`` a user sent, and what the first request answered.

    Unique by (user, key): the insert is the lock that keeps a repeat from running twice.
    ``scope`` names the operation (``billing.credit_pack.purchase``) and ``fingerprint`` the
    request (method, path, body); a key sent again with another request is refused. See
    ``core.idempotency``.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_records"
    )
    key = models.CharField(_("key"), max_length=255)
    scope = models.CharField(_("operation"), max_length=100)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    response_headers = models.JSONField(default=dict, blank=True)
    result_ref = models.CharField(_("result"), max_length=200, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_user_key"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} ({self.status})"
