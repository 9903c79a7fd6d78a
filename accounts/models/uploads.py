import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import ScanStatus


def upload_path(instance: "UploadedFile", filename: str) -> str:
    """``uploads/<context>/<yyyy>/<mm>/<uuid>.<ext>``: nothing personal in the stored path."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    now = timezone.now()
    return f"uploads/{instance.context}/{now:%Y/%m}/{instance.id}.{ext}"


class UploadedFile(models.Model):
    """A file someone uploaded, stored through Django's default storage (disk or S3).

    The MIME type is sniffed from the bytes, never taken from the client. Create these only
    with ``accounts.services.upload_create``; serve them through ``accounts:file``, which
    checks who asks.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="uploads",
    )
    context = models.CharField(
        _("context"), max_length=50, help_text=_("What it is for, e.g. avatar, diary, message.")
    )
    related_object_id = models.CharField(_("related object"), max_length=64, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=300)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    mime_type = models.CharField(_("MIME type"), max_length=100)
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    scan_status = models.CharField(
        _("virus scan"), max_length=10, choices=ScanStatus.choices, default=ScanStatus.PENDING
    )
    scan_result = models.JSONField(_("scan result"), default=dict, blank=True)
    scanned_at = models.DateTimeField(_("scanned at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "context"], name="accounts_upload_owner_idx"),
            models.Index(
                fields=["created_at"],
                name="accounts_upload_scan_idx",
                condition=models.Q(scan_status="pending"),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="accounts_upload_size_pos"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    @property
    def is_available(self) -> bool:
        return self.deleted_at is None and self.scan_status != ScanStatus.INFECTED
