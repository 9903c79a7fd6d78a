import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import ExportStatus


def export_path(instance: "DataExport", filename: str) -> str:
    return f"exports/{instance.user_id}/{instance.id}.zip"


class DataExport(models.Model):
    """A ZIP of everything Haru holds about one user, built by a Celery task."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    file = models.FileField(_("file"), upload_to=export_path, blank=True, max_length=300)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sections = models.JSONField(_("sections"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One export in progress per user at a time.
            models.UniqueConstraint(
                fields=["user"],
                name="accounts_export_one_in_progress",
                condition=models.Q(status__in=["pending", "running"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == ExportStatus.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
