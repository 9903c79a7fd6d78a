"""Messaging: participants only, encrypted bodies, read state, crisis handling, erasure."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from accounts.models import Notification
from core.exceptions import NotFoundError
from practitioners.models import Message, MessageAttachment
from practitioners.services import messaging
from practitioners.social import selectors
from practitioners.social.enums import SafetyLevel
from practitioners.social.exceptions import (
    ConversationClosed,
    ConversationNotAllowed,
    InvalidMessage,
)

from .factories import PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db

CRISIS_TEXT = "요즘 너무 힘들어서 죽고 싶다는 생각이 계속 들어요."


@pytest.fixture
def thread():
    practitioner = PractitionerFactory()
    client = UserFactory()
    conversation = messaging.conversation_start(client=client, practitioner=practitioner)
    return conversation, client, practitioner


def test_one_direct_conversation_per_client_and_practitioner(thread):
    conversation, client, practitioner = thread
    again = messaging.conversation_start(client=client, practitioner=practitioner)
    assert again.pk == conversation.pk


def test_the_body_is_encrypted_at_rest(thread):
    conversation, client, _ = thread
    messaging.message_send(conversation=conversation, sender=client, body="불면이 심해요")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM practitioners_message")
        (stored,) = cursor.fetchone()
    assert "불면" not in stored
    assert Message.objects.get().body == "불면이 심해요"


def test_an_outsider_can_neither_post_nor_read(thread):
    conversation, _, _ = thread
    outsider = UserFactory()
    with pytest.raises(ConversationNotAllowed):
        messaging.message_send(conversation=conversation, sender=outsider, body="hi")
    assert list(selectors.conversation_list_for_user(user=outsider)) == []
    with pytest.raises(NotFoundError):
        selectors.conversation_get_for_user(user=outsider, conversation_id=conversation.pk)


def test_an_empty_message_is_refused_and_a_closed_thread_takes_nothing(thread):
    conversation, client, _ = thread
    with pytest.raises(InvalidMessage):
        messaging.message_send(conversation=conversation, sender=client, body="   ")
    messaging.conversation_close(conversation=conversation, user=client)
    with pytest.raises(ConversationClosed):
        messaging.message_send(conversation=conversation, sender=client, body="hello")


def test_unread_counts_follow_reading_and_the_bell_is_cleared(thread):
    conversation, client, practitioner = thread
    messaging.message_send(conversation=conversation, sender=client, body="안녕하세요")
    messaging.message_send(conversation=conversation, sender=client, body="질문이 있어요")
    coach = practitioner.user
    assert selectors.unread_message_count(user=coach) == 2
    assert selectors.unread_message_count(user=client) == 0
    row = selectors.conversation_list_for_user(user=coach).get()
    assert row.unread == 2
    # one bell notification per thread until it is read, and it never carries the text
    bell = Notification.objects.filter(user=coach, type=messaging.MESSAGE_NOTIFICATION)
    assert bell.count() == 1
    assert "질문" not in bell.get().body
    messaging.conversation_mark_read(conversation=conversation, user=coach)
    assert selectors.unread_message_count(user=coach) == 0
    assert bell.get().read_at is not None


def test_a_crisis_message_is_flagged_and_the_practitioner_alerted(thread):
    conversation, client, practitioner = thread
    sent = messaging.message_send(conversation=conversation, sender=client, body=CRISIS_TEXT)
    assert sent.assessment is not None
    assert sent.assessment.is_crisis
    assert sent.message.safety_level == SafetyLevel.CRISIS
    alert = Notification.objects.get(user=practitioner.user, type=messaging.CRISIS_NOTIFICATION)
    assert alert.priority == "urgent"
    assert "죽고" not in alert.title + alert.body


def test_a_practitioners_words_are_not_run_through_the_crisis_check(thread):
    conversation, _, practitioner = thread
    sent = messaging.message_send(
        conversation=conversation, sender=practitioner.user, body=CRISIS_TEXT
    )
    assert sent.assessment is None
    assert sent.message.safety_level == SafetyLevel.NONE


def test_attachments_are_served_only_to_participants_once_scanned_clean(thread):
    conversation, client, practitioner = thread
    file = SimpleUploadedFile("소견서.pdf", b"%PDF-1.4 test document", "application/pdf")
    sent = messaging.message_send(conversation=conversation, sender=client, files=[file])
    attachment = MessageAttachment.objects.get(message=sent.message)
    # not scanned (no ClamAV here): not served to anyone
    with pytest.raises(NotFoundError):
        selectors.attachment_get_for_user(user=practitioner.user, attachment_id=attachment.pk)
    attachment.upload.scan_status = "clean"
    attachment.upload.save()
    assert selectors.attachment_get_for_user(user=practitioner.user, attachment_id=attachment.pk)
    with pytest.raises(NotFoundError):
        selectors.attachment_get_for_user(user=UserFactory(), attachment_id=attachment.pk)


def test_reactions_toggle_and_only_offered_ones_are_taken(thread):
    conversation, client, practitioner = thread
    sent = messaging.message_send(conversation=conversation, sender=client, body="감사해요")
    assert messaging.reaction_toggle(message=sent.message, user=practitioner.user, emoji="❤️")
    assert not messaging.reaction_toggle(message=sent.message, user=practitioner.user, emoji="❤️")
    with pytest.raises(InvalidMessage):
        messaging.reaction_toggle(message=sent.message, user=client, emoji="💀")
    with pytest.raises(ConversationNotAllowed):
        messaging.reaction_toggle(message=sent.message, user=UserFactory(), emoji="👍")


def test_erasing_a_client_removes_their_threads_and_wipes_what_they_wrote(thread):
    conversation, client, practitioner = thread
    other = messaging.conversation_start(client=UserFactory(), practitioner=practitioner)
    messaging.message_send(conversation=conversation, sender=client, body="개인적인 이야기")
    messaging.message_send(conversation=other, sender=practitioner.user, body="hello")
    messaging.messages_erase_for_user(user=client)
    assert not Message.objects.filter(conversation=conversation).exists()
    messaging.messages_erase_for_user(user=practitioner.user)
    wiped = Message.objects.get(conversation=other)
    assert wiped.body == ""
    assert wiped.erased_at is not None


def test_support_threads_are_joined_by_operators_only(operator):
    client = UserFactory()
    conversation = messaging.conversation_start_support(client=client, subject="결제 문의")
    with pytest.raises(ConversationNotAllowed):
        messaging.support_join(conversation=conversation, operator=UserFactory())
    messaging.support_join(conversation=conversation, operator=operator)
    messaging.message_send(conversation=conversation, sender=operator, body="도와드릴게요")
    assert selectors.unread_message_count(user=client) == 1


def test_a_crisis_in_a_support_thread_alerts_the_operator_who_answers(operator):
    client = UserFactory()
    conversation = messaging.conversation_start_support(client=client)
    messaging.support_join(conversation=conversation, operator=operator)
    messaging.message_send(conversation=conversation, sender=client, body=CRISIS_TEXT)
    assert Notification.objects.filter(
        user=operator, type=messaging.CRISIS_NOTIFICATION, priority="urgent"
    ).exists()
