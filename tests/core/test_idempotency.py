"""core.idempotency: a repeat returns the first result and never runs twice."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.db import connection, connections
from django.http import HttpResponseRedirect
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from core.exceptions import HaruError
from core.idempotency import (
    IdempotencyInProgress,
    idempotency_records_purge,
    idempotent,
    idempotent_page,
    request_fingerprint,
)
from core.models import IdempotencyRecord

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self) -> None:
        self.runs = 0
        self.lock = threading.Lock()

    def bump(self) -> int:
        with self.lock:
            self.runs += 1
            return self.runs


class ChargeViewSet(viewsets.ViewSet):
    """A stand-in for a money-moving endpoint: counts how often it really runs."""

    counter = Counter()
    delay = 0.0
    fail_with: BaseException | None = None

    @idempotent("tests.charge")
    def create(self, request):
        if self.fail_with is not None:
            raise self.fail_with
        time.sleep(self.delay)
        run = self.counter.bump()
        return Response({"run": run, "amount": request.data.get("amount")}, status=201)


@pytest.fixture
def charge():
    ChargeViewSet.counter = Counter()
    ChargeViewSet.delay = 0.0
    ChargeViewSet.fail_with = None
    view = ChargeViewSet.as_view({"post": "create"})

    def post(user, body, key: str | None = "key-1"):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
        request = APIRequestFactory().post("/api/v1/charges/", body, format="json", **headers)
        force_authenticate(request, user=user)
        response = view(request)
        response.render()
        return response

    post.counter = lambda: ChargeViewSet.counter.runs
    return post


def test_a_repeat_with_the_same_key_returns_the_first_response_without_running(alice, charge):
    first = charge(alice, {"amount": 500})
    second = charge(alice, {"amount": 500})

    assert first.status_code == second.status_code == 201
    assert second.data == first.data == {"run": 1, "amount": 500}
    assert second["Idempotent-Replayed"] == "true"
    assert charge.counter() == 1
    record = IdempotencyRecord.objects.get(user=alice)
    assert (record.status, record.scope, record.response_status) == ("done", "tests.charge", 201)


def test_the_same_key_with_another_body_is_refused_with_422(alice, charge):
    charge(alice, {"amount": 500})

    response = charge(alice, {"amount": 50000})

    assert response.status_code == 422
    assert response.data["code"] == "idempotency_key_reused"
    assert charge.counter() == 1


def test_keys_belong_to_their_user(alice, bob, charge):
    charge(alice, {"amount": 500})
    response = charge(bob, {"amount": 500})
    assert response.status_code == 201
    assert charge.counter() == 2


def test_without_a_key_every_request_runs(alice, charge):
    charge(alice, {"amount": 500}, key=None)
    charge(alice, {"amount": 500}, key=None)
    assert charge.counter() == 2
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.parametrize("key", ["", "a" * 256, "with space", "nul\x00byte", "한글"])
def test_a_malformed_key_is_a_400(alice, charge, key):
    response = charge(alice, {"amount": 500}, key=key)
    assert response.status_code == 400
    assert response.data["code"] == "invalid_idempotency_key"


def test_a_domain_error_is_stored_and_replayed(alice, charge):
    ChargeViewSet.fail_with = HaruError("The card was declined.", code="payment_declined")
    first = charge(alice, {"amount": 500})
    ChargeViewSet.fail_with = None

    second = charge(alice, {"amount": 500})

    assert first.status_code == second.status_code == 400
    assert second.data["code"] == "payment_declined"
    assert charge.counter() == 0


def test_an_unexpected_error_forgets_the_key_so_a_retry_runs(alice, charge):
    ChargeViewSet.fail_with = RuntimeError("boom")
    with pytest.raises(RuntimeError):
        charge(alice, {"amount": 500})
    ChargeViewSet.fail_with = None

    assert charge(alice, {"amount": 500}).status_code == 201
    assert charge.counter() == 1


def test_an_expired_key_runs_again_and_the_purge_deletes_old_records(alice, charge):
    charge(alice, {"amount": 500})
    IdempotencyRecord.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert charge(alice, {"amount": 500}).data["run"] == 2
    IdempotencyRecord.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert idempotency_records_purge() == 1


def test_a_key_still_running_answers_409_after_the_wait(alice, charge, settings):
    settings.IDEMPOTENCY_WAIT_SECONDS = 0.1
    running = IdempotencyRecord.objects.create(
        user=alice,
        key="key-1",
        scope="tests.charge",
        fingerprint=request_fingerprint(
            method="POST", path="/api/v1/charges/", body={"amount": 500}
        ),
        status="running",
        expires_at=timezone.now() + timedelta(hours=1),
    )

    response = charge(alice, {"amount": 500})

    assert response.status_code == 409
    assert response.data["code"] == "idempotency_in_progress"
    assert charge.counter() == 0
    # a "running" key whose process died long ago is taken over
    IdempotencyRecord.objects.filter(pk=running.pk).update(
        started_at=timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_STALE_SECONDS + 1)
    )
    assert charge(alice, {"amount": 500}).status_code == 201
    assert charge.counter() == 1


def test_the_same_key_on_another_operation_is_refused(alice, charge):
    IdempotencyRecord.objects.create(
        user=alice,
        key="key-1",
        scope="tests.refund",
        fingerprint=request_fingerprint(
            method="POST", path="/api/v1/charges/", body={"amount": 500}
        ),
        status="done",
        response_status=200,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    assert charge(alice, {"amount": 500}).status_code == 422


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_run_once_and_answer_alike(alice, charge):
    # given a slow operation
    ChargeViewSet.delay = 0.5
    connection.close()
    barrier = threading.Barrier(2)
    responses = []

    def send():
        try:
            barrier.wait()
            responses.append(charge(alice, {"amount": 500}))
        finally:
            connections.close_all()

    # when the same request arrives twice at once
    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then it ran once and both got its answer (the second waited for it)
    assert charge.counter() == 1
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].data == responses[1].data


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_repeat_that_outwaits_the_first_gets_409(alice, charge, settings):
    settings.IDEMPOTENCY_WAIT_SECONDS = 0.2
    ChargeViewSet.delay = 1.0
    connection.close()
    barrier = threading.Barrier(2)
    responses = []

    def send(pause: float):
        try:
            barrier.wait()
            time.sleep(pause)
            responses.append(charge(alice, {"amount": 500}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(p,)) for p in (0.0, 0.3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(responses) == [201, 409]
    assert charge.counter() == 1


# --- pages --------------------------------------------------------------------------------------


def page_request(user, data: dict):
    request = RequestFactory().post("/billing/buy/", data)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_page_form_sent_twice_runs_once_and_redirects_to_the_first_result(alice):
    runs = []

    def run():
        runs.append(1)
        return HttpResponseRedirect(f"/receipts/{len(runs)}/")

    data = {"pack": "credits_100", "idempotency_key": "form-key-1"}
    first = idempotent_page(page_request(alice, data), scope="tests.buy", run=run)
    second = idempotent_page(page_request(alice, data), scope="tests.buy", run=run)

    assert len(runs) == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == "/receipts/1/"


def test_a_page_that_shows_the_form_again_keeps_no_record(alice):
    def run():
        return Response(status=status.HTTP_400_BAD_REQUEST)

    idempotent_page(
        page_request(alice, {"idempotency_key": "form-key-2"}), scope="tests.buy", run=run
    )
    assert not IdempotencyRecord.objects.exists()


def test_the_template_tag_renders_a_fresh_hidden_key_per_form():
    template = Template("{% load idempotency %}{% idempotency_field %}|{% idempotency_field %}")
    first, second = template.render(Context()).split("|")
    assert first.startswith('<input type="hidden" name="idempotency_key" value="')
    assert first != second


def test_in_progress_error_has_a_stable_code_and_409():
    error = IdempotencyInProgress()
    assert (error.code, error.status_code) == ("idempotency_in_progress", 409)
