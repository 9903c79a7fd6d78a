"""Envelope encryption for diaries: one data key per user, wrapped by the platform keys.

* ``vault_for(user)`` returns the user's ``Vault`` (creating the data key on first use).
* ``Vault.seal(text, purpose=...)`` / ``open`` use AES-256-GCM with the user's data key; the
  associated data binds a token to its user and purpose, so a ciphertext cannot be moved to
  another user's row or another column.
* ``Vault.blind(term)`` is the keyed blind index: HMAC-SHA256 under a search key derived
  (HKDF) from the data key, cut to a signed 64-bit integer for a GIN-indexed bigint array.
* ``data_key_shred(user=...)`` destroys the data key: from then on nothing of that user's
  diary, analyses, reports or search index can be read or matched (crypto-shredding).

The wrapped key sits in an ``EncryptedTextField``: rotating the platform key with
``manage.py rotate_field_keys`` re-wraps the data keys and leaves every entry untouched.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.crypto import DecryptionError

from .models import DataKey

PREFIX = "d1$"
NONCE_BYTES = 12
_CACHE_ATTR = "_haru_diary_vault"


class KeyShreddedError(DecryptionError):
    """The user's data key was destroyed; their diary can never be read again."""


class Vault:
    def __init__(self, *, user_id: Any, key: bytes) -> None:
        self._user = str(user_id)
        self._aead = AESGCM(key)
        self._search_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"haru-diary-search-v1"
        ).derive(key)

    def _aad(self, purpose: str) -> bytes:
        return f"{self._user}:{purpose}".encode()

    def seal(self, text: str, *, purpose: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), self._aad(purpose))
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, token: str, *, purpose: str) -> str:
        if not token:
            return ""
        if not token.startswith(PREFIX):
            raise DecryptionError("not a diary token")
        try:
            raw = base64.urlsafe_b64decode(token[len(PREFIX) :].encode("ascii"))
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], self._aad(purpose))
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionError("diary token failed authentication") from exc
        return plain.decode("utf-8")

    def seal_json(self, value: Any, *, purpose: str) -> str:
        return self.seal(
            json.dumps(value, ensure_ascii=False, separators=(",", ":")), purpose=purpose
        )

    def open_json(self, token: str, *, purpose: str, default: Any = None) -> Any:
        if not token:
            return default
        return json.loads(self.open(token, purpose=purpose))

    def blind(self, term: str) -> int:
        digest = hmac.new(self._search_key, term.encode("utf-8"), hashlib.sha256).digest()
        return int.from_bytes(digest[:8], "big", signed=True)


def _unwrap(user_id: Any, row: DataKey) -> Vault:
    if row.shredded_at is not None or not row.wrapped:
        raise KeyShreddedError("this diary's key was destroyed")
    return Vault(user_id=user_id, key=base64.b64decode(row.wrapped))


def vault_for(user: Any, *, create: bool = True) -> Vault:
    """The user's vault, cached on the user object for the request."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    row = DataKey.objects.filter(user_id=user.pk).first()
    if row is None:
        if not create:
            raise KeyShreddedError("this user has no diary key")
        try:
            with transaction.atomic():
                row = DataKey.objects.create(
                    user_id=user.pk, wrapped=base64.b64encode(os.urandom(32)).decode("ascii")
                )
        except IntegrityError:  # created by a concurrent request
            row = DataKey.objects.get(user_id=user.pk)
    vault = _unwrap(user.pk, row)
    setattr(user, _CACHE_ATTR, vault)
    return vault


def data_key_shred(*, user: Any) -> bool:
    """Destroy the user's data key (crypto-shredding); safe to run twice."""
    updated = DataKey.objects.filter(user_id=user.pk, shredded_at__isnull=True).update(
        wrapped=None, shredded_at=timezone.now()
    )
    if not DataKey.objects.filter(user_id=user.pk).exists():
        DataKey.objects.create(user_id=user.pk, wrapped=None, shredded_at=timezone.now())
        updated = 1
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    return bool(updated)
