"""Pages: ko/en, ownership (404 for another user), fixed query counts, shared links."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.services import credits_grant
from coaching.models import AIService, ServiceResult
from coaching.services.ai_services import result_share, service_run
from coaching.services.messages import message_compose

pytestmark = pytest.mark.django_db


def reading(user, question="질문"):
    credits_grant(user=user, amount=100, reason="t", idempotency_key=f"t{uuid.uuid4()}")
    return service_run(
        user=user,
        service=AIService.objects.get(service_type="tarot"),
        inputs={"question": question},
        idempotency_key=str(uuid.uuid4()),
    )


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def test_catalogue_renders_in_korean_and_english(alice_client):
    ko = alice_client.get(reverse("coaching:services"), HTTP_ACCEPT_LANGUAGE="ko")
    assert ko.status_code == 200
    assert "타로 카드" in ko.content.decode()


def test_running_a_reading_from_the_page_debits_and_shows_it(alice_client, alice):
    credits_grant(user=alice, amount=100, reason="t", idempotency_key="t")
    url = reverse("coaching:service_run", args=["dream-interpretation"])
    form = alice_client.get(url)
    key = form.context["form"].initial["idempotency_key"]

    response = alice_client.post(url, {"dream": "돼지가 집에 들어왔어요", "idempotency_key": key})
    again = alice_client.post(url, {"dream": "돼지가 집에 들어왔어요", "idempotency_key": key})

    assert response.status_code == 302
    assert again["Location"] == response["Location"]
    page = alice_client.get(response["Location"])
    assert "돼지" in page.content.decode()
    assert ServiceResult.objects.filter(user=alice).count() == 1


def test_a_form_error_keeps_the_input(alice_client):
    url = reverse("coaching:service_run", args=["tarot"])
    response = alice_client.post(url, {"question": "내 미래는?", "idempotency_key": "k"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "내 미래는?" in body  # not enough credits: the message shows, input kept


def test_another_users_result_is_404(client, alice, bob):
    result = reading(alice)
    client.force_login(bob)

    assert client.get(reverse("coaching:result", args=[result.pk])).status_code == 404
    assert client.post(reverse("coaching:result_share", args=[result.pk])).status_code == 404
    assert (
        client.post(reverse("coaching:result_rate", args=[result.pk]), {"rating": 5}).status_code
        == 404
    )


def test_another_users_message_reaction_is_404(client, alice, bob):
    message = message_compose(user=alice)
    client.force_login(bob)

    response = client.post(
        reverse("coaching:message_react", args=[message.pk]), {"reaction": "like"}
    )

    assert response.status_code == 404


def test_shared_page_has_open_graph_tags_and_404s_after_expiry(client, alice):
    result = result_share(result=reading(alice))
    url = reverse("coaching:shared", args=[result.share_token])

    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert 'property="og:title"' in body
    assert 'property="og:description"' in body
    assert "질문" not in body  # the input stays private
    ServiceResult.objects.filter(pk=result.pk).update(expires_at=timezone.now())
    assert client.get(url).status_code == 404
    assert client.get(reverse("coaching:shared", args=["nope"])).status_code == 404


@pytest.mark.parametrize("rows", [1, 12])
def test_history_page_query_count_is_fixed(
    alice_client, alice, rows, django_assert_max_num_queries
):
    for n in range(rows):
        reading(alice, question=f"q{n}")

    with django_assert_max_num_queries(12):
        response = alice_client.get(reverse("coaching:history"))
    assert response.status_code == 200


@pytest.mark.parametrize("days", [1, 10])
def test_inbox_query_count_is_fixed(alice_client, alice, days, django_assert_max_num_queries):
    for n in range(days):
        message_compose(user=alice, now=timezone.now() + timezone.timedelta(days=n))

    with django_assert_max_num_queries(12):
        response = alice_client.get(reverse("coaching:inbox"))
    assert response.status_code == 200


def test_chat_page_sends_and_shows_the_reply(alice_client, alice):
    credits_grant(user=alice, amount=20, reason="t", idempotency_key="t")
    page = alice_client.get(reverse("coaching:chat"))
    key = page.context["form"].initial["idempotency_key"]

    response = alice_client.post(
        reverse("coaching:chat"), {"message": "안녕 하루", "idempotency_key": key}, follow=True
    )

    assert "안녕 하루" in response.content.decode()


def test_pages_need_sign_in(client):
    assert client.get(reverse("coaching:inbox")).status_code == 302
    assert client.get(reverse("coaching:services")).status_code == 302
