"""Health records: consent with a permission and an expiry, revocation, and the access log."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from practitioners.models import HealthAccessLog, HealthRecord, HealthShare
from practitioners.services import health_records as health
from practitioners.social.exceptions import InvalidShare, ShareNotActive, ShareReadOnly

from .factories import PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_and_practitioner():
    client = UserFactory()
    practitioner = PractitionerFactory()
    health.health_profile_update(user=client, allergies="페니실린", goals="잠을 잘 자고 싶어요")
    health.health_record_add_own(client=client, title="수면 일지", body="새벽 3시에 깸")
    return client, practitioner


def grant(client, practitioner, *, days=30, permission="read"):
    return health.health_share_grant(
        client=client,
        practitioner=practitioner,
        permission=permission,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )


def test_profile_and_records_are_encrypted_at_rest(client_and_practitioner):
    with connection.cursor() as cursor:
        cursor.execute("SELECT allergies FROM practitioners_healthprofile")
        assert "페니실린" not in cursor.fetchone()[0]
        cursor.execute("SELECT title, body FROM practitioners_healthrecord")
        title, body = cursor.fetchone()
    assert "수면" not in title
    assert "새벽" not in body


def test_without_consent_a_practitioner_sees_nothing(client_and_practitioner):
    client, practitioner = client_and_practitioner
    with pytest.raises(ShareNotActive):
        health.health_client_open(
            practitioner=practitioner, actor=practitioner.user, client_id=client.pk
        )
    record = HealthRecord.objects.get(client=client)
    with pytest.raises(ShareNotActive):
        health.health_record_open(
            practitioner=practitioner, actor=practitioner.user, record_id=record.pk
        )
    assert not HealthAccessLog.objects.filter(action="view").exists()


def test_every_view_by_a_practitioner_leaves_a_log_row(client_and_practitioner):
    client, practitioner = client_and_practitioner
    share = grant(client, practitioner)
    view = health.health_client_open(
        practitioner=practitioner, actor=practitioner.user, client_id=client.pk
    )
    assert view.profile is not None
    assert view.profile.allergies == "페니실린"
    assert [r.title for r in view.records] == ["수면 일지"]
    health.health_record_open(
        practitioner=practitioner, actor=practitioner.user, record_id=view.records[0].pk
    )
    log = list(HealthAccessLog.objects.filter(client=client).order_by("created_at", "pk"))
    assert [entry.action for entry in log] == ["share", "view", "view"]
    assert log[1].actor_name == practitioner.display_name
    share.refresh_from_db()
    assert share.access_count == 2


def test_consent_ends_exactly_at_its_expiry(client_and_practitioner):
    client, practitioner = client_and_practitioner
    share = grant(client, practitioner, days=1)
    just_before = share.expires_at - datetime.timedelta(microseconds=1)
    assert health.share_get_live(client_id=client.pk, practitioner=practitioner, now=just_before)
    with pytest.raises(ShareNotActive):
        health.share_get_live(client_id=client.pk, practitioner=practitioner, now=share.expires_at)
    # and through the real clock: an expired consent opens nothing
    HealthShare.objects.filter(pk=share.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    with pytest.raises(ShareNotActive):
        health.health_client_open(
            practitioner=practitioner, actor=practitioner.user, client_id=client.pk
        )


def test_revoking_ends_access_at_once_and_is_logged(client_and_practitioner):
    client, practitioner = client_and_practitioner
    share = grant(client, practitioner)
    health.health_client_open(
        practitioner=practitioner, actor=practitioner.user, client_id=client.pk
    )
    health.health_share_revoke(client=client, share=share)
    with pytest.raises(ShareNotActive):
        health.health_client_open(
            practitioner=practitioner, actor=practitioner.user, client_id=client.pk
        )
    assert HealthAccessLog.objects.filter(client=client, action="revoke").count() == 1
    # the history of the consent is kept (pghistory)
    events = HealthShare.pgh_event_model.objects.filter(pgh_obj_id=share.pk)
    assert events.count() >= 2


def test_a_consent_covers_only_the_practitioner_it_names(client_and_practitioner):
    client, practitioner = client_and_practitioner
    grant(client, practitioner)
    stranger = PractitionerFactory()
    with pytest.raises(ShareNotActive):
        health.health_client_open(practitioner=stranger, actor=stranger.user, client_id=client.pk)


def test_read_only_consent_refuses_notes_and_read_write_takes_them(client_and_practitioner):
    client, practitioner = client_and_practitioner
    grant(client, practitioner, permission="read")
    with pytest.raises(ShareReadOnly):
        health.health_record_write(
            practitioner=practitioner,
            actor=practitioner.user,
            client_id=client.pk,
            kind="session_note",
            title="1회기",
            body="수면 위생 교육",
        )
    grant(client, practitioner, permission="read_write")  # renews the open consent
    assert HealthShare.objects.filter(client=client, revoked_at__isnull=True).count() == 1
    note = health.health_record_write(
        practitioner=practitioner,
        actor=practitioner.user,
        client_id=client.pk,
        kind="session_note",
        title="1회기",
        body="수면 위생 교육",
    )
    health.health_record_update(
        practitioner=practitioner, actor=practitioner.user, record=note, title="1회기", body="수정"
    )
    assert HealthRecord.objects.get(pk=note.pk).body == "수정"
    actions = set(HealthAccessLog.objects.filter(client=client).values_list("action", flat=True))
    assert {"create", "update", "share"} <= actions


def test_expiry_must_be_in_the_future_and_within_a_year(client_and_practitioner):
    client, practitioner = client_and_practitioner
    with pytest.raises(InvalidShare):
        grant(client, practitioner, days=-1)
    with pytest.raises(InvalidShare):
        grant(client, practitioner, days=400)


def test_exports_are_logged(client_and_practitioner):
    client, practitioner = client_and_practitioner
    data = health.health_export_own(client=client)
    assert data["profile"]["allergies"] == "페니실린"
    grant(client, practitioner)
    health.health_export_for_practitioner(
        practitioner=practitioner, actor=practitioner.user, client_id=client.pk
    )
    assert HealthAccessLog.objects.filter(client=client, action="export").count() == 2


def test_erasure_removes_the_clients_health_data(client_and_practitioner):
    client, practitioner = client_and_practitioner
    share = grant(client, practitioner)
    health.health_erase_for_user(user=client)
    assert not HealthRecord.objects.filter(client=client).exists()
    assert not HealthShare.objects.filter(client=client).exists()
    assert not HealthAccessLog.objects.filter(client=client).exists()
    assert not HealthShare.pgh_event_model.objects.filter(pgh_obj_id=share.pk).exists()
