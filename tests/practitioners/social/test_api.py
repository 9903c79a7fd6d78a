"""The social API: ownership on every endpoint, field errors, and fixed query counts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from practitioners.models import HealthAccessLog, Message, Review
from practitioners.services import health_records as health
from practitioners.services import messaging, payouts, reviews

from .factories import BookingFactory, PractitionerFactory, UserFactory, booking_payment

pytestmark = pytest.mark.django_db

API = "/api/v1/practitioners"


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world():
    """A client with a completed session, a thread, a consent, a record and a payout."""
    kst = datetime.timezone(datetime.timedelta(hours=9))
    at = datetime.datetime(2026, 11, 24, 10, tzinfo=kst)
    booking = BookingFactory(
        starts_at=at,
        ends_at=at + datetime.timedelta(hours=1),
        occupied_from=at,
        occupied_until=at + datetime.timedelta(hours=1),
        completed_at=at + datetime.timedelta(hours=1),
    )
    booking_payment(booking)
    payouts.payouts_create_for_week(today=datetime.date(2026, 11, 30))
    conversation = messaging.conversation_start(
        client=booking.client, practitioner=booking.practitioner
    )
    sent = messaging.message_send(conversation=conversation, sender=booking.client, body="안녕")
    share = health.health_share_grant(
        client=booking.client,
        practitioner=booking.practitioner,
        permission="read_write",
        expires_at=timezone.now() + datetime.timedelta(days=10),
    )
    record = health.health_record_write(
        practitioner=booking.practitioner,
        actor=booking.practitioner.user,
        client_id=booking.client_id,
        kind="session_note",
        title="1회기",
        body="내용",
    )
    return {
        "booking": booking,
        "conversation": conversation,
        "message": sent.message,
        "share": share,
        "record": record,
        "payout": booking.practitioner.user.billing_payouts.get(),
    }


def test_every_endpoint_needs_sign_in(api_client, world):
    for url in [
        f"{API}/reviews/",
        f"{API}/conversations/",
        f"{API}/messages/unread/",
        f"{API}/health/profile/",
        f"{API}/health/records/",
        f"{API}/health/shares/",
        f"{API}/health/access-log/",
        f"{API}/practice/clients/",
        f"{API}/practice/payouts/",
        f"{API}/practice/reviews/",
    ]:
        assert api_client.get(url).status_code in (401, 403), url


def test_a_stranger_gets_404_on_every_object(world):
    stranger = api_for(PractitionerFactory().user)  # a practitioner, but not theirs
    c, m, share, record = world["conversation"], world["message"], world["share"], world["record"]
    client_id = world["booking"].client_id
    gets = [
        f"{API}/conversations/{c.pk}/",
        f"{API}/conversations/{c.pk}/messages/",
        f"{API}/health/records/{record.pk}/",
        f"{API}/practice/clients/{client_id}/records/",
        f"{API}/practice/payouts/{world['payout'].pk}/",
    ]
    for url in gets:
        assert stranger.get(url).status_code == 404, url
    posts = [
        (f"{API}/conversations/{c.pk}/messages/", {"body": "x"}),
        (f"{API}/conversations/{c.pk}/read/", {}),
        (f"{API}/messages/{m.pk}/reactions/", {"emoji": "👍"}),
        (f"{API}/health/shares/{share.pk}/revoke/", {}),
        (f"{API}/practice/clients/{client_id}/records/", {"kind": "session_note", "title": "t"}),
        (
            f"{API}/reviews/",
            {"booking": str(world["booking"].pk), "rating": 5},
        ),
    ]
    for url, data in posts:
        assert stranger.post(url, data, format="json").status_code == 404, url
    assert (
        stranger.patch(
            f"{API}/practice/notes/{record.pk}/", {"title": "x"}, format="json"
        ).status_code
        == 404
    )
    assert Message.objects.count() == 1
    share.refresh_from_db()
    assert share.revoked_at is None
    assert not HealthAccessLog.objects.filter(actor__isnull=False, action="view").exists()
    # lists show nothing of others
    for url in (f"{API}/conversations/", f"{API}/health/records/", f"{API}/health/shares/"):
        assert stranger.get(url).json()["results"] == [], url
    assert stranger.get(f"{API}/practice/payouts/").json()["results"] == []
    assert stranger.get(f"{API}/practice/clients/").json() == []


def test_a_member_who_is_not_a_practitioner_has_no_practice_endpoints(world):
    member = api_for(UserFactory())
    for url in (f"{API}/practice/clients/", f"{API}/practice/payouts/", f"{API}/practice/reviews/"):
        assert member.get(url).status_code == 404, url


def test_review_through_the_api_after_a_completed_session(world):
    booking = world["booking"]
    me = api_for(booking.client)
    bad = me.post(f"{API}/reviews/", {"booking": str(booking.pk), "rating": 7}, format="json")
    assert bad.status_code == 400
    assert "rating" in bad.json()["fields"]
    ok = me.post(
        f"{API}/reviews/",
        {"booking": str(booking.pk), "rating": 5, "aspects": {"professionalism": 5}},
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    again = me.post(f"{API}/reviews/", {"booking": str(booking.pk), "rating": 4}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "review_exists"
    public = APIClient().get(
        f"{API}/public-reviews/", {"practitioner": str(booking.practitioner_id)}
    )
    assert public.status_code == 200
    assert public.json()["results"][0]["rating"] == 5


def test_a_review_before_the_session_is_held_is_403_with_a_clear_message():
    booking = BookingFactory(status="confirmed", completed_at=None)
    response = api_for(booking.client).post(
        f"{API}/reviews/", {"booking": str(booking.pk), "rating": 5}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "review_not_allowed"
    assert response.json()["message"]
    assert not Review.objects.exists()


def test_messaging_through_the_api(world):
    booking, conversation = world["booking"], world["conversation"]
    coach = api_for(booking.practitioner.user)
    assert coach.get(f"{API}/messages/unread/").json() == {"count": 1}
    listed = coach.get(f"{API}/conversations/").json()["results"]
    assert listed[0]["unread"] == 1
    msgs = coach.get(f"{API}/conversations/{conversation.pk}/messages/").json()
    assert msgs[0]["body"] == "안녕"
    assert coach.post(f"{API}/conversations/{conversation.pk}/read/").status_code == 204
    assert coach.get(f"{API}/messages/unread/").json() == {"count": 0}
    empty = coach.post(f"{API}/conversations/{conversation.pk}/messages/", {"body": ""})
    assert empty.status_code == 400
    assert "body" in empty.json()["fields"]
    me = api_for(booking.client)
    crisis = me.post(
        f"{API}/conversations/{conversation.pk}/messages/",
        {"body": "요즘 너무 힘들어서 죽고 싶다는 생각이 계속 들어요."},
        format="json",
    )
    assert crisis.status_code == 201
    assert crisis.json()["safety"]["level"] == "crisis"
    assert crisis.json()["safety"]["resources"]
    react = coach.post(
        f"{API}/messages/{world['message'].pk}/reactions/", {"emoji": "❤️"}, format="json"
    )
    assert react.json() == {"on": True}


def test_sharing_through_the_api(world):
    booking = world["booking"]
    me = api_for(booking.client)
    past = me.post(
        f"{API}/health/shares/",
        {
            "practitioner": str(booking.practitioner_id),
            "permission": "read",
            "expires_at": "2020-01-01T00:00:00Z",
        },
        format="json",
    )
    assert past.status_code == 400
    assert "expires_at" in past.json()["fields"]
    revoked = me.post(f"{API}/health/shares/{world['share'].pk}/revoke/")
    assert revoked.status_code == 200
    coach = api_for(booking.practitioner.user)
    assert coach.get(f"{API}/practice/clients/{booking.client_id}/records/").status_code == 404
    log = me.get(f"{API}/health/access-log/").json()["results"]
    assert {"share", "revoke", "create"} <= {entry["action"] for entry in log}


@pytest.mark.parametrize(
    "path",
    [
        "conversations/",
        "health/records/",
        "health/shares/",
        "health/access-log/",
        "reviews/",
    ],
)
def test_client_lists_run_a_fixed_number_of_queries(path, django_assert_max_num_queries):
    user = UserFactory()
    me = api_for(user)

    def grow(n):
        for _ in range(n):
            booking = BookingFactory(client=user)
            conversation = messaging.conversation_start(
                client=user, practitioner=booking.practitioner
            )
            messaging.message_send(
                conversation=conversation, sender=booking.practitioner.user, body="hi"
            )
            health.health_record_add_own(client=user, title="t", body="b")
            health.health_share_grant(
                client=user,
                practitioner=booking.practitioner,
                permission="read",
                expires_at=timezone.now() + datetime.timedelta(days=3),
            )
            reviews.review_create(user=user, booking=booking, rating=4)

    grow(2)
    with django_assert_max_num_queries(6):
        assert me.get(f"{API}/{path}").status_code == 200
    grow(6)
    with django_assert_max_num_queries(6):
        assert me.get(f"{API}/{path}").status_code == 200


@pytest.mark.parametrize("path", ["practice/clients/", "practice/payouts/", "practice/reviews/"])
def test_practice_lists_run_a_fixed_number_of_queries(path, django_assert_max_num_queries):
    practitioner = PractitionerFactory()
    coach = api_for(practitioner.user)

    def grow(n):
        for _ in range(n):
            booking = BookingFactory(practitioner=practitioner)
            reviews.review_create(user=booking.client, booking=booking, rating=5)

    grow(2)
    with django_assert_max_num_queries(7):
        assert coach.get(f"{API}/{path}").status_code == 200
    grow(6)
    with django_assert_max_num_queries(7):
        assert coach.get(f"{API}/{path}").status_code == 200


def test_thread_messages_run_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    booking, conversation = world["booking"], world["conversation"]
    me = api_for(booking.client)
    for n in (3, 15):
        while Message.objects.count() < n:
            sent = messaging.message_send(
                conversation=conversation, sender=booking.practitioner.user, body="hi"
            )
            messaging.reaction_toggle(message=sent.message, user=booking.client, emoji="👍")
        with django_assert_max_num_queries(8):
            assert me.get(f"{API}/conversations/{conversation.pk}/messages/").status_code == 200


def test_conversations_open_only_with_approved_practitioners():
    me = api_for(UserFactory())
    applicant = PractitionerFactory(status="applied", is_verified=False)
    refused = me.post(f"{API}/conversations/", {"practitioner": str(applicant.pk)}, format="json")
    assert refused.status_code == 404
    missing = me.post(f"{API}/conversations/", {}, format="json")
    assert missing.status_code == 400
    assert "practitioner" in missing.json()["fields"]
    approved = PractitionerFactory()
    opened = me.post(f"{API}/conversations/", {"practitioner": str(approved.pk)}, format="json")
    assert opened.status_code == 201
    support = me.post(f"{API}/conversations/", {"support": True}, format="json")
    assert support.json()["kind"] == "support"
