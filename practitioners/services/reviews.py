"""Reviews: written after a completed session, moderated, answered, voted on.

The practitioner's ``rating_average`` / ``rating_count`` / ``review_count`` are recomputed from
the published reviews in the same transaction as every change that can move them, with the
practitioner's row locked, so concurrent reviews never lose an update.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from practitioners.models import Booking, BookingParticipant, Practitioner, Review, ReviewVote
from practitioners.social.enums import REVIEW_ASPECTS, ReviewStatus
from practitioners.social.exceptions import InvalidReview, ReviewExists, ReviewNotAllowed

if TYPE_CHECKING:
    from accounts.models import User

COMPLETED = "completed"
CONFIRMED_SEAT = "confirmed"


def _clean_aspects(aspects: dict[str, Any] | None) -> dict[str, int]:
    cleaned: dict[str, int] = {}
    for name, value in (aspects or {}).items():
        if name not in REVIEW_ASPECTS:
            raise InvalidReview(
                _("Unknown aspect: %(name)s.") % {"name": name},
                fields={"aspects": [_("Unknown aspect: %(name)s.") % {"name": name}]},
            )
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 5:
            raise InvalidReview(
                _("Rate each aspect from 1 to 5."),
                fields={"aspects": [_("Rate each aspect from 1 to 5.")]},
            )
        cleaned[name] = number
    return cleaned


def user_took_part(*, user: User, booking: Booking) -> bool:
    """The user was a client of the booking (the one-to-one client or a confirmed seat)."""
    if booking.client_id == user.pk:
        return True
    return BookingParticipant.objects.filter(
        booking=booking, user=user, status=CONFIRMED_SEAT
    ).exists()


def practitioner_rating_refresh(*, practitioner_id) -> None:
    """Recompute the rating columns from published reviews. Call inside the transaction that
    changed a review, after locking the practitioner row (``_lock_practitioner``)."""
    totals = Review.objects.filter(
        practitioner_id=practitioner_id, status=ReviewStatus.PUBLISHED
    ).aggregate(
        average=Avg("rating"),
        ratings=Count("pk"),
        written=Count("pk", filter=~Q(content="")),
    )
    average = Decimal(str(totals["average"] or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    Practitioner.objects.filter(pk=practitioner_id).update(
        rating_average=average,
        rating_count=totals["ratings"],
        review_count=totals["written"],
    )


def _lock_practitioner(practitioner_id) -> None:
    Practitioner.objects.select_for_update().filter(pk=practitioner_id).values_list(
        "pk", flat=True
    ).get()


def review_create(
    *,
    user: User,
    booking: Booking,
    rating: int,
    aspects: dict[str, Any] | None = None,
    title: str = "",
    content: str = "",
    anonymous: bool = False,
    publish: bool | None = None,
) -> Review:
    """Write the review of a completed session the user took part in.

    Raises ``ReviewNotAllowed`` (403) unless the booking is completed and the user was its
    client, ``ReviewExists`` (409) for a second review of the same booking, ``InvalidReview``
    (400) for a rating outside 1-5. A review with text waits for moderation; a rating alone is
    published at once (``publish`` overrides both)."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidReview(
            _("Choose a rating from 1 to 5."), fields={"rating": [_("Choose 1 to 5 stars.")]}
        )
    clean_aspects = _clean_aspects(aspects)
    title, content = title.strip()[:120], content.strip()[:5000]
    with transaction.atomic():
        _lock_practitioner(booking.practitioner_id)
        fresh = Booking.objects.get(pk=booking.pk)
        if fresh.status != COMPLETED or not user_took_part(user=user, booking=fresh):
            raise ReviewNotAllowed(
                _("You can review a session only after you have had it."),
            )
        if Review.objects.filter(booking=fresh, reviewer=user).exists():
            raise ReviewExists(_("You have already reviewed this session."))
        if publish is None:
            publish = not (title or content)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    booking=fresh,
                    practitioner_id=fresh.practitioner_id,
                    reviewer=user,
                    rating=rating,
                    aspects=clean_aspects,
                    title=title,
                    content=content,
                    anonymous=anonymous,
                    status=ReviewStatus.PUBLISHED if publish else ReviewStatus.PENDING,
                )
        except IntegrityError as exc:  # a concurrent double submit
            raise ReviewExists(_("You have already reviewed this session.")) from exc
        practitioner_rating_refresh(practitioner_id=fresh.practitioner_id)
    return review


def review_moderate(
    *, review: Review, to_status: str, actor: User | None, reason: str = ""
) -> Review:
    """An operator publishes or hides a review (hiding needs a reason, shown to its writer)."""
    if to_status not in ReviewStatus.values:
        raise InvalidReview(_("Unknown review status."), fields={"status": [_("Unknown.")]})
    if to_status == ReviewStatus.HIDDEN and not reason.strip():
        raise InvalidReview(
            _("Say why the review is hidden."), fields={"reason": [_("This field is required.")]}
        )
    with transaction.atomic():
        _lock_practitioner(review.practitioner_id)
        review = Review.objects.select_for_update().get(pk=review.pk)
        review.status = to_status
        review.moderation_reason = reason.strip()[:300]
        review.moderated_by = actor
        review.moderated_at = timezone.now()
        review.save(
            update_fields=[
                "status",
                "moderation_reason",
                "moderated_by",
                "moderated_at",
                "updated_at",
            ]
        )
        practitioner_rating_refresh(practitioner_id=review.practitioner_id)
    return review


def review_respond(*, review: Review, practitioner: Practitioner, text: str) -> Review:
    """The reviewed practitioner answers publicly (again to change the answer; empty removes)."""
    if review.practitioner_id != practitioner.pk:
        raise ReviewNotAllowed(_("You can answer only reviews of your own sessions."))
    text = text.strip()[:3000]
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        review.response = text
        review.response_at = timezone.now() if text else None
        review.save(update_fields=["response", "response_at", "updated_at"])
    return review


def review_vote(*, review: Review, user: User, helpful: bool) -> Review:
    """One vote per reader (voting again changes it); the writer cannot vote on their own."""
    if review.reviewer_id == user.pk:
        raise ReviewNotAllowed(_("You cannot vote on your own review."))
    if review.status != ReviewStatus.PUBLISHED:
        raise ReviewNotAllowed(_("This review is not published."))
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        ReviewVote.objects.update_or_create(review=review, user=user, defaults={"helpful": helpful})
        review.helpful_count = ReviewVote.objects.filter(review=review, helpful=True).count()
        review.save(update_fields=["helpful_count"])
    return review


def reviews_erase_for_user(*, user: User) -> None:
    """Erasure: the user's reviews and votes go, and the ratings they counted in are
    recomputed (each practitioner locked in turn)."""
    practitioner_ids = set(
        Review.objects.filter(reviewer=user).values_list("practitioner_id", flat=True)
    )
    voted_reviews = set(ReviewVote.objects.filter(user=user).values_list("review_id", flat=True))
    ReviewVote.objects.filter(user=user).delete()
    for review_id in voted_reviews:
        Review.objects.filter(pk=review_id).update(
            helpful_count=ReviewVote.objects.filter(review_id=review_id, helpful=True).count()
        )
    Review.objects.filter(reviewer=user).delete()
    for practitioner_id in sorted(practitioner_ids, key=str):
        _lock_practitioner(practitioner_id)
        practitioner_rating_refresh(practitioner_id=practitioner_id)
