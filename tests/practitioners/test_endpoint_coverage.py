"""Every practitioners URL (pages and API) is accounted for: an endpoint that names an object has
a test where someone who may not reach it gets 404, and every list has a query-count test. The
walk over the URL patterns fails when an endpoint is added without a line in these tables; the
gaps the walk found are tested here."""

from __future__ import annotations

import datetime
import importlib
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from practitioners.models import (
    AvailabilityRule,
    BlockedTime,
    DateOverride,
    RescheduleRequest,
    Review,
)
from practitioners.services import health_records as health
from practitioners.services import reviews
from practitioners.services.waitlist import waitlist_join

from .factories import PractitionerFactory, ServiceFactory, UserFactory
from .social.factories import BookingFactory

pytestmark = pytest.mark.django_db

THIS = "tests.practitioners.test_endpoint_coverage"
PAGES = "tests.practitioners.test_pages"
API = "tests.practitioners.api.test_api"
SOCIAL_PAGES = "tests.practitioners.social.test_pages"
SOCIAL_API = "tests.practitioners.social.test_api"
LIFECYCLE = "tests.practitioners.services.test_lifecycle"

# Endpoints that name an object -> the test proving a stranger gets 404 (module, function).
STRANGER_TESTS = {
    **dict.fromkeys(
        [
            "practitioners:booking_detail",
            "practitioners:booking_cancel",
            "practitioners:booking_reschedule",
            "practitioners:booking_ics",
            "practitioners:booking_action",
            "practitioners:service_edit",
        ],
        (PAGES, "test_no_one_opens_another_clients_booking_pages"),
    ),
    **dict.fromkeys(
        [
            "practitioners:message_thread",
            "practitioners:message_poll",
            "practitioners:message_react",
            "practitioners:message_attachment",
        ],
        (SOCIAL_PAGES, "test_nobody_outside_a_thread_reads_polls_posts_or_reacts"),
    ),
    **dict.fromkeys(
        [
            "practitioners:record_detail",
            "practitioners:records_revoke",
            "practitioners:practice_client",
            "practitioners:practice_client_export",
        ],
        (SOCIAL_PAGES, "test_nobody_else_reads_or_ends_a_clients_records_or_consents"),
    ),
    "practitioners:review_write": (
        SOCIAL_PAGES,
        "test_review_page_writes_the_review_and_others_get_404",
    ),
    "practitioners:practice_payout": (
        SOCIAL_PAGES,
        "test_payout_statement_is_the_practitioners_own",
    ),
    "practitioners:booking_link": (
        LIFECYCLE,
        "test_a_signed_cancel_link_cancels_without_signing_in_and_is_then_used_up",
    ),
    "practitioners:calendar_feed": (
        LIFECYCLE,
        "test_the_calendar_feed_lists_the_users_sessions_until_its_address_is_rotated",
    ),
    **dict.fromkeys(
        [
            "practitioners:profile",
            "practitioners:book",
            "practitioners:hold",
            "practitioners:waitlist_join",
            "practitioners:message_start",
            "practitioners:review_list",
            "practitioners:review_vote",
            "practitioners:reschedule_respond",
            "practitioners:practice_note_edit",
            "practitioners:practice_review_respond",
            "practitioner-detail",
            "practitioner-slots",
            "specialization-detail",
            "prac-review-vote",
            "prac-practice-review-respond",
            "reschedule-request-answer",
            "prac-public-review-list",
        ],
        (THIS, "test_a_stranger_gets_404"),
    ),
    **dict.fromkeys(
        ["booking-detail", "booking-cancel", "booking-cancel-quote", "booking-reschedule"],
        (API, "test_no_client_reads_or_changes_another_clients_booking"),
    ),
    **dict.fromkeys(
        [
            "desk-service-detail",
            "desk-availability-rule-detail",
            "desk-date-override-detail",
            "desk-blocked-time-detail",
            "desk-booking-detail",
        ],
        (API, "test_a_practitioner_never_sees_another_practitioners_services_hours_or_bookings"),
    ),
    **dict.fromkeys(
        [
            "desk-booking-cancel",
            "desk-booking-complete",
            "desk-booking-no-show",
            "desk-booking-start",
        ],
        (THIS, "test_another_practitioner_cannot_act_on_a_session"),
    ),
    "booking-waitlist-detail": (API, "test_waitlist_and_reschedule_requests_are_private"),
    **dict.fromkeys(
        [
            "prac-conversation-detail",
            "prac-conversation-messages",
            "prac-conversation-read",
            "prac-message-reaction",
            "prac-health-record-detail",
            "prac-health-share-revoke",
            "prac-client-records",
            "prac-payout-detail",
            "prac-practice-note",
        ],
        (SOCIAL_API, "test_a_stranger_gets_404_on_every_object"),
    ),
}

# Lists -> the test proving a fixed query count.
LIST_TESTS = {
    **dict.fromkeys(
        [
            "practitioners:directory",
            "practitioners:my_sessions",
            "practitioners:dashboard",
            "practitioners:calendar",
        ],
        (PAGES, "test_pages_keep_a_fixed_query_count"),
    ),
    "practitioners:messages": (SOCIAL_PAGES, "test_message_list_runs_a_fixed_number_of_queries"),
    "practitioners:review_list": (SOCIAL_PAGES, "test_review_list_runs_a_fixed_number_of_queries"),
    **dict.fromkeys(
        ["practitioners:records", "practitioners:my_reviews", "practitioners:practice_clients"],
        (SOCIAL_PAGES, "test_records_and_clients_pages_run_a_fixed_number_of_queries"),
    ),
    "practitioners:records_access_log": (
        SOCIAL_PAGES,
        "test_access_log_page_runs_a_fixed_number_of_queries",
    ),
    "practitioners:practice_payouts": (
        SOCIAL_PAGES,
        "test_payout_statement_is_the_practitioners_own",
    ),
    **dict.fromkeys(
        ["practitioners:practice_reviews", "practitioners:availability"],
        (THIS, "test_practice_pages_run_a_fixed_number_of_queries"),
    ),
    **dict.fromkeys(
        ["practitioner-list", "booking-list", "desk-booking-list", "specialization-list"],
        (API, "test_list_endpoints_use_a_fixed_number_of_queries"),
    ),
    **dict.fromkeys(
        [
            "prac-conversation-list",
            "prac-health-record-list",
            "prac-health-share-list",
            "prac-access-log-list",
            "prac-review-list",
        ],
        (SOCIAL_API, "test_client_lists_run_a_fixed_number_of_queries"),
    ),
    **dict.fromkeys(
        ["prac-client-list", "prac-payout-list", "prac-practice-review-list"],
        (SOCIAL_API, "test_practice_lists_run_a_fixed_number_of_queries"),
    ),
    "prac-conversation-messages": (
        SOCIAL_API,
        "test_thread_messages_run_a_fixed_number_of_queries",
    ),
    **dict.fromkeys(
        [
            "prac-public-review-list",
            "reschedule-request-list",
            "booking-waitlist-list",
            "desk-service-list",
            "desk-availability-rule-list",
            "desk-date-override-list",
            "desk-blocked-time-list",
        ],
        (THIS, "test_api_lists_run_a_fixed_number_of_queries"),
    ),
}

# Endpoints that name no object and list nothing, and why.
OTHER = {
    "practitioners:calendar_feed_rotate": "the signed-in user's own feed address",
    "practitioners:apply": "the signed-in user's own application form",
    "practitioners:service_new": "a form for a new service of one's own",
    "practitioners:messages_unread": "a count of one's own unread messages",
    "practitioners:message_support": "opens one's own support thread",
    "practitioners:records_profile": "one's own health profile form",
    "practitioners:records_note": "adds a note of one's own",
    "practitioners:records_share": "shares one's own records (practitioner chosen from a list)",
    "practitioners:records_export": "exports one's own records",
    "prac-unread": "a count of one's own unread messages",
    "prac-health-profile": "one's own health profile",
    "prac-health-record-export": "exports one's own records",
    "desk-profile": "one's own practitioner profile",
}


def _url_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    api_views = {
        pattern.name
        for pattern in get_resolver().url_patterns
        for pattern in _flatten(pattern)
        if pattern.name
        and getattr(pattern.callback, "cls", None) is not None
        and pattern.callback.cls.__module__.startswith("practitioners.")
    }
    pages = {
        name for name in walk(get_resolver().url_patterns) if name.startswith("practitioners:")
    }
    return pages | api_views


def _flatten(pattern):
    if isinstance(pattern, URLResolver):
        for inner in pattern.url_patterns:
            yield from _flatten(inner)
    else:
        yield pattern


def test_every_practitioners_endpoint_is_classified_and_its_tests_exist():
    names = _url_names()
    assert "booking-list" in names
    assert "practitioners:directory" in names
    classified = set(STRANGER_TESTS) | set(LIST_TESTS) | set(OTHER)
    assert not names - classified, "classify these endpoints in this file"
    assert not classified - names, "stale names in the tables"
    for module, function in set(STRANGER_TESTS.values()) | set(LIST_TESTS.values()):
        assert callable(getattr(importlib.import_module(module), function, None)), function


# --- the gaps the walk found --------------------------------------------------------------------


def _page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world():
    unlisted = PractitionerFactory(is_listed=False)
    unlisted_service = ServiceFactory(practitioner=unlisted)
    booking = BookingFactory()
    review = reviews.review_create(
        user=booking.client, booking=booking, rating=2, content="검토를 기다리는 후기"
    )
    assert review.status == "pending"
    later = timezone.now() + datetime.timedelta(days=2)
    proposal = RescheduleRequest.objects.create(
        booking=booking,
        requested_by=booking.client,
        original_starts_at=booking.starts_at,
        new_starts_at=later,
        new_ends_at=later + datetime.timedelta(hours=1),
    )
    health.health_share_grant(
        client=booking.client,
        practitioner=booking.practitioner,
        permission="read_write",
        expires_at=timezone.now() + datetime.timedelta(days=5),
    )
    note = health.health_record_write(
        practitioner=booking.practitioner,
        actor=booking.practitioner.user,
        client_id=booking.client_id,
        kind="session_note",
        title="1회차",
        body="수면 문제",
    )
    return {
        "unlisted": unlisted,
        "unlisted_service": unlisted_service,
        "booking": booking,
        "review": review,
        "proposal": proposal,
        "note": note,
    }


def test_a_stranger_gets_404(world):
    unlisted, service = world["unlisted"], world["unlisted_service"]
    booking, review, proposal = world["booking"], world["review"], world["proposal"]
    member = _page_client(UserFactory())
    other_practitioner = PractitionerFactory().user
    practitioner_page = _page_client(other_practitioner)
    member_api = _api_client(UserFactory())
    practitioner_api = _api_client(other_practitioner)
    base = f"/practitioners/p/{unlisted.slug}/s/{service.pk}"

    page_cases = [
        (member.get, f"/practitioners/p/{unlisted.slug}/", {}),
        (member.get, f"{base}/", {}),
        (member.post, f"{base}/hold/", {"starts_at": timezone.now().isoformat()}),
        (member.post, f"{base}/waitlist/", {}),
        (member.post, f"/practitioners/messages/with/{uuid.uuid4()}/", {}),
        (member.get, f"/practitioners/reviews/of/{uuid.uuid4()}/", {}),
        (member.post, f"/practitioners/reviews/{review.pk}/vote/", {"helpful": "1"}),
        (member.post, f"/practitioners/reschedules/{proposal.pk}/answer/", {"accept": "1"}),
        (practitioner_page.get, f"/practitioners/practice/notes/{world['note'].pk}/", {}),
        (
            practitioner_page.post,
            f"/practitioners/practice/reviews/{review.pk}/answer/",
            {"response": "감사합니다"},
        ),
    ]
    for call, url, data in page_cases:
        response = call(url, data) if data else call(url)
        assert response.status_code == 404, (url, response.status_code)

    api_cases = [
        (member_api.get, f"/api/v1/practitioners/{unlisted.slug}/", None),
        (member_api.get, f"/api/v1/practitioners/{unlisted.slug}/slots/", None),
        (member_api.get, "/api/v1/specializations/no-such-specialization/", None),
        (member_api.post, f"/api/v1/practitioners/reviews/{review.pk}/vote/", {"helpful": True}),
        (
            practitioner_api.post,
            f"/api/v1/practitioners/practice/reviews/{review.pk}/respond/",
            {"response": "감사합니다"},
        ),
        (
            member_api.post,
            f"/api/v1/reschedule-requests/{proposal.pk}/answer/",
            {"accept": True},
        ),
        (
            member_api.get,
            f"/api/v1/practitioners/public-reviews/?practitioner={uuid.uuid4()}",
            None,
        ),
    ]
    for call, url, data in api_cases:
        response = call(url, data, format="json") if data is not None else call(url)
        assert response.status_code == 404, (url, response.status_code)

    assert not Review.objects.get(pk=review.pk).response
    assert RescheduleRequest.objects.get(pk=proposal.pk).status == "pending"
    assert booking.status == "completed"


def test_another_practitioner_cannot_act_on_a_session(world):
    booking = world["booking"]
    stranger = _api_client(PractitionerFactory().user)
    for action in ("cancel", "complete", "no-show", "start"):
        url = f"/api/v1/practitioner-desk/bookings/{booking.pk}/{action}/"
        assert stranger.post(url, {}, format="json").status_code == 404, action
    booking.refresh_from_db()
    assert booking.status == "completed"


def _grow_practice(practitioner, start: int, count: int) -> None:
    for n in range(start, start + count):
        booking = BookingFactory(practitioner=practitioner)
        reviews.review_create(user=booking.client, booking=booking, rating=5)
        AvailabilityRule.objects.create(
            practitioner=practitioner,
            weekday=n % 7,
            start_time=datetime.time(6 + n),
            end_time=datetime.time(7 + n),
        )
        day = timezone.localdate() + datetime.timedelta(days=30 + n)
        DateOverride.objects.create(practitioner=practitioner, date=day, is_unavailable=True)
        start = timezone.now() + datetime.timedelta(days=60 + n)
        BlockedTime.objects.create(
            practitioner=practitioner, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
        )
        ServiceFactory(practitioner=practitioner)


def _grow_client(user, practitioner, count: int) -> None:
    for _ in range(count):
        booking = BookingFactory(client=user, practitioner=practitioner)
        later = timezone.now() + datetime.timedelta(days=5)
        RescheduleRequest.objects.create(
            booking=booking,
            requested_by=practitioner.user,
            original_starts_at=booking.starts_at,
            new_starts_at=later,
            new_ends_at=later + datetime.timedelta(hours=1),
        )
        waitlist_join(
            user=user,
            service=ServiceFactory(practitioner=practitioner),
            earliest=later,
            latest=later + datetime.timedelta(days=1),
        )


@pytest.mark.parametrize(
    ("path", "as_practitioner"),
    [
        ("/api/v1/practitioners/public-reviews/?practitioner={practitioner}", False),
        ("/api/v1/reschedule-requests/", False),
        ("/api/v1/booking-waitlist/", False),
        ("/api/v1/practitioner-desk/services/", True),
        ("/api/v1/practitioner-desk/availability-rules/", True),
        ("/api/v1/practitioner-desk/date-overrides/", True),
        ("/api/v1/practitioner-desk/blocked-times/", True),
    ],
)
def test_api_lists_run_a_fixed_number_of_queries(
    path, as_practitioner, django_assert_max_num_queries
):
    practitioner = PractitionerFactory()
    user = UserFactory()
    api = _api_client(practitioner.user if as_practitioner else user)
    url = path.format(practitioner=practitioner.pk)
    for start, count in ((0, 2), (2, 6)):
        _grow_practice(practitioner, start, count)
        _grow_client(user, practitioner, count)
        with django_assert_max_num_queries(8):
            response = api.get(url)
        assert response.status_code == 200, url
        body = response.json()
        assert len(body["results"] if isinstance(body, dict) else body) >= count


def test_practice_pages_run_a_fixed_number_of_queries(django_assert_max_num_queries):
    practitioner = PractitionerFactory()
    page = _page_client(practitioner.user)
    for start, count in ((0, 2), (2, 6)):
        _grow_practice(practitioner, start, count)
        for url in ("/practitioners/practice/reviews/", "/practitioners/desk/availability/"):
            with django_assert_max_num_queries(16):
                assert page.get(url).status_code == 200, url
