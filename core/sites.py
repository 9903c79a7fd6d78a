"""The ``Site`` row (used by allauth for the domain and name in e-mails) follows ``SITE_URL``.

Without it sign-up and password-reset e-mails say "example.com". A data migration sets it
once, and a ``post_migrate`` receiver keeps it in step whenever ``SITE_URL`` changes and the
deploy runs ``migrate``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

SITE_NAME = "Haru"


def site_domain(site_url: str | None = None) -> str:
    """``https://haru.example.com/`` -> ``haru.example.com`` (the port is kept when given)."""
    return urlsplit(site_url or settings.SITE_URL).netloc or "localhost"


def site_sync(*, site_model=None, using: str = "default") -> None:
    """Set the SITE_ID row's domain and name from settings (idempotent)."""
    if site_model is None:
        from django.contrib.sites.models import Site

        site_model = Site
    site_model.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site_domain(), "name": SITE_NAME}
    )
    from django.contrib.sites.models import SITE_CACHE

    SITE_CACHE.clear()


def site_sync_after_migrate(sender, using: str = "default", **kwargs) -> None:
    site_sync(using=using)
