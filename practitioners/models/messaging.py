"""Conversations between a client and a practitioner or Haru support (seed 003 ``conversations``,
``conversation_participants``, ``messages``, ``message_reactions``).

Message bodies are health data: encrypted at rest, never logged, never put into a notification.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from practitioners.social.enums import (
    ConversationKind,
    ConversationRole,
    ConversationStatus,
    MessageKind,
    SafetyLevel,
)


class Conversation(models.Model):
    """A thread. ``client`` is the person being helped; ``practitioner`` is empty for support.

    One direct conversation per (client, practitioner): booking again continues the same
    thread, as in SimplePractice's secure messaging.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ConversationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConversationStatus.choices,
        default=ConversationStatus.ACTIVE,
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_conversations"
    )
    practitioner = models.ForeignKey(
        "practitioners.Practitioner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversations",
    )
    booking = models.ForeignKey(
        "practitioners.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=150, blank=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-last_message_at", "-created_at")
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "practitioner"],
                condition=Q(kind="direct"),
                name="prac_one_direct_conversation",
            ),
            models.CheckConstraint(
                condition=Q(kind="support") | Q(practitioner__isnull=False),
                name="prac_direct_has_practitioner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.pk}"


class ConversationParticipant(models.Model):
    """Who may read and post in a conversation, and how far they have read."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats"
    )
    role = models.CharField(_("role"), max_length=15, choices=ConversationRole.choices)
    last_read_at = models.DateTimeField(_("read up to"), null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation participant")
        verbose_name_plural = _("conversation participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="prac_one_seat_per_conversation"
            ),
        ]
        indexes = [models.Index(fields=["user", "conversation"], name="prac_conv_seat_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    """One message. ``body`` is encrypted; ``safety_level`` is what the crisis detector found
    (a level only: the text is never stored elsewhere). An erased sender's bodies are wiped."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practitioner_messages",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=MessageKind.choices, default=MessageKind.TEXT
    )
    body = EncryptedTextField(_("message"), blank=True)
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    safety_level = models.CharField(
        max_length=10, choices=SafetyLevel.choices, default=SafetyLevel.NONE, editable=False
    )
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="prac_message_thread"),
        ]

    def __str__(self) -> str:  # never the body: admin lists and logs show metadata only
        return f"#{self.pk} · {self.created_at:%Y-%m-%d %H:%M}"


class MessageAttachment(models.Model):
    """A file sent with a message: an accounts upload, served only to participants and only
    once the virus scan says clean."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    upload = models.ForeignKey("accounts.UploadedFile", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("message attachment")
        verbose_name_plural = _("message attachments")
        constraints = [
            models.UniqueConstraint(fields=["upload"], name="prac_attachment_upload_once"),
        ]

    def __str__(self) -> str:
        return str(self.upload_id)


class MessageReaction(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_reactions"
    )
    emoji = models.CharField(_("reaction"), max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message reaction")
        verbose_name_plural = _("message reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "user", "emoji"], name="prac_one_reaction_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.emoji} on {self.message_id}"
