"""Choices of reviews, messaging and shared health records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class ReviewStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("practitioners", "Waiting for review")
    PUBLISHED = "published", pgettext_lazy("practitioners", "Published")
    HIDDEN = "hidden", pgettext_lazy("practitioners", "Hidden")


# The aspects a client rates besides the overall rating (each 1-5, all optional).
REVIEW_ASPECTS: dict[str, object] = {
    "professionalism": pgettext_lazy("practitioners", "Professionalism"),
    "communication": pgettext_lazy("practitioners", "Communication"),
    "effectiveness": pgettext_lazy("practitioners", "Helpfulness"),
}


class ConversationKind(models.TextChoices):
    DIRECT = "direct", pgettext_lazy("practitioners", "Client and practitioner")
    SUPPORT = "support", pgettext_lazy("practitioners", "Haru support")


class ConversationStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("practitioners", "Open")
    CLOSED = "closed", pgettext_lazy("practitioners", "Closed")


class ConversationRole(models.TextChoices):
    CLIENT = "client", pgettext_lazy("practitioners", "Client")
    PRACTITIONER = "practitioner", pgettext_lazy("practitioners", "Practitioner")
    SUPPORT = "support", pgettext_lazy("practitioners", "Haru support")


class MessageKind(models.TextChoices):
    TEXT = "text", pgettext_lazy("practitioners", "Message")
    SYSTEM = "system", pgettext_lazy("practitioners", "Notice")


class SafetyLevel(models.TextChoices):
    NONE = "none", pgettext_lazy("practitioners", "None")
    CONCERN = "concern", pgettext_lazy("practitioners", "Concern")
    CRISIS = "crisis", pgettext_lazy("practitioners", "Crisis")


# Reactions a participant may put on a message: a short fixed set (no free text to moderate).
REACTIONS: tuple[str, ...] = ("👍", "❤️", "🙏", "😊", "👀")


class BloodType(models.TextChoices):
    A_POS = "A+", "A+"
    A_NEG = "A-", "A-"
    B_POS = "B+", "B+"
    B_NEG = "B-", "B-"
    AB_POS = "AB+", "AB+"
    AB_NEG = "AB-", "AB-"
    O_POS = "O+", "O+"
    O_NEG = "O-", "O-"


class HealthRecordKind(models.TextChoices):
    SESSION_NOTE = "session_note", pgettext_lazy("practitioners", "Session note")
    ASSESSMENT = "assessment", pgettext_lazy("practitioners", "Assessment")
    TREATMENT_PLAN = "treatment_plan", pgettext_lazy("practitioners", "Plan")
    PROGRESS_NOTE = "progress_note", pgettext_lazy("practitioners", "Progress note")
    OWN_NOTE = "own_note", pgettext_lazy("practitioners", "My own note")


# What a practitioner may write: never the client's own notes.
PRACTITIONER_RECORD_KINDS: tuple[str, ...] = (
    HealthRecordKind.SESSION_NOTE,
    HealthRecordKind.ASSESSMENT,
    HealthRecordKind.TREATMENT_PLAN,
    HealthRecordKind.PROGRESS_NOTE,
)


class SharePermission(models.TextChoices):
    READ = "read", pgettext_lazy("practitioners", "Can read")
    READ_WRITE = "read_write", pgettext_lazy("practitioners", "Can read and write notes")


class HealthAccessAction(models.TextChoices):
    VIEW = "view", pgettext_lazy("practitioners", "Viewed")
    EXPORT = "export", pgettext_lazy("practitioners", "Exported")
    SHARE = "share", pgettext_lazy("practitioners", "Shared")
    REVOKE = "revoke", pgettext_lazy("practitioners", "Sharing ended")
    CREATE = "create", pgettext_lazy("practitioners", "Wrote a record")
    UPDATE = "update", pgettext_lazy("practitioners", "Changed a record")
