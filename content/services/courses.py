"""Enrolment, lesson progress, completion and certificates.

Access: a free course is open to all; a "plan" course needs the premium-content feature; a
"paid" course is open to premium plans too, or is bought once through billing's checkout
(``course_purchase_start``; billing hands the approved payment to ``course_payment_succeeded``,
which enrols the user with the payment on the enrolment). A bought course stays open while its
payment is paid; a refunded payment closes it again. Joining counts against the plan's
``max_courses`` limit (courses joined and not finished, bought ones excepted: the user paid for
them), checked under a per-user advisory lock.
"""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import entitlements
from billing.enums import PaymentPurpose
from content.enums import CourseAccess
from content.exceptions import (
    ContentError,
    CourseAlreadyOwnedError,
    CourseLimitReachedError,
    CourseNotForSaleError,
    PremiumRequiredError,
)
from content.models import Course, Enrolment, Lesson, LessonCompletion
from content.selectors import OWNING_PAYMENT_STATUSES, PREMIUM_FEATURE, course_owned_by
from core.locks import advisory_xact_lock

if TYPE_CHECKING:
    from accounts.models import User
    from billing.models import Checkout, Payment

logger = logging.getLogger(__name__)


def course_can_join(*, user: User | None, course: Course) -> bool:
    if course.access == CourseAccess.FREE or entitlements.has_feature(user, PREMIUM_FEATURE):
        return True
    return course.access == CourseAccess.PAID and course_owned_by(user=user, course=course)


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
            active = (
                Enrolment.objects.filter(user=user, completed_at__isnull=True)
                .exclude(payment__status__in=OWNING_PAYMENT_STATUSES)
                .count()
            )
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
    if not course_can_join(user=enrolment.user, course=enrolment.course):
        raise _premium_error()
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


# --- buying a paid course once -------------------------------------------------------------------


def course_purchase_start(*, user: User, course: Course) -> Checkout:
    """Open billing's checkout for ``course`` at its price (VAT included).

    Refuses a course that is not on sale (free, plan-only, unpublished) and one the user
    already owns; the course is granted when billing approves the payment.
    """
    from billing.services import checkout_start_course

    if not course.is_published or course.access != CourseAccess.PAID or course.price <= 0:
        raise CourseNotForSaleError(_("This course cannot be bought."))
    if course_owned_by(user=user, course=course):
        raise CourseAlreadyOwnedError(_("You already own this course."))
    return checkout_start_course(
        user=user,
        course_id=course.pk,
        amount=course.price,
        currency=course.currency,
        order_name=f"Haru course {course.title_en or course.title_ko}",
        description_key="content.course",
        description_params={"course": course.title_ko, "course_en": course.title_en},
        return_url=reverse("content:course", args=[course.slug]),
    )


def course_payment_succeeded(payment: Payment) -> None:
    """Billing's fulfiller for course payments: enrol the payer with the payment attached.

    Runs inside the transaction that approves the payment, under the same per-user lock as
    joining; safe to run twice (checkout, webhook and lookup may all confirm one payment).
    """
    if payment.purpose != PaymentPurpose.COURSE or payment.product_id is None:
        return
    course = Course.objects.filter(pk=payment.product_id).first()
    if course is None:
        logger.error("content: paid payment %s names no course", payment.pk)
        return
    advisory_xact_lock(namespace="content.enrol", key=payment.user_id)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("payment")
        .filter(user_id=payment.user_id, course=course)
        .first()
    )
    if enrolment is None:
        Enrolment.objects.create(user_id=payment.user_id, course=course, payment=payment)
        Course.objects.filter(pk=course.pk).update(enrolment_count=F("enrolment_count") + 1)
        return
    if enrolment.payment_id == payment.pk:
        return
    if enrolment.payment is not None and enrolment.payment.status in OWNING_PAYMENT_STATUSES:
        # bought twice through two checkouts: the first purchase keeps the course
        logger.warning("content: course %s bought again by payment %s", course.pk, payment.pk)
        return
    enrolment.payment = payment
    enrolment.save(update_fields=["payment"])
