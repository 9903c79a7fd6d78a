from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Mood(models.IntegerChoices):
    AWFUL = 1, _("Awful")
    LOW = 2, _("Low")
    OKAY = 3, pgettext_lazy("mood", "Okay")
    GOOD = 4, _("Good")
    GREAT = 5, _("Great")


class ModerationStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    BLOCKED = "blocked", _("Blocked")


class ModerationAction(models.TextChoices):
    BLOCK = "block", _("Block")
    DELETE = "delete", pgettext_lazy("moderation", "Delete")
    RESTORE = "restore", _("Restore")


class AnalysisStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Done")
    PAUSED = "paused", _("Paused for safety")
    SKIPPED = "skipped", _("Not analysed")
    FAILED = "failed", _("Failed")


class SafetyLevel(models.TextChoices):
    NONE = "none", _("None")
    CONCERN = "concern", _("Concern")
    CRISIS = "crisis", _("Crisis")


class SlipStatus(models.TextChoices):
    NORMAL = "normal", _("Normal")
    WARNING = "warning", _("Warning")
    SLIPPED = "slipped", _("Slipped")


class ReviewStatus(models.TextChoices):
    NONE = "", _("No review needed")
    OPEN = "open", _("Waiting for review")
    DONE = "done", _("Reviewed")


class PeriodType(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    YEARLY = "yearly", _("Yearly")
