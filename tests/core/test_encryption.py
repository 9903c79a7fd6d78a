import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from core import crypto
from tests.testapp.models import SecretNote

OLD = "t1:dGVzdC1rZXktb25lLWZvci1oYXJ1LXRlc3RzLTAwMDE="
NEW = "t2:dGVzdC1rZXktdHdvLWZvci1oYXJ1LXRlc3RzLTAwMDI="


def raw_column(pk: int, column: str = "body") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM testapp_secretnote WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_text_is_stored_as_ciphertext_and_read_back_as_plaintext():
    note = SecretNote.objects.create(title="t", body="오늘은 조금 힘들었다", details={"mood": 3})

    stored = raw_column(note.pk)
    assert "힘들" not in stored
    assert stored.startswith("t2$")
    assert SecretNote.objects.get(pk=note.pk).body == "오늘은 조금 힘들었다"
    assert SecretNote.objects.get(pk=note.pk).details == {"mood": 3}


@pytest.mark.django_db
def test_same_plaintext_encrypts_differently_each_time():
    first = SecretNote.objects.create(title="a", body="same")
    second = SecretNote.objects.create(title="b", body="same")
    assert raw_column(first.pk) != raw_column(second.pk)


@pytest.mark.django_db
def test_null_stays_null_and_isnull_lookup_works():
    SecretNote.objects.create(title="empty", details=None)
    assert SecretNote.objects.filter(details__isnull=True).count() == 1


def test_encrypted_fields_refuse_value_lookups():
    with pytest.raises(Exception, match="Unsupported lookup"):
        list(SecretNote.objects.filter(body="x"))


def test_tampered_ciphertext_fails_authentication():
    ring = crypto.parse_keyring(NEW)
    token = ring.encrypt("private")
    kid, body = token.split("$")
    flipped = body[:-3] + ("A" if body[-3] != "A" else "B") + body[-2:]
    with pytest.raises(crypto.DecryptionError):
        ring.decrypt(f"{kid}${flipped}")


def test_token_cannot_be_relabelled_to_another_key_id():
    ring = crypto.parse_keyring(f"{NEW},{OLD}")
    token = ring.encrypt("private")
    with pytest.raises(crypto.DecryptionError):
        ring.decrypt("t1" + token[2:])


@pytest.mark.parametrize(
    "spec",
    ["", "nokey", "k1:not-base64!!", "k1:c2hvcnQ=", f"{NEW},{NEW}"],
    ids=["empty", "no-colon", "not-base64", "short-key", "duplicate-id"],
)
def test_bad_key_configuration_is_refused(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keyring(spec)


@pytest.mark.django_db
def test_rows_written_under_an_old_key_stay_readable_after_rotation(settings):
    # given: a row written while the old key was primary
    settings.FIELD_ENCRYPTION_KEYS = OLD
    note = SecretNote.objects.create(title="old", body="written long ago", details=[1, 2])
    assert raw_column(note.pk).startswith("t1$")
    # when: a new key is put first, the old one kept for reading
    settings.FIELD_ENCRYPTION_KEYS = f"{NEW},{OLD}"
    # then
    assert SecretNote.objects.get(pk=note.pk).body == "written long ago"


@pytest.mark.django_db
def test_rotate_field_keys_reencrypts_stale_rows_in_batches_and_is_rerunnable(settings, capsys):
    # given: five rows under the old key and one under the new key
    settings.FIELD_ENCRYPTION_KEYS = OLD
    old_notes = [
        SecretNote.objects.create(title=f"n{i}", body=f"body {i}", details={"i": i})
        for i in range(5)
    ]
    settings.FIELD_ENCRYPTION_KEYS = f"{NEW},{OLD}"
    fresh = SecretNote.objects.create(title="fresh", body="new")
    fresh_ciphertext = raw_column(fresh.pk)

    # when
    call_command("rotate_field_keys", batch_size=2)

    # then: every value is under the new key and still decrypts; the fresh row was not rewritten
    for note in old_notes:
        assert raw_column(note.pk).startswith("t2$")
        assert raw_column(note.pk, "details").startswith("t2$")
        assert SecretNote.objects.get(pk=note.pk).body == note.body
    assert raw_column(fresh.pk) == fresh_ciphertext
    assert "re-encrypted 5 row(s)" in capsys.readouterr().out

    # and: once the old key is dropped everything is still readable, and a re-run finds nothing
    settings.FIELD_ENCRYPTION_KEYS = NEW
    assert sorted(n.body for n in SecretNote.objects.all()) == [
        "body 0",
        "body 1",
        "body 2",
        "body 3",
        "body 4",
        "new",
    ]
    call_command("rotate_field_keys", "--dry-run")
    assert "would re-encrypt 0 value(s)" in capsys.readouterr().out
