"""Practitioners, their application documents, specializations and services (seed 003).

Seed 001's ``trainers`` merge into :class:`Practitioner` with ``type=trainer``.
"""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from practitioners.enums import (
    ApplicationStatus,
    DocumentKind,
    PractitionerType,
    Proficiency,
    SessionType,
)


def _localized(ko: str, en: str) -> str:
    """The English text for English readers when there is one; Korean otherwise."""
    if (get_language() or "ko").startswith("en") and en:
        return en
    return ko or en


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    # The search columns and rating counters change with every review; history of them is noise.
    exclude=["search_vector", "search_text", "updated_at"],
    model_name="PractitionerHistory",
)
class Practitioner(models.Model):
    """A counsellor, coach, trainer … who offers services on Haru (seeds 001 ``trainers`` + 003).

    ``status`` is the application's lifecycle; change it only through
    ``practitioners.services.applications``. Only approved and listed practitioners appear
    in the directory. The rating columns are kept current by the reviews service in the
    same transaction as the review. ``video_link`` and ``address`` are shown only to a
    booking's participants.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practitioner"
    )
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    display_name = models.CharField(_("name shown to clients"), max_length=100)
    display_name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=PractitionerType.choices)
    status = models.CharField(
        _("application status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
        editable=False,
    )
    decision_reason = models.TextField(_("reason given with the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    is_verified = models.BooleanField(_("verified badge"), default=False, editable=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    is_listed = models.BooleanField(
        _("listed in the directory"),
        default=True,
        help_text=_("Turn off to take a break without closing the profile."),
    )
    license_number = models.CharField(_("licence number"), max_length=100, blank=True)
    license_issuer = models.CharField(_("licence issued by"), max_length=100, blank=True)
    license_expiry = models.DateField(_("licence valid until"), null=True, blank=True)
    headline_ko = models.CharField(_("headline (Korean)"), max_length=150, blank=True)
    headline_en = models.CharField(_("headline (English)"), max_length=150, blank=True)
    bio_ko = models.TextField(_("about (Korean)"), blank=True)
    bio_en = models.TextField(_("about (English)"), blank=True)
    languages = ArrayField(models.CharField(max_length=8), default=list, blank=True)
    years_experience = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    education = models.JSONField(_("education"), default=list, blank=True)
    certifications = models.JSONField(_("certifications"), default=list, blank=True)
    session_types = ArrayField(
        models.CharField(max_length=12, choices=SessionType.choices), default=list, blank=True
    )
    fee_min = models.PositiveIntegerField(_("lowest fee"), null=True, blank=True)
    fee_max = models.PositiveIntegerField(_("highest fee"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    photo = models.ForeignKey(
        "accounts.UploadedFile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    timezone = models.CharField(_("time zone"), max_length=50, default="Asia/Seoul")
    response_time_hours = models.PositiveSmallIntegerField(
        _("usually answers within (hours)"), default=24
    )
    # where sessions happen: shown only to a booking's participants
    video_link = models.URLField(_("video meeting link"), max_length=500, blank=True)
    address = models.TextField(_("address for in-person sessions"), blank=True)
    # scheduling rules the slot engine applies to every service
    buffer_before_minutes = models.PositiveSmallIntegerField(_("free time before"), default=0)
    buffer_after_minutes = models.PositiveSmallIntegerField(_("free time after"), default=10)
    minimum_notice_minutes = models.PositiveIntegerField(_("minimum notice (minutes)"), default=120)
    slot_interval_minutes = models.PositiveSmallIntegerField(
        _("slot interval (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    booking_horizon_days = models.PositiveSmallIntegerField(
        _("bookable up to (days ahead)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    daily_limit = models.PositiveSmallIntegerField(
        _("sessions per day at most"), null=True, blank=True
    )
    weekly_limit = models.PositiveSmallIntegerField(
        _("sessions per week at most"), null=True, blank=True
    )
    # kept current by the reviews service in the review's transaction
    rating_average = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, default=0, editable=False
    )
    rating_count = models.PositiveIntegerField(_("ratings"), default=0, editable=False)
    review_count = models.PositiveIntegerField(_("reviews"), default=0, editable=False)
    completed_sessions = models.PositiveIntegerField(
        _("completed sessions"), default=0, editable=False
    )
    # search: English full text (weighted) + trigram text for Korean and names
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(default="", blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("display_name",)
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        indexes = [
            GinIndex(fields=["search_vector"], name="prac_search_vector"),
            GinIndex(fields=["search_text"], name="prac_search_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["languages"], name="prac_languages"),
            GinIndex(fields=["session_types"], name="prac_session_types"),
            models.Index(fields=["status", "is_listed", "type"], name="prac_directory"),
            models.Index(fields=["-rating_average"], name="prac_rating"),
            models.Index(fields=["fee_min", "fee_max"], name="prac_fee_range"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_min__isnull=True)
                | Q(fee_max__isnull=True)
                | Q(fee_min__lte=F("fee_max")),
                name="prac_fee_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(rating_average__gte=0, rating_average__lte=5),
                name="prac_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(is_verified=False) | Q(status=ApplicationStatus.APPROVED),
                name="prac_verified_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def name(self) -> str:
        return _localized(self.display_name, self.display_name_en)

    @property
    def headline(self) -> str:
        return _localized(self.headline_ko, self.headline_en)

    @property
    def bio(self) -> str:
        return _localized(self.bio_ko, self.bio_en)

    @property
    def is_bookable(self) -> bool:
        return self.status == ApplicationStatus.APPROVED and self.is_listed


class VerificationQueue(Practitioner):
    """The applications waiting for an operator (a proxy: the admin's verification queue)."""

    class Meta:
        proxy = True
        verbose_name = _("application to verify")
        verbose_name_plural = _("verification queue")


class PractitionerStatusLog(models.Model):
    """Every application decision: who moved it from what to what, and why."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="status_logs"
    )
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("application decision")
        verbose_name_plural = _("application decisions")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class ApplicationDocument(models.Model):
    """A licence, certificate … uploaded with the application (accounts uploads, scanned)."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="documents"
    )
    upload = models.ForeignKey(
        "accounts.UploadedFile", on_delete=models.PROTECT, related_name="+", verbose_name=_("file")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.practitioner}"


class SpecializationCategory(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "slug")
        verbose_name = _("specialization category")
        verbose_name_plural = _("specialization categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localized(self.name_ko, self.name_en)


class Specialization(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    category = models.ForeignKey(
        SpecializationCategory, on_delete=models.PROTECT, related_name="specializations"
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ("sort_order", "slug")
        verbose_name = _("specialization")
        verbose_name_plural = _("specializations")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localized(self.name_ko, self.name_en)


class PractitionerSpecialization(models.Model):
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="specialization_links"
    )
    specialization = models.ForeignKey(
        Specialization, on_delete=models.CASCADE, related_name="practitioner_links"
    )
    proficiency = models.CharField(
        _("proficiency"),
        max_length=20,
        choices=Proficiency.choices,
        default=Proficiency.INTERMEDIATE,
    )
    years_experience = models.PositiveSmallIntegerField(_("years"), default=0)
    certification_details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("practitioner specialization")
        verbose_name_plural = _("practitioner specializations")
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "specialization"], name="prac_spec_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practitioner} · {self.specialization}"


def default_cancellation_tiers() -> list[dict[str, int]]:
    return [
        {"min_notice_hours": 24, "refund_percent": 100},
        {"min_notice_hours": 2, "refund_percent": 50},
    ]


class Service(models.Model):
    """What a practitioner sells: a session of fixed length and price (seed 003 ``services``).

    ``seats`` > 1 makes it a group session: one booking row per session, one participant row
    per seat. ``cancellation_tiers`` are checked from the longest notice down; the first tier
    whose ``min_notice_hours`` the cancellation meets gives the refund percentage; below
    every tier nothing is refunded.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="services"
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    price = models.PositiveIntegerField(_("price"))
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    session_types = ArrayField(
        models.CharField(max_length=12, choices=SessionType.choices), default=list
    )
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    preparation_text = models.TextField(_("how to prepare"), blank=True)
    follow_up_text = models.TextField(_("after the session"), blank=True)
    cancellation_tiers = models.JSONField(
        _("cancellation refund tiers"), default=default_cancellation_tiers, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("sort_order", "price", "created_at")
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            models.Index(fields=["practitioner", "is_active"], name="prac_service_active"),
            models.Index(fields=["price"], name="prac_service_price"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="prac_service_duration_pos"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="prac_service_seats_pos"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localized(self.name_ko, self.name_en)

    @property
    def description(self) -> str:
        return _localized(self.description_ko, self.description_en)

    @property
    def is_group(self) -> bool:
        return self.seats > 1
