"""Enrolment, lesson progress, completion and certificates.

Access: a free course is open to all; a "plan" course needs the premium-content feature; a
"paid" course is open to premium plans too (buying it once is not offered yet: the page sends
the user to the pricing page). Joining counts against the plan's ``max_courses`` limit
(courses joined and not finished), checked under a per-user advisory lock.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import entitlements
from content.enums import CourseAccess
from content.exceptions import ContentError, CourseLimitReachedError, PremiumRequiredError
from content.models import Course, Enrolment, Lesson, LessonCompletion
from content.selectors import PREMIUM_FEATURE
from core.locks import advisory_xact_lock

if TYPE_CHECKING:
    from accounts.models import User


def course_can_join(*, user: User | None, course: Course) -> bool:
    return course.access == CourseAccess.FREE or entitlements.has_feature(user, PREMIUM_FEATURE)


def _premium_error() -> PremiumRequiredError:
    url, label = entitlements.upgrade_link()
    return PremiumRequiredError(
        _("This course is part of premium content.")
        + " "
        + entitlements.upgrade_hint(PREMIUM_FEATURE),
        action_url=url,
        action_label=label,
    )


def course_enrol(*, user: User, course: Course) -> Enrolment:
    """Join ``course`` (idempotent)."""
    if not course.is_published:
        raise ContentError(_("This course is not open."))
    if not course_can_join(user=user, course=course):
        raise _premium_error()
    with transaction.atomic():
        advisory_xact_lock(namespace="content.enrol", key=user.pk)
        existing = Enrolment.objects.filter(user=user, course=course).first()
        if existing is not None:
            return existing
        limit = entitlements.limit(user, "max_courses")
        if limit is not None:
            active = Enrolment.objects.filter(user=user, completed_at__isnull=True).count()
            if active >= limit:
                url, label = entitlements.upgrade_link()
                raise CourseLimitReachedError(
                    _("Your plan lets you take %(count)d course(s) at a time.") % {"count": limit}
                    + " "
                    + entitlements.upgrade_hint("max_courses"),
                    action_url=url,
                    action_label=label,
                )
        enrolment = Enrolment.objects.create(user=user, course=course)
        Course.objects.filter(pk=course.pk).update(enrolment_count=F("enrolment_count") + 1)
    return enrolment


def lesson_complete(*, enrolment: Enrolment, lesson: Lesson) -> Enrolment:
    """Mark one lesson done; the last one completes the course and issues a certificate."""
    if lesson.course_id != enrolment.course_id:
        raise ContentError(_("That lesson belongs to another course."))
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        LessonCompletion.objects.get_or_create(enrolment=locked, lesson=lesson)
        total = Lesson.objects.filter(course_id=locked.course_id).count()
        done = LessonCompletion.objects.filter(enrolment=locked).count()
        if locked.completed_at is None and total and done >= total:
            locked.completed_at = timezone.now()
            locked.certificate_code = secrets.token_hex(6).upper()
            locked.save(update_fields=["completed_at", "certificate_code"])
    return locked
