import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import ChangeSource, LoginClient, LoginMethod, LoginOutcome, UserState


class LoginLog(models.Model):
    """One row per sign-in attempt, successful or not, on any path (web, app, admin)."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="login_logs",
    )
    identifier = models.CharField(
        _("email or login tried"), max_length=255, blank=True, help_text=_("Lower-cased.")
    )
    method = models.CharField(_("method"), max_length=16, choices=LoginMethod.choices)
    provider = models.CharField(_("provider"), max_length=32, blank=True)
    client = models.CharField(_("client"), max_length=8, choices=LoginClient.choices)
    success = models.BooleanField(_("success"))
    reason = models.CharField(_("outcome"), max_length=24, choices=LoginOutcome.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    device = models.CharField(_("device"), max_length=100, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="accounts_loginlog_user_idx"),
            models.Index(fields=["ip", "-created_at"], name="accounts_loginlog_ip_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(success=False) | models.Q(reason="success"),
                name="accounts_loginlog_success_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier or self.user_id} {self.reason} {self.created_at:%Y-%m-%d %H:%M}"


class UserStatusLog(models.Model):
    """Every account state change: old, new, who (operator, the user, or the system) and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="status_logs",
    )
    old_state = models.CharField(_("old state"), max_length=16, choices=UserState.choices)
    new_state = models.CharField(_("new state"), max_length=16, choices=UserState.choices)
    source = models.CharField(_("changed by"), max_length=16, choices=ChangeSource.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("account state change")
        verbose_name_plural = _("account state changes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_statuslog_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(old_state=models.F("new_state")),
                name="accounts_statuslog_changes_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.old_state} → {self.new_state}"


class SafetyPause(models.Model):
    """One safety pause as a half-open period ``[starts_at, ends_at)``.

    Written only by ``accounts.services.user_set_safety_pause`` (the diaries slip policy
    calls it). ``User.safety_paused_until`` mirrors the end of the current pause; these rows
    keep every pause, so streaks can count paused days as frozen long after it ended.
    """

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="safety_pauses",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("safety pause")
        verbose_name_plural = _("safety pauses")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["user", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="safety_pause_starts_before_it_ends",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} [{self.starts_at:%Y-%m-%d %H:%M}, {self.ends_at:%Y-%m-%d %H:%M})"
