"""Applications and the trainer role, reminders exactly once, e-mail links, the calendar feed,
moving a session, and the waitlist getting a freed time first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import roles
from accounts.models import Notification
from habits.services import user_is_trainer
from practitioners import services
from practitioners.enums import (
    ApplicationStatus,
    BookingStatus,
    RescheduleStatus,
    SeatStatus,
    WaitlistStatus,
)
from practitioners.exceptions import InvalidApplicationTransition, RescheduleNotAllowed
from practitioners.models import Booking, BookingReminder, PractitionerStatusLog
from practitioners.services import calendar as calendar_service
from practitioners.services import links

from ..conftest import tomorrow_at
from ..factories import UserFactory
from .test_bookings import _pay

pytestmark = pytest.mark.django_db


def _apply(user, type_="trainer"):
    return services.practitioner_apply(
        user=user,
        profile={
            "display_name": "코치 하나",
            "display_name_en": "Coach Hana",
            "type": type_,
            "bio_ko": "함께 운동해요.",
            "languages": ["ko"],
            "session_types": ["video"],
            "years_experience": 3,
        },
    )


def test_approving_a_trainer_grants_the_accounts_trainer_role_that_habits_checks(
    django_capture_on_commit_callbacks,
):
    user, operator = UserFactory(), UserFactory(is_staff=True)
    practitioner = _apply(user)
    assert practitioner.status == ApplicationStatus.APPLIED
    assert not user_is_trainer(user=user)

    with django_capture_on_commit_callbacks(execute=True):
        services.practitioner_decide(
            practitioner=practitioner, decision=ApplicationStatus.APPROVED, operator=operator
        )

    practitioner.refresh_from_db()
    assert practitioner.is_verified
    assert roles.is_trainer(user)
    assert user_is_trainer(user=user)
    assert Notification.objects.filter(user=user, type="practitioners.application").count() == 1
    assert list(
        PractitionerStatusLog.objects.filter(practitioner=practitioner)
        .order_by("created_at", "id")
        .values_list("to_status", flat=True)
    ) == ["applied", "approved"]


def test_rejecting_needs_a_reason_and_takes_the_trainer_role_back():
    user, operator = UserFactory(), UserFactory(is_staff=True)
    practitioner = _apply(user)
    services.practitioner_decide(
        practitioner=practitioner, decision=ApplicationStatus.APPROVED, operator=operator
    )
    with pytest.raises(InvalidApplicationTransition):
        services.practitioner_decide(
            practitioner=practitioner, decision=ApplicationStatus.REJECTED, operator=operator
        )
    services.practitioner_decide(
        practitioner=practitioner,
        decision=ApplicationStatus.REJECTED,
        operator=operator,
        reason="자격증 사본이 흐려요",
    )
    practitioner.refresh_from_db()
    assert practitioner.status == ApplicationStatus.REJECTED
    assert not practitioner.is_verified
    assert not roles.is_trainer(user)


def test_asking_for_more_then_reapplying_returns_the_application_to_the_queue():
    user, operator = UserFactory(), UserFactory(is_staff=True)
    practitioner = _apply(user, "counsellor")
    services.practitioner_decide(
        practitioner=practitioner,
        decision=ApplicationStatus.MORE_INFO_REQUESTED,
        operator=operator,
        reason="자격증을 올려 주세요",
    )
    again = _apply(user, "counsellor")
    assert again.pk == practitioner.pk
    assert again.status == ApplicationStatus.APPLIED


def _confirmed(service, hour, client=None):
    client = client or UserFactory()
    hold = services.booking_hold(
        client=client, service=service, starts_at=tomorrow_at(hour), session_type="video"
    )
    _pay(hold)
    hold.booking.refresh_from_db()
    hold.seat.refresh_from_db()
    return hold


def test_reminders_go_out_exactly_once_each(open_service, django_capture_on_commit_callbacks):
    hold = _confirmed(open_service, 20)
    starts = hold.booking.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due(now=starts - timedelta(hours=23)) == 1
        assert services.reminders_send_due(now=starts - timedelta(hours=22)) == 0
        assert services.reminders_send_due(now=starts - timedelta(minutes=50)) == 1
        assert services.reminders_send_due(now=starts - timedelta(minutes=40)) == 0
        assert services.reminders_send_due(now=hold.booking.ends_at + timedelta(hours=2)) == 1
        assert services.reminders_send_due(now=hold.booking.ends_at + timedelta(hours=3)) == 0
    kinds = set(BookingReminder.objects.values_list("kind", flat=True))
    assert kinds == {"day_before", "hour_before", "follow_up"}
    assert (
        Notification.objects.filter(user=hold.seat.user, type__startswith="practitioners.")
        .filter(
            type__in=[
                "practitioners.day_before",
                "practitioners.hour_before",
                "practitioners.follow_up",
            ]
        )
        .count()
        == 3
    )


def test_a_signed_cancel_link_cancels_without_signing_in_and_is_then_used_up(client, open_service):
    hold = _confirmed(open_service, 22)
    url = links.booking_link(seat=hold.seat, action="cancel")

    page = client.get(url)
    assert page.status_code == 200
    quote = services.cancellation_quote(seat=hold.seat)
    assert f"({quote.percent}%)" in page.content.decode()  # the refund is shown before
    done = client.post(url)
    assert done.status_code == 200
    hold.seat.refresh_from_db()
    assert hold.seat.status == SeatStatus.CANCELLED
    assert client.get(url).status_code == 404
    # a forged or edited token is refused
    assert client.get(url.replace("link/", "link/x")).status_code == 404


def test_the_calendar_feed_lists_the_users_sessions_until_its_address_is_rotated(
    client, open_service
):
    hold = _confirmed(open_service, 21)
    user = hold.seat.user
    url = calendar_service.calendar_feed_url(user=user)
    feed = client.get(url)
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    assert f"booking-{hold.booking.pk}@haru".encode() in feed.content

    calendar_service.calendar_feed_rotate(user=user)
    assert client.get(url).status_code == 404
    assert client.get(calendar_service.calendar_feed_url(user=user)).status_code == 200


def test_a_proposed_time_moves_the_session_once_the_other_side_accepts(open_service):
    hold = _confirmed(open_service, 10)
    client = hold.seat.user
    proposal = services.reschedule_propose(
        booking=hold.booking, by=client, new_starts_at=tomorrow_at(16)
    )
    with pytest.raises(RescheduleNotAllowed):  # the proposer cannot accept their own
        services.reschedule_respond(request=proposal, by=client, accept=True)
    answered = services.reschedule_respond(
        request=proposal, by=open_service.practitioner.user, accept=True
    )
    assert answered.status == RescheduleStatus.ACCEPTED
    old = Booking.objects.get(pk=hold.booking.pk)
    assert old.status == BookingStatus.RESCHEDULED
    moved = old.rescheduled_to
    assert moved.status == BookingStatus.CONFIRMED
    assert moved.starts_at == tomorrow_at(16)
    assert moved.participants.get().payment_id == hold.seat.payment_id


def test_a_freed_time_is_held_for_the_first_person_on_the_waitlist(
    open_service, django_capture_on_commit_callbacks
):
    hold = _confirmed(open_service, 11)
    first, second = UserFactory(), UserFactory()
    window = (timezone.now(), timezone.now() + timedelta(days=3))
    services.waitlist_join(user=first, service=open_service, earliest=window[0], latest=window[1])
    services.waitlist_join(user=second, service=open_service, earliest=window[0], latest=window[1])

    services.booking_cancel_seat(seat=hold.seat, actor=hold.seat.user)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.waitlist_offer_freed(booking_id=hold.booking.pk)

    assert entry is not None
    assert entry.user == first
    assert entry.status == WaitlistStatus.OFFERED
    held = Booking.objects.get(practitioner=open_service.practitioner, status=BookingStatus.PENDING)
    assert held.starts_at == hold.booking.starts_at
    assert held.participants.get().user == first
    assert Notification.objects.filter(user=first, type="practitioners.waitlist_offer").exists()


def _ics_emailed_to(user) -> dict[str, str]:
    """Deliver the user's pending notifications; the .ics files they were e-mailed, by name."""
    from django.core import mail

    from accounts.models import NotificationPreference
    from accounts.services import notification_deliver

    NotificationPreference.objects.update_or_create(
        user=user, defaults={"quiet_hours_enabled": False}
    )
    for notification in Notification.objects.filter(user=user, status="pending"):
        notification.deliver_after = timezone.now()
        notification.save(update_fields=["deliver_after"])
        notification_deliver(notification_id=notification.pk)
    files = {}
    for message in mail.outbox:
        for name, content, kind in message.attachments if message.to == [user.email] else []:
            assert kind == "text/calendar"
            files[name] = content if isinstance(content, str) else content.decode()
    return files


def test_the_confirmation_email_carries_the_sessions_ics(
    open_service, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hold = _confirmed(open_service, 10)

    name = f"haru-{hold.booking.pk}.ics"
    client_files = _ics_emailed_to(hold.seat.user)
    assert list(client_files) == [name]
    assert f"UID:booking-{hold.booking.pk}@haru" in client_files[name]
    assert "DTSTART:" in client_files[name]
    assert list(_ics_emailed_to(open_service.practitioner.user)) == [name]


def test_an_accepted_new_time_emails_both_sides_the_moved_sessions_ics(
    open_service, django_capture_on_commit_callbacks
):
    hold = _confirmed(open_service, 10)
    proposal = services.reschedule_propose(
        booking=hold.booking, by=hold.seat.user, new_starts_at=tomorrow_at(16)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule_respond(
            request=proposal, by=open_service.practitioner.user, accept=True
        )
    moved = Booking.objects.get(pk=hold.booking.pk).rescheduled_to

    for user in (hold.seat.user, open_service.practitioner.user):
        files = _ics_emailed_to(user)
        assert f"UID:booking-{moved.pk}@haru" in files[f"haru-{moved.pk}.ics"], user
    moved_notice = Notification.objects.get(user=hold.seat.user, type="practitioners.reschedule")
    assert "email" in moved_notice.channels
