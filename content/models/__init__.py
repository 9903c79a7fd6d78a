from content.models.courses import Course, Enrolment, Lesson, LessonCompletion, LessonItem
from content.models.events import Attendance, Event, EventReward, RewardGrant
from content.models.faq import FaqCategory, FaqEntry, FaqSearchMiss, FaqVote
from content.models.library import ContentItem, ContentProgress, ContentReaction, ContentTranslation
from content.models.notices import Announcement

__all__ = [
    "Announcement",
    "Attendance",
    "ContentItem",
    "ContentProgress",
    "ContentReaction",
    "ContentTranslation",
    "Course",
    "Enrolment",
    "Event",
    "EventReward",
    "FaqCategory",
    "FaqEntry",
    "FaqSearchMiss",
    "FaqVote",
    "Lesson",
    "LessonCompletion",
    "LessonItem",
    "RewardGrant",
]
