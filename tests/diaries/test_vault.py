import base64
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from core import crypto
from core.crypto import DecryptionError
from diaries import selectors
from diaries.models import DataKey, Entry
from diaries.vault import KeyShreddedError, Vault, data_key_shred, vault_for

pytestmark = pytest.mark.django_db


def test_sealed_text_opens_only_for_its_user_and_purpose(alice, bob):
    # given
    token = vault_for(alice).seal("비밀 일기", purpose="entry-body")
    # then
    assert "비밀" not in token
    assert vault_for(alice).open(token, purpose="entry-body") == "비밀 일기"
    with pytest.raises(DecryptionError):
        vault_for(alice).open(token, purpose="entry-title")
    with pytest.raises(DecryptionError):
        vault_for(bob).open(token, purpose="entry-body")


def test_each_user_gets_one_random_data_key_wrapped_by_the_platform_key(alice, bob):
    vault_for(alice), vault_for(bob)
    rows = {row.user_id: row for row in DataKey.objects.all()}
    assert rows[alice.pk].wrapped != rows[bob.pk].wrapped
    with connection.cursor() as cursor:
        cursor.execute("SELECT wrapped FROM diaries_datakey WHERE user_id = %s", [alice.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith(crypto.keyring().primary_id + crypto.SEPARATOR)
    assert rows[alice.pk].wrapped not in stored


def test_blind_index_terms_differ_per_user(alice, bob):
    assert vault_for(alice).blind("k2:명상") != vault_for(bob).blind("k2:명상")
    assert vault_for(alice).blind("k2:명상") == Vault(
        user_id=alice.pk, key=base64.b64decode(DataKey.objects.get(user=alice).wrapped)
    ).blind("k2:명상")


def test_rotating_the_platform_key_rewraps_data_keys_and_leaves_entries_untouched(alice, write):
    # given
    saved = write(alice, body="회전 전에 쓴 일기")
    before = Entry.objects.values_list("body_ct", flat=True).get(pk=saved.entry.pk)
    old = crypto.keyring()
    new_key = f"r9:{crypto.generate_key()}"
    spec = f"{new_key},{settings.FIELD_ENCRYPTION_KEYS}"
    # when
    with override_settings(FIELD_ENCRYPTION_KEYS=spec):
        call_command("rotate_field_keys", stdout=io.StringIO())
        with connection.cursor() as cursor:
            cursor.execute("SELECT wrapped FROM diaries_datakey WHERE user_id = %s", [alice.pk])
            wrapped = cursor.fetchone()[0]
        # then: the data key is under the new platform key, the entry ciphertext is unchanged
        assert wrapped.startswith("r9$")
        assert Entry.objects.values_list("body_ct", flat=True).get(pk=saved.entry.pk) == before
        alice.refresh_from_db()
        fresh = type(alice).objects.get(pk=alice.pk)
        entry = selectors.entry_get_for_user(user=fresh, entry_id=saved.entry.pk)
        assert entry.body == "회전 전에 쓴 일기"
    # and the old platform keys can be dropped afterwards: only r9 is needed
    with override_settings(FIELD_ENCRYPTION_KEYS=new_key):
        fresh = type(alice).objects.get(pk=alice.pk)
        assert (
            selectors.entry_get_for_user(user=fresh, entry_id=saved.entry.pk).body
            == "회전 전에 쓴 일기"
        )
    assert old.primary_id != "r9"


def test_shredding_the_data_key_makes_every_text_unreadable(alice, write):
    saved = write(alice, body="지워질 이야기")
    data_key_shred(user=alice)
    fresh = type(alice).objects.get(pk=alice.pk)
    assert Entry.objects.filter(pk=saved.entry.pk).exists()
    with pytest.raises(KeyShreddedError):
        vault_for(fresh)
    assert data_key_shred(user=fresh) is False  # safe to run twice
