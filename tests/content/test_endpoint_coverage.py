"""Every content URL (pages and API) is accounted for: an endpoint that names an object answers
404 to a signed-in user who may not see it (a draft, an unpublished course, a withdrawn notice,
an inactive FAQ entry or event, a lesson of another course, a certificate not earned), and every
list costs the same number of queries however long it is. The walk over the URL patterns fails
when an endpoint is added without being classified here."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from content.enums import ItemStatus
from content.models import Announcement, FaqEntry
from content.services.courses import course_enrol
from content.services.faq import faq_draft_create
from content.services.library import progress_save, reaction_set
from content.services.notices import announcement_save
from tests.billing.factories import SubscriptionFactory

from .factories import (
    CourseFactory,
    EventFactory,
    FaqCategoryFactory,
    LessonFactory,
    published_item,
)

pytestmark = pytest.mark.django_db

# name -> (method, path with {placeholders} filled from the hidden objects below)
STRANGER_CASES = {
    "content:item": ("get", "/content/items/{draft}/"),
    "content:item_react": ("post", "/content/items/{draft}/react/"),
    "content:item_progress": ("post", "/content/items/{draft}/progress/"),
    "content:course": ("get", "/content/courses/{hidden_course}/"),
    "content:course_enrol": ("post", "/content/courses/{hidden_course}/join/"),
    "content:course_buy": ("post", "/content/courses/{hidden_course}/buy/"),
    "content:lesson_done": (
        "post",
        "/content/courses/{open_course}/lessons/{foreign_lesson}/done/",
    ),
    "content:certificate": ("get", "/content/courses/{open_course}/certificate/"),
    "content:notice": ("get", "/content/notices/{withdrawn_notice}/"),
    "content:faq_vote": ("post", "/content/faq/{inactive_entry}/vote/"),
    "content:event": ("get", "/content/events/{inactive_event}/"),
    "content:event_check_in": ("post", "/content/events/{inactive_event}/check-in/"),
    "content-item": ("get", "/api/v1/content/items/{draft}/"),
    "content-item-reactions": ("post", "/api/v1/content/items/{draft}/reactions/"),
    "content-item-share": ("post", "/api/v1/content/items/{draft}/share/"),
    "content-item-progress": ("put", "/api/v1/content/items/{draft}/progress/"),
    "content-course": ("get", "/api/v1/content/courses/{hidden_course}/"),
    "content-course-enrol": ("post", "/api/v1/content/courses/{hidden_course}/enrol/"),
    "content-course-purchase": ("post", "/api/v1/content/courses/{hidden_course}/purchase/"),
    "content-lesson-complete": (
        "post",
        "/api/v1/content/courses/{open_course}/lessons/{foreign_lesson}/complete/",
    ),
    "content-notice": ("get", "/api/v1/content/notices/{withdrawn_notice}/"),
    "content-faq-vote": ("post", "/api/v1/content/faq/{inactive_entry}/vote/"),
    "content-event": ("get", "/api/v1/content/events/{inactive_event}/"),
    "content-event-check-in": ("post", "/api/v1/content/events/{inactive_event}/check-in/"),
}

# Lists and the test that proves their fixed query count (module, function).
PAGES_AND_API = "tests.content.test_pages_and_api"
THIS = "tests.content.test_endpoint_coverage"
TWO_SIZES = (PAGES_AND_API, "test_lists_cost_the_same_number_of_queries_at_two_sizes")
PERSONAL = (THIS, "test_personal_lists_cost_the_same_number_of_queries_at_two_sizes")
LISTS = {
    **dict.fromkeys(
        [
            "content:library",
            "content:search",
            "content:kind",
            "content:courses",
            "content:notices",
            "content:faq",
            "content:events",
            "content-library",
            "content-items",
            "content-search",
            "content-courses",
            "content-notices",
            "content-faq",
            "content-events",
        ],
        TWO_SIZES,
    ),
    "content-bookmarks": (
        PAGES_AND_API,
        "test_continue_bookmarks_and_progress_lists_are_fixed_and_only_the_users_own",
    ),
    **dict.fromkeys(
        ["content:bookmarks", "content-progress", "content-enrolments", "content-faq-search"],
        PERSONAL,
    ),
}


def _content_url_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    return {
        name
        for name in walk(get_resolver().url_patterns)
        if name.startswith(("content:", "content-"))
    }


def test_every_content_endpoint_has_a_stranger_test_or_a_query_count_test():
    names = _content_url_names()
    assert names, "the walk found no content URLs"
    assert not names - set(STRANGER_CASES) - set(LISTS), "classify these endpoints here"
    assert not (set(STRANGER_CASES) | set(LISTS)) - names, "stale names in the tables"
    for module, function in set(LISTS.values()):
        assert callable(getattr(importlib.import_module(module), function, None)), function


@pytest.fixture
def hidden():
    """Objects no member may reach, and a published course the member did not complete."""
    draft = published_item(ko=("초안", "아직이에요"), slug="draft-item", status=ItemStatus.DRAFT)
    hidden_course = CourseFactory(slug="hidden-course", is_published=False)
    open_course = CourseFactory(slug="open-course")
    LessonFactory(course=open_course)
    foreign_lesson = LessonFactory(course=CourseFactory(slug="other-course"))
    withdrawn = announcement_save(
        announcement=Announcement(
            title_ko="내려간 공지",
            body_markdown_ko="본문",
            published_at=timezone.now(),
            deleted_at=timezone.now(),
        )
    )
    inactive_entry = faq_draft_create(question_ko="초안 질문", answer_ko="답", category=None)
    inactive_event = EventFactory(slug="inactive-event", is_active=False)
    return {
        "draft": draft.slug,
        "hidden_course": hidden_course.slug,
        "open_course": open_course.slug,
        "foreign_lesson": foreign_lesson.pk,
        "withdrawn_notice": withdrawn.pk,
        "inactive_entry": inactive_entry.pk,
        "inactive_event": inactive_event.slug,
    }


@pytest.mark.parametrize("name", sorted(STRANGER_CASES))
def test_a_member_who_may_not_see_the_object_gets_404(client, alice, hidden, name):
    method, path = STRANGER_CASES[name]
    client.force_login(alice)
    body = {"kind": "bookmark", "on": True, "percent": 10, "helpful": True}
    kwargs = {"content_type": "application/json"} if path.startswith("/api/") else {}
    data = body if path.startswith("/api/") else {k: str(v) for k, v in body.items()}
    if method == "get":
        response = client.get(path.format(**hidden))
    else:
        response = getattr(client, method)(path.format(**hidden), data, **kwargs)
    assert response.status_code == 404, (name, response.status_code)


def _queries(call) -> tuple[int, object]:
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result


def _grow(user, start: int, count: int) -> None:
    """``count`` more bookmarks, items in progress, courses joined and FAQ entries."""
    category = FaqCategoryFactory()
    for i in range(start, start + count):
        item = published_item(ko=(f"명상 {i}", "숨"), slug=f"mine-{i}")
        reaction_set(user=user, item=item, kind="bookmark", on=True)
        progress_save(user=user, item=item, percent=30)
        course = CourseFactory(slug=f"joined-{i}")
        LessonFactory(course=course)
        course_enrol(user=user, course=course)
        entry = faq_draft_create(question_ko=f"명상 질문 {i}", answer_ko="답", category=category)
        FaqEntry.objects.filter(pk=entry.pk).update(is_active=True)


@pytest.mark.parametrize(
    "url",
    [
        "/content/bookmarks/",
        "/api/v1/content/progress/",
        "/api/v1/content/enrolments/",
        "/api/v1/content/faq/search/?q=명상",
    ],
)
def test_personal_lists_cost_the_same_number_of_queries_at_two_sizes(
    client, make_user, url, django_assert_max_num_queries
):
    user = make_user()
    SubscriptionFactory(user=user)  # premium: no limit on the courses joined
    client.force_login(user)
    client.get("/content/notices/")  # the sign-in's session bookkeeping happens here, once
    _grow(user, 0, 2)
    small, response = _queries(lambda: client.get(url))
    assert response.status_code == 200
    _grow(user, 2, 6)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    assert small <= 25
