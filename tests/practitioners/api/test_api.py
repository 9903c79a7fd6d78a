"""The practitioners API: booking with a 409 on a taken slot, ownership (404 for others'
objects on every endpoint), and list query counts that do not grow with rows."""

import uuid
from datetime import time, timedelta

import pytest
from rest_framework.test import APIClient

from practitioners import services
from practitioners.models import AvailabilityRule, BlockedTime, DateOverride, WaitlistEntry

from ..conftest import tomorrow_at
from ..factories import PractitionerFactory, ServiceFactory, SpecializationFactory, UserFactory

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _hold(service, client, hour):
    return services.booking_hold(
        client=client, service=service, starts_at=tomorrow_at(hour), session_type="video"
    )


def test_booking_a_free_slot_answers_201_with_a_checkout_and_a_taken_one_409(open_service):
    alice, bob = UserFactory(), UserFactory()
    body = {
        "service_id": str(open_service.pk),
        "starts_at": tomorrow_at(11).isoformat(),
        "session_type": "video",
    }
    first = api_for(alice).post("/api/v1/bookings/", body, format="json", HTTP_IDEMPOTENCY_KEY="a1")
    assert first.status_code == 201, first.content
    assert first.json()["booking"]["status"] == "pending"
    assert first.json()["checkout_url"].startswith("/billing/checkout/")

    second = api_for(bob).post("/api/v1/bookings/", body, format="json", HTTP_IDEMPOTENCY_KEY="b1")
    assert second.status_code == 409
    assert second.json()["code"] == "slot_unavailable"


def test_bad_booking_input_answers_400_with_field_errors(open_service):
    response = api_for(UserFactory()).post(
        "/api/v1/bookings/",
        {"service_id": "nope", "starts_at": "tomorrow", "session_type": "hologram"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="x1",
    )
    assert response.status_code == 400
    assert {"service_id", "starts_at", "session_type"} <= set(response.json()["fields"])


def test_no_client_reads_or_changes_another_clients_booking(open_service):
    alice, bob = UserFactory(), UserFactory()
    held = _hold(open_service, alice, 12)
    pk = held.booking.pk
    as_bob = api_for(bob)
    assert as_bob.get(f"/api/v1/bookings/{pk}/").status_code == 404
    assert as_bob.get(f"/api/v1/bookings/{pk}/cancel-quote/").status_code == 404
    assert (
        as_bob.post(f"/api/v1/bookings/{pk}/cancel/", {}, HTTP_IDEMPOTENCY_KEY="c1").status_code
        == 404
    )
    assert (
        as_bob.post(
            f"/api/v1/bookings/{pk}/reschedule/",
            {"new_starts_at": tomorrow_at(14).isoformat()},
            format="json",
        ).status_code
        == 404
    )
    assert as_bob.get("/api/v1/bookings/").json()["results"] == []
    # the practitioner's desk endpoints are the practitioner's alone
    assert as_bob.get(f"/api/v1/practitioner-desk/bookings/{pk}/").status_code == 404
    assert as_bob.post(f"/api/v1/practitioner-desk/bookings/{pk}/complete/").status_code == 404
    # and alice sees her own
    assert api_for(alice).get(f"/api/v1/bookings/{pk}/").status_code == 200


def test_a_practitioner_never_sees_another_practitioners_services_hours_or_bookings(open_service):
    other = PractitionerFactory()
    rule = AvailabilityRule.objects.create(
        practitioner=open_service.practitioner, weekday=1, start_time=time(9), end_time=time(10)
    )
    override = DateOverride.objects.create(
        practitioner=open_service.practitioner,
        date=(tomorrow_at(9) + timedelta(days=3)).date(),
        is_unavailable=True,
    )
    block = BlockedTime.objects.create(
        practitioner=open_service.practitioner,
        starts_at=tomorrow_at(9),
        ends_at=tomorrow_at(10),
    )
    held = _hold(open_service, UserFactory(), 13)
    as_other = api_for(other.user)
    for url in (
        f"/api/v1/practitioner-desk/services/{open_service.pk}/",
        f"/api/v1/practitioner-desk/availability-rules/{rule.pk}/",
        f"/api/v1/practitioner-desk/date-overrides/{override.pk}/",
        f"/api/v1/practitioner-desk/blocked-times/{block.pk}/",
        f"/api/v1/practitioner-desk/bookings/{held.booking.pk}/",
    ):
        assert as_other.get(url).status_code == 404, url
        assert as_other.patch(url, {}, format="json").status_code in (404, 405), url
    assert (
        as_other.delete(f"/api/v1/practitioner-desk/availability-rules/{rule.pk}/").status_code
        == 404
    )
    assert AvailabilityRule.objects.filter(pk=rule.pk).exists()
    for listing in (
        "services",
        "availability-rules",
        "date-overrides",
        "blocked-times",
        "bookings",
    ):
        body = as_other.get(f"/api/v1/practitioner-desk/{listing}/").json()
        rows = body["results"] if isinstance(body, dict) else body
        assert rows == [], listing


def test_waitlist_and_reschedule_requests_are_private(open_service):
    alice, bob = UserFactory(), UserFactory()
    entry = services.waitlist_join(
        user=alice,
        service=open_service,
        earliest=tomorrow_at(9),
        latest=tomorrow_at(9) + timedelta(days=3),
    )
    as_bob = api_for(bob)
    assert as_bob.delete(f"/api/v1/booking-waitlist/{entry.pk}/").status_code == 404
    assert WaitlistEntry.objects.get(pk=entry.pk).status == "waiting"
    assert (
        as_bob.post(
            f"/api/v1/reschedule-requests/{uuid.uuid4()}/answer/", {"accept": True}, format="json"
        ).status_code
        == 404
    )


def test_the_directory_finds_korean_and_english_words_and_filters(db):
    spec = SpecializationFactory(slug="anxiety", name_ko="불안", name_en="Anxiety")
    kim = PractitionerFactory(
        display_name="김하늘",
        display_name_en="Haneul Kim",
        bio_en="I help with anxious thoughts",
        languages=["ko", "en"],
    )
    PractitionerFactory(display_name="이바다", display_name_en="Bada Lee", languages=["ko"])
    from practitioners.models import PractitionerSpecialization
    from practitioners.services.applications import practitioner_refresh_search

    PractitionerSpecialization.objects.create(practitioner=kim, specialization=spec)
    for p in type(kim).objects.all():
        practitioner_refresh_search(practitioner_id=p.pk)
    client = APIClient()

    def slugs(**params):
        return [
            row["slug"] for row in client.get("/api/v1/practitioners/", params).json()["results"]
        ]

    assert slugs(q="불안") == [kim.slug]
    assert slugs(q="하늘") == [kim.slug]
    assert slugs(q="anxiety") == [kim.slug]
    assert slugs(q="anxious") == [kim.slug]  # English stemming
    assert slugs(language="en") == [kim.slug]
    assert slugs(specialization="anxiety") == [kim.slug]
    assert len(slugs()) == 2
    assert client.get("/api/v1/practitioners/", {"price_max": "x"}).status_code == 400


def test_slots_endpoint_lists_free_times_and_404s_for_another_practitioners_service(open_service):
    other_service = ServiceFactory()
    client = APIClient()
    url = f"/api/v1/practitioners/{open_service.practitioner.slug}/slots/"
    response = client.get(url, {"service": str(open_service.pk), "days": 2})
    assert response.status_code == 200
    assert len(response.json()) > 10
    assert client.get(url, {"service": str(other_service.pk)}).status_code == 404


def _grow(n, open_service):
    for _ in range(n):
        p = PractitionerFactory()
        ServiceFactory(practitioner=p)
        SpecializationFactory().practitioner_links.create(practitioner=p)


@pytest.mark.parametrize("size", [2, 12])
def test_list_endpoints_use_a_fixed_number_of_queries(
    open_service, size, django_assert_max_num_queries
):
    _grow(size, open_service)
    client = UserFactory()
    for hour in range(size):
        _hold(open_service, UserFactory() if hour else client, hour % 23)
    as_client = api_for(client)
    as_practitioner = api_for(open_service.practitioner.user)
    with django_assert_max_num_queries(6):
        assert APIClient().get("/api/v1/practitioners/").status_code == 200
    with django_assert_max_num_queries(6):
        assert as_client.get("/api/v1/bookings/").status_code == 200
    with django_assert_max_num_queries(7):
        assert as_practitioner.get("/api/v1/practitioner-desk/bookings/").status_code == 200
    with django_assert_max_num_queries(4):
        assert APIClient().get("/api/v1/specializations/").status_code == 200
