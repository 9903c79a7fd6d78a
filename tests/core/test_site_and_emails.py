"""E-mails name Haru and SITE_URL's domain; the verification link stands on its own line."""

from __future__ import annotations

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.utils import translation

from core.sites import site_domain, site_sync

pytestmark = pytest.mark.django_db


def test_the_site_row_follows_site_url_after_migrate(settings):
    site = Site.objects.get(pk=settings.SITE_ID)
    assert site.domain == site_domain(settings.SITE_URL)
    assert site.domain != "example.com"
    assert site.name == "Haru"


def test_site_sync_keeps_it_in_step_when_site_url_changes(settings):
    settings.SITE_URL = "https://haru.example.kr"
    site_sync()
    assert Site.objects.get_current().domain == "haru.example.kr"


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_verification_email_has_the_link_alone_on_its_line(client, language, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    with translation.override(language):
        response = client.post(
            "/_allauth/app/v1/auth/signup",
            {
                "email": f"new-{language}@example.com",
                "password": "a long and fine password 1",
                "nickname": f"new{language}",
                "agree_terms": True,
                "agree_privacy": True,
            },
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.status_code in (200, 401), response.content
    body = mail.outbox[-1].body
    assert "example.com" not in body.replace(f"new-{language}@example.com", "")
    assert Site.objects.get_current().domain in body
    links = [line for line in body.splitlines() if "://" in line]
    assert links, body
    for line in links:
        assert re.fullmatch(r"https?://\S+", line.strip()), f"text glued to the link: {line!r}"
