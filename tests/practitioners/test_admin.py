"""The operator console: the verification queue decides through the services."""

import pytest
from django.urls import reverse

from practitioners.enums import ApplicationStatus
from practitioners.models import Practitioner, PractitionerStatusLog

from .factories import PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return admin


def test_every_practitioners_admin_page_opens(client, root, open_service):
    for name in (
        "admin:practitioners_verificationqueue_changelist",
        "admin:practitioners_practitioner_changelist",
        "admin:practitioners_booking_changelist",
        "admin:practitioners_service_changelist",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert (
        client.get(
            reverse("admin:practitioners_practitioner_change", args=[open_service.practitioner.pk])
        ).status_code
        == 200
    )


def test_the_queue_lists_waiting_applications_and_rejects_with_a_reason(client, root):
    waiting = PractitionerFactory(status=ApplicationStatus.APPLIED, is_verified=False)
    approved = PractitionerFactory()
    url = reverse("admin:practitioners_verificationqueue_changelist")
    page = client.get(url).content.decode()
    assert waiting.display_name in page
    assert approved.display_name not in page

    client.post(url, {"action": "reject", "_selected_action": [waiting.pk],
                      "apply": "1", "reason": "면허 번호가 확인되지 않아요"})  # fmt: skip

    waiting = Practitioner.objects.get(pk=waiting.pk)
    assert waiting.status == ApplicationStatus.REJECTED
    log = PractitionerStatusLog.objects.get(practitioner=waiting)
    assert (log.actor, log.reason) == (root, "면허 번호가 확인되지 않아요")
