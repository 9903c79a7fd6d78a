from __future__ import annotations

import pytest

from content.exports import content_for_user, erase_content
from content.models import Attendance, ContentProgress, ContentReaction, Enrolment, RewardGrant
from content.services.courses import course_enrol
from content.services.events import event_check_in
from content.services.library import progress_save, reaction_set

from .factories import CourseFactory, EventFactory, EventRewardFactory, published_item

pytestmark = pytest.mark.django_db


def test_export_holds_only_the_users_data_and_erasure_removes_it(alice, bob):
    item = published_item(ko=("글", "본문"), slug="mine")
    event = EventFactory(slug="dec")
    EventRewardFactory(event=event, points=5)
    course = CourseFactory(slug="calm")
    for user in (alice, bob):
        reaction_set(user=user, item=item, kind="bookmark", on=True)
        progress_save(user=user, item=item, percent=30)
        event_check_in(event=event, user=user)
        course_enrol(user=user, course=course)

    exported = content_for_user(alice)
    erase_content(alice)
    erase_content(alice)  # safe to run twice

    assert [row["item"] for row in exported["reactions"]] == ["mine"]
    assert len(exported["attendance"]) == 1
    assert exported["courses"][0]["course"] == "calm"
    for model in (ContentReaction, ContentProgress, Attendance, RewardGrant, Enrolment):
        assert not model.objects.filter(user=alice).exists()
        assert model.objects.filter(user=bob).exists()


def test_export_names_lessons_done_event_rewards_and_faq_votes(alice, bob):
    from content.models import FaqEntry
    from content.services.courses import lesson_complete
    from content.services.faq import faq_vote

    from .factories import FaqCategoryFactory, LessonFactory

    course = CourseFactory(slug="sleep")
    lesson = LessonFactory(course=course, title_ko="1일차 호흡")
    event = EventFactory(slug="jan")
    EventRewardFactory(event=event, code="daily", points=7)
    entry = FaqEntry.objects.create(
        category=FaqCategoryFactory(), question_ko="환불은요?", answer_markdown_ko="7일 안에요"
    )
    for user in (alice, bob):
        lesson_complete(enrolment=course_enrol(user=user, course=course), lesson=lesson)
        event_check_in(event=event, user=user)
        faq_vote(user=user, entry=entry, helpful=True)

    exported = content_for_user(alice)

    [enrolment] = exported["courses"]
    assert [done["lesson"] for done in enrolment["lessons_completed"]] == ["1일차 호흡"]
    assert [(r["event"], r["reward"], r["points"]) for r in exported["event_rewards"]] == [
        ("jan", "daily", 7)
    ]
    assert exported["faq_votes"] == [{"entry": entry.pk, "helpful": True}]
