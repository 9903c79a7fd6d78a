"""The social pages: each works for its owner, is a 404 for everybody else, and runs a fixed
number of queries whatever the length of its list."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practitioners.models import HealthAccessLog, Message, Review
from practitioners.services import health_records as health
from practitioners.services import messaging, payouts, reviews

from .factories import BookingFactory, PractitionerFactory, UserFactory, booking_payment

pytestmark = pytest.mark.django_db

CRISIS_TEXT = "요즘 너무 힘들어서 죽고 싶다는 생각이 계속 들어요."


@pytest.fixture
def session():
    """A completed session between a client and a practitioner, with a thread."""
    booking = BookingFactory()
    conversation = messaging.conversation_start(
        client=booking.client, practitioner=booking.practitioner
    )
    return booking, conversation


def signed_in(client, user):
    client.force_login(user)
    return client


def test_client_reads_and_posts_in_their_thread(client, session):
    booking, conversation = session
    signed_in(client, booking.client)
    url = reverse("practitioners:message_thread", args=[conversation.pk])
    response = client.post(url, {"body": "다음 주 일정 문의드려요"})
    assert response.status_code == 302
    page = client.get(url)
    assert page.status_code == 200
    assert "다음 주 일정 문의드려요" in page.content.decode()


def test_a_crisis_message_shows_the_client_the_crisis_lines(client, session):
    booking, conversation = session
    signed_in(client, booking.client)
    response = client.post(
        reverse("practitioners:message_thread", args=[conversation.pk]), {"body": CRISIS_TEXT}
    )
    assert response.status_code == 200
    assert "109" in response.content.decode()
    assert Message.objects.get().safety_level == "crisis"


def test_an_empty_message_is_a_form_error(client, session):
    booking, conversation = session
    signed_in(client, booking.client)
    response = client.post(
        reverse("practitioners:message_thread", args=[conversation.pk]), {"body": " "}
    )
    assert response.status_code == 400
    assert not Message.objects.exists()


def test_nobody_outside_a_thread_reads_polls_posts_or_reacts(client, session):
    booking, conversation = session
    sent = messaging.message_send(
        conversation=conversation,
        sender=booking.client,
        body="비밀",
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", "application/pdf")],
    )
    attachment = sent.message.attachments.get()
    attachment.upload.scan_status = "clean"
    attachment.upload.save()
    signed_in(client, UserFactory())
    for url in [
        reverse("practitioners:message_thread", args=[conversation.pk]),
        reverse("practitioners:message_poll", args=[conversation.pk]) + "?after=0",
        reverse("practitioners:message_attachment", args=[attachment.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("practitioners:message_thread", args=[conversation.pk]), {"body": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("practitioners:message_react", args=[sent.message.pk]), {"emoji": "👍"}
        ).status_code
        == 404
    )
    assert Message.objects.count() == 1
    # and the practitioner of the thread may download it
    signed_in(client, booking.practitioner.user)
    download = client.get(reverse("practitioners:message_attachment", args=[attachment.pk]))
    assert download.status_code == 200


def test_poll_returns_only_newer_messages(client, session):
    booking, conversation = session
    first = messaging.message_send(conversation=conversation, sender=booking.client, body="첫째")
    messaging.message_send(conversation=conversation, sender=booking.client, body="둘째")
    signed_in(client, booking.practitioner.user)
    response = client.get(
        reverse("practitioners:message_poll", args=[conversation.pk]),
        {"after": first.message.pk},
    )
    body = response.content.decode()
    assert "둘째" in body
    assert "첫째" not in body


def test_message_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    user = UserFactory()
    signed_in(client, user)

    def add(n):
        for _ in range(n):
            conversation = messaging.conversation_start(
                client=user, practitioner=PractitionerFactory()
            )
            messaging.message_send(
                conversation=conversation, sender=conversation.practitioner.user, body="hi"
            )

    add(2)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("practitioners:messages")).status_code == 200
    add(8)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("practitioners:messages")).status_code == 200


def test_thread_runs_a_fixed_number_of_queries(client, session, django_assert_max_num_queries):
    booking, conversation = session
    signed_in(client, booking.client)
    url = reverse("practitioners:message_thread", args=[conversation.pk])
    for n in (2, 12):
        while Message.objects.count() < n:
            sent = messaging.message_send(
                conversation=conversation, sender=booking.practitioner.user, body="안녕하세요"
            )
            messaging.reaction_toggle(message=sent.message, user=booking.client, emoji="👍")
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200


def test_review_page_refuses_a_session_not_yet_held(client):
    booking = BookingFactory(status="confirmed", completed_at=None)
    signed_in(client, booking.client)
    url = reverse("practitioners:review_write", args=[booking.pk])
    response = client.post(url, {"rating": "5"})
    assert response.status_code == 400
    assert "after you have had it" in response.content.decode() or "세션을 받은" in (
        response.content.decode()
    )
    assert not Review.objects.exists()


def test_review_page_writes_the_review_and_others_get_404(client):
    booking = BookingFactory()
    signed_in(client, UserFactory())
    url = reverse("practitioners:review_write", args=[booking.pk])
    assert client.get(url).status_code == 404
    signed_in(client, booking.client)
    assert client.get(url).status_code == 200
    response = client.post(url, {"rating": "4", "aspect_communication": "5"})
    assert response.status_code == 302
    assert Review.objects.get().aspects == {"communication": 5}


def test_review_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    practitioner = PractitionerFactory()

    def add(n):
        for _ in range(n):
            booking = BookingFactory(practitioner=practitioner)
            reviews.review_create(user=booking.client, booking=booking, rating=5)

    url = reverse("practitioners:review_list", args=[practitioner.pk])
    add(2)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    add(10)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_records_page_shares_revokes_and_shows_the_access_log(client):
    booking = BookingFactory()
    signed_in(client, booking.client)
    assert client.get(reverse("practitioners:records")).status_code == 200
    response = client.post(
        reverse("practitioners:records_share"),
        {
            "practitioner": str(booking.practitioner_id),
            "permission": "read",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "include_profile": "on",
        },
    )
    assert response.status_code == 302
    share = booking.client.health_shares.get()
    # a past date is a form error, not a crash
    bad = client.post(
        reverse("practitioners:records_share"),
        {
            "practitioner": str(booking.practitioner_id),
            "permission": "read",
            "expires_on": "2020-01-01",
        },
    )
    assert bad.status_code == 400
    # the practitioner opens the records: the client sees it in the log
    signed_in(client, booking.practitioner.user)
    assert (
        client.get(reverse("practitioners:practice_client", args=[booking.client_id])).status_code
        == 200
    )
    signed_in(client, booking.client)
    log = client.get(reverse("practitioners:records_access_log")).content.decode()
    assert booking.practitioner.display_name in log
    client.post(reverse("practitioners:records_revoke", args=[share.pk]))
    signed_in(client, booking.practitioner.user)
    assert (
        client.get(reverse("practitioners:practice_client", args=[booking.client_id])).status_code
        == 404
    )


def test_nobody_else_reads_or_ends_a_clients_records_or_consents(client):
    booking = BookingFactory()
    record = health.health_record_add_own(client=booking.client, title="메모", body="내용")
    share = health.health_share_grant(
        client=booking.client,
        practitioner=booking.practitioner,
        permission="read",
        expires_at=timezone.now() + datetime.timedelta(days=5),
    )
    stranger_practitioner = PractitionerFactory()
    signed_in(client, stranger_practitioner.user)
    assert client.get(reverse("practitioners:record_detail", args=[record.pk])).status_code == 404
    assert client.post(reverse("practitioners:records_revoke", args=[share.pk])).status_code == 404
    assert (
        client.get(reverse("practitioners:practice_client", args=[booking.client_id])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("practitioners:practice_client_export", args=[booking.client_id])
        ).status_code
        == 404
    )
    share.refresh_from_db()
    assert share.revoked_at is None
    assert not HealthAccessLog.objects.filter(action__in=["view", "export"]).exists()
    # a plain member has no practice pages at all
    signed_in(client, UserFactory())
    for name in ("practice_clients", "practice_payouts", "practice_reviews"):
        assert client.get(reverse(f"practitioners:{name}")).status_code == 404


def test_access_log_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    booking = BookingFactory()
    health.health_share_grant(
        client=booking.client,
        practitioner=booking.practitioner,
        permission="read",
        expires_at=timezone.now() + datetime.timedelta(days=5),
    )
    signed_in(client, booking.client)
    for n in (2, 15):
        while HealthAccessLog.objects.count() < n:
            health.health_client_open(
                practitioner=booking.practitioner,
                actor=booking.practitioner.user,
                client_id=booking.client_id,
            )
        with django_assert_max_num_queries(12):
            assert client.get(reverse("practitioners:records_access_log")).status_code == 200


@pytest.mark.parametrize("sessions", [1, 6])
def test_payout_statement_is_the_practitioners_own(client, django_assert_max_num_queries, sessions):
    practitioner = PractitionerFactory()
    kst = datetime.timezone(datetime.timedelta(hours=9))
    for day in range(23, 23 + sessions):
        at = datetime.datetime(2026, 11, day, 10, tzinfo=kst)
        booking = BookingFactory(
            practitioner=practitioner,
            starts_at=at,
            ends_at=at + datetime.timedelta(hours=1),
            occupied_from=at,
            occupied_until=at + datetime.timedelta(hours=1),
            completed_at=at + datetime.timedelta(hours=1),
        )
        booking_payment(booking)
    payouts.payouts_create_for_week(today=datetime.date(2026, 11, 30))
    payout = practitioner.user.billing_payouts.get()
    signed_in(client, practitioner.user)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("practitioners:practice_payout", args=[payout.pk]))
    assert page.status_code == 200
    assert f"{40000 * sessions:,}" in page.content.decode()
    with django_assert_max_num_queries(15):
        assert client.get(reverse("practitioners:practice_payouts")).status_code == 200
    signed_in(client, PractitionerFactory().user)
    assert client.get(reverse("practitioners:practice_payout", args=[payout.pk])).status_code == 404


def test_the_profile_lists_published_reviews_and_offers_a_message(client):
    booking = BookingFactory()
    reviews.review_create(user=booking.client, booking=booking, rating=5)
    pending = BookingFactory(practitioner=booking.practitioner)
    reviews.review_create(
        user=pending.client, booking=pending, rating=1, content="검토 전이라 안 보여야 해요"
    )
    signed_in(client, UserFactory())
    page = client.get(reverse("practitioners:profile", args=[booking.practitioner.slug]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "★★★★★" in body
    assert "검토 전이라" not in body
    assert reverse("practitioners:message_start", args=[booking.practitioner_id]) in body


def test_records_and_clients_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    practitioner = PractitionerFactory()
    me = UserFactory()

    def grow(n):
        for _ in range(n):
            other = PractitionerFactory()
            BookingFactory(practitioner=other, client=me)
            BookingFactory(practitioner=practitioner)  # another client of the practitioner
            health.health_record_add_own(client=me, title="메모", body="내용")
            health.health_share_grant(
                client=me,
                practitioner=other,
                permission="read",
                expires_at=timezone.now() + datetime.timedelta(days=3),
            )

    for n in (2, 6):
        grow(n if n == 2 else 4)
        signed_in(client, me)
        with django_assert_max_num_queries(14):
            assert client.get(reverse("practitioners:records")).status_code == 200
        with django_assert_max_num_queries(14):
            assert client.get(reverse("practitioners:my_reviews")).status_code == 200
        signed_in(client, practitioner.user)
        with django_assert_max_num_queries(14):
            assert client.get(reverse("practitioners:practice_clients")).status_code == 200
