"""Coaching messages (seed 000) and each user's coaching preferences."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coaching.enums import MessageType, Reaction, Tone
from core.fields import EncryptedTextField


class CoachingPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_preference"
    )
    tone = models.CharField(_("tone"), max_length=20, choices=Tone.choices, blank=True)
    messages_enabled = models.BooleanField(_("daily coaching messages"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("coaching preference")
        verbose_name_plural = _("coaching preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.tone or '-'}"


class CoachingMessage(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_messages"
    )
    content = models.TextField(_("message"))
    message_type = models.CharField(_("type"), max_length=20, choices=MessageType.choices)
    tone = models.CharField(_("tone"), max_length=20, choices=Tone.choices)
    context = models.JSONField(_("context used"), default=dict, blank=True)
    personalization_score = models.FloatField(_("personalisation (0-1)"), default=0.0)
    model = models.CharField(_("model"), max_length=60)
    prompt_name = models.CharField(max_length=100, blank=True)
    prompt_version = models.PositiveIntegerField(null=True, blank=True)
    local_date = models.DateField(_("day"))
    sequence = models.PositiveSmallIntegerField(default=1)
    reaction = models.CharField(_("reaction"), max_length=20, choices=Reaction.choices, blank=True)
    feedback = EncryptedTextField(_("feedback"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("coaching message")
        verbose_name_plural = _("coaching messages")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="coaching_msg_user_time"),
            models.Index(fields=["message_type"], name="coaching_msg_type"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_date", "sequence"], name="coaching_msg_once_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_type} {self.local_date}"

    @property
    def is_offline(self) -> bool:
        return self.model.startswith("local-")
