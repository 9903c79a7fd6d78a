"""Secure messaging between a client and a practitioner (or Haru support).

Only a conversation's participants read or post. A client's message goes through
``coaching.safety.assess`` before anything else: a crisis shows the client the crisis lines
(the caller renders ``MessageSent.assessment``) and alerts the practitioner at once. Bodies
are encrypted at rest and never leave in a notification, an e-mail or a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import notify
from practitioners.models import (
    Conversation,
    ConversationParticipant,
    Message,
    MessageAttachment,
    MessageReaction,
    Practitioner,
)
from practitioners.social.enums import (
    REACTIONS,
    ConversationKind,
    ConversationRole,
    ConversationStatus,
    MessageKind,
    SafetyLevel,
)
from practitioners.social.exceptions import (
    ConversationClosed,
    ConversationNotAllowed,
    InvalidMessage,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile as DjangoUploadedFile

    from accounts.models import User
    from coaching.safety import SafetyAssessment

logger = logging.getLogger(__name__)

MAX_BODY = 5000
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
MESSAGE_NOTIFICATION = "practitioners.message"
CRISIS_NOTIFICATION = "practitioners.message_crisis"


@dataclass(frozen=True)
class MessageSent:
    message: Message
    assessment: SafetyAssessment | None


def thread_url(conversation: Conversation) -> str:
    return reverse("practitioners:message_thread", kwargs={"conversation_id": conversation.pk})


def _seat(conversation: Conversation, user: User) -> ConversationParticipant:
    seat = ConversationParticipant.objects.filter(
        conversation=conversation, user=user, left_at__isnull=True
    ).first()
    if seat is None:
        raise ConversationNotAllowed(_("You are not part of this conversation."))
    return seat


def conversation_start(
    *, client: User, practitioner: Practitioner, booking=None, subject: str = ""
) -> Conversation:
    """The one direct conversation between ``client`` and ``practitioner`` (made on first use).
    Nobody talks to themselves."""
    if practitioner.user_id == client.pk:
        raise ConversationNotAllowed(_("You cannot message yourself."))
    with transaction.atomic():
        conversation, created = Conversation.objects.get_or_create(
            kind=ConversationKind.DIRECT,
            client=client,
            practitioner=practitioner,
            defaults={"booking": booking, "subject": subject[:150]},
        )
        if created:
            ConversationParticipant.objects.bulk_create(
                [
                    ConversationParticipant(
                        conversation=conversation, user=client, role=ConversationRole.CLIENT
                    ),
                    ConversationParticipant(
                        conversation=conversation,
                        user_id=practitioner.user_id,
                        role=ConversationRole.PRACTITIONER,
                    ),
                ],
                ignore_conflicts=True,
            )
    return conversation


def conversation_start_support(*, client: User, subject: str = "") -> Conversation:
    """A new thread with Haru support; an operator joins it to answer (``support_join``)."""
    with transaction.atomic():
        conversation = Conversation.objects.create(
            kind=ConversationKind.SUPPORT, client=client, subject=subject[:150]
        )
        ConversationParticipant.objects.create(
            conversation=conversation, user=client, role=ConversationRole.CLIENT
        )
    return conversation


def support_join(*, conversation: Conversation, operator: User) -> ConversationParticipant:
    """An operator takes a support thread (staff only; never a client-practitioner thread)."""
    if not operator.is_staff or conversation.kind != ConversationKind.SUPPORT:
        raise ConversationNotAllowed(_("Only Haru support can join support conversations."))
    seat, _created = ConversationParticipant.objects.get_or_create(
        conversation=conversation, user=operator, defaults={"role": ConversationRole.SUPPORT}
    )
    return seat


def _assess(body: str) -> SafetyAssessment | None:
    if not body:
        return None
    from coaching.safety import assess

    return assess(body, language=None)


def _notify_recipients(
    *, conversation: Conversation, sender: User, message: Message, crisis: bool
) -> None:
    seats = list(
        ConversationParticipant.objects.filter(conversation=conversation, left_at__isnull=True)
        .exclude(user=sender)
        .select_related("user")
    )
    url = thread_url(conversation)
    for seat in seats:
        # One unread notification per thread and reading: a new one after the recipient read.
        epoch = seat.last_read_at.isoformat() if seat.last_read_at else "never"
        notify(
            user=seat.user,
            type=MESSAGE_NOTIFICATION,
            title=gettext_lazy("You have a new message"),
            body=gettext_lazy("Open Haru to read it."),
            data={"url": url, "conversation_id": str(conversation.pk)},
            channels=("in_app", "push"),
            dedupe_key=f"prac.msg:{conversation.pk}:{seat.user_id}:{epoch}",
        )
        if crisis and seat.role in (ConversationRole.PRACTITIONER, ConversationRole.SUPPORT):
            notify(
                user=seat.user,
                type=CRISIS_NOTIFICATION,
                title=gettext_lazy("A client's message may need your attention now"),
                body=gettext_lazy(
                    "Haru's safety check flagged a message as a possible crisis. Please read "
                    "it and reach out. The client was shown the crisis lines."
                ),
                data={"url": url, "conversation_id": str(conversation.pk)},
                channels=("in_app", "push", "email"),
                priority="urgent",
                dedupe_key=f"prac.crisis:{message.pk}:{seat.user_id}",
            )


def message_send(
    *,
    conversation: Conversation,
    sender: User,
    body: str = "",
    files: Sequence[DjangoUploadedFile] = (),
    reply_to: Message | None = None,
) -> MessageSent:
    """Post a message (text and/or up to five files) as a participant.

    Raises ``ConversationNotAllowed`` (403) for non-participants, ``ConversationClosed`` (409),
    ``InvalidMessage`` (400) for an empty or too long message, and the uploads' ``UploadError``
    for a refused file. Files are scanned after commit and served only once clean."""
    from accounts.services import upload_create

    body = (body or "").strip()
    if len(body) > MAX_BODY:
        raise InvalidMessage(
            _("A message can be at most %(n)d characters.") % {"n": MAX_BODY},
            fields={"body": [_("Too long.")]},
        )
    if not body and not files:
        raise InvalidMessage(
            _("Write a message or attach a file."),
            fields={"body": [_("Write a message or attach a file.")]},
        )
    if len(files) > MAX_FILES:
        raise InvalidMessage(
            _("Attach at most %(n)d files.") % {"n": MAX_FILES},
            fields={"files": [_("Too many files.")]},
        )
    seat = _seat(conversation, sender)
    if conversation.status != ConversationStatus.ACTIVE:
        raise ConversationClosed(_("This conversation is closed."))
    if reply_to is not None and reply_to.conversation_id != conversation.pk:
        raise InvalidMessage(_("You can only reply to a message in this conversation."))
    # the client's words are checked before anything is written
    assessment = _assess(body) if seat.role == ConversationRole.CLIENT else None
    level: str = assessment.level if assessment is not None else str(SafetyLevel.NONE)
    crisis = assessment is not None and assessment.is_crisis
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation,
            sender=sender,
            kind=MessageKind.TEXT,
            body=body,
            reply_to=reply_to,
            safety_level=level,
        )
        for file in files:
            upload = upload_create(
                owner=sender,
                file=file,
                context="message",
                allowed="any",
                max_bytes=MAX_FILE_BYTES,
                related_object_id=str(message.pk),
            )
            MessageAttachment.objects.create(message=message, upload=upload)
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
        ConversationParticipant.objects.filter(pk=seat.pk).update(last_read_at=now)
        _notify_recipients(
            conversation=conversation,
            sender=sender,
            message=message,
            crisis=crisis,
        )
    if assessment is not None and assessment.is_crisis:
        logger.warning(
            "crisis flagged in conversation %s", conversation.pk, extra=assessment.log_fields()
        )
    return MessageSent(message=message, assessment=assessment)


def conversation_mark_read(*, conversation: Conversation, user: User) -> None:
    """Everything in the thread up to now is read by ``user``; so are the bell's notifications
    about this thread."""
    from accounts import selectors as account_selectors
    from accounts.services import notification_mark_read

    seat = _seat(conversation, user)
    ConversationParticipant.objects.filter(pk=seat.pk).update(last_read_at=timezone.now())
    unread = account_selectors.notification_list_for_user(user=user, unread_only=True).filter(
        user=user,
        type__in=[MESSAGE_NOTIFICATION, CRISIS_NOTIFICATION],
        data__conversation_id=str(conversation.pk),
    )
    for notification in unread:
        notification_mark_read(user=user, notification=notification)


def reaction_toggle(*, message: Message, user: User, emoji: str) -> bool:
    """Add the reaction, or remove it if the user had put it; returns whether it is on now."""
    if emoji not in REACTIONS:
        raise InvalidMessage(_("Choose one of the offered reactions."), fields={"emoji": ["?"]})
    _seat(message.conversation, user)
    with transaction.atomic():
        deleted, _rows = MessageReaction.objects.filter(
            message=message, user=user, emoji=emoji
        ).delete()
        if deleted:
            return False
        MessageReaction.objects.get_or_create(message=message, user=user, emoji=emoji)
    return True


def conversation_close(*, conversation: Conversation, user: User) -> Conversation:
    _seat(conversation, user)
    Conversation.objects.filter(pk=conversation.pk).update(status=ConversationStatus.CLOSED)
    conversation.status = ConversationStatus.CLOSED
    return conversation


def messages_erase_for_user(*, user: User) -> None:
    """Erasure: the user's message bodies are wiped (the ciphertext goes, so nothing remains
    to decrypt), their files deleted, their seats and reactions removed. Conversations where
    they were the client go entirely."""
    from accounts.models import UploadedFile

    now = timezone.now()
    upload_ids = list(
        MessageAttachment.objects.filter(message__sender=user).values_list("upload_id", flat=True)
    )
    Message.objects.filter(sender=user).update(body="", erased_at=now)
    MessageAttachment.objects.filter(upload_id__in=upload_ids).delete()
    UploadedFile.objects.filter(pk__in=upload_ids).update(deleted_at=now)
    MessageReaction.objects.filter(user=user).delete()
    Conversation.objects.filter(client=user).delete()
    ConversationParticipant.objects.filter(user=user).delete()
