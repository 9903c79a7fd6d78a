"""Data export: the user asks, a Celery task builds a ZIP of JSON files, the link expires."""

from __future__ import annotations

import datetime
import io
import json
import logging
import zipfile
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import exports as registry
from accounts.enums import ExportStatus
from accounts.models import DataExport, UploadedFile
from core.exceptions import ConflictError

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def data_export_request(*, user: User) -> DataExport:
    """Queue an export for the user. Only one can be in progress at a time."""
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
    except IntegrityError as exc:
        raise ConflictError(
            _("Your previous export is still being prepared."), code="export_in_progress"
        ) from exc
    from accounts.tasks import build_data_export

    export_id = str(export.pk)
    transaction.on_commit(lambda: build_data_export.delay(export_id))
    return export


def _json(data: object) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def data_export_build(*, export_id) -> DataExport | None:
    """Build the ZIP: one ``<name>.json`` per registered exporter, the user's uploaded files
    under ``files/``, and a README. Safe to run twice: only a pending export is built, or one
    whose worker died while building it (running for longer than a task may run), which the
    broker hands out again after its visibility timeout (``acks_late``)."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = (
        DataExport.objects.filter(pk=export_id)
        .filter(
            Q(status=ExportStatus.PENDING) | Q(status=ExportStatus.RUNNING, started_at__lt=stale)
        )
        .update(status=ExportStatus.RUNNING, started_at=now)
    )
    if not claimed:
        return DataExport.objects.filter(pk=export_id).first()
    export = DataExport.objects.select_related("user").get(pk=export_id)
    user = export.user
    buffer = io.BytesIO()
    sections: list[str] = []
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, exporter in registry.exporters().items():
                archive.writestr(f"{name}.json", _json(exporter(user)))
                sections.append(name)
            for upload in UploadedFile.objects.filter(owner=user, deleted_at__isnull=True):
                if not upload.file:
                    continue
                try:
                    with upload.file.open("rb") as handle:
                        ext = (upload.file.name or "").rsplit(".", 1)[-1]
                        archive.writestr(f"files/{upload.context}/{upload.pk}.{ext}", handle.read())
                except OSError:
                    logger.warning("export %s: file of upload %s is missing", export.pk, upload.pk)
            archive.writestr("README.txt", _readme(user=user, sections=sections))
    except Exception as exc:
        logger.exception("export %s failed", export.pk)
        DataExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, error=exc.__class__.__name__, finished_at=timezone.now()
        )
        export.refresh_from_db()
        return export

    now = timezone.now()
    export.file.save(f"{export.pk}.zip", ContentFile(buffer.getvalue()), save=False)
    export.size = buffer.tell()
    export.sections = sections
    export.status = ExportStatus.READY
    export.finished_at = now
    export.expires_at = now + datetime.timedelta(days=settings.ACCOUNTS_EXPORT_LINK_DAYS)
    export.save(update_fields=["file", "size", "sections", "status", "finished_at", "expires_at"])

    from accounts.services.notifications import notify

    notify(
        user=user,
        type="data_export_ready",
        title=gettext_lazy("Your data export is ready"),
        body=gettext_lazy(
            "Download it from the Your data page. The link works for a limited time."
        ),
        data={"url": "/accounts/data/"},
        channels=("in_app", "email"),
        dedupe_key=f"export:{export.pk}",
    )
    return export


def _readme(*, user: User, sections: list[str]) -> str:
    lines = [
        "Haru data export",
        f"Account: {user.pk}",
        f"Created: {timezone.now().isoformat()}",
        "",
        "Each .json file holds what one part of Haru stores about you:",
        *[f"  - {name}.json" for name in sections],
        "files/ holds the files you uploaded.",
    ]
    return "\n".join(lines) + "\n"


def data_export_record_download(*, export: DataExport) -> None:
    DataExport.objects.filter(pk=export.pk).update(download_count=export.download_count + 1)


def data_export_purge_expired() -> int:
    """Delete the files of exports whose link expired (idempotent)."""
    expired = DataExport.objects.filter(status=ExportStatus.READY, expires_at__lte=timezone.now())
    count = 0
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        DataExport.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED, file="")
        count += 1
    return count
