"""`make messages` (manage.py catalogues) is idempotent and its check catches what CI must."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from core.management.commands.catalogues import catalogue_problems, local_app_dirs

BASE = Path(settings.BASE_DIR)


def test_every_local_app_is_found_including_stub_apps():
    names = {path.name for path in local_app_dirs()}
    assert {"core", "accounts", "billing", "habits", "coaching", "diaries"} <= names
    assert not any(".venv" in str(path) for path in local_app_dirs())


def test_untranslated_and_fuzzy_entries_are_counted_and_named(tmp_path):
    po_file = tmp_path / "django.po"
    po_file.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Done"\nmsgstr "완료"\n\n'
        'msgid "Untouched"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Pricing"\nmsgstr "가격"\n',
        encoding="utf-8",
    )

    untranslated, fuzzy, msgids = catalogue_problems(po_file)

    assert (untranslated, fuzzy) == (1, 1)
    assert msgids == ['"Untouched"', '"Pricing"']


@pytest.mark.slow
def test_the_repository_catalogues_are_stable_and_fully_translated():
    call_command("catalogues", check=True)


@pytest.mark.slow
def test_check_fails_on_a_catalogue_make_messages_would_change_and_restores_it():
    # given: a stale entry in the habits catalogue (as a merge or a hand edit might leave)
    po_file = BASE / "habits" / "locale" / "ko" / "LC_MESSAGES" / "django.po"
    original = po_file.read_bytes()
    stale = '\nmsgid "A string no code uses"\nmsgstr "안녕"\n'.encode()
    po_file.write_bytes(original + stale)
    try:
        # when / then
        with pytest.raises(CommandError, match=r"habits/locale/ko/LC_MESSAGES/django\.po"):
            call_command("catalogues", check=True)
        assert b"A string no code uses" in po_file.read_bytes()  # check leaves files alone
    finally:
        po_file.write_bytes(original)
