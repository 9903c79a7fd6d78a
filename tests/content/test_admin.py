"""The editorial console: editors write and send to review, only reviewers publish; the
audience preview and the event results work."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from content.enums import ItemStatus
from content.models import Announcement, ContentItem
from content.permissions import EDITORS, REVIEWERS
from content.services.events import event_check_in

from .factories import EventFactory, EventRewardFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/content/contentitem/"


@pytest.fixture
def editor_client(client, make_user):
    user = make_user(email="editor@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


@pytest.fixture
def reviewer_client(make_user):
    from django.test import Client

    user = make_user(email="reviewer@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWERS))
    client = Client()
    client.force_login(user)
    return client


def _write(client) -> ContentItem:
    response = client.post(
        "/admin/content/contentitem/add/",
        {
            "slug": "morning",
            "kind": "article",
            "category": "명상",
            "tags": "명상",
            "difficulty": "beginner",
            "audience": "",
            "duration_minutes": 5,
            "translations-TOTAL_FORMS": 1,
            "translations-INITIAL_FORMS": 0,
            "translations-MIN_NUM_FORMS": 0,
            "translations-MAX_NUM_FORMS": 2,
            "translations-0-language": "ko",
            "translations-0-title": "아침 명상",
            "translations-0-body_markdown": (
                "안녕하세요 <script>alert(1)</script><img src=x onerror=alert(2)>"
            ),
        },
    )
    errors = re.findall(r"errorlist.{0,300}", response.content.decode(), re.S)
    assert response.status_code == 302, errors
    return ContentItem.objects.get(slug="morning")


def test_editor_writes_in_the_admin_and_the_body_is_sanitised_but_cannot_publish(
    editor_client, reviewer_client
):
    item = _write(editor_client)
    html = item.translations.get().body_html
    assert "<script" not in html
    assert "onerror" not in html

    page = editor_client.get(CHANGELIST).content.decode()
    assert 'value="submit_for_review"' in page
    assert 'value="approve"' not in page
    refused = editor_client.post(CHANGELIST, {"action": "approve", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert refused.status_code in (200, 302)
    assert item.status == ItemStatus.DRAFT

    # the reviewer cannot skip the review step either
    reviewer_client.post(CHANGELIST, {"action": "approve", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT

    editor_client.post(CHANGELIST, {"action": "submit_for_review", "_selected_action": [item.pk]})
    reviewer_client.post(CHANGELIST, {"action": "approve", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED

    published = reviewer_client.get("/content/items/morning/").content.decode()
    assert "<script>alert" not in published
    assert "onerror" not in published


def test_announcement_form_previews_the_audience_size(reviewer_client, make_user):
    make_user(email="en@example.com", language="en")
    announcement = Announcement.objects.create(
        title_ko="공지", segment="locale", segment_value="en"
    )

    page = reviewer_client.get(f"/admin/content/announcement/{announcement.pk}/change/")

    assert page.status_code == 200
    assert "1" in page.content.decode()


def test_event_results_show_in_the_admin_and_download_as_csv(reviewer_client, make_user, operator):
    event = EventFactory(slug="dec", title_ko="12월 출석")
    EventRewardFactory(event=event, code="daily", points=10)
    event_check_in(event=event, user=make_user(nickname="=cmd|' /C calc'!A0"))
    reviewer_client.force_login(
        operator.__class__.objects.create_superuser(
            email="su@example.com", password="x" * 12, nickname="su"
        )
    )

    page = reviewer_client.get(f"/admin/content/event/{event.pk}/change/").content.decode()
    csv = reviewer_client.post(
        "/admin/content/event/", {"action": "download_results", "_selected_action": [event.pk]}
    )
    body = b"".join(csv.streaming_content).decode()

    assert "daily" in page
    assert "local_date" in body
    assert "'=cmd" in body  # formula-safe
