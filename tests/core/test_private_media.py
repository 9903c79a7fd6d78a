"""Private files (data exports, uploads) are served only to their owner, in every mode."""

from __future__ import annotations

import importlib

import pytest
from django.core.files.base import ContentFile
from django.urls import Resolver404, clear_url_caches, resolve, reverse
from django.utils import timezone

from accounts.enums import ExportStatus
from accounts.models import DataExport

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_export(alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    export = DataExport.objects.create(
        user=alice,
        status=ExportStatus.READY,
        finished_at=timezone.now(),
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    export.file.save(f"{export.pk}.zip", ContentFile(b"PK-private"), save=True)
    return export


def test_there_is_no_media_route_even_in_debug(settings, alice_export):
    import config.urls

    settings.DEBUG = True
    try:
        importlib.reload(config.urls)
        clear_url_caches()
        with pytest.raises(Resolver404):
            resolve(f"/media/{alice_export.file.name}")
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()


def test_the_owner_downloads_her_export(client, alice, alice_export):
    client.force_login(alice)
    response = client.get(reverse("accounts:export_download", args=[alice_export.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK-private"
    assert "private" in response["Cache-Control"]


def test_another_user_gets_404(client, bob, alice_export):
    client.force_login(bob)
    response = client.get(reverse("accounts:export_download", args=[alice_export.pk]))
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, alice_export):
    response = client.get(reverse("accounts:export_download", args=[alice_export.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_behind_nginx_the_file_goes_out_by_x_accel_redirect(client, alice, alice_export, settings):
    settings.HARU_X_ACCEL_REDIRECT_PREFIX = "/_private/"
    client.force_login(alice)
    response = client.get(reverse("accounts:export_download", args=[alice_export.pk]))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{alice_export.file.name}"
    assert response.content == b""
