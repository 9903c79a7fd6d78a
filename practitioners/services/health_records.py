"""Health profile, records and the client's consent to share them.

A practitioner reaches a client's health data only through ``share_get_live`` (a consent not
revoked and not yet expired, half-open ``[created, expires_at)``), and every read, export,
share and write leaves a ``HealthAccessLog`` row in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import notify
from practitioners.models import (
    HealthAccessLog,
    HealthProfile,
    HealthRecord,
    HealthShare,
    Practitioner,
)
from practitioners.social.enums import (
    PRACTITIONER_RECORD_KINDS,
    HealthAccessAction,
    HealthRecordKind,
    SharePermission,
)
from practitioners.social.exceptions import InvalidShare, ShareNotActive, ShareReadOnly

if TYPE_CHECKING:
    from accounts.models import User

PROFILE_FIELDS = (
    "blood_type",
    "allergies",
    "conditions",
    "medications",
    "goals",
    "emergency_info",
    "physician",
)
MAX_SHARE_DAYS = 366
TARGET_PROFILE = "profile"
TARGET_RECORDS = "records"
TARGET_RECORD = "record"
TARGET_ALL = "all"


@dataclass(frozen=True)
class ClientHealthView:
    """What a practitioner may see of one client right now (already written to the log)."""

    share: HealthShare
    profile: HealthProfile | None
    records: list[HealthRecord]


def _actor_name(actor: User, practitioner: Practitioner | None = None) -> str:
    if practitioner is not None:
        return practitioner.display_name[:150]
    return (actor.nickname or actor.name or str(actor.pk))[:150]


def access_log_write(
    *,
    client_id,
    actor: User,
    action: str,
    target: str,
    practitioner: Practitioner | None = None,
    record: HealthRecord | None = None,
    share: HealthShare | None = None,
) -> HealthAccessLog:
    return HealthAccessLog.objects.create(
        client_id=client_id,
        actor=actor,
        actor_name=_actor_name(actor, practitioner),
        action=action,
        target=target,
        record=record,
        share=share,
    )


# --- the client's own data ----------------------------------------------------------------------


def health_profile_update(*, user: User, **fields: str) -> HealthProfile:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    with transaction.atomic():
        profile, _created = HealthProfile.objects.select_for_update().get_or_create(user=user)
        for name, value in fields.items():
            setattr(profile, name, (value or "").strip()[:2000])
        profile.save()
    return profile


def health_record_add_own(*, client: User, title: str, body: str) -> HealthRecord:
    """A note the client keeps about themselves (shared like everything else)."""
    return HealthRecord.objects.create(
        client=client,
        author=client,
        kind=HealthRecordKind.OWN_NOTE,
        title=title.strip()[:200],
        body=body.strip()[:20000],
    )


def health_export_own(*, client: User) -> dict[str, Any]:
    """The client's own profile and records as a document; the export is logged."""
    with transaction.atomic():
        data = _document(
            client_id=client.pk,
            profile=HealthProfile.objects.filter(user=client).first(),
            records=list(HealthRecord.objects.filter(client=client).select_related("practitioner")),
        )
        access_log_write(
            client_id=client.pk, actor=client, action=HealthAccessAction.EXPORT, target=TARGET_ALL
        )
    return data


def _document(*, client_id, profile: HealthProfile | None, records: list[HealthRecord]) -> dict:
    return {
        "client": str(client_id),
        "exported_at": timezone.now().isoformat(),
        "profile": ({name: getattr(profile, name) for name in PROFILE_FIELDS} if profile else None),
        "records": [
            {
                "id": str(record.pk),
                "kind": record.kind,
                "title": record.title,
                "body": record.body,
                "practitioner": record.practitioner.display_name if record.practitioner else None,
                "created_at": record.created_at.isoformat(),
                "updated_at": record.updated_at.isoformat(),
            }
            for record in records
        ],
    }


# --- consent ------------------------------------------------------------------------------------


def health_share_grant(
    *,
    client: User,
    practitioner: Practitioner,
    permission: str,
    expires_at: datetime.datetime,
    include_profile: bool = True,
) -> HealthShare:
    """The client lets ``practitioner`` see their health data until ``expires_at`` (at most a
    year ahead). Granting again while a consent is open renews it with the new terms."""
    now = timezone.now()
    if permission not in SharePermission.values:
        raise InvalidShare(_("Choose what the practitioner may do."), fields={"permission": ["?"]})
    if expires_at <= now:
        raise InvalidShare(
            _("Choose an end date in the future."),
            fields={"expires_at": [_("Choose an end date in the future.")]},
        )
    if expires_at > now + datetime.timedelta(days=MAX_SHARE_DAYS):
        raise InvalidShare(
            _("Share for a year at most; you can renew it later."),
            fields={"expires_at": [_("At most a year from today.")]},
        )
    if practitioner.user_id == client.pk:
        raise InvalidShare(_("You cannot share with yourself."))
    with transaction.atomic():
        share = (
            HealthShare.objects.select_for_update()
            .filter(client=client, practitioner=practitioner, revoked_at__isnull=True)
            .first()
        )
        if share is None:
            share = HealthShare.objects.create(
                client=client,
                practitioner=practitioner,
                permission=permission,
                expires_at=expires_at,
                include_profile=include_profile,
            )
        else:
            share.permission = permission
            share.expires_at = expires_at
            share.include_profile = include_profile
            share.save(update_fields=["permission", "expires_at", "include_profile", "updated_at"])
        access_log_write(
            client_id=client.pk,
            actor=client,
            action=HealthAccessAction.SHARE,
            target=TARGET_ALL,
            share=share,
        )
        notify(
            user=practitioner.user,
            type="practitioners.health_shared",
            title=gettext_lazy("A client shared their health records with you"),
            data={"url": reverse("practitioners:practice_client", kwargs={"client_id": client.pk})},
            dedupe_key=f"prac.share:{share.pk}:{share.updated_at.isoformat()}",
        )
    return share


def health_share_revoke(*, client: User, share: HealthShare) -> HealthShare:
    """End a consent now (idempotent). From this moment the practitioner sees nothing."""
    if share.client_id != client.pk:
        raise ShareNotActive(_("We could not find that."))
    with transaction.atomic():
        share = HealthShare.objects.select_for_update().get(pk=share.pk)
        if share.revoked_at is None:
            share.revoked_at = timezone.now()
            share.save(update_fields=["revoked_at", "updated_at"])
            access_log_write(
                client_id=client.pk,
                actor=client,
                action=HealthAccessAction.REVOKE,
                target=TARGET_ALL,
                share=share,
            )
    return share


def share_get_live(
    *, client_id, practitioner: Practitioner, now: datetime.datetime | None = None
) -> HealthShare:
    """The client's open consent for this practitioner, or ``ShareNotActive`` (a 404)."""
    now = now or timezone.now()
    share = (
        HealthShare.objects.select_related("client")
        .filter(
            client_id=client_id,
            practitioner=practitioner,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .first()
    )
    if share is None:
        raise ShareNotActive(_("We could not find that."))
    return share


def _count_access(share: HealthShare) -> None:
    HealthShare.objects.filter(pk=share.pk).update(
        access_count=F("access_count") + 1, last_accessed_at=timezone.now()
    )


# --- what a practitioner may do -----------------------------------------------------------------


def health_client_open(*, practitioner: Practitioner, actor: User, client_id) -> ClientHealthView:
    """Open a client's shared profile and records (one log row); three queries whatever the
    number of records."""
    with transaction.atomic():
        share = share_get_live(client_id=client_id, practitioner=practitioner)
        profile = (
            HealthProfile.objects.filter(user_id=client_id).first()
            if share.include_profile
            else None
        )
        records = list(
            HealthRecord.objects.filter(client_id=client_id).select_related("practitioner")
        )
        access_log_write(
            client_id=client_id,
            actor=actor,
            practitioner=practitioner,
            action=HealthAccessAction.VIEW,
            target=TARGET_RECORDS,
            share=share,
        )
        _count_access(share)
    return ClientHealthView(share=share, profile=profile, records=records)


def health_record_open(*, practitioner: Practitioner, actor: User, record_id) -> HealthRecord:
    """One record of a client who shares with this practitioner (one log row)."""
    record = HealthRecord.objects.filter(pk=record_id).select_related("practitioner").first()
    if record is None:
        raise ShareNotActive(_("We could not find that."))
    with transaction.atomic():
        share = share_get_live(client_id=record.client_id, practitioner=practitioner)
        access_log_write(
            client_id=record.client_id,
            actor=actor,
            practitioner=practitioner,
            action=HealthAccessAction.VIEW,
            target=TARGET_RECORD,
            record=record,
            share=share,
        )
        _count_access(share)
    return record


def health_export_for_practitioner(
    *, practitioner: Practitioner, actor: User, client_id
) -> dict[str, Any]:
    with transaction.atomic():
        share = share_get_live(client_id=client_id, practitioner=practitioner)
        data = _document(
            client_id=client_id,
            profile=(
                HealthProfile.objects.filter(user_id=client_id).first()
                if share.include_profile
                else None
            ),
            records=list(
                HealthRecord.objects.filter(client_id=client_id).select_related("practitioner")
            ),
        )
        access_log_write(
            client_id=client_id,
            actor=actor,
            practitioner=practitioner,
            action=HealthAccessAction.EXPORT,
            target=TARGET_ALL,
            share=share,
        )
        _count_access(share)
    return data


def _writable_share(*, client_id, practitioner: Practitioner) -> HealthShare:
    share = share_get_live(client_id=client_id, practitioner=practitioner)
    if share.permission != SharePermission.READ_WRITE:
        raise ShareReadOnly(_("This client shares their records with you to read only."))
    return share


def health_record_write(
    *,
    practitioner: Practitioner,
    actor: User,
    client_id,
    kind: str,
    title: str,
    body: str,
    booking=None,
) -> HealthRecord:
    """A practitioner's note about a client who allows notes (``read_write``)."""
    if kind not in PRACTITIONER_RECORD_KINDS:
        raise InvalidShare(_("Choose a kind of record."), fields={"kind": ["?"]})
    if not title.strip():
        raise InvalidShare(
            _("Give the record a title."), fields={"title": [_("This field is required.")]}
        )
    if booking is not None and booking.practitioner_id != practitioner.pk:
        booking = None
    with transaction.atomic():
        share = _writable_share(client_id=client_id, practitioner=practitioner)
        record = HealthRecord.objects.create(
            client_id=client_id,
            author=actor,
            practitioner=practitioner,
            booking=booking,
            kind=kind,
            title=title.strip()[:200],
            body=body.strip()[:20000],
        )
        access_log_write(
            client_id=client_id,
            actor=actor,
            practitioner=practitioner,
            action=HealthAccessAction.CREATE,
            target=TARGET_RECORD,
            record=record,
            share=share,
        )
    return record


def health_record_update(
    *, practitioner: Practitioner, actor: User, record: HealthRecord, title: str, body: str
) -> HealthRecord:
    """A practitioner changes a note they wrote, while the client still allows notes."""
    if record.practitioner_id != practitioner.pk:
        raise ShareReadOnly(_("You can change only your own notes."))
    if not title.strip():
        raise InvalidShare(
            _("Give the record a title."), fields={"title": [_("This field is required.")]}
        )
    with transaction.atomic():
        share = _writable_share(client_id=record.client_id, practitioner=practitioner)
        record = HealthRecord.objects.select_for_update().get(pk=record.pk)
        record.title = title.strip()[:200]
        record.body = body.strip()[:20000]
        record.save(update_fields=["title", "body", "updated_at"])
        access_log_write(
            client_id=record.client_id,
            actor=actor,
            practitioner=practitioner,
            action=HealthAccessAction.UPDATE,
            target=TARGET_RECORD,
            record=record,
            share=share,
        )
    return record


def health_erase_for_user(*, user: User) -> None:
    """Erasure: the client's profile, records, consents (with their history) and access log
    go; as an actor in someone else's log the user is only unlinked (the name stays, the
    client keeps their trail)."""
    HealthAccessLog.objects.filter(client=user).delete()
    HealthAccessLog.objects.filter(actor=user).update(actor=None)
    HealthRecord.objects.filter(client=user).delete()
    HealthRecord.objects.filter(author=user).update(author=None)
    share_ids = list(HealthShare.objects.filter(client=user).values_list("pk", flat=True))
    HealthShare.objects.filter(pk__in=share_ids).delete()
    events = HealthShare.pgh_event_model.objects  # type: ignore[attr-defined]  # pghistory
    events.filter(pgh_obj_id__in=share_ids).delete()
    events.filter(client=user).delete()
    HealthProfile.objects.filter(user=user).delete()
