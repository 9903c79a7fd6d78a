from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content import counters
from content.enums import ItemStatus
from content.exceptions import ReviewerRequiredError, TransitionNotAllowedError
from content.models import ContentItem
from content.permissions import EDITORS, REVIEWERS
from content.selectors import item_search
from content.services.library import (
    item_approve,
    item_record_view,
    item_submit_for_review,
    items_publish_scheduled,
    translation_save,
)

from .factories import ContentItemFactory, published_item

pytestmark = pytest.mark.django_db

HOSTILE = """# 아침 명상

<script>alert('x')</script>
숨을 고르며 시작해요. <img src=x onerror="alert(1)">

![그림](javascript:alert(2))
[링크](javascript:alert(3)) 그리고 [안전한 링크](https://haru.example/)
"""


@pytest.fixture
def editor(make_user):
    user = make_user(email="editor@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def reviewer(make_user):
    user = make_user(email="reviewer@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


def test_script_and_onerror_never_reach_the_stored_html():
    item = ContentItemFactory()
    translation = translation_save(
        item=item, language="ko", title="아침 명상", body_markdown=HOSTILE
    )

    html = translation.body_html
    assert "<script" not in html
    assert "onerror" not in html
    assert 'href="javascript' not in html
    assert 'src="javascript' not in html
    assert "숨을 고르며 시작해요." in html
    assert 'href="https://haru.example/"' in html


def test_editor_cannot_publish_and_the_reviewer_step_is_required(editor, reviewer):
    item = ContentItemFactory(author=editor)
    translation_save(item=item, language="ko", title="아침 명상", body_markdown=HOSTILE)

    with pytest.raises(ReviewerRequiredError):
        item_approve(item=item, actor=editor)
    with pytest.raises(TransitionNotAllowedError):  # a reviewer too must wait for the review step
        item_approve(item=item, actor=reviewer)

    item_submit_for_review(item=item, actor=editor)
    with pytest.raises(ReviewerRequiredError):
        item_approve(item=item, actor=editor)
    item = item_approve(item=item, actor=reviewer)

    assert item.status == ItemStatus.PUBLISHED
    assert item.reviewed_by == reviewer


def test_published_page_shows_neither_script_nor_onerror(client, editor, reviewer):
    item = ContentItemFactory(author=editor, slug="morning")
    translation_save(item=item, language="ko", title="아침 명상", body_markdown=HOSTILE)
    item_submit_for_review(item=item, actor=editor)
    item_approve(item=item, actor=reviewer)

    response = client.get("/content/items/morning/", HTTP_ACCEPT_LANGUAGE="ko")

    assert response.status_code == 200
    body = response.content.decode()
    article = body[body.index('<div class="prose">') :]
    assert "<script>alert" not in article
    assert "onerror" not in body
    assert "숨을 고르며 시작해요." in body
    assert 'property="og:title" content="아침 명상"' in body


def test_approved_item_with_a_future_time_is_published_by_the_scheduler(editor, reviewer):
    from datetime import timedelta

    from django.utils import timezone

    later = timezone.now() + timedelta(hours=2)
    item = ContentItemFactory(publish_at=later)
    translation_save(item=item, language="ko", title="예약", body_markdown="본문")
    item_submit_for_review(item=item, actor=editor)
    item_approve(item=item, actor=reviewer)
    item.refresh_from_db()
    assert item.status == ItemStatus.REVIEW

    assert items_publish_scheduled(now=later - timedelta(minutes=1)) == 0
    assert items_publish_scheduled(now=later + timedelta(minutes=1)) == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED


def test_search_finds_korean_with_and_without_particle_and_english_by_stem():
    ko = published_item(ko=("잠들기 전 명상", "하루를 마무리하는 명상을 해 보세요."), slug="sleep")
    en = published_item(
        en=("Breathing meditation", "A short meditation for busy mornings."), slug="breath"
    )
    other = published_item(
        ko=("걷기 운동", "가볍게 걸어요."), en=("Walking", "Walk lightly."), slug="walk"
    )
    draft = ContentItemFactory(slug="draft")
    translation_save(item=draft, language="ko", title="명상 초안", body_markdown="명상")

    assert [i.slug for i in item_search(query="명상")] == ["sleep"]
    assert [i.slug for i in item_search(query="명상을")] == ["sleep"]
    assert [i.slug for i in item_search(query="명상은요")] in (["sleep"],)
    assert [i.slug for i in item_search(query="meditation")] == ["breath"]
    assert [i.slug for i in item_search(query="meditations")] == ["breath"]
    assert item_search(query="요가") == []
    assert other not in item_search(query="명상")
    assert ko
    assert en


def test_a_thousand_views_cost_a_bounded_number_of_writes_and_counts_are_right_after_flush():
    items = [published_item(ko=(f"글 {n}", "본문"), slug=f"v{n}") for n in range(5)]
    counters.counters_flush()  # nothing pending from earlier tests

    with CaptureQueriesContext(connection) as during:
        for n in range(1000):
            item_record_view(item=items[n % 5], user=None)
    assert not [q for q in during.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]

    with CaptureQueriesContext(connection) as flush:
        written = counters.counters_flush()
    writes = [q for q in flush.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(writes) == 1
    assert written["view_count"] == 1

    assert (
        sorted(
            ContentItem.objects.filter(pk__in=[i.pk for i in items]).values_list(
                "view_count", flat=True
            )
        )
        == [200] * 5
    )
    assert counters.counters_pending(field="view_count") == {}


def test_a_flush_interrupted_after_moving_the_hash_is_finished_by_the_next_one():
    item = published_item(ko=("글", "본문"), slug="resume")
    counters.counters_flush()
    for _ in range(3):
        item_record_view(item=item, user=None)
    client = counters._redis()
    client.rename(counters._key("view_count"), counters._key("view_count", ":flushing"))
    item_record_view(item=item, user=None)  # arrives while the moved hash waits

    counters.counters_flush()
    counters.counters_flush()

    item.refresh_from_db()
    assert item.view_count == 4
