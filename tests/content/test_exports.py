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
