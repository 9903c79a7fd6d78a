"""Users' reports on AI answers ("Report this answer"), worked by operators as a console queue.

A flag names its output by ``output_kind`` + ``output_id`` rather than a foreign key, so any
app above coaching (diaries' AI readings, for one) can register its own kind of output with
``coaching.services.flags.register_flaggable_output``. The output's text, model and prompt
version are copied when the user flags it: the operator judges exactly what the user saw, even
after the output itself expires (AI results are kept 12 months).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.enums import FlagReason, FlagStatus
from core.fields import EncryptedTextField


class AIOutputFlag(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="ai_output_flags",
    )
    output_kind = models.CharField(_("kind of output"), max_length=40)
    output_id = models.CharField(_("output id"), max_length=64)
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    note = EncryptedTextField(_("member's note"), blank=True, default="")
    # what the member saw, copied when flagged (AI text may hold health details: encrypted)
    output_text = EncryptedTextField(_("output text"), blank=True, default="")
    model = models.CharField(_("model"), max_length=60, blank=True)
    prompt_name = models.CharField(_("prompt"), max_length=100, blank=True)
    prompt_version = models.PositiveIntegerField(_("prompt version"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    resolution_note = models.TextField(_("resolution note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # the queue's SLA clock: set when flagged, and again when a closed flag is reopened
    flagged_at = models.DateTimeField(_("flagged at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("flagged AI answer")
        verbose_name_plural = _("flagged AI answers")
        ordering = ["-flagged_at", "-pk"]
        permissions = [("review_aioutputflag", "Can resolve or dismiss flagged AI outputs")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "output_kind", "output_id"], name="coaching_flag_one_per_user"
            ),
        ]
        indexes = [
            models.Index(
                fields=["flagged_at"], name="coaching_flag_open_idx", condition=Q(status="open")
            ),
            models.Index(fields=["prompt_name", "prompt_version"], name="coaching_flag_prompt_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.output_kind} {self.output_id} ({self.get_reason_display()})"
