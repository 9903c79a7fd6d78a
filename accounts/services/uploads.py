"""Uploads: sniff the real type, validate images, store through Django storages, scan."""

from __future__ import annotations

import hashlib
import io
import logging
from typing import TYPE_CHECKING, Literal

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.enums import ScanStatus
from accounts.models import UploadedFile
from core.exceptions import HaruError

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile as DjangoUploadedFile

    from accounts.models import User

logger = logging.getLogger(__name__)

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
# Never accepted, whatever ``allowed`` says: programs and scripts.
BLOCKED_TYPES = {
    "application/x-msdownload",
    "application/x-executable",
    "application/x-elf",
    "application/x-mach-binary",
    "application/x-sh",
    "application/vnd.microsoft.portable-executable",
    "application/x-shockwave-flash",
}


class UploadError(HaruError):
    default_code = "invalid_upload"


def _read(file: DjangoUploadedFile, limit: int) -> bytes:
    if file.size is not None and file.size > limit:
        raise UploadError(
            _("The file is too large. The limit is %(mb)s MB.") % {"mb": _mb(limit)},
            code="file_too_large",
            fields={"file": [_("The file is too large.")]},
        )
    file.seek(0)
    content = file.read(limit + 1)
    if len(content) > limit:
        raise UploadError(
            _("The file is too large. The limit is %(mb)s MB.") % {"mb": _mb(limit)},
            code="file_too_large",
            fields={"file": [_("The file is too large.")]},
        )
    if not content:
        raise UploadError(
            _("The file is empty."), code="file_empty", fields={"file": [_("The file is empty.")]}
        )
    return content


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def _clean_image(content: bytes, mime: str) -> tuple[bytes, int, int]:
    """Open with Pillow, refuse bombs, apply EXIF rotation and re-encode without metadata
    (photos carry GPS positions)."""
    Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(content)) as opened:
            image: Image.Image = opened
            if image.width * image.height > settings.UPLOAD_MAX_IMAGE_PIXELS:
                raise UploadError(_("The image has too many pixels."), code="image_too_large")
            image = ImageOps.exif_transpose(image)
            fmt = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[mime]
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            save_kwargs = {"quality": 90} if fmt in ("JPEG", "WEBP") else {"optimize": True}
            image.save(out, format=fmt, **save_kwargs)
            return out.getvalue(), image.width, image.height
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise UploadError(
            _("This is not an image we can read. Use a JPEG, PNG or WebP picture."),
            code="invalid_image",
            fields={"file": [_("Use a JPEG, PNG or WebP picture.")]},
        ) from exc


def upload_create(
    *,
    owner: User,
    file: DjangoUploadedFile,
    context: str,
    allowed: Literal["image", "any"] = "image",
    max_bytes: int | None = None,
    related_object_id: str = "",
) -> UploadedFile:
    """Validate and store an uploaded file for ``owner``.

    The type is sniffed from the content (the client's name and Content-Type are ignored).
    ``allowed="image"`` accepts JPEG, PNG and WebP, re-encoded without metadata (EXIF/GPS);
    ``"any"`` accepts anything but executables. ``max_bytes`` defaults to
    UPLOAD_MAX_IMAGE_BYTES / UPLOAD_MAX_BYTES. A virus scan runs after commit. Raises
    ``UploadError`` (code ``file_too_large``, ``file_empty``, ``invalid_image``,
    ``file_type_not_allowed``) with a message for people.
    """
    if allowed not in ("image", "any"):
        raise ValueError("allowed must be 'image' or 'any'")
    limit = max_bytes or (
        settings.UPLOAD_MAX_IMAGE_BYTES if allowed == "image" else settings.UPLOAD_MAX_BYTES
    )
    content = _read(file, limit)
    kind = filetype.guess(content)
    mime = kind.mime if kind else "application/octet-stream"
    width = height = None
    if allowed == "image":
        if mime not in IMAGE_TYPES:
            raise UploadError(
                _("Use a JPEG, PNG or WebP picture."),
                code="file_type_not_allowed",
                fields={"file": [_("Use a JPEG, PNG or WebP picture.")]},
            )
        content, width, height = _clean_image(content, mime)
    elif mime in BLOCKED_TYPES:
        raise UploadError(
            _("Programs cannot be uploaded."),
            code="file_type_not_allowed",
            fields={"file": [_("Programs cannot be uploaded.")]},
        )
    ext = IMAGE_TYPES.get(mime) or (kind.extension if kind else "bin")
    original_name = (getattr(file, "name", "") or f"upload.{ext}").rsplit("/", 1)[-1][:255]

    upload = UploadedFile(
        owner=owner,
        context=context[:50],
        related_object_id=related_object_id,
        original_name=original_name,
        size=len(content),
        mime_type=mime,
        checksum=hashlib.sha256(content).hexdigest(),
        width=width,
        height=height,
        scan_status=ScanStatus.PENDING if settings.CLAMAV_HOST else ScanStatus.SKIPPED,
    )
    with transaction.atomic():
        upload.file.save(f"upload.{ext}", ContentFile(content), save=False)
        upload.save(force_insert=True)
        if upload.scan_status == ScanStatus.PENDING:
            _queue_scan(upload.pk)
    return upload


def _queue_scan(upload_id) -> None:
    from accounts.tasks import scan_upload

    transaction.on_commit(lambda: scan_upload.delay(str(upload_id)))


def uploads_rescan(*, upload_ids) -> int:
    """Operator action: scan these files again in the worker (infected ones stay removed).
    Returns how many were queued."""
    with transaction.atomic():
        ids = list(
            UploadedFile.objects.filter(pk__in=upload_ids)
            .exclude(scan_status=ScanStatus.INFECTED)
            .values_list("pk", flat=True)
        )
        UploadedFile.objects.filter(pk__in=ids).update(scan_status=ScanStatus.PENDING)
        for upload_id in ids:
            _queue_scan(upload_id)
    return len(ids)


def upload_scan(*, upload_id) -> UploadedFile | None:
    """Scan a stored file with clamd. Safe to run twice (only pending files are scanned)."""
    from accounts.scanning import ScanError, scan_bytes

    upload = UploadedFile.objects.filter(pk=upload_id, scan_status=ScanStatus.PENDING).first()
    if upload is None:
        return None
    with upload.file.open("rb") as handle:
        content = handle.read()
    try:
        verdict = scan_bytes(content)
    except ScanError as exc:
        status, result = ScanStatus.ERROR, {"error": str(exc)}
    else:
        status = ScanStatus.INFECTED if verdict.infected else ScanStatus.CLEAN
        result = {"signature": verdict.signature} if verdict.infected else {}
    UploadedFile.objects.filter(pk=upload.pk, scan_status=ScanStatus.PENDING).update(
        scan_status=status, scan_result=result, scanned_at=timezone.now()
    )
    if status == ScanStatus.INFECTED:
        logger.warning("upload %s is infected (%s); its file is removed", upload.pk, result)
        upload.file.delete(save=False)
    upload.refresh_from_db()
    return upload


def upload_delete(*, upload: UploadedFile) -> None:
    """Remove the stored bytes and mark the row deleted (kept for the audit trail)."""
    if upload.file:
        try:
            upload.file.delete(save=False)
        except OSError:
            logger.warning("could not delete stored file for upload %s", upload.pk)
    UploadedFile.objects.filter(pk=upload.pk).update(deleted_at=timezone.now(), file="")
