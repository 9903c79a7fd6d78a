"""Two members with a bit of everything (each app's demo data), for the attack sweeps.

``alice`` signs in and attacks; ``bob`` owns the objects she must never reach. Both are also
practitioners with a service and an availability rule, so the practitioner desk has objects.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from core.exceptions import HaruError
from tests.practitioners.factories import (
    AvailabilityRuleFactory,
    PractitionerFactory,
    ServiceFactory,
)


def seed_member(user, *, operator) -> None:
    """Each app's demo data for ``user`` (the same code as ``manage.py seed_demo``)."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.db import transaction

    for app in settings.HARU_APPS:
        if find_spec(app) and find_spec(f"{app}.demo"):
            try:
                with transaction.atomic():
                    import_module(f"{app}.demo").seed(
                        demo_user=user, operator=operator, stdout=io.StringIO()
                    )
            except HaruError as error:  # demo data made for "now": some of it may not fit
                print(f"demo data of {app} for {user}: {error.message} {error.fields}")
    practitioner = PractitionerFactory(user=user)
    ServiceFactory(practitioner=practitioner)
    AvailabilityRuleFactory(practitioner=practitioner)


@pytest.fixture
def members(make_user, settings):
    """(alice, bob), both seeded; allauth's rate limits off (the sweep sends thousands)."""
    settings.ACCOUNT_RATE_LIMITS = False
    operator = make_user(email="ops@example.com", nickname="ops", is_staff=True, is_superuser=True)
    alice = make_user(email="alice@example.com", nickname="alice")
    bob = make_user(email="bob@example.com", nickname="bob")
    for user in (alice, bob):
        seed_member(user, operator=operator)
    return alice, bob


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client
