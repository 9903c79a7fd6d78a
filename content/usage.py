"""Content's usage probe for billing's 7-day withdrawal (``billing.usage``): a subscriber who
opened a premium item, or a course their plan includes, in the period has used the paid
service. A course bought once is its own purchase (its own payment), so it does not count."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from content.enums import CourseAccess
from content.models import ContentProgress, Enrolment, LessonCompletion


def content_used(user, start: datetime, end: datetime) -> bool:
    premium_opened = ContentProgress.objects.filter(
        user=user, item__is_premium=True, updated_at__gte=start, updated_at__lt=end
    )
    plan_course = Q(course__access=CourseAccess.PLAN, payment__isnull=True)
    enrolled = Enrolment.objects.filter(
        plan_course, user=user, enrolled_at__gte=start, enrolled_at__lt=end
    )
    lesson_done = LessonCompletion.objects.filter(
        enrolment__user=user,
        enrolment__course__access=CourseAccess.PLAN,
        enrolment__payment__isnull=True,
        completed_at__gte=start,
        completed_at__lt=end,
    )
    return premium_opened.exists() or enrolled.exists() or lesson_done.exists()
