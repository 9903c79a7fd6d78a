from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    GUIDE = "guide", _("Guide")
    VIDEO = "video", _("Video")
    PODCAST = "podcast", _("Podcast")
    EXERCISE = "exercise", _("Exercise")
    MEDITATION = "meditation", _("Meditation")


LISTENING_KINDS = frozenset({ItemKind.VIDEO, ItemKind.PODCAST, ItemKind.MEDITATION})


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Language(models.TextChoices):
    KO = "ko", _("Korean")
    EN = "en", _("English")


class Reaction(models.TextChoices):
    LIKE = "like", _("Like")
    BOOKMARK = "bookmark", _("Bookmark")


class CourseAccess(models.TextChoices):
    FREE = "free", _("Free")
    PLAN = "plan", _("Included in a plan")
    PAID = "paid", _("Bought once")


class Segment(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    PLAN = "plan", _("Subscribers of a plan")
    LOCALE = "locale", _("Users of a language")
    COHORT = "cohort", _("A cohort (defined by operators)")


class BroadcastStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class RewardTrigger(models.TextChoices):
    DAILY_CHECK_IN = "daily_check_in", _("Every daily check-in")
    STREAK = "streak", _("N days in a row")
    TOTAL_DAYS = "total_days", _("N days in total")
    FIRST_DIARY_OF_MONTH = "first_diary_of_month", _("First diary of the month")
