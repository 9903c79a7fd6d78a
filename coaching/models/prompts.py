"""Prompt registry (seeds 000 ai_prompt_templates, 002 prompt_registry, 004 prompt_templates)
and A/B experiments between two versions (seed 004 prompt_experiments)."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coaching.enums import Arm, ExperimentStatus, OutputFormat, Winner


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["usage_count", "failure_count", "tokens_total", "latency_total_ms", "updated_at"],
    model_name="PromptTemplateHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class PromptTemplate(models.Model):
    """One version of one prompt. Immutable once used (``usage_count > 0``)."""

    name = models.CharField(
        _("name or service type"),
        max_length=100,
        help_text=_("Task or service this prompt serves, e.g. journal_analysis, tarot."),
    )
    version = models.PositiveIntegerField(_("version"))
    model = models.CharField(_("model"), max_length=60)
    system_prompt = models.TextField(_("system prompt"), blank=True)
    user_template = models.TextField(
        _("user template"), help_text=_("Placeholders as {{ variable }}; declare each below.")
    )
    variables = models.JSONField(_("declared variables"), default=list, blank=True)
    parameters = models.JSONField(
        _("parameters"), default=dict, blank=True, help_text=_("temperature, max_tokens …")
    )
    output_format = models.CharField(
        _("output format"), max_length=10, choices=OutputFormat.choices, default=OutputFormat.JSON
    )
    json_schema = models.JSONField(_("output JSON schema"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    author = models.CharField(_("author"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=False)
    # Set when an operator takes the version out of service (flagged answers): it can never
    # be activated or tested again, so a later rollback cannot bring it back.
    disabled_at = models.DateTimeField(_("taken out of service"), null=True, blank=True)
    usage_count = models.PositiveIntegerField(_("uses"), default=0)
    failure_count = models.PositiveIntegerField(_("failures"), default=0)
    tokens_total = models.PositiveBigIntegerField(_("tokens in total"), default=0)
    latency_total_ms = models.PositiveBigIntegerField(_("latency in total (ms)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "-version")
        verbose_name = _("prompt")
        verbose_name_plural = _("prompts")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="coaching_prompt_version_uniq"
            ),
            models.UniqueConstraint(
                fields=["name"], condition=Q(is_active=True), name="coaching_prompt_one_active"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="coaching_prompt_version_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.usage_count > 0

    @property
    def avg_tokens(self) -> int | None:
        return self.tokens_total // self.usage_count if self.usage_count else None

    @property
    def avg_latency_ms(self) -> int | None:
        return self.latency_total_ms // self.usage_count if self.usage_count else None

    @property
    def failure_rate(self) -> float | None:
        return self.failure_count / self.usage_count if self.usage_count else None


class PromptExperiment(models.Model):
    """A/B test between two versions of one prompt; sticky per user."""

    name = models.CharField(_("prompt name"), max_length=100)
    template_a = models.ForeignKey(
        PromptTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("version A")
    )
    template_b = models.ForeignKey(
        PromptTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("version B")
    )
    traffic_split = models.PositiveSmallIntegerField(
        _("traffic to A (%)"), default=50, help_text=_("Share of users who get version A.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExperimentStatus.choices,
        default=ExperimentStatus.RUNNING,
    )
    a_count = models.PositiveIntegerField(_("A uses"), default=0)
    b_count = models.PositiveIntegerField(_("B uses"), default=0)
    a_failures = models.PositiveIntegerField(_("A failures"), default=0)
    b_failures = models.PositiveIntegerField(_("B failures"), default=0)
    a_rating_sum = models.PositiveIntegerField(default=0)
    a_rating_count = models.PositiveIntegerField(default=0)
    b_rating_sum = models.PositiveIntegerField(default=0)
    b_rating_count = models.PositiveIntegerField(default=0)
    winner = models.CharField(_("winner"), max_length=3, choices=Winner.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.CharField(_("why"), max_length=300, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ("-started_at",)
        verbose_name = _("prompt experiment")
        verbose_name_plural = _("prompt experiments")
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(status=ExperimentStatus.RUNNING),
                name="coaching_experiment_one_running",
            ),
            models.CheckConstraint(
                condition=Q(traffic_split__gte=0, traffic_split__lte=100),
                name="coaching_experiment_split_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: v{self.template_a.version} vs v{self.template_b.version}"


class ExperimentAssignment(models.Model):
    """Which arm a user got, kept so the user stays on it even if the split changes."""

    experiment = models.ForeignKey(
        PromptExperiment, on_delete=models.CASCADE, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_experiments"
    )
    arm = models.CharField(max_length=1, choices=Arm.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("experiment assignment")
        verbose_name_plural = _("experiment assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["experiment", "user"], name="coaching_assignment_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.experiment_id}:{self.arm}"
