"""Every console list costs the same number of queries for a few rows and for many: each
changelist is opened with 2 rows and with 12, and the second may not cost more."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from accounts.models import AdminAuditLog
from billing import services as billing_services
from billing.models import Payment
from ops_admin.models import (
    ApiLog,
    CannedAnswer,
    Cohort,
    DailyKpi,
    ErrorGroup,
    Flag,
    RetentionRun,
    SupportCategory,
    UserDailyAnalytics,
)
from tests.billing.conftest import toss  # noqa: F401 - the local Toss server fixture
from tests.billing.services.test_subscriptions import subscribe

pytestmark = pytest.mark.django_db


def _key() -> str:
    return uuid.uuid4().hex[:12]


def _audit(n, **_):
    for i in range(n):
        AdminAuditLog.objects.create(action=f"act{i}", object_repr=f"o{i}", before={"a": i})


def _api_logs(n, **_):
    for i in range(n):
        ApiLog.objects.create(
            method="GET",
            endpoint=f"/api/v1/x{i}/",
            status_code=200,
            latency_ms=5,
            created_at=timezone.now(),
        )


def _errors(n, **_):
    for i in range(n):
        ErrorGroup.objects.create(
            fingerprint=_key(), service="web", severity="error", logger="x", message=f"m{i}"
        )


def _retention(n, **_):
    for _i in range(n):
        RetentionRun.objects.create(job="api_logs", status=RetentionRun.Status.OK)


def _kpis(n, **_):
    start = DailyKpi.objects.count() + 1
    for i in range(start, start + n):
        DailyKpi.objects.create(day=dt.date(2026, 1, 1) + dt.timedelta(days=i), key="signups")


def _daily(n, make_user, **_):
    for _i in range(n):
        UserDailyAnalytics.objects.create(user=make_user(), date=dt.date(2026, 1, 1))


def _cohorts(n, **_):
    for i in range(n):
        Cohort.objects.create(name=f"c{i}", slug=f"c-{_key()}", rules={})


def _flags(n, **_):
    for _i in range(n):
        Flag.objects.create(name=f"flag-{_key()}")


def _canned(n, **_):
    for i in range(n):
        CannedAnswer.objects.create(title=f"t{i}", body_ko="답변이에요.")


def _categories(n, **_):
    for i in range(n):
        SupportCategory.objects.create(code=f"c-{_key()}", name_ko=f"분류{i}", name_en=f"c{i}",
                                       team="operations")  # fmt: skip


def _refunds(n, make_user, provider, **_):
    for _i in range(n):
        payment = Payment.objects.get(subscription=subscribe(make_user(), provider))
        billing_services.refund_request(payment=payment, amount=1000, reason="customer_request")


LISTS = {
    "/admin/accounts/adminauditlog/": _audit,
    "/admin/ops_admin/apilog/": _api_logs,
    "/admin/ops_admin/errorgroup/": _errors,
    "/admin/ops_admin/retentionrun/": _retention,
    "/admin/ops_admin/dailykpi/": _kpis,
    "/admin/ops_admin/userdailyanalytics/": _daily,
    "/admin/ops_admin/cohort/": _cohorts,
    "/admin/ops_admin/flag/": _flags,
    "/admin/ops_admin/cannedanswer/": _canned,
    "/admin/ops_admin/supportcategory/": _categories,
}


@pytest.mark.parametrize("url", list(LISTS))
def test_a_console_list_costs_the_same_for_2_and_12_rows(
    url, console, make_user, django_assert_max_num_queries
):
    client = console("admin")
    LISTS[url](2, make_user=make_user)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    LISTS[url](10, make_user=make_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_refund_queue_costs_the_same_for_1_and_4_refunds(
    console,
    make_user,
    toss,  # noqa: F811 - the fixture imported above
    django_assert_max_num_queries,
):
    client = console("manager")
    _refunds(1, make_user=make_user, provider=toss)
    url = "/admin/billing/refund/?status__exact=requested"
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    _refunds(3, make_user=make_user, provider=toss)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
