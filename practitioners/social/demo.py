"""Demo data of the social half (idempotent): a practitioner the demo user has seen twice, a
published review, a conversation, shared health records with an access trail, and a payout."""

from __future__ import annotations

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from billing.enums import PaymentPurpose, PaymentStatus, Provider
from billing.models import Payment
from practitioners.models import (
    Booking,
    BookingParticipant,
    Conversation,
    HealthShare,
    Practitioner,
    Review,
    Service,
)
from practitioners.services import health_records as health
from practitioners.services import messaging, payouts, reviews

KST = ZoneInfo("Asia/Seoul")
COACH_EMAIL = "counsellor@haru.local"
COACH_PASSWORD = "haru-coach-2026"  # noqa: S105 - a demo account, seeded only with DEBUG on


def _practitioner() -> Practitioner:
    existing = Practitioner.objects.filter(user__email=COACH_EMAIL).first()
    if existing:
        return existing
    user_model = get_user_model()
    user = user_model.objects.filter(email=COACH_EMAIL).first() or user_model.objects.create_user(
        email=COACH_EMAIL, password=COACH_PASSWORD, nickname="김하늘"
    )
    return Practitioner.objects.create(
        user=user,
        slug="kim-haneul",
        display_name="김하늘 상담사",
        display_name_en="Haneul Kim",
        type="counsellor",
        status="approved",
        is_verified=True,
        languages=["ko", "en"],
        session_types=["video", "chat"],
        headline_ko="불면과 불안을 함께 다루는 상담사",
        headline_en="Counsellor for sleep and anxiety",
        bio_ko="10년 동안 수면 문제와 불안을 겪는 분들과 함께해 왔어요.",
        years_experience=10,
        fee_min=60000,
        fee_max=60000,
    )


def _held_session(practitioner: Practitioner, client, *, days_ago: int) -> Booking:
    service = practitioner.services.first() or Service.objects.create(
        practitioner=practitioner,
        name_ko="개인 상담 50분",
        name_en="Counselling, 50 minutes",
        duration_minutes=50,
        price=60000,
        currency="KRW",
        session_types=["video"],
        seats=1,
    )
    day = timezone.localdate(timezone=KST) - datetime.timedelta(days=days_ago)
    starts = datetime.datetime.combine(day, datetime.time(19, 0), tzinfo=KST)
    booking = Booking.objects.filter(
        practitioner=practitioner, client=client, starts_at=starts
    ).first()
    if booking:
        return booking
    ends = starts + datetime.timedelta(minutes=50)
    booking = Booking.objects.create(
        practitioner=practitioner,
        service=service,
        client=client,
        starts_at=starts,
        ends_at=ends,
        occupied_from=starts,
        occupied_until=ends,
        session_type="video",
        status="completed",
        price=service.price,
        currency="KRW",
        confirmed_at=starts - datetime.timedelta(days=3),
        completed_at=ends,
    )
    payment = Payment.objects.create(
        user=client,
        purpose=PaymentPurpose.BOOKING,
        provider=Provider.DEV,
        order_id=f"demo_{uuid.uuid4().hex[:20]}",
        order_name="개인 상담 50분",
        idempotency_key=uuid.uuid4().hex,
        amount=service.price,
        status=PaymentStatus.APPROVED,
        requested_at=starts - datetime.timedelta(days=3),
        approved_at=starts - datetime.timedelta(days=3),
        booking_id=booking.pk,
        practitioner_id=practitioner.pk,
        platform_fee=service.price // 5,
        practitioner_amount=service.price - service.price // 5,
    )
    BookingParticipant.objects.create(
        booking=booking,
        user=client,
        status="confirmed",
        price=service.price,
        currency="KRW",
        payment_id=payment.pk,
    )
    return booking


def seed(*, demo_user, operator, stdout) -> None:
    practitioner = _practitioner()
    first = _held_session(practitioner, demo_user, days_ago=9)
    _held_session(practitioner, demo_user, days_ago=2)
    if not Review.objects.filter(booking=first, reviewer=demo_user).exists():
        review = reviews.review_create(
            user=demo_user,
            booking=first,
            rating=5,
            aspects={"professionalism": 5, "communication": 5, "effectiveness": 4},
            title="처음으로 푹 잤어요",
            content=(
                "잠들기 전 루틴을 함께 정해 주셔서 많이 도움이 됐어요. 편하게 이야기할 수 있었어요."
            ),
            publish=True,
        )
        reviews.review_respond(
            review=review,
            practitioner=practitioner,
            text="솔직하게 나눠 주셔서 고마워요. 다음 시간에도 천천히 함께해요.",
        )
    if not Conversation.objects.filter(client=demo_user, practitioner=practitioner).exists():
        conversation = messaging.conversation_start(client=demo_user, practitioner=practitioner)
        messaging.message_send(
            conversation=conversation,
            sender=demo_user,
            body="선생님, 지난번에 알려 주신 호흡법을 매일 해 보고 있어요.",
        )
        messaging.message_send(
            conversation=conversation,
            sender=practitioner.user,
            body="좋아요! 잠들기 30분 전에 해 보시고, 어땠는지 다음 세션에서 들려주세요.",
        )
    if not HealthShare.objects.filter(client=demo_user, practitioner=practitioner).exists():
        health.health_profile_update(
            user=demo_user,
            allergies="없음",
            goals="밤에 깨지 않고 자고 싶어요",
            medications="없음",
        )
        health.health_share_grant(
            client=demo_user,
            practitioner=practitioner,
            permission="read_write",
            expires_at=timezone.now() + datetime.timedelta(days=90),
        )
        health.health_record_write(
            practitioner=practitioner,
            actor=practitioner.user,
            client_id=demo_user.pk,
            kind="session_note",
            title="1회기: 수면 패턴 확인",
            body="취침 시각이 불규칙함. 수면 일기와 호흡 연습을 과제로 정함.",
            booking=first,
        )
        health.health_client_open(
            practitioner=practitioner, actor=practitioner.user, client_id=demo_user.pk
        )
    payouts.payouts_create_for_week()
    stdout.write(f"  practitioner demo: {COACH_EMAIL} / {COACH_PASSWORD}")
