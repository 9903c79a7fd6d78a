"""A diary's AI reading can be reported like coaching's answers: only by its writer, only when
finished and not sealed, and the flag keeps the reading (never the entry)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coaching.models import AIOutputFlag
from diaries import services
from diaries.models import Analysis

from .conftest import CALM_KO

pytestmark = pytest.mark.django_db


def finished_reading(user, write, analyse) -> Analysis:
    write(user, body=CALM_KO)
    [analysis] = analyse(user)
    return analysis


def test_the_writer_reports_a_reading_from_the_entry_page(alice_client, alice, write, analyse):
    analysis = finished_reading(alice, write, analyse)
    flag_url = reverse("coaching:flag", args=["diary_reading", analysis.pk])
    page = alice_client.get(reverse("diaries:detail", args=[analysis.entry_id]))
    assert flag_url in page.content.decode()

    response = alice_client.post(flag_url, {"reason": "wrong", "note": "제 마음과 달라요"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("diaries:detail", args=[analysis.entry_id]))
    flag = AIOutputFlag.objects.get(user=alice, output_kind="diary_reading")
    assert flag.output_id == str(analysis.pk)
    assert flag.output_text
    assert CALM_KO not in flag.output_text
    assert flag.model == analysis.model_name
    assert flag.prompt_version == analysis.prompt_version


def test_a_stranger_cannot_report_someone_elses_reading(client, alice, bob, write, analyse):
    analysis = finished_reading(alice, write, analyse)
    client.force_login(bob)
    flag_url = reverse("coaching:flag", args=["diary_reading", analysis.pk])

    assert client.get(flag_url).status_code == 404
    assert client.post(flag_url, {"reason": "wrong"}).status_code == 404
    assert not AIOutputFlag.objects.exists()


def test_the_api_refuses_a_sealed_entrys_reading(alice, alice_api, write, analyse):
    analysis = finished_reading(alice, write, analyse)
    services.entry_update(user=alice, entry=analysis.entry, body=CALM_KO, sealed=True)

    response = alice_api.post(
        "/api/v1/coaching/flags/",
        {"output_kind": "diary_reading", "output_id": str(analysis.pk), "reason": "harmful"},
        format="json",
    )

    assert response.status_code == 404
    assert not AIOutputFlag.objects.exists()
