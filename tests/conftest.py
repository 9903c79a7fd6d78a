"""Fixtures shared by every app's tests: a small cast of named users and a real browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rest_framework.test import APIClient

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def pytest_collection_modifyitems(items):
    """Give every transactional test the rows the data migrations seed.

    A transactional test (real concurrent connections, a live server for the browser) ends by
    flushing every table, which would also wipe what migrations seed (plans, achievements,
    the allauth Site, beat schedules) for the tests after it. Serialized rollback makes Django
    snapshot the migrated database once and restore it before each such test, so results do
    not depend on test order.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        wants_transaction = bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))
        if marker is not None:
            wants_transaction = wants_transaction or marker.kwargs.get("transaction", False)
        if not wants_transaction:
            continue
        kwargs = dict(marker.kwargs) if marker is not None else {}
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Let every connection object restore the migrated snapshot, not only the first one.

    Django keeps the snapshot for serialized rollback on the connection object that created the
    test database. Connection objects are per context, and Playwright's greenlets hand a browser
    test a fresh one, which would silently skip the restore; so the snapshot goes on the class.
    """
    from django.db import connections

    for alias in connections:
        wrapper = connections[alias]
        snapshot = getattr(wrapper, "_test_serialized_contents", None)
        if snapshot is not None:
            type(wrapper)._test_serialized_contents = snapshot


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def make_user(db, django_user_model):
    """Create users with sensible defaults: ``make_user(email="a@x.kr", timezone="UTC")``."""
    counter = {"n": 0}

    def make(**fields):
        counter["n"] += 1
        fields.setdefault("email", f"user{counter['n']}@example.com")
        fields.setdefault("nickname", f"user{counter['n']}")
        password = fields.pop("password", "correct horse battery staple")
        return django_user_model.objects.create_user(password=password, **fields)

    return make


@pytest.fixture
def alice(make_user):
    """The signed-in user in most tests."""
    return make_user(email="alice@example.com", nickname="alice")


@pytest.fixture
def bob(make_user):
    """Another user whose data alice must never see or change."""
    return make_user(email="bob@example.com", nickname="bob")


@pytest.fixture
def operator(make_user):
    return make_user(email="operator@example.com", nickname="operator", is_staff=True)


@pytest.fixture
def alice_api(api_client, alice) -> APIClient:
    api_client.force_authenticate(alice)
    return api_client


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; the test is skipped (with the reason) without it."""
    executable = find_chromium()
    if executable is None:
        pytest.skip("Chromium not found (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM calls made by tests around it are
    # synchronous and safe, so Django must not refuse them as "async context".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
