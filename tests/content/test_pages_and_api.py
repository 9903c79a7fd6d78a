"""Pages and API: fixed query counts at two sizes, ownership (404 for others' data), gating."""

from __future__ import annotations

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from content.enums import CourseAccess
from content.exceptions import CourseLimitReachedError, PremiumRequiredError
from content.models import Announcement, FaqEntry, FaqSearchMiss
from content.services.courses import course_enrol, lesson_complete
from content.services.events import event_check_in
from content.services.faq import faq_draft_create
from content.services.library import progress_save, reaction_set
from content.services.notices import announcement_save
from tests.billing.factories import SubscriptionFactory

from .factories import (
    CourseFactory,
    EventFactory,
    EventRewardFactory,
    FaqCategoryFactory,
    LessonFactory,
    published_item,
)

pytestmark = pytest.mark.django_db


def _queries(call) -> tuple[int, object]:
    """How many SQL queries ``call()`` costs (the log is emptied first, so nothing earlier in
    the test shifts the count)."""
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result


def _library(n: int, start: int = 0) -> list:
    items = []
    for i in range(start, start + n):
        kind = ("article", "meditation", "guide")[i % 3]
        items.append(
            published_item(
                ko=(f"명상 글 {i}", "천천히 숨을 쉬어요."),
                en=(f"Meditation {i}", "Breathe slowly."),
                slug=f"lib-{i}",
                kind=kind,
            )
        )
    return items


def _notices(n: int, start: int = 0) -> None:
    from django.utils import timezone

    for i in range(start, start + n):
        announcement_save(
            announcement=Announcement(
                title_ko=f"공지 {i}", body_markdown_ko="본문", published_at=timezone.now()
            )
        )


def _faq(n: int, start: int = 0) -> None:
    category = FaqCategoryFactory()
    for i in range(start, start + n):
        entry = faq_draft_create(question_ko=f"질문 {i}", answer_ko="답변", category=category)
        FaqEntry.objects.filter(pk=entry.pk).update(is_active=True)


def _courses(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        course = CourseFactory(slug=f"c-{i}")
        LessonFactory(course=course, position=1)


def _events(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        EventRewardFactory(event=EventFactory(slug=f"e-{i}"))


@pytest.mark.parametrize(
    ("url", "fill"),
    [
        ("/content/courses/", _courses),
        ("/api/v1/content/courses/", _courses),
        ("/content/events/", _events),
        ("/api/v1/content/events/", _events),
        ("/content/", _library),
        ("/content/search/?q=명상을", _library),
        ("/content/kind/meditation/", _library),
        ("/content/notices/", _notices),
        ("/content/faq/", _faq),
        ("/api/v1/content/library/", _library),
        ("/api/v1/content/items/", _library),
        ("/api/v1/content/search/?q=meditation", _library),
        ("/api/v1/content/notices/", _notices),
        ("/api/v1/content/faq/", _faq),
    ],
)
def test_lists_cost_the_same_number_of_queries_at_two_sizes(client, alice, url, fill):
    client.force_login(alice)
    client.get("/content/notices/")  # the sign-in's session bookkeeping happens here, once
    fill(3)
    small, response = _queries(lambda: client.get(url))
    assert response.status_code == 200
    fill(15, start=3)
    large, response = _queries(lambda: client.get(url))
    assert response.status_code == 200
    assert large == small <= 25


def test_continue_bookmarks_and_progress_lists_are_fixed_and_only_the_users_own(client, alice, bob):
    items = _library(12)
    for item in items[:2]:
        progress_save(user=alice, item=item, percent=40)
        reaction_set(user=alice, item=item, kind="bookmark", on=True)
    for item in items[2:]:
        progress_save(user=bob, item=item, percent=60)
        reaction_set(user=bob, item=item, kind="bookmark", on=True)
    client.force_login(alice)

    few, response = _queries(lambda: client.get("/api/v1/content/bookmarks/"))
    bookmarks = response.json()
    progress = client.get("/api/v1/content/progress/").json()

    assert sorted(row["slug"] for row in bookmarks["results"]) == ["lib-0", "lib-1"]
    assert sorted(row["item"]["slug"] for row in progress) == ["lib-0", "lib-1"]
    client.force_login(bob)
    many, response = _queries(lambda: client.get("/api/v1/content/bookmarks/"))
    assert len(response.json()["results"]) == 10
    assert many == few
    home = client.get("/content/").content.decode()
    assert "이어서" in home or "Continue" in home


def test_the_api_needs_sign_in_for_personal_lists(client):
    for url in (
        "/api/v1/content/bookmarks/",
        "/api/v1/content/progress/",
        "/api/v1/content/enrolments/",
        "/api/v1/content/events/",
    ):
        assert client.get(url).status_code in (401, 403)


def test_premium_item_is_locked_with_an_upgrade_path_until_the_plan_includes_it(client, alice):
    published_item(ko=("깊은 수면 명상", "프리미엄 본문이에요."), slug="deep", is_premium=True)
    client.force_login(alice)

    page = client.get("/content/items/deep/").content.decode()
    api = client.get("/api/v1/content/items/deep/").json()

    assert 'class="prose"' not in page  # the body is not sent; the excerpt is the teaser
    assert "/billing/pricing" in page or "pricing" in page
    assert api["locked"] is True
    assert api["body_html"] == ""
    assert api["upgrade_url"]

    SubscriptionFactory(user=alice)
    api = client.get("/api/v1/content/items/deep/").json()
    assert api["locked"] is False
    assert "프리미엄 본문이에요." in api["body_html"]


def test_course_limit_of_the_free_plan_and_premium_courses(alice):
    free_one, free_two = CourseFactory(), CourseFactory()
    premium = CourseFactory(access=CourseAccess.PLAN)

    course_enrol(user=alice, course=free_one)
    course_enrol(user=alice, course=free_one)  # idempotent
    with pytest.raises(CourseLimitReachedError) as limit:
        course_enrol(user=alice, course=free_two)
    assert limit.value.action_url
    with pytest.raises(PremiumRequiredError):
        course_enrol(user=alice, course=premium)

    SubscriptionFactory(user=alice)
    course_enrol(user=alice, course=premium)


def test_completing_every_lesson_gives_a_certificate_only_its_owner_can_open(client, alice, bob):
    course = CourseFactory(slug="calm-week")
    lessons = [LessonFactory(course=course, position=n) for n in (1, 2)]
    enrolment = course_enrol(user=alice, course=course)
    client.force_login(alice)
    assert client.get("/content/courses/calm-week/certificate/").status_code == 404

    response = client.post(f"/content/courses/calm-week/lessons/{lessons[0].pk}/done/")
    assert response.status_code == 302
    api = client.get("/api/v1/content/courses/calm-week/").json()
    assert api["enrolment"]["lessons_done"] == 1
    assert [lesson["done"] for lesson in api["lessons"]] == [True, False]
    enrolment = lesson_complete(enrolment=enrolment, lesson=lessons[1])

    assert enrolment.completed_at is not None
    assert client.get("/content/courses/calm-week/certificate/").status_code == 200
    client.force_login(bob)
    assert client.get("/content/courses/calm-week/certificate/").status_code == 404
    assert client.get("/api/v1/content/enrolments/").json() == []


def test_events_page_and_api_show_only_the_users_own_stamps(client, alice, bob):
    event = EventFactory(slug="dec")
    EventRewardFactory(event=event, points=10)
    event_check_in(event=event, user=bob)
    client.force_login(alice)

    assert client.get("/api/v1/content/events/dec/").json()["days"] == []
    page = client.get("/content/events/dec/").content.decode()
    assert "is-stamped" not in page

    first = client.post("/api/v1/content/events/dec/check-in/", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/content/events/dec/check-in/", HTTP_IDEMPOTENCY_KEY="k-2")
    assert first.status_code == 201
    assert first.json()["points"] == 10
    assert again.status_code == 200
    assert again.json()["points"] == 0
    assert len(client.get("/api/v1/content/events/dec/").json()["days"]) == 1
    assert "is-stamped" in client.get("/content/events/dec/").content.decode()


def test_faq_search_records_misses_and_votes_once_per_user(client, alice):
    _faq(2)
    client.force_login(alice)
    entry = FaqEntry.objects.filter(is_active=True).first()

    assert len(client.get("/api/v1/content/faq/search/?q=질문을").json()) == 2
    assert client.get("/api/v1/content/faq/search/?q=환불").json() == []
    client.get("/content/faq/?q=환불")
    assert FaqSearchMiss.objects.get(query="환불").count == 2

    client.post(
        f"/api/v1/content/faq/{entry.pk}/vote/", {"helpful": True}, content_type="application/json"
    )
    client.post(
        f"/api/v1/content/faq/{entry.pk}/vote/", {"helpful": True}, content_type="application/json"
    )
    voted = client.post(
        f"/api/v1/content/faq/{entry.pk}/vote/", {"helpful": False}, content_type="application/json"
    ).json()
    assert (voted["helpful_count"], voted["not_helpful_count"]) == (0, 1)
    bad = client.post(f"/api/v1/content/faq/{entry.pk}/vote/", {}, content_type="application/json")
    assert bad.status_code == 400
    assert "helpful" in bad.json()["fields"]


def test_bad_input_answers_400_with_field_errors(client, alice):
    published_item(ko=("글", "본문"), slug="x")
    client.force_login(alice)

    progress = client.put(
        "/api/v1/content/items/x/progress/", {"percent": 140}, content_type="application/json"
    )
    reaction = client.post(
        "/api/v1/content/items/x/reactions/", {"kind": "love"}, content_type="application/json"
    )
    search = client.get("/api/v1/content/search/?q=")

    assert progress.status_code == 400
    assert "percent" in progress.json()["fields"]
    assert reaction.status_code == 400
    assert "kind" in reaction.json()["fields"]
    assert search.status_code == 400
    assert "q" in search.json()["fields"]
    assert client.get("/api/v1/content/items/nope/").status_code == 404
