# ruff: noqa: F811 - fixtures imported from data_fixtures are redefined as arguments
"""API calls and errors are logged off the request path and written in batches."""

from __future__ import annotations

import logging
import time

import pytest
from django.db import connection
from django.test import Client, override_settings

from ops_admin import buffer
from ops_admin.logs import should_log, stack_fingerprint
from ops_admin.models import ApiLog, ErrorGroup, ErrorOccurrence
from tests.ops_admin.data_fixtures import empty_buffers, flush, superuser  # noqa: F401

pytestmark = pytest.mark.django_db

UNREAD = "/api/v1/me/notifications/unread-count/"


class WriteCounter:
    """Counts the statements that write (INSERT/UPDATE/DELETE/COPY) on a connection."""

    def __init__(self) -> None:
        self.writes = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE", "COPY"}:
            self.writes += 1
        return execute(sql, params, many, context)


@pytest.mark.slow
@pytest.mark.timeout(900)  # ~3 minutes on a quiet 2-core machine, far more on a busy one
@override_settings(OPS_API_LOG_SAMPLE_RATE=1.0)
def test_a_burst_of_5000_api_calls_writes_almost_nothing_on_the_request_path(
    alice_api, alice, flush
):
    counter = WriteCounter()
    with connection.execute_wrapper(counter):
        for _ in range(5000):
            assert alice_api.get(UNREAD).status_code == 200
    assert counter.writes < 100
    assert buffer.length(buffer.API_LOGS) == 5000

    started = time.monotonic()
    assert flush()["api"] == 5000  # what the beat task (every 15 s) does
    assert time.monotonic() - started < 45  # so all are in the log within a minute

    assert ApiLog.objects.count() == 5000
    assert set(ApiLog.objects.values_list("endpoint", "status_code", "user_id").distinct()) == {
        ("/api/v1/me/notifications/unread-count/", 200, alice.pk)
    }


@override_settings(OPS_API_LOG_SAMPLE_RATE=1.0)
def test_the_log_keeps_the_route_template_never_ids_or_query_strings(alice_api, alice, flush):
    from accounts.services import notify

    notify(user=alice, type="system", title="안녕하세요", body="테스트")
    notification = alice.notifications.get()
    alice_api.get(f"/api/v1/me/notifications/{notification.pk}/?token=secret-value")
    flush()

    log = ApiLog.objects.get()
    assert log.endpoint == "/api/v1/me/notifications/<pk>/"
    assert str(notification.pk) not in log.endpoint
    assert "secret" not in f"{log.endpoint} {log.request_id}"
    assert log.method == "GET"
    assert log.request_id  # the X-Request-ID of the call


@override_settings(OPS_API_LOG_SAMPLE_RATE=0.0)
def test_errors_are_always_logged_and_successes_follow_the_sampling_rate(alice_api, flush):
    assert alice_api.get(UNREAD).status_code == 200  # rate 0: not logged
    Client().get(UNREAD)  # not signed in: 4xx, always logged
    Client().get("/api/v1/no-such-endpoint/")  # 404, always logged
    flush()

    rows = sorted(ApiLog.objects.values_list("endpoint", "status_code", "weight"))
    assert [endpoint for endpoint, _status, _weight in rows] == [UNREAD, "<unmatched>"]
    assert all(400 <= status < 500 and weight == 1.0 for _e, status, weight in rows)


@override_settings(OPS_API_LOG_SAMPLE_RATE=0.25)
def test_sampled_calls_carry_the_weight_that_estimates_the_total(alice_api, flush):
    for _ in range(200):
        alice_api.get(UNREAD)
    flush()
    logged = ApiLog.objects.count()
    assert 20 < logged < 90  # about 50
    assert set(ApiLog.objects.values_list("weight", flat=True)) == {4.0}


def test_sampling_weights_successes_and_never_samples_errors():
    assert should_log(500, rate=0.0)
    assert should_log(404, rate=0.0)
    assert not should_log(200, rate=0.0)
    assert should_log(200, rate=0.1, draw=lambda: 0.05)
    assert not should_log(200, rate=0.1, draw=lambda: 0.5)


def test_pages_outside_the_api_are_not_logged(client, flush):
    client.get("/")
    flush()
    assert not ApiLog.objects.exists()


@override_settings(ROOT_URLCONF="tests.ops_admin.urls_errors")
def test_an_exception_in_a_view_appears_in_the_error_log_grouped(flush):
    browser = Client(raise_request_exception=False)
    assert browser.get("/boom/1/").status_code == 500
    assert browser.get("/boom/2/").status_code == 500
    flush()

    group = ErrorGroup.objects.get()
    assert group.count == 2
    assert group.exception_type.endswith("PaymentGatewayError")
    assert group.severity == "error"
    assert group.service == "web"
    assert "failing_view" in group.stack
    assert group.first_seen <= group.last_seen
    assert ErrorOccurrence.objects.filter(group=group).count() == 2
    assert all(o.request_id for o in group.occurrences.all())


def test_different_failures_make_different_groups_and_flushes_add_up(flush):
    log = logging.getLogger("haru.test")
    for _ in range(2):
        try:
            {}["missing"]
        except KeyError:
            log.exception("lookup failed")
    try:
        int("x")
    except ValueError:
        log.exception("parse failed")
    flush()
    log.error("payment %s declined", "A-1")  # no traceback: grouped by its message template
    log.error("payment %s declined", "B-2")
    flush()

    counts = sorted(ErrorGroup.objects.values_list("count", flat=True))
    assert counts == [1, 2, 2]
    templated = ErrorGroup.objects.get(exception_type="", logger="haru.test")
    assert templated.message == "payment B-2 declined"


def test_the_stack_hash_ignores_line_numbers_and_values():
    def fail(value):
        raise ValueError(value)

    records = []
    for value in ("a", "b"):
        try:
            fail(value)
        except ValueError:
            import sys

            records.append(
                logging.LogRecord("x", logging.ERROR, __file__, 1, "m", None, sys.exc_info())
            )
    assert stack_fingerprint(records[0])[0] == stack_fingerprint(records[1])[0]


def test_error_and_api_logs_are_searchable_in_the_console(client, superuser, flush):
    logging.getLogger("haru.test").error("renewal webhook rejected")
    Client().get("/api/v1/no-such-endpoint/")
    flush()
    client.force_login(superuser)

    found = client.get("/admin/ops_admin/errorgroup/", {"q": "webhook"})
    assert found.status_code == 200
    assert "renewal webhook rejected" in found.content.decode()
    assert (
        "renewal webhook"
        not in client.get("/admin/ops_admin/errorgroup/", {"q": "nothing-like-it"}).content.decode()
    )
    logs = client.get("/admin/ops_admin/apilog/", {"q": "unmatched", "status_class": "4"})
    assert logs.status_code == 200
    assert "&lt;unmatched&gt;" in logs.content.decode()
