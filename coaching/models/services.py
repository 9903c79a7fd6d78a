"""AI services paid in credits (seed 004): catalogue, results with share tokens, chat."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coaching.enums import ChatRole, ResultStatus, ServiceCategory
from core.fields import EncryptedJSONField, EncryptedTextField


class AIService(models.Model):
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices)
    service_type = models.SlugField(_("service type"), max_length=60, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    credit_cost = models.PositiveIntegerField(_("credits per use"))
    input_schema = models.JSONField(
        _("input form"),
        default=list,
        blank=True,
        help_text=_(
            "List of fields: name, type (text/textarea/date/choice), label_ko, label_en, "
            "required, max_length, choices."
        ),
    )
    is_entertainment = models.BooleanField(
        _("entertainment reading"),
        default=True,
        help_text=_("Paused (and refunded) while the user's recent risk is elevated."),
    )
    is_active = models.BooleanField(_("available"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("order", "service_type")
        verbose_name = _("AI service")
        verbose_name_plural = _("AI services")

    def __str__(self) -> str:
        return self.service_type

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ko").startswith("en") else self.name_ko

    @property
    def description(self) -> str:
        if (get_language() or "ko").startswith("en"):
            return self.description_en
        return self.description_ko


class ServiceResult(models.Model):
    """One paid request and its result: recorded in the transaction that debits the credits."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coaching_service_results",
    )
    service = models.ForeignKey(AIService, on_delete=models.PROTECT, related_name="results")
    idempotency_key = models.CharField(_("idempotency key"), max_length=100)
    input_fingerprint = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.PENDING
    )
    input_data = EncryptedJSONField(_("input"), null=True, blank=True)
    result_data = EncryptedJSONField(_("result"), null=True, blank=True)
    model = models.CharField(_("model"), max_length=60, blank=True)
    prompt = models.ForeignKey(
        "coaching.PromptTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
    )
    prompt_version = models.PositiveIntegerField(null=True, blank=True)
    experiment = models.ForeignKey(
        "coaching.PromptExperiment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
    )
    arm = models.CharField(max_length=1, blank=True)
    safety_level = models.CharField(max_length=10, blank=True)
    tokens_used = models.PositiveIntegerField(_("tokens"), default=0)
    processing_ms = models.PositiveIntegerField(_("processing time (ms)"), default=0)
    credits_charged = models.PositiveIntegerField(_("credits charged"), default=0)
    credits_refunded = models.PositiveIntegerField(_("credits returned"), default=0)
    error_code = models.CharField(max_length=60, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating (1-5)"), null=True, blank=True)
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("AI service result")
        verbose_name_plural = _("AI service results")
        indexes = [models.Index(fields=["user", "-created_at"], name="coaching_result_user_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"], name="coaching_result_idempotency"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="coaching_result_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.status}"

    @property
    def is_offline(self) -> bool:
        return self.model.startswith("local-")


class ChatConversation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_conversations"
    )
    title = models.CharField(_("title"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-updated_at",)
        verbose_name = _("chat conversation")
        verbose_name_plural = _("chat conversations")

    def __str__(self) -> str:
        return self.title or str(self.id)


class ChatMessage(models.Model):
    conversation = models.ForeignKey(
        ChatConversation, on_delete=models.CASCADE, related_name="messages"
    )
    role = models.CharField(max_length=10, choices=ChatRole.choices)
    content = EncryptedTextField(_("message"))
    safety_level = models.CharField(max_length=10, blank=True)
    model = models.CharField(max_length=60, blank=True)
    tokens = models.PositiveIntegerField(default=0)
    result = models.ForeignKey(
        ServiceResult, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")

    def __str__(self) -> str:
        return f"{self.role} {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else self.role
