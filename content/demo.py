# ruff: noqa: E501 - Korean demo texts read better unbroken
"""Demo data: Korean articles and a meditation, a course, a notice, FAQ and a running
attendance event the demo user has stamped twice. Idempotent (keyed by slugs)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from content.enums import CourseAccess, ItemStatus, RewardTrigger
from content.models import (
    Announcement,
    ContentItem,
    Course,
    Event,
    EventReward,
    FaqCategory,
    FaqEntry,
    Lesson,
    LessonItem,
)
from content.permissions import REVIEWERS
from content.services.events import event_check_in
from content.services.faq import faq_draft_create
from content.services.library import progress_save, translation_save
from content.services.notices import announcement_publish, announcement_save

ITEMS = [
    # slug, kind, category, minutes, premium, (ko title, ko body), (en title, en body)
    (
        "morning-breathing",
        "meditation",
        "명상",
        5,
        False,
        (
            "아침 5분 호흡 명상",
            "## 시작하기\n\n편안하게 앉아 눈을 감아요. 넷을 세며 들이쉬고, 여섯을 세며 내쉬어요.\n\n- 어깨 힘을 빼요\n- 생각이 떠오르면 다시 숨으로 돌아와요\n\n오늘 하루도 천천히 시작해요.",
        ),
        (
            "Five-minute morning breathing",
            "## Getting started\n\nSit comfortably and close your eyes. Breathe in for four, out for six.\n\nStart the day slowly.",
        ),
    ),
    (
        "sleep-routine",
        "guide",
        "수면",
        7,
        False,
        (
            "잠들기 전 30분 루틴",
            "잠들기 30분 전에는 화면을 멀리하고 조명을 낮춰요.\n\n1. 따뜻한 물로 샤워해요\n2. 오늘 고마웠던 일 세 가지를 적어요\n3. 몸을 천천히 풀어 줘요",
        ),
        None,
    ),
    (
        "gratitude-journal",
        "article",
        "마음",
        4,
        False,
        (
            "감사 일기를 쓰면 달라지는 것들",
            "> 작은 감사가 하루를 바꿔요.\n\n감사한 일을 적는 습관은 마음을 부드럽게 해 줘요. 짧아도 괜찮아요.",
        ),
        ("What a gratitude journal changes", "> Small thanks change a day.\n\nShort is fine."),
    ),
    (
        "deep-sleep-meditation",
        "meditation",
        "수면",
        20,
        True,
        (
            "깊은 잠을 위한 바디스캔 명상",
            "발끝부터 머리까지 차례로 몸의 감각을 느껴 봐요. 긴장이 풀리는 곳에 머물러요.",
        ),
        ("Body scan for deep sleep", "Move your attention from your toes to your head."),
    ),
    (
        "desk-stretching",
        "exercise",
        "움직임",
        6,
        False,
        (
            "책상에서 하는 3분 스트레칭",
            "목을 천천히 돌리고, 어깨를 으쓱했다가 내려요. 한 시간마다 해 보세요.",
        ),
        ("Three-minute desk stretch", "Roll your neck slowly and shrug your shoulders."),
    ),
]


def _items(operator) -> list[ContentItem]:
    items = []
    now = timezone.now()
    for slug, kind, category, minutes, premium, ko, en in ITEMS:
        item, created = ContentItem.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "category": category,
                "duration_minutes": minutes,
                "is_premium": premium,
                "tags": [category],
                "status": ItemStatus.PUBLISHED,
                "published_at": now,
                "author": operator,
                "reviewed_by": operator,
            },
        )
        if created:
            translation_save(item=item, language="ko", title=ko[0], body_markdown=ko[1])
            if en:
                translation_save(item=item, language="en", title=en[0], body_markdown=en[1])
        items.append(item)
    return items


def seed(*, demo_user, operator, stdout) -> None:
    operator.groups.add(Group.objects.get(name=REVIEWERS))
    items = _items(operator)
    progress_save(user=demo_user, item=items[1], percent=40)

    course, created = Course.objects.get_or_create(
        slug="calm-week",
        defaults={
            "title_ko": "마음 챙김 7일 코스",
            "title_en": "Seven days of mindfulness",
            "description_ko": "하루 10분, 일주일 동안 호흡과 감사를 연습해요.",
            "description_en": "Ten minutes a day of breathing and gratitude, for a week.",
            "access": CourseAccess.FREE,
            "is_published": True,
        },
    )
    if created:
        for position, (title, item) in enumerate(
            [
                ("호흡으로 시작하기", items[0]),
                ("감사 일기", items[2]),
                ("잠들기 전 루틴", items[1]),
            ],
            start=1,
        ):
            lesson = Lesson.objects.create(course=course, position=position, title_ko=title)
            LessonItem.objects.create(lesson=lesson, item=item)

    # a paid course: bought once (₩29,000, VAT included) or included in Premium
    sleep, created = Course.objects.get_or_create(
        slug="sleep-reset",
        defaults={
            "title_ko": "깊은 잠 되찾기 14일",
            "title_en": "Fourteen days to deeper sleep",
            "description_ko": "수면 전문가와 함께 2주 동안 잠드는 습관을 차근차근 바꿔요.",
            "description_en": "Two weeks with a sleep expert to change how you fall asleep.",
            "access": CourseAccess.PAID,
            "price": 29_000,
            "is_published": True,
        },
    )
    if created:
        for position, (title, item) in enumerate(
            [("잠들기 전 루틴", items[1]), ("호흡으로 긴장 풀기", items[0])], start=1
        ):
            lesson = Lesson.objects.create(course=sleep, position=position, title_ko=title)
            LessonItem.objects.create(lesson=lesson, item=item)

    if not Announcement.objects.filter(title_ko="하루 12월 업데이트 안내").exists():
        announcement = announcement_save(
            announcement=Announcement(
                title_ko="하루 12월 업데이트 안내",
                title_en="Haru December update",
                body_markdown_ko="**새로운 라이브러리**가 열렸어요. 명상과 가이드를 만나 보세요.\n\n- 출석 이벤트가 시작됐어요\n- FAQ가 새로워졌어요",
                body_markdown_en="The **new library** is open.",
                tags=["업데이트"],
                is_pinned=True,
            )
        )
        announcement_publish(announcement=announcement)

    category, _ = FaqCategory.objects.get_or_create(
        slug="account",
        defaults={"name_ko": "계정과 결제", "name_en": "Account and payments", "position": 1},
    )
    if not FaqEntry.objects.filter(category=category).exists():
        for question, answer in [
            (
                "구독은 어떻게 해지하나요?",
                "**설정 > 구독**에서 언제든 해지할 수 있어요. 남은 기간까지는 계속 이용할 수 있어요.",
            ),
            ("포인트는 언제 사라지나요?", "포인트는 받은 날부터 1년 동안 쓸 수 있어요."),
            (
                "일기는 누가 볼 수 있나요?",
                "일기는 본인만 볼 수 있어요. 운영자도 내용을 볼 수 없어요.",
            ),
        ]:
            entry = faq_draft_create(
                question_ko=question, answer_ko=answer, category=category, source="demo"
            )
            FaqEntry.objects.filter(pk=entry.pk).update(is_active=True)

    today = timezone.localdate()
    event, created = Event.objects.get_or_create(
        slug="december-check-in",
        defaults={
            "title_ko": "12월 출석 체크 이벤트",
            "title_en": "December check-in",
            "description_ko": "매일 출석하고 포인트를 받아요. 7일 연속 출석하면 보너스 100포인트!",
            "description_en": "Check in every day for points; seven days in a row earns 100 more.",
            "starts_on": today - timedelta(days=3),
            "ends_on": today + timedelta(days=28),
        },
    )
    if created:
        EventReward.objects.create(
            event=event, code="daily-10", trigger=RewardTrigger.DAILY_CHECK_IN, points=10
        )
        EventReward.objects.create(
            event=event, code="streak-7", trigger=RewardTrigger.STREAK, days=7, points=100
        )
        EventReward.objects.create(
            event=event, code="first-diary", trigger=RewardTrigger.FIRST_DIARY_OF_MONTH, points=30
        )
    for days_ago in (2, 1):
        event_check_in(event=event, user=demo_user, at=timezone.now() - timedelta(days=days_ago))
