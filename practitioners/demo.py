"""Demo data: a few Korean practitioners with services and weekly hours, and one paid session
for the demo user. Idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from practitioners.catalogue import catalogue_ensure
from practitioners.enums import ApplicationStatus
from practitioners.models import (
    AvailabilityRule,
    BlockedTime,
    Booking,
    Practitioner,
    PractitionerSpecialization,
    Service,
    Specialization,
)
from practitioners.services.applications import practitioner_refresh_search

PEOPLE = [
    {
        "email": "counsellor@haru.local",
        "slug": "kim-seoyeon",
        "display_name": "김서연",
        "display_name_en": "Seoyeon Kim",
        "type": "counsellor",
        "headline_ko": "불안과 번아웃을 함께 풀어가는 상담사예요",
        "headline_en": "Counsellor for anxiety and burnout",
        "bio_ko": "10년 동안 직장인과 대학생의 불안, 번아웃, 관계 고민을 들어왔어요. "
        "편안한 속도로 이야기를 나누며 일상에서 쓸 수 있는 방법을 함께 찾아요.",
        "bio_en": "For ten years I have worked with office workers and students on anxiety, "
        "burnout and relationships, at a pace that feels safe.",
        "years_experience": 10,
        "languages": ["ko", "en"],
        "session_types": ["video", "phone", "in_person"],
        "specs": ["anxiety", "burnout", "relationships"],
        "education": [{"name": "연세대학교 상담심리학 석사"}],
        "certifications": [{"name": "상담심리사 1급"}],
        "address": "서울 마포구 양화로 45, 3층",
        "services": [
            ("첫 상담 50분", "First session, 50 minutes", 50, 70000, 1),
            ("개인 상담 50분", "Counselling, 50 minutes", 50, 60000, 1),
        ],
    },
    {
        "email": "coach@haru.local",
        "slug": "park-jihoon",
        "display_name": "박지훈",
        "display_name_en": "Jihoon Park",
        "type": "coach",
        "headline_ko": "커리어 전환과 습관 만들기 코치",
        "headline_en": "Career change and habit coach",
        "bio_ko": "작은 습관부터 진로 고민까지, 목표를 실천 가능한 단계로 나누도록 도와드려요.",
        "bio_en": "From small habits to career questions, I help you turn goals into steps.",
        "years_experience": 6,
        "languages": ["ko"],
        "session_types": ["video", "chat"],
        "specs": ["career", "stress"],
        "services": [("코칭 30분", "Coaching, 30 minutes", 30, 35000, 1)],
    },
    {
        "email": "nutrition@haru.local",
        "slug": "lee-sumin",
        "display_name": "이수민",
        "display_name_en": "Sumin Lee",
        "type": "nutritionist",
        "headline_ko": "무리하지 않는 식단 관리, 임상영양사",
        "headline_en": "Clinical dietitian for sustainable eating",
        "bio_ko": "혈당과 체중 관리가 필요한 분들께 한식 위주의 현실적인 식단을 제안해요.",
        "bio_en": "Realistic, Korean-food-based eating plans for blood sugar and weight.",
        "years_experience": 8,
        "languages": ["ko"],
        "session_types": ["video", "in_person"],
        "specs": ["weight", "diabetes-diet"],
        "services": [("식단 상담 40분", "Nutrition consult, 40 minutes", 40, 45000, 1)],
    },
    {
        "email": "meditation@haru.local",
        "slug": "choi-yuna",
        "display_name": "최유나",
        "display_name_en": "Yuna Choi",
        "type": "yoga_meditation",
        "headline_ko": "저녁 그룹 명상으로 하루를 정리해요",
        "headline_en": "Evening group meditation",
        "bio_ko": "숨과 몸의 감각에 집중하는 30분 명상을 소그룹으로 진행해요.",
        "bio_en": "Thirty minutes of breath and body awareness in a small group.",
        "years_experience": 5,
        "languages": ["ko", "en"],
        "session_types": ["video"],
        "specs": ["meditation", "sleep"],
        "services": [("저녁 그룹 명상", "Evening group meditation", 30, 12000, 8)],
    },
]


def _user(email: str, nickname: str):
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, nickname=nickname)
    return user


def seed(*, demo_user, operator, stdout) -> None:
    catalogue_ensure()
    specs = {s.slug: s for s in Specialization.objects.all()}
    now = timezone.now()
    for person in PEOPLE:
        user = _user(person["email"], person["display_name"])
        fields = {
            k: v for k, v in person.items() if k not in ("email", "slug", "specs", "services")
        }
        practitioner, _ = Practitioner.objects.update_or_create(
            user=user,
            defaults={
                **fields,
                "slug": person["slug"],
                "status": ApplicationStatus.APPROVED,
                "is_verified": True,
                "verified_at": now,
                "decided_at": now,
                "decided_by": operator,
                "video_link": f"https://meet.haru.local/{person['slug']}",
                "fee_min": min(s[3] for s in person["services"]),
                "fee_max": max(s[3] for s in person["services"]),
                "buffer_after_minutes": 10,
                "minimum_notice_minutes": 180,
            },
        )
        for slug in person["specs"]:
            PractitionerSpecialization.objects.get_or_create(
                practitioner=practitioner, specialization=specs[slug]
            )
        for order, (ko, en, minutes, price, seats) in enumerate(person["services"]):
            Service.objects.update_or_create(
                practitioner=practitioner,
                name_ko=ko,
                defaults={
                    "name_en": en,
                    "duration_minutes": minutes,
                    "price": price,
                    "seats": seats,
                    "session_types": person["session_types"],
                    "sort_order": order,
                    "preparation_text": "조용한 공간에서 이어폰을 준비해 주세요.",
                    "follow_up_text": "오늘 나눈 이야기 중 하나를 이번 주에 실천해 보세요.",
                },
            )
        if not AvailabilityRule.objects.filter(practitioner=practitioner).exists():
            evening = person["type"] == "yoga_meditation"
            for weekday in range(5):
                AvailabilityRule.objects.create(
                    practitioner=practitioner,
                    weekday=weekday,
                    start_time=time(19) if evening else time(10),
                    end_time=time(21) if evening else time(18),
                )
            if not evening:
                AvailabilityRule.objects.create(
                    practitioner=practitioner, weekday=5, start_time=time(10), end_time=time(14)
                )
                lunch = datetime.combine(
                    timezone.localdate(), time(12, 30), tzinfo=ZoneInfo("Asia/Seoul")
                )
                BlockedTime.objects.create(
                    practitioner=practitioner,
                    starts_at=lunch,
                    ends_at=lunch + timedelta(hours=1),
                    reason="점심시간",
                    rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                )
        practitioner_refresh_search(practitioner_id=practitioner.pk)
    _trainer(operator)
    _demo_booking(demo_user)


def _trainer(operator) -> None:
    """Habits' demo trainer is a verified practitioner of type trainer."""
    from practitioners.services.applications import practitioner_decide

    User = get_user_model()  # noqa: N806
    user = User.objects.filter(email__iexact="trainer@haru.local").first()
    if user is None or Practitioner.objects.filter(user=user).exists():
        return
    practitioner = Practitioner.objects.create(
        user=user,
        slug="coach-minji",
        display_name="코치 민지",
        display_name_en="Coach Minji",
        type="trainer",
        headline_ko="처음 시작하는 근력 운동",
        bio_ko="운동이 처음인 분들과 주 3회 전신 루틴을 함께 해요.",
        languages=["ko"],
        session_types=["video", "in_person"],
        years_experience=7,
        certifications=[{"name": "NSCA-CPT"}],
    )
    practitioner_decide(practitioner=practitioner, decision="approved", operator=operator)
    Service.objects.create(
        practitioner=practitioner,
        name_ko="1:1 퍼스널 트레이닝 50분",
        name_en="Personal training, 50 minutes",
        duration_minutes=50,
        price=55000,
        session_types=["video", "in_person"],
    )
    for weekday in (0, 2, 4):
        AvailabilityRule.objects.create(
            practitioner=practitioner, weekday=weekday, start_time=time(7), end_time=time(11)
        )
    practitioner_refresh_search(practitioner_id=practitioner.pk)


def _demo_booking(demo_user) -> None:
    """One paid session for the demo user, through the real hold → checkout → payment path."""
    from billing.enums import Provider
    from billing.gateways.dev import APPROVED_CARD
    from billing.services import checkout_pay_with_test_card
    from practitioners.services import booking_checkout_start, booking_hold
    from practitioners.services.slots import service_slots

    if Booking.objects.filter(participants__user=demo_user).exists():
        return
    service = Service.objects.filter(practitioner__slug="kim-seoyeon").order_by("sort_order").last()
    if service is None:
        return
    slots = service_slots(service=service, start=timezone.now() + timedelta(days=2), days=7)
    if not slots:
        return
    hold = booking_hold(
        client=demo_user,
        service=service,
        starts_at=slots[0].starts_at.astimezone(UTC),
        session_type="video",
        notes="요즘 잠들기 전에 걱정이 많아요.",
    )
    checkout = booking_checkout_start(hold=hold)
    if checkout.provider != Provider.DEV:
        return
    checkout_pay_with_test_card(
        checkout=checkout,
        number=APPROVED_CARD,
        expiry_month=12,
        expiry_year=timezone.now().year + 3,
        amount=checkout.amount,
    )
