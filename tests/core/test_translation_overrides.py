"""Haru's Korean for allauth's and DRF's strings (locale/overrides) wins, and stays in step
with the libraries: an override whose msgid the library no longer has would silently do
nothing, so it fails here."""

import gettext
import re
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.utils import translation

OVERRIDES = Path(settings.BASE_DIR) / "locale" / "overrides" / "ko" / "LC_MESSAGES" / "django.mo"


def catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def library_msgids() -> set[str]:
    """Every msgid any installed library (Django, allauth, DRF, celery-beat, …) translates,
    in any language: the strings an override can possibly apply to."""
    folders = [Path(django.__file__).parent / "conf" / "locale"]
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(base) or path.is_relative_to(base / ".venv"):
            folders.append(path / "locale")
    msgids: set[str] = set()
    for folder in folders:
        for mo_file in folder.glob("*/LC_MESSAGES/django.mo"):
            for key in catalog(mo_file):
                msgids.add(key[0] if isinstance(key, tuple) else key)
    return msgids


def test_every_override_names_a_string_the_libraries_still_have():
    ours = {key[0] if isinstance(key, tuple) else key for key in catalog(OVERRIDES)} - {""}

    assert len(ours) > 150
    assert ours - library_msgids() == set()


def test_overrides_win_over_allauth_and_drf_in_korean():
    with translation.override("ko"):
        assert translation.gettext("Successfully signed in as %(name)s.") == (
            "%(name)s 님, 어서 오세요!"
        )
        assert translation.gettext("Authenticator secret") == "인증 앱 설정 키"
        assert translation.gettext("Not found.") == "찾을 수 없어요."
        recovery = translation.gettext(
            "There is %(unused_count)s out of %(total_count)s recovery codes available."
        )
    assert "계정" not in recovery


def test_overrides_read_in_harus_polite_tone():
    for msgid, text in catalog(OVERRIDES).items():
        if not msgid or not isinstance(text, str):
            continue
        sentences = [s for s in re.split(r"(?<=[.!?:])\s+", text.strip()) if s]
        for sentence in sentences:
            assert not sentence.endswith(("습니다.", "하세요.", "십시오.", "니까?")), (msgid, text)
