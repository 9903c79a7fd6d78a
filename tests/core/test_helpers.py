"""core's shared helpers: local day, money, advisory locks, the 404 idiom, the pager."""

import datetime as dt
import threading
import time
import zoneinfo
from types import SimpleNamespace

import pytest
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation

from core.clock import user_local_datetime, user_local_today, user_zone
from core.exceptions import NotFoundError
from core.http import or_404
from core.locks import advisory_lock_key, advisory_xact_lock
from core.money import format_money

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


# --- local day --------------------------------------------------------------------------------


def test_the_local_day_follows_the_users_zone_not_utc():
    at = dt.datetime(2026, 3, 2, 15, 30, tzinfo=dt.UTC)  # 00:30 on 3 March in Seoul
    seoul = SimpleNamespace(timezone="Asia/Seoul")
    london = SimpleNamespace(timezone="Europe/London")

    assert user_local_today(user=seoul, at=at) == dt.date(2026, 3, 3)
    assert user_local_today(user=london, at=at) == dt.date(2026, 3, 2)


def test_an_unknown_or_empty_zone_falls_back_to_seoul():
    assert user_zone(user=SimpleNamespace(timezone="Mars/Olympus")) == SEOUL
    assert user_zone(user=SimpleNamespace(timezone="")) == SEOUL


def test_local_datetime_is_that_clock_time_in_the_users_zone():
    at = user_local_datetime(
        user=SimpleNamespace(timezone="Asia/Seoul"), day=dt.date(2026, 3, 2), at=dt.time(7)
    )
    assert at == dt.datetime(2026, 3, 1, 22, 0, tzinfo=dt.UTC)


# --- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (9900, "KRW", "₩9,900"),
        (0, "KRW", "₩0"),
        (1234, "USD", "12.34 USD"),
        (-1234567, "USD", "-12,345.67 USD"),
        (500, "JPY", "500 JPY"),
    ],
)
def test_money_is_formatted_from_minor_units(amount, currency, expected):
    assert format_money(amount, currency, locale="en") == expected


def test_the_money_filter_is_the_same_everywhere():
    from core.templatetags.money import money

    with translation.override("en"):
        assert money(9900) == "₩9,900"
        assert money(1234, "USD") == "12.34 USD"
        assert money(None) == ""

    from billing.templatetags.billing_tags import money as billing_money

    assert billing_money is money


# --- advisory locks ---------------------------------------------------------------------------


def test_lock_keys_are_stable_signed_64_bit_and_namespaced():
    key = advisory_lock_key(namespace="habits", key="u1")
    assert key == advisory_lock_key(namespace="habits", key="u1")
    assert -(2**63) <= key < 2**63
    assert key != advisory_lock_key(namespace="billing", key="u1")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_advisory_lock_serialises_two_connections():
    # given one connection holding the lock
    order: list[str] = []
    held = threading.Event()

    def first():
        with transaction.atomic():
            advisory_xact_lock(namespace="test", key="same")
            held.set()
            time.sleep(0.5)
            order.append("first done")
        connection.close()

    def second():
        held.wait(5)
        with transaction.atomic():
            advisory_xact_lock(namespace="test", key="same")
            order.append("second got it")
        connection.close()

    # when another connection asks for the same lock
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    # then it waits until the first transaction ends
    assert order == ["first done", "second got it"]


# --- 404 and the pager ------------------------------------------------------------------------


def test_or_404_turns_a_selectors_not_found_into_the_404_page():
    def missing(**kwargs):
        raise NotFoundError("habit not found")

    with pytest.raises(Http404):
        or_404(missing, user=None, pk=1)
    assert or_404(lambda **kwargs: kwargs["pk"], pk=7) == 7


def test_the_pager_links_neighbour_pages_and_keeps_extra_parameters():
    page = Paginator(list(range(30)), 10).page(2)
    with translation.override("en"):
        html = render_to_string("core/_pagination.html", {"page": page, "extra": "unread=1"})

    assert 'href="?page=1&amp;unread=1"' in html
    assert 'href="?page=3&amp;unread=1"' in html
    assert "Page 2 of 3" in html


def test_a_single_page_shows_no_pager():
    page = Paginator([1, 2], 10).page(1)
    assert render_to_string("core/_pagination.html", {"page": page}).strip() == ""
