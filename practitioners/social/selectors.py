"""Reads of the social half, each limited to what the asking user may see.

Access selectors are named ``<entity>_get_for_user`` and raise ``NotFoundError`` for anything
the user may not see (another person's thread, review or consent looks like nothing at all).
Every list here costs a fixed number of queries whatever its length.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import ScanStatus
from billing.models import PractitionerPayout
from core.exceptions import NotFoundError
from practitioners.models import (
    Booking,
    BookingParticipant,
    Conversation,
    ConversationParticipant,
    HealthAccessLog,
    HealthRecord,
    HealthShare,
    Message,
    MessageAttachment,
    MessageReaction,
    Practitioner,
    Review,
)
from practitioners.social.enums import ReviewStatus

if TYPE_CHECKING:
    from accounts.models import User

COMPLETED = "completed"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _not_found() -> NotFoundError:
    return NotFoundError(_("We could not find that."))


# --- practitioners as the signed-in user --------------------------------------------------------


def practitioner_of(*, user: User) -> Practitioner | None:
    """The practitioner profile the user runs, if any."""
    if not user.is_authenticated:
        return None
    return Practitioner.objects.filter(user=user).first()


# --- reviews ------------------------------------------------------------------------------------


def review_list_published(*, practitioner: Practitioner) -> QuerySet[Review]:
    """The reviews shown on a profile, newest first (one query per page)."""
    return (
        Review.objects.filter(practitioner=practitioner, status=ReviewStatus.PUBLISHED)
        .select_related("reviewer")
        .order_by("-created_at", "-pk")
    )


def review_list_for_practitioner(*, practitioner: Practitioner) -> QuerySet[Review]:
    """Every published or waiting review of the practitioner's sessions (to answer them)."""
    return (
        Review.objects.filter(practitioner=practitioner)
        .exclude(status=ReviewStatus.HIDDEN)
        .select_related("reviewer", "booking")
        .order_by("-created_at", "-pk")
    )


def review_list_for_reviewer(*, user: User) -> QuerySet[Review]:
    return (
        Review.objects.filter(reviewer=user)
        .select_related("practitioner", "reviewer")
        .order_by("-created_at", "-pk")
    )


def review_get_for_user(*, user: User, review_id) -> Review:
    """A review the user may see: published ones, their own, or ones about their practice."""
    visible = Q(status=ReviewStatus.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(reviewer=user) | Q(practitioner__user=user)
    try:
        return Review.objects.select_related("practitioner", "reviewer").get(visible, pk=review_id)
    except (Review.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


def booking_get_reviewable(*, user: User, booking_id) -> Booking:
    """A booking of the user's (as its client or a confirmed participant), for the review form.
    Whether it may be reviewed yet is the service's decision (``ReviewNotAllowed``)."""
    took_part = Q(client=user) | Q(
        Exists(
            BookingParticipant.objects.filter(booking=OuterRef("pk"), user=user, status="confirmed")
        )
    )
    try:
        return Booking.objects.select_related("practitioner", "service").get(
            took_part, pk=booking_id
        )
    except (Booking.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


def bookings_awaiting_review(*, user: User) -> list[Booking]:
    """The user's completed sessions they have not reviewed yet (newest first, 20 at most)."""
    took_part = Q(client=user) | Q(
        Exists(
            BookingParticipant.objects.filter(booking=OuterRef("pk"), user=user, status="confirmed")
        )
    )
    return list(
        Booking.objects.filter(took_part, status=COMPLETED)
        .exclude(Exists(Review.objects.filter(booking=OuterRef("pk"), reviewer=user)))
        .select_related("practitioner", "service")
        .order_by("-starts_at")[:20]
    )


# --- messaging ----------------------------------------------------------------------------------


def conversation_list_for_user(*, user: User) -> QuerySet[Conversation]:
    """The user's threads, most recent first, each with ``unread`` (messages from others after
    the user's ``last_read_at``) and ``my_role``: one query per page."""
    seat = ConversationParticipant.objects.filter(conversation=OuterRef("pk"), user=user)
    unread = (
        Message.objects.filter(conversation=OuterRef("pk"))
        .exclude(sender=user)
        .filter(created_at__gt=Coalesce(OuterRef("my_last_read"), Value(_EPOCH)))
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Conversation.objects.filter(Exists(seat.filter(left_at__isnull=True)))
        .annotate(
            my_last_read=Subquery(seat.values("last_read_at")[:1]),
            my_role=Subquery(seat.values("role")[:1]),
        )
        .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))
        .select_related("practitioner", "client")
        .order_by("-last_message_at", "-created_at")
    )


def unread_message_count(*, user: User) -> int:
    """Unread messages over all the user's threads (one query)."""
    seats = ConversationParticipant.objects.filter(user=user, left_at__isnull=True)
    return (
        Message.objects.filter(conversation__participants__in=seats)
        .exclude(sender=user)
        .filter(
            created_at__gt=Coalesce(
                Subquery(
                    seats.filter(conversation=OuterRef("conversation")).values("last_read_at")[:1]
                ),
                Value(_EPOCH),
            )
        )
        .count()
    )


def conversation_get_for_user(*, user: User, conversation_id) -> Conversation:
    """A thread the user sits in; anything else is ``NotFoundError``."""
    try:
        return (
            Conversation.objects.select_related("practitioner", "client")
            .annotate(
                my_role=Subquery(
                    ConversationParticipant.objects.filter(
                        conversation=OuterRef("pk"), user=user
                    ).values("role")[:1]
                )
            )
            .get(
                Exists(
                    ConversationParticipant.objects.filter(
                        conversation=OuterRef("pk"), user=user, left_at__isnull=True
                    )
                ),
                pk=conversation_id,
            )
        )
    except (Conversation.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


def message_list(
    *, conversation: Conversation, after_id: int | None = None, limit: int = 50
) -> list[Message]:
    """The latest ``limit`` messages (oldest first), or only those after ``after_id`` (what
    the page polls for); attachments and reactions prefetched: three queries."""
    qs = (
        Message.objects.filter(conversation=conversation)
        .select_related("sender")
        .prefetch_related(
            Prefetch("attachments", queryset=MessageAttachment.objects.select_related("upload")),
            Prefetch("reactions", queryset=MessageReaction.objects.order_by("created_at")),
        )
    )
    if after_id is not None:
        return list(qs.filter(pk__gt=after_id).order_by("created_at", "pk")[:limit])
    latest = list(qs.order_by("-created_at", "-pk")[:limit])
    latest.reverse()
    return latest


def message_get_for_user(*, user: User, message_id) -> Message:
    try:
        return Message.objects.select_related("conversation").get(
            Exists(
                ConversationParticipant.objects.filter(
                    conversation=OuterRef("conversation"), user=user, left_at__isnull=True
                )
            ),
            pk=message_id,
        )
    except (Message.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


def attachment_get_for_user(*, user: User, attachment_id) -> MessageAttachment:
    """An attachment of a thread the user sits in, only once scanned clean (never pending,
    infected, failed or deleted files)."""
    try:
        return MessageAttachment.objects.select_related("upload").get(
            Exists(
                ConversationParticipant.objects.filter(
                    conversation=OuterRef("message__conversation"),
                    user=user,
                    left_at__isnull=True,
                )
            ),
            pk=attachment_id,
            upload__scan_status=ScanStatus.CLEAN,
            upload__deleted_at__isnull=True,
        )
    except (MessageAttachment.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


# --- health records -----------------------------------------------------------------------------


def health_record_list_own(*, user: User) -> QuerySet[HealthRecord]:
    return HealthRecord.objects.filter(client=user).select_related("practitioner")


def health_record_get_own(*, user: User, record_id) -> HealthRecord:
    try:
        return HealthRecord.objects.select_related("practitioner").get(client=user, pk=record_id)
    except (HealthRecord.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


def health_share_list_own(*, user: User) -> QuerySet[HealthShare]:
    return (
        HealthShare.objects.filter(client=user)
        .select_related("practitioner")
        .order_by("revoked_at", "-created_at")
    )


def health_share_get_own(*, user: User, share_id) -> HealthShare:
    try:
        return HealthShare.objects.select_related("practitioner").get(client=user, pk=share_id)
    except (HealthShare.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


def health_access_log_own(*, user: User) -> QuerySet[HealthAccessLog]:
    """ "Who saw my records": every access to the user's health data, newest first."""
    return HealthAccessLog.objects.filter(client=user).order_by("-created_at", "-pk")


def practitioners_for_sharing(*, user: User) -> QuerySet[Practitioner]:
    """Practitioners the user has booked with (the ones it makes sense to share with)."""
    took_part = Q(bookings__client=user) | Q(bookings__participants__user=user)
    return Practitioner.objects.filter(took_part).distinct().order_by("display_name")


def practitioner_client_list(*, practitioner: Practitioner) -> list[dict]:
    """The practitioner's clients (anyone with a booking), each with the live consent if
    any: two queries whatever the number of clients."""
    from accounts.models import User as UserModel

    now = timezone.now()
    client_ids = set(
        Booking.objects.filter(practitioner=practitioner, client__isnull=False).values_list(
            "client_id", flat=True
        )
    ) | set(
        BookingParticipant.objects.filter(booking__practitioner=practitioner).values_list(
            "user_id", flat=True
        )
    )
    live = HealthShare.objects.filter(
        practitioner=practitioner,
        client=OuterRef("pk"),
        revoked_at__isnull=True,
        expires_at__gt=now,
    )
    clients = (
        UserModel.objects.filter(pk__in=client_ids)
        .annotate(
            share_permission=Subquery(live.values("permission")[:1]),
            share_expires_at=Subquery(live.values("expires_at")[:1]),
        )
        .order_by("nickname")
    )
    return [
        {
            "id": client.pk,
            "name": client.nickname or client.name,
            "share_permission": client.share_permission,
            "share_expires_at": client.share_expires_at,
        }
        for client in clients
    ]


# --- payouts ------------------------------------------------------------------------------------


def payout_list_for_practitioner(*, practitioner: Practitioner) -> QuerySet[PractitionerPayout]:
    return PractitionerPayout.objects.filter(practitioner_id=practitioner.pk).order_by(
        "-period_start", "-created_at"
    )


def payout_get_for_practitioner(*, practitioner: Practitioner, payout_id) -> PractitionerPayout:
    try:
        return PractitionerPayout.objects.get(practitioner_id=practitioner.pk, pk=payout_id)
    except (PractitionerPayout.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc
