"""AI policies (seed 002): versions per name, an active pointer per scope, overrides with expiry."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coaching.enums import PolicyName, PolicyScope


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=[],
    model_name="PolicyVersionHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class PolicyVersion(models.Model):
    """An immutable snapshot of one policy's rules (thresholds, word lists, weights)."""

    name = models.CharField(_("policy"), max_length=20, choices=PolicyName.choices)
    version = models.PositiveIntegerField(_("version"))
    rules = models.JSONField(_("rules"), default=dict)
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "-version")
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="coaching_policy_version_uniq"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="coaching_policy_version_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=[],
    model_name="PolicyActiveHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class PolicyActive(models.Model):
    """The active pointer: which version applies, to everyone or to one user."""

    name = models.CharField(_("policy"), max_length=20, choices=PolicyName.choices)
    scope = models.CharField(
        _("scope"), max_length=10, choices=PolicyScope.choices, default=PolicyScope.GLOBAL
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coaching_policy_pointers",
    )
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="pointers")
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("active policy")
        verbose_name_plural = _("active policies")
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(user__isnull=True), name="coaching_policy_one_global"
            ),
            models.UniqueConstraint(
                fields=["name", "user"],
                condition=Q(user__isnull=False),
                name="coaching_policy_one_per_user",
            ),
            models.CheckConstraint(
                condition=(Q(scope=PolicyScope.GLOBAL) & Q(user__isnull=True))
                | (Q(scope=PolicyScope.USER) & Q(user__isnull=False)),
                name="coaching_policy_scope_matches_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → v{self.version.version} ({self.scope})"


class PolicyActivation(models.Model):
    """Who switched which pointer, from which version to which, and why (append-only)."""

    name = models.CharField(_("policy"), max_length=20, choices=PolicyName.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=PolicyScope.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_version = models.PositiveIntegerField(_("from version"), null=True, blank=True)
    to_version = models.PositiveIntegerField(_("to version"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("policy activation")
        verbose_name_plural = _("policy activations")

    def __str__(self) -> str:
        return f"{self.name} v{self.from_version} → v{self.to_version}"


class PolicyOverride(models.Model):
    """A temporary change to one rule key (A/B, hotfix, support case), global or for one user."""

    name = models.CharField(_("policy"), max_length=20, choices=PolicyName.choices)
    key = models.CharField(
        _("rule key"), max_length=100, help_text=_("Dotted path into the rules, e.g. 'tone'.")
    )
    value = models.JSONField(_("value"))
    scope = models.CharField(
        _("scope"), max_length=10, choices=PolicyScope.choices, default=PolicyScope.GLOBAL
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coaching_policy_overrides",
    )
    reason = models.CharField(_("reason"), max_length=300)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "created_at")
        verbose_name = _("policy override")
        verbose_name_plural = _("policy overrides")
        indexes = [models.Index(fields=["name", "expires_at"], name="coaching_override_name_exp")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope=PolicyScope.GLOBAL) & Q(user__isnull=True))
                | (Q(scope=PolicyScope.USER) & Q(user__isnull=False)),
                name="coaching_override_scope_matches_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}.{self.key} ({self.scope})"
