"""One row per AI call (provider or offline): tokens, latency, cost. Never any text."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coaching.enums import Arm, CallStatus


class AICallLog(models.Model):
    prompt = models.ForeignKey(
        "coaching.PromptTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
    )
    prompt_name = models.CharField(_("prompt"), max_length=100)
    prompt_version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    experiment = models.ForeignKey(
        "coaching.PromptExperiment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
    )
    arm = models.CharField(max_length=1, choices=Arm.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_ai_calls",
    )
    purpose = models.CharField(_("purpose"), max_length=40)
    counts_toward_limit = models.BooleanField(default=False)
    model = models.CharField(_("model"), max_length=60)
    status = models.CharField(_("status"), max_length=20, choices=CallStatus.choices)
    error_code = models.CharField(_("error"), max_length=60, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    tokens_in = models.PositiveIntegerField(_("tokens in"), default=0)
    tokens_out = models.PositiveIntegerField(_("tokens out"), default=0)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), default=0)
    cost_micro_usd = models.PositiveBigIntegerField(_("cost (millionths of USD)"), default=0)
    ref = models.CharField(_("reference"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("AI call")
        verbose_name_plural = _("AI calls")
        indexes = [
            models.Index(fields=["user", "created_at"], name="coaching_call_user_time"),
            models.Index(fields=["prompt_name", "created_at"], name="coaching_call_prompt_time"),
        ]

    def __str__(self) -> str:
        return f"{self.prompt_name} v{self.prompt_version} {self.status}"


class AnalysisSample(models.Model):
    """What one journal analysis measured, de-identified (no user, no text): the input that
    ``manage.py policy_shadow`` replays candidate policies over."""

    language = models.CharField(max_length=2)
    tier_a = models.FloatField()
    tier_m = models.FloatField()
    crisis = models.BooleanField(default=False)
    categories = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    policy_versions = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("analysis sample")
        verbose_name_plural = _("analysis samples")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} a={self.tier_a} m={self.tier_m}"
