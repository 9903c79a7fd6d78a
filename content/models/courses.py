"""Courses (seed 001 ``courses``, ``lessons``): ordered lessons made of library items."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.enums import CourseAccess, Difficulty
from content.models.bilingual import BilingualTitle, BilingualTitleAndDescription


class Course(BilingualTitleAndDescription, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    cover_image_url = models.URLField(_("cover image"), max_length=500, blank=True)
    level = models.CharField(
        _("level"), max_length=16, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    access = models.CharField(
        _("access"), max_length=8, choices=CourseAccess.choices, default=CourseAccess.FREE
    )
    price = models.PositiveIntegerField(_("price"), default=0, help_text=_("In minor units."))
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    practitioner_id = models.UUIDField(_("practitioner id"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    enrolment_count = models.PositiveIntegerField(_("enrolments"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ("-created_at",)
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(access="paid") | models.Q(price__gt=0),
                name="content_course_paid_has_price",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Lesson(BilingualTitle, models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(_("order"))
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"), default=10)
    items = models.ManyToManyField(
        "content.ContentItem", through="LessonItem", related_name="lessons", blank=True
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ("course", "position")
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="content_lesson_position")
        ]

    def __str__(self) -> str:
        return self.title


class LessonItem(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="lesson_items")
    item = models.ForeignKey("content.ContentItem", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("lesson", "position")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "item"], name="content_lesson_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id}:{self.item_id}"


class Enrolment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    certificate_code = models.CharField(max_length=20, blank=True)
    # the billing payment that bought the course once (a paid course): while it stays paid the
    # course is the user's whatever their plan, and it does not count toward ``max_courses``
    payment = models.ForeignKey(
        "billing.Payment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("purchase payment"),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="content_enrolment_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.course_id}"


class LessonCompletion(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="completions")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="content_lesson_done_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.lesson_id}"
