"""Reviews: who may write one, one per booking, moderation, answers, votes, rating columns."""

from __future__ import annotations

from decimal import Decimal

import pytest

from practitioners.models import Practitioner, Review
from practitioners.services import reviews
from practitioners.social.enums import ReviewStatus
from practitioners.social.exceptions import InvalidReview, ReviewExists, ReviewNotAllowed
from tests.concurrency import failures, run_each_in_thread

from .factories import BookingFactory, PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_client_reviews_a_completed_session_and_the_rating_columns_follow():
    booking = BookingFactory()
    review = reviews.review_create(
        user=booking.client, booking=booking, rating=4, aspects={"communication": 5}
    )
    practitioner = Practitioner.objects.get(pk=booking.practitioner_id)
    assert review.status == ReviewStatus.PUBLISHED  # a rating alone needs no moderation
    assert practitioner.rating_average == Decimal("4.00")
    assert practitioner.rating_count == 1
    assert practitioner.review_count == 0  # no written text


@pytest.mark.parametrize("status", ["pending", "confirmed", "cancelled", "no_show"])
def test_a_session_that_was_not_completed_cannot_be_reviewed(status):
    booking = BookingFactory(status=status, completed_at=None)
    with pytest.raises(ReviewNotAllowed):
        reviews.review_create(user=booking.client, booking=booking, rating=5)
    assert not Review.objects.exists()


def test_someone_who_was_not_in_the_session_cannot_review_it():
    booking = BookingFactory()
    with pytest.raises(ReviewNotAllowed):
        reviews.review_create(user=UserFactory(), booking=booking, rating=1)


def test_a_second_review_of_the_same_booking_is_refused():
    booking = BookingFactory()
    reviews.review_create(user=booking.client, booking=booking, rating=5)
    with pytest.raises(ReviewExists):
        reviews.review_create(user=booking.client, booking=booking, rating=1)
    assert Review.objects.count() == 1


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_one_to_five_is_refused(rating):
    booking = BookingFactory()
    with pytest.raises(InvalidReview) as error:
        reviews.review_create(user=booking.client, booking=booking, rating=rating)
    assert "rating" in error.value.fields


def test_an_aspect_outside_one_to_five_or_unknown_is_refused():
    booking = BookingFactory()
    with pytest.raises(InvalidReview):
        reviews.review_create(
            user=booking.client, booking=booking, rating=4, aspects={"communication": 9}
        )
    with pytest.raises(InvalidReview):
        reviews.review_create(user=booking.client, booking=booking, rating=4, aspects={"x": 3})


def test_a_written_review_waits_for_moderation_and_counts_once_published(operator):
    booking = BookingFactory()
    review = reviews.review_create(
        user=booking.client, booking=booking, rating=2, content="시간을 잘 지키지 않았어요."
    )
    assert review.status == ReviewStatus.PENDING
    assert Practitioner.objects.get(pk=booking.practitioner_id).rating_count == 0

    reviews.review_moderate(review=review, to_status=ReviewStatus.PUBLISHED, actor=operator)
    practitioner = Practitioner.objects.get(pk=booking.practitioner_id)
    assert (practitioner.rating_count, practitioner.review_count) == (1, 1)

    with pytest.raises(InvalidReview):
        reviews.review_moderate(review=review, to_status=ReviewStatus.HIDDEN, actor=operator)
    reviews.review_moderate(
        review=review, to_status=ReviewStatus.HIDDEN, actor=operator, reason="개인정보 포함"
    )
    practitioner.refresh_from_db()
    assert (practitioner.rating_count, practitioner.rating_average) == (0, Decimal("0.00"))


def test_average_is_rounded_to_two_places():
    practitioner = PractitionerFactory()
    for rating in (5, 4, 4):
        booking = BookingFactory(practitioner=practitioner)
        reviews.review_create(user=booking.client, booking=booking, rating=rating)
    practitioner.refresh_from_db()
    assert practitioner.rating_average == Decimal("4.33")
    assert practitioner.rating_count == 3


def test_only_the_reviewed_practitioner_answers():
    booking = BookingFactory()
    review = reviews.review_create(user=booking.client, booking=booking, rating=5)
    with pytest.raises(ReviewNotAllowed):
        reviews.review_respond(review=review, practitioner=PractitionerFactory(), text="감사")
    answered = reviews.review_respond(
        review=review, practitioner=booking.practitioner, text="감사합니다."
    )
    assert answered.response == "감사합니다."
    assert answered.response_at is not None


def test_one_helpfulness_vote_per_reader_and_none_by_the_writer():
    booking = BookingFactory()
    review = reviews.review_create(user=booking.client, booking=booking, rating=5)
    reader = UserFactory()
    reviews.review_vote(review=review, user=reader, helpful=True)
    reviews.review_vote(review=review, user=reader, helpful=True)
    assert Review.objects.get(pk=review.pk).helpful_count == 1
    reviews.review_vote(review=review, user=reader, helpful=False)
    assert Review.objects.get(pk=review.pk).helpful_count == 0
    with pytest.raises(ReviewNotAllowed):
        reviews.review_vote(review=review, user=booking.client, helpful=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_concurrent_reviews_of_one_practitioner_keep_the_count_exact():
    practitioner = PractitionerFactory()
    bookings = [BookingFactory(practitioner=practitioner) for _ in range(6)]
    outcomes = run_each_in_thread(
        bookings,
        lambda booking: reviews.review_create(user=booking.client, booking=booking, rating=3),
    )
    assert not failures(outcomes)
    practitioner.refresh_from_db()
    assert practitioner.rating_count == 6
    assert practitioner.rating_average == Decimal("3.00")
