"""API: ownership, idempotency header, fixed query counts, public catalogue and shares."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from billing.services import credits_grant
from coaching.models import ServiceResult
from coaching.services.credits import credits_balance
from coaching.services.messages import message_compose

pytestmark = pytest.mark.django_db


def run(api, key=None, question="질문"):
    return api.post(
        "/api/v1/coaching/services/tarot/run/",
        {"inputs": {"question": question}},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()),
    )


@pytest.fixture
def funded(alice):
    credits_grant(user=alice, amount=200, reason="t", idempotency_key="t")
    return alice


def test_catalogue_is_public(api_client):
    response = api_client.get("/api/v1/coaching/services/")

    assert response.status_code == 200
    assert {s["service_type"] for s in response.json()} >= {"saju", "tarot", "chat"}


def test_run_debits_once_per_idempotency_key(alice_api, funded):
    first = run(alice_api, key="abc")
    second = run(alice_api, key="abc")

    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert credits_balance(user=funded) == 180


def test_run_without_a_key_is_refused(alice_api, funded):
    response = alice_api.post(
        "/api/v1/coaching/services/tarot/run/", {"inputs": {"question": "q"}}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"


def test_not_enough_credits_is_409(alice_api):
    response = run(alice_api)

    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_credits"


def test_bad_inputs_are_400_with_fields(alice_api, funded):
    response = alice_api.post(
        "/api/v1/coaching/services/saju/run/",
        {"inputs": {"birth_date": "0001-01-01"}},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    assert response.status_code == 400
    assert "birth_date" in response.json()["fields"]


def test_no_user_reads_another_users_results(api_client, alice, bob, funded):
    api_client.force_authenticate(alice)
    result_id = run(api_client).json()["id"]
    api_client.force_authenticate(bob)

    assert api_client.get(f"/api/v1/coaching/results/{result_id}/").status_code == 404
    assert api_client.post(f"/api/v1/coaching/results/{result_id}/share/").status_code == 404
    assert api_client.get("/api/v1/coaching/results/").json()["results"] == []


def test_share_then_public_read_until_expiry(alice_api, api_client, funded):
    result_id = run(alice_api).json()["id"]
    shared = alice_api.post(f"/api/v1/coaching/results/{result_id}/share/").json()
    token = shared["share_url"].rstrip("/").split("/")[-1]

    assert alice_api.get(f"/api/v1/coaching/shared/{token}/").status_code == 200
    ServiceResult.objects.filter(pk=result_id).update(expires_at=timezone.now())
    assert alice_api.get(f"/api/v1/coaching/shared/{token}/").status_code == 404


@pytest.mark.parametrize("rows", [1, 15])
def test_results_list_query_count_is_fixed(alice_api, funded, rows, django_assert_max_num_queries):
    for n in range(rows):
        run(alice_api, question=f"q{n}")

    with django_assert_max_num_queries(6):
        response = alice_api.get("/api/v1/coaching/results/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 8])
def test_messages_list_query_count_is_fixed(alice_api, alice, rows, django_assert_max_num_queries):
    for n in range(rows):
        message_compose(user=alice, now=timezone.now() + timezone.timedelta(days=n))

    with django_assert_max_num_queries(6):
        response = alice_api.get("/api/v1/coaching/messages/")
    assert response.status_code == 200


def test_chat_api_answers_and_another_user_cannot_continue_the_conversation(
    api_client, alice, bob, funded
):
    api_client.force_authenticate(alice)
    turn = api_client.post(
        "/api/v1/coaching/chat/", {"message": "hello"}, format="json", HTTP_IDEMPOTENCY_KEY="c1"
    )
    assert turn.status_code == 201
    conversation = turn.json()["conversation"]
    api_client.force_authenticate(bob)

    response = api_client.post(
        "/api/v1/coaching/chat/",
        {"message": "hi", "conversation": conversation},
        format="json",
        HTTP_IDEMPOTENCY_KEY="c2",
    )

    assert response.status_code == 404
    assert (
        api_client.get(f"/api/v1/coaching/conversations/{conversation}/messages/").status_code
        == 404
    )


def test_react_to_another_users_message_is_404(api_client, alice, bob):
    message = message_compose(user=alice)
    api_client.force_authenticate(bob)

    response = api_client.post(
        f"/api/v1/coaching/messages/{message.pk}/react/", {"reaction": "like"}, format="json"
    )

    assert response.status_code == 404
