"""AI services paid in credits: debit with the request, refund on failure, once per key."""

from __future__ import annotations

import datetime
import threading
import uuid

import pytest
from constance import config as live_config
from django.db import connection
from django.utils import timezone

from billing.enums import WalletUnit
from billing.models import LedgerEntry, Wallet
from billing.services import credits_grant
from coaching.enums import ResultStatus
from coaching.exceptions import (
    AIPaused,
    IdempotencyKeyReused,
    InsufficientCredits,
    ResultNotFound,
    ServiceInputInvalid,
)
from coaching.models import AIService, ServiceResult
from coaching.selectors import result_get_for_user, shared_result_get
from coaching.services.ai_services import result_share, results_expire, service_run
from coaching.services.credits import credits_balance, welcome_credits_grant

from .llm_server import Answer, Status

pytestmark = pytest.mark.django_db

READING = {
    "title": "Three cards",
    "summary": "A hopeful spread",
    "sections": [{"heading": "Present: The Star", "body": "Hope and renewal."}],
}


def fund(user, amount):
    credits_grant(user=user, amount=amount, reason="test", idempotency_key=f"t:{uuid.uuid4()}")


def tarot():
    return AIService.objects.get(service_type="tarot")


def run(user, key=None, question="이직해도 될까요?", language="ko"):
    return service_run(
        user=user,
        service=tarot(),
        inputs={"question": question},
        idempotency_key=key or str(uuid.uuid4()),
        language=language,
    )


def test_catalogue_is_seeded_with_both_languages_and_seed_004_costs():
    costs = dict(AIService.objects.values_list("service_type", "credit_cost"))

    assert costs == {
        "saju": 25,
        "tarot": 20,
        "dream-interpretation": 15,
        "name-analysis": 10,
        "tojeong": 15,
        "face-reading": 25,
        "story": 20,
        "chat": 5,
    }
    assert all(s.name_ko and s.name_en and s.description_en for s in AIService.objects.all())


def test_a_run_debits_records_and_stores_the_offline_reading(alice):
    fund(alice, 50)

    result = run(alice)

    assert result.status == ResultStatus.SUCCEEDED
    assert result.model == "local-readings-1"
    assert result.result_data["sections"]
    assert result.input_data == {"question": "이직해도 될까요?"}
    assert result.credits_charged == 20
    assert credits_balance(user=alice) == 30
    assert result.expires_at.date() == (timezone.now() + datetime.timedelta(days=365)).date()
    entry = LedgerEntry.objects.get(reference_id=str(result.pk), kind="use")
    assert entry.delta == -20


def test_the_same_input_gives_the_same_reading(alice):
    fund(alice, 100)

    assert run(alice).result_data == run(alice).result_data


def test_a_retried_request_with_the_same_key_debits_once(alice):
    fund(alice, 100)

    first = run(alice, key="key-1")
    second = run(alice, key="key-1")

    assert first.pk == second.pk
    assert credits_balance(user=alice) == 80
    assert ServiceResult.objects.filter(user=alice).count() == 1


def test_the_same_key_for_a_different_request_is_refused(alice):
    fund(alice, 100)
    run(alice, key="key-1")

    with pytest.raises(IdempotencyKeyReused):
        run(alice, key="key-1", question="다른 질문")


def test_keys_are_per_user(alice, bob):
    fund(alice, 100)
    fund(bob, 100)

    assert run(alice, key="same").pk != run(bob, key="same").pk


def test_not_enough_credits_leaves_no_request_and_no_debit(alice):
    fund(alice, 10)

    with pytest.raises(InsufficientCredits):
        run(alice)

    assert not ServiceResult.objects.filter(user=alice).exists()
    assert credits_balance(user=alice) == 10


def test_a_failing_model_refunds_the_credits(alice, llm_server):
    fund(alice, 50)
    llm_server.default = Status(500)

    result = run(alice)

    assert result.status == ResultStatus.FAILED
    assert result.credits_refunded == 20
    assert credits_balance(user=alice) == 50
    assert LedgerEntry.objects.filter(reference_id=str(result.pk), kind="refund").count() == 1
    assert result.result_data is None


def test_a_provider_reading_is_parsed_filtered_and_stored(alice, llm_server):
    fund(alice, 50)
    llm_server.queue(Answer(READING))

    result = run(alice, language="en")

    assert result.status == ResultStatus.SUCCEEDED
    assert result.model == "gpt-4o-mini"
    assert result.prompt_version == 1
    assert result.tokens_used == 200
    assert result.result_data["title"] == "Three cards"
    sent = llm_server.requests[0]["body"]["messages"][-1]["content"]
    assert "Cards drawn:" in sent


def test_entertainment_readings_pause_while_the_user_is_safety_paused(alice):
    fund(alice, 50)
    alice.safety_paused_until = timezone.now() + datetime.timedelta(days=1)
    alice.save(update_fields=["safety_paused_until"])

    with pytest.raises(AIPaused):
        run(alice)

    assert credits_balance(user=alice) == 50


def test_a_crisis_in_the_input_pauses_the_reading_and_refunds(alice):
    fund(alice, 50)

    result = run(alice, question="요즘 너무 힘들어서 죽고 싶어요. 제 미래가 있을까요?")

    assert result.status == ResultStatus.PAUSED
    assert result.safety_level == "crisis"
    assert credits_balance(user=alice) == 50


def test_inputs_are_validated_against_the_form(alice):
    fund(alice, 100)
    saju = AIService.objects.get(service_type="saju")

    with pytest.raises(ServiceInputInvalid) as caught:
        service_run(
            user=alice,
            service=saju,
            inputs={"birth_date": "9999-01-01", "birth_hour": "noon"},
            idempotency_key="k",
        )

    assert set(caught.value.fields) == {"birth_date", "birth_hour"}
    assert credits_balance(user=alice) == 100


def test_no_user_reads_another_users_result(alice, bob):
    fund(alice, 50)
    result = run(alice)

    with pytest.raises(ResultNotFound):
        result_get_for_user(user=bob, result_id=result.pk)


def test_a_shared_link_works_until_the_result_expires(alice):
    fund(alice, 50)
    result = result_share(result=run(alice))

    assert len(result.share_token) >= 40
    assert shared_result_get(token=result.share_token).pk == result.pk
    ServiceResult.objects.filter(pk=result.pk).update(expires_at=timezone.now())
    with pytest.raises(ResultNotFound):
        shared_result_get(token=result.share_token)


def test_the_beat_job_deletes_results_older_than_twelve_months(alice):
    fund(alice, 100)
    old, fresh = run(alice), run(alice, question="또 다른 질문")
    ServiceResult.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert results_expire() == 1
    assert list(ServiceResult.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_welcome_credits_are_granted_once(alice, settings):
    live_config.WELCOME_CREDITS = 1000

    welcome_credits_grant(user=alice)
    welcome_credits_grant(user=alice)

    assert credits_balance(user=alice) == 1000


def test_signing_up_grants_the_welcome_credits(api_client, settings):
    from accounts.models import User

    response = api_client.post(
        "/_allauth/app/v1/auth/signup",
        {
            "email": "new@example.com",
            "password": "a-Long-pass-2026",
            "nickname": "새벽",
            "agree_terms": True,
            "agree_privacy": True,
        },
        format="json",
    )

    assert response.status_code in (200, 401), response.content
    user = User.objects.get(email="new@example.com")
    assert credits_balance(user=user) == live_config.WELCOME_CREDITS == 1000


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_runs_against_a_balance_for_ten_give_exactly_ten_results(alice):
    fund(alice, 200)  # tarot costs 20: enough for 10
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n):
        barrier.wait()
        try:
            result = run(alice, key=f"k{n}", question=f"q{n}")
            outcome = result.status
        except InsufficientCredits:
            outcome = "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count(ResultStatus.SUCCEEDED) == 10
    assert outcomes.count("refused") == 40
    assert ServiceResult.objects.filter(user=alice).count() == 10
    wallet = Wallet.objects.get(user=alice, unit=WalletUnit.CREDITS)
    assert wallet.balance == 0
    assert not LedgerEntry.objects.filter(wallet=wallet, balance_after__lt=0).exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_concurrently_debits_once(alice):
    fund(alice, 200)
    barrier = threading.Barrier(8)
    ids = []

    def attempt():
        barrier.wait()
        try:
            ids.append(run(alice, key="one-key").pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(ids)) == 1
    assert credits_balance(user=alice) == 180


def test_the_welcome_grant_reads_as_a_welcome_bonus_in_the_readers_language(alice):
    from billing.messages import message_render

    default = live_config.WELCOME_CREDITS
    live_config.WELCOME_CREDITS = 300  # live settings outlive the test's transaction
    try:
        entry = welcome_credits_grant(user=alice)
    finally:
        live_config.WELCOME_CREDITS = default

    assert entry.reason_key == "billing.welcome_bonus"
    assert message_render(entry.reason_key, entry.reason_params, language="en") == "Welcome bonus"
    korean = message_render(entry.reason_key, entry.reason_params, language="ko")
    assert korean
    assert "welcome" not in korean.lower()
