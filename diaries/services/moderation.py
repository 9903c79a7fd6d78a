"""Operators act on entries (block, delete, restore) without ever reading them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, HaruError, PermissionDeniedError

from ..enums import ModerationAction, ModerationStatus
from ..models import Entry, ModerationLog


def entry_moderate(*, entry: Entry, action: str, reason: str, operator: Any) -> ModerationLog:
    """Block, delete (to the trash) or restore an entry, writing the log row in one transaction."""
    if not getattr(operator, "is_staff", False):
        raise PermissionDeniedError(_("Only operators can moderate entries."), code="not_operator")
    if action not in ModerationAction.values:
        raise HaruError(_("That is not a moderation action."), code="moderation_invalid_action")
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise HaruError(
            _("Write the reason for this action."),
            code="moderation_reason_required",
            fields={"reason": [_("This field is required.")]},
        )
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if action == ModerationAction.BLOCK:
            if locked.moderation_status == ModerationStatus.BLOCKED:
                raise ConflictError(
                    _("This entry is already blocked."), code="moderation_unchanged"
                )
            locked.moderation_status = ModerationStatus.BLOCKED
        elif action == ModerationAction.DELETE:
            if locked.deleted_at is not None:
                raise ConflictError(
                    _("This entry is already deleted."), code="moderation_unchanged"
                )
            locked.deleted_at = timezone.now()
        else:
            if locked.moderation_status == ModerationStatus.VISIBLE and locked.deleted_at is None:
                raise ConflictError(
                    _("This entry is not blocked or deleted."), code="moderation_unchanged"
                )
            locked.moderation_status = ModerationStatus.VISIBLE
            locked.deleted_at = None
        locked.save(update_fields=["moderation_status", "deleted_at"])
        log = ModerationLog.objects.create(
            entry=locked, action=action, reason=reason[:200], admin=operator
        )
    entry.moderation_status, entry.deleted_at = locked.moderation_status, locked.deleted_at
    return log
