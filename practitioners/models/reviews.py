"""Reviews of completed sessions (seed 003 ``reviews``, ``review_helpfulness``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from practitioners.social.enums import ReviewStatus


class Review(models.Model):
    """One client's review of one completed booking: one per (booking, reviewer), which for a
    one-to-one session is one per booking; each client of a group session may write their own.

    Only ``published`` reviews count in the practitioner's rating columns, which the reviews
    service recomputes in the same transaction as every change, with the practitioner's row
    locked. ``anonymous`` hides the reviewer's name from everybody but operators.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.ForeignKey(
        "practitioners.Booking", on_delete=models.PROTECT, related_name="reviews"
    )
    practitioner = models.ForeignKey(
        "practitioners.Practitioner", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practitioner_reviews"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    aspects = models.JSONField(_("aspect ratings"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=120, blank=True)
    content = models.TextField(_("review"), blank=True)
    anonymous = models.BooleanField(_("post anonymously"), default=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        editable=False,
    )
    moderation_reason = models.CharField(_("moderation reason"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    helpful_count = models.PositiveIntegerField(_("found helpful"), default=0, editable=False)
    response = models.TextField(_("practitioner's response"), blank=True)
    response_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [
            models.Index(
                fields=["practitioner", "-created_at"],
                name="prac_review_published",
                condition=Q(status="published"),
            ),
            models.Index(fields=["status", "created_at"], name="prac_review_queue"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["booking", "reviewer"], name="prac_one_review_each"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="prac_review_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ · {self.get_status_display()}"


class ReviewVote(models.Model):
    """Whether a reader found a review helpful: one vote per reader and review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_votes"
    )
    helpful = models.BooleanField(_("helpful"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review vote")
        verbose_name_plural = _("review votes")
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="prac_review_one_vote"),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} · {'+' if self.helpful else '-'}"
