"""Exports and anonymisation cover every coaching model with user data; admin pages load."""

from __future__ import annotations

import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from accounts.exports import anonymised_models, anonymisers, exporters
from billing.services import credits_grant
from coaching.models import AICallLog, CoachingMessage, ServiceResult
from coaching.services.ai_services import service_run
from coaching.services.chat import chat_send
from coaching.services.messages import message_compose
from tests.core.test_anonymiser_coverage import SURVIVES_ERASURE

pytestmark = pytest.mark.django_db


def _user_models():
    for model in apps.get_app_config("coaching").get_models():
        if any(
            getattr(f, "related_model", None) is apps.get_model(settings.AUTH_USER_MODEL)
            for f in model._meta.get_fields()
            if f.is_relation and f.many_to_one
        ):
            yield f"coaching.{model.__name__}"


def test_every_coaching_model_with_a_user_is_anonymised():
    # the policy history (pghistory) is kept like the records it snapshots: see the allow-list
    assert set(_user_models()) - set(SURVIVES_ERASURE) <= anonymised_models()


def test_export_then_anonymise(alice):
    credits_grant(user=alice, amount=100, reason="t", idempotency_key="t")
    service_run(
        user=alice,
        service=__import__("coaching.models", fromlist=["AIService"]).AIService.objects.get(
            service_type="tarot"
        ),
        inputs={"question": "q"},
        idempotency_key=str(uuid.uuid4()),
    )
    chat_send(user=alice, conversation=None, text="hello", idempotency_key="c")
    message_compose(user=alice)

    data = exporters()["coaching"](alice)
    assert len(data["ai_service_results"]) == 2  # the reading and the paid chat message
    assert data["chats"][0]["messages"][0]["content"] == "hello"
    assert len(data["coaching_messages"]) == 1

    anonymisers()["coaching"](alice)
    anonymisers()["coaching"](alice)  # safe twice
    assert not ServiceResult.objects.filter(user=alice).exists()
    assert not CoachingMessage.objects.filter(user=alice).exists()
    assert not AICallLog.objects.filter(user=alice).exists()


@pytest.mark.parametrize(
    "url",
    [
        "admin:coaching_prompttemplate_changelist",
        "admin:coaching_promptexperiment_changelist",
        "admin:coaching_policyversion_changelist",
        "admin:coaching_policyoverride_changelist",
        "admin:coaching_aiservice_changelist",
        "admin:coaching_aicalllog_changelist",
        "admin:coaching_aicalllog_usage",
    ],
)
def test_admin_pages_load(client, make_user, url):
    admin = make_user(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)

    assert client.get(reverse(url)).status_code == 200


def test_activating_a_policy_in_admin_asks_why_and_logs_it(client, make_user):
    from coaching.models import PolicyActivation, PolicyVersion
    from coaching.services.policies import policy_version_create

    admin = make_user(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)
    version = policy_version_create(name="tone", rules={"tone": "thoughtful"}, actor=admin)
    url = reverse("admin:coaching_policyversion_changelist")

    client.post(url, {"action": "activate_globally", "_selected_action": [version.pk],
                      "apply": "1", "reason": "spring tone"})  # fmt: skip

    log = PolicyActivation.objects.get(to_version=version.version)
    assert (log.actor, log.reason) == (admin, "spring tone")
    assert PolicyVersion.objects.get(pk=version.pk).pointers.exists()
