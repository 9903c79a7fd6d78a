"""Users report AI answers ("Report this answer"): pages and API, one flag per user and
answer, strangers get 404, and an app above coaching can register its own kind of output."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coaching.exceptions import OutputNotFound
from coaching.models import AIOutputFlag, ChatConversation, ChatMessage
from coaching.services import flags
from coaching.services.messages import message_compose
from tests.coaching.test_pages import reading

pytestmark = pytest.mark.django_db


def chat_reply(user, text="오늘 하루 수고했어요."):
    conversation = ChatConversation.objects.create(user=user, title="t")
    ChatMessage.objects.create(conversation=conversation, role="user", content="힘들었어")
    return ChatMessage.objects.create(
        conversation=conversation, role="assistant", content=text, model="gpt-test"
    )


def flag_url(kind, output_id):
    return reverse("coaching:flag", args=[kind, output_id])


def test_a_user_flags_a_reading_from_its_page_and_the_flag_keeps_what_they_saw(client, alice):
    result = reading(alice)
    client.force_login(alice)
    page = client.get(reverse("coaching:result", args=[result.pk])).content.decode()
    assert flag_url("service_result", result.pk) in page

    form = client.get(flag_url("service_result", result.pk))
    assert form.status_code == 200
    response = client.post(
        flag_url("service_result", result.pk), {"reason": "wrong", "note": "카드가 틀렸어요"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("coaching:result", args=[result.pk])
    flag = AIOutputFlag.objects.get(user=alice)
    assert (flag.output_kind, flag.output_id) == ("service_result", str(result.pk))
    assert (flag.reason, flag.note, flag.status) == ("wrong", "카드가 틀렸어요", "open")
    assert result.result_data["title"] in flag.output_text
    assert flag.model == result.model
    assert flag.prompt_version == result.prompt_version


def test_the_api_flags_once_and_a_second_flag_updates_the_reason(alice_api, alice):
    reply = chat_reply(alice)
    body = {"output_kind": "chat_message", "output_id": str(reply.pk), "reason": "harmful"}

    first = alice_api.post("/api/v1/coaching/flags/", body, format="json")
    second = alice_api.post(
        "/api/v1/coaching/flags/", {**body, "reason": "inappropriate"}, format="json"
    )

    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    flag = AIOutputFlag.objects.get()
    assert flag.reason == "inappropriate"
    assert flag.output_text == "오늘 하루 수고했어요."
    assert flag.model == "gpt-test"


def test_a_second_flag_on_the_page_shows_the_first_and_changes_it(client, alice):
    reply = chat_reply(alice)
    client.force_login(alice)
    client.post(flag_url("chat_message", reply.pk), {"reason": "wrong"})
    form = client.get(flag_url("chat_message", reply.pk))
    assert form.context["form"].initial["reason"] == "wrong"
    client.post(flag_url("chat_message", reply.pk), {"reason": "other", "note": "다시"})
    assert list(AIOutputFlag.objects.values_list("reason", "note")) == [("other", "다시")]


def test_a_closed_flag_reopens_when_the_user_flags_again(alice, operator):
    reply = chat_reply(alice)
    flag, created = flags.output_flag(
        user=alice, output_kind="chat_message", output_id=reply.pk, reason="wrong"
    )
    assert created
    assert flags.flags_dismiss(flags=[flag], actor=operator) == 1
    again, created = flags.output_flag(
        user=alice, output_kind="chat_message", output_id=reply.pk, reason="harmful"
    )
    assert not created
    assert (again.pk, again.status, again.resolved_by) == (flag.pk, "open", None)


def test_a_stranger_cannot_flag_another_users_answer(client, api_client, alice, bob):
    result = reading(alice)
    reply = chat_reply(alice)
    client.force_login(bob)
    api_client.force_authenticate(bob)

    assert client.get(flag_url("service_result", result.pk)).status_code == 404
    assert client.post(flag_url("chat_message", reply.pk), {"reason": "wrong"}).status_code == 404
    response = api_client.post(
        "/api/v1/coaching/flags/",
        {"output_kind": "service_result", "output_id": str(result.pk), "reason": "wrong"},
        format="json",
    )
    assert response.status_code == 404
    assert not AIOutputFlag.objects.exists()


def test_the_users_own_chat_message_is_not_an_ai_answer(alice):
    reply = chat_reply(alice)
    own = reply.conversation.messages.get(role="user")
    with pytest.raises(OutputNotFound):
        flags.output_flag(user=alice, output_kind="chat_message", output_id=own.pk, reason="wrong")


def test_bad_input_is_a_400_with_field_errors_and_saves_nothing(client, alice_api, alice):
    reply = chat_reply(alice)
    response = alice_api.post(
        "/api/v1/coaching/flags/",
        {"output_kind": "horoscope", "output_id": "1", "reason": "bored"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) >= {"output_kind", "reason"}
    client.force_login(alice)
    page = client.post(flag_url("chat_message", reply.pk), {"reason": "", "note": "x"})
    assert page.status_code == 400
    assert not AIOutputFlag.objects.exists()


def test_the_inbox_and_chat_offer_the_report_link_and_shared_pages_do_not(client, alice):
    message = message_compose(user=alice)
    reply = chat_reply(alice)
    result = reading(alice)
    client.force_login(alice)
    inbox = client.get(reverse("coaching:inbox")).content.decode()
    assert flag_url("coaching_message", message.pk) in inbox
    chat = client.get(reverse("coaching:chat_conversation", args=[reply.conversation_id]))
    assert flag_url("chat_message", reply.pk) in chat.content.decode()
    assert chat.content.decode().count("/coaching/report/") == 1  # not on the user's own words

    client.post(reverse("coaching:result_share", args=[result.pk]))
    result.refresh_from_db()
    client.logout()
    shared = client.get(reverse("coaching:shared", args=[result.share_token])).content.decode()
    assert "/coaching/report/" not in shared


def test_a_coaching_message_flag_names_its_prompt_version(alice):
    message = message_compose(user=alice)
    flag, _created = flags.output_flag(
        user=alice, output_kind="coaching_message", output_id=message.pk, reason="other"
    )
    assert (flag.prompt_name, flag.prompt_version) == (message.prompt_name, message.prompt_version)
    assert flag.output_text == message.content


@pytest.fixture
def diary_kind():
    """An app above coaching registering its own kind (as diaries does for its readings)."""
    seen = {}

    def resolver(user, output_id):
        if seen.get(output_id) != user.pk:
            raise OutputNotFound("no")
        return flags.FlaggableOutput(text="일기 해석", url="/diaries/", model="m", prompt_name="p")

    flags.register_flaggable_output("upper_app_output", resolver)
    yield seen
    flags._KINDS.pop("upper_app_output", None)


def test_an_upper_app_registers_its_own_kind_of_output(diary_kind, alice, bob):
    diary_kind["42"] = alice.pk
    flag, created = flags.output_flag(
        user=alice, output_kind="upper_app_output", output_id="42", reason="wrong"
    )
    assert created
    assert flag.output_text == "일기 해석"
    with pytest.raises(OutputNotFound):
        flags.output_flag(user=bob, output_kind="upper_app_output", output_id="42", reason="wrong")


def test_flagging_and_the_flag_page_use_a_fixed_number_of_queries(
    client, alice, django_assert_max_num_queries
):
    reply = chat_reply(alice)
    client.force_login(alice)
    with django_assert_max_num_queries(12):
        assert client.get(flag_url("chat_message", reply.pk)).status_code == 200
    # session, user, the answer, the user's earlier flag, lock, savepoint, insert, messages
    with django_assert_max_num_queries(16):
        assert (
            client.post(flag_url("chat_message", reply.pk), {"reason": "wrong"}).status_code == 302
        )
