import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AdminAuditLog(models.Model):
    """One operator action in the console, on one object (seed 003 ``audit_logs``).

    Written only by ``accounts.audit.record_admin_action``: every admin action, change-form
    save and delete goes through it (see ``accounts.audit``). ``before``/``after`` hold the
    changed fields only, never secrets, encrypted text or personal details (those show as
    "[redacted]"). Rows are never edited.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(_("role"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=100)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_pk = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("operator action")
        verbose_name_plural = _("operator actions (audit trail)")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["content_type", "object_pk"], name="accounts_audit_object_idx"),
            models.Index(fields=["actor", "-created_at"], name="accounts_audit_actor_idx"),
            models.Index(fields=["action"], name="accounts_audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"
