"""Every status and kind in coaching, as TextChoices (stable values, translated labels)."""

from django.db import models
from django.utils.translation import pgettext_lazy


class PolicyName(models.TextChoices):
    ETHICS = "ethics", pgettext_lazy("coaching", "Ethics")
    SLIP = "slip", pgettext_lazy("coaching", "Slip")
    TONE = "tone", pgettext_lazy("coaching", "Tone")
    MODE = "mode", pgettext_lazy("coaching", "Mode")


class PolicyScope(models.TextChoices):
    GLOBAL = "global", pgettext_lazy("coaching", "Everyone")
    USER = "user", pgettext_lazy("coaching", "One user")


class OutputFormat(models.TextChoices):
    JSON = "json", "JSON"
    TEXT = "text", pgettext_lazy("coaching", "Text")
    MARKDOWN = "markdown", "Markdown"


class ExperimentStatus(models.TextChoices):
    RUNNING = "running", pgettext_lazy("coaching", "Running")
    COMPLETED = "completed", pgettext_lazy("coaching", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("coaching", "Cancelled")


class Arm(models.TextChoices):
    A = "a", "A"
    B = "b", "B"


class Winner(models.TextChoices):
    A = "a", "A"
    B = "b", "B"
    TIE = "tie", pgettext_lazy("coaching", "Tie")


class CallStatus(models.TextChoices):
    OK = "ok", pgettext_lazy("coaching", "Answered")
    OFFLINE = "offline", pgettext_lazy("coaching", "Offline analyzer")
    SCHEMA_ERROR = "schema_error", pgettext_lazy("coaching", "Answer broke the schema")
    TIMEOUT = "timeout", pgettext_lazy("coaching", "Timed out")
    RATE_LIMITED = "rate_limited", pgettext_lazy("coaching", "Rate limited")
    PROVIDER_ERROR = "provider_error", pgettext_lazy("coaching", "Provider error")
    BREAKER_OPEN = "breaker_open", pgettext_lazy("coaching", "Breaker open")
    QUOTA = "quota", pgettext_lazy("coaching", "Over the limit")


FAILED_CALL_STATUSES = (
    CallStatus.SCHEMA_ERROR,
    CallStatus.TIMEOUT,
    CallStatus.RATE_LIMITED,
    CallStatus.PROVIDER_ERROR,
)


class MessageType(models.TextChoices):
    MOTIVATION = "motivation", pgettext_lazy("coaching", "Motivation")
    ADVICE = "advice", pgettext_lazy("coaching", "Advice")
    CELEBRATION = "celebration", pgettext_lazy("coaching", "Celebration")
    CHALLENGE = "challenge", pgettext_lazy("coaching", "Challenge")
    REMINDER = "reminder", pgettext_lazy("coaching", "Reminder")


class Tone(models.TextChoices):
    ENCOURAGING = "encouraging", pgettext_lazy("coaching", "Encouraging")
    GENTLE = "gentle", pgettext_lazy("coaching", "Gentle")
    ENERGETIC = "energetic", pgettext_lazy("coaching", "Energetic")
    THOUGHTFUL = "thoughtful", pgettext_lazy("coaching", "Thoughtful")


class Reaction(models.TextChoices):
    LIKE = "like", pgettext_lazy("coaching", "Like")
    LOVE = "love", pgettext_lazy("coaching", "Love")
    HELPFUL = "helpful", pgettext_lazy("coaching", "Helpful")
    NOT_HELPFUL = "not_helpful", pgettext_lazy("coaching", "Not helpful")


class ServiceCategory(models.TextChoices):
    FORTUNE = "fortune", pgettext_lazy("coaching", "Fortune")
    ENTERTAINMENT = "entertainment", pgettext_lazy("coaching", "Entertainment")
    UTILITY = "utility", pgettext_lazy("coaching", "Utility")
    IMAGE = "image", pgettext_lazy("coaching", "Image")


class ResultStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("coaching", "Working on it")
    SUCCEEDED = "succeeded", pgettext_lazy("coaching", "Ready")
    FAILED = "failed", pgettext_lazy("coaching", "Failed, credits returned")
    PAUSED = "paused", pgettext_lazy("coaching", "Paused, credits returned")


class ChatRole(models.TextChoices):
    USER = "user", pgettext_lazy("coaching", "You")
    ASSISTANT = "assistant", pgettext_lazy("coaching", "Haru")


class FlagReason(models.TextChoices):
    """Why a user reports an AI answer."""

    HARMFUL = "harmful", pgettext_lazy("ai flag", "Harmful or unsafe")
    WRONG = "wrong", pgettext_lazy("ai flag", "Wrong or misleading")
    INAPPROPRIATE = "inappropriate", pgettext_lazy("ai flag", "Inappropriate")
    OTHER = "other", pgettext_lazy("ai flag", "Something else")


class FlagStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("ai flag", "Waiting for review")
    RESOLVED = "resolved", pgettext_lazy("ai flag", "Resolved")
    DISMISSED = "dismissed", pgettext_lazy("ai flag", "Dismissed")
