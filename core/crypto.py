"""Authenticated encryption for data at rest (AES-256-GCM with key ids).

Keys come from ``settings.FIELD_ENCRYPTION_KEYS`` as ``"kid:base64key,oldkid:base64key"``.
The first key encrypts; every listed key decrypts, so rows written under an old key stay
readable after a rotation until ``manage.py rotate_field_keys`` re-encrypts them.

A token is ``"<kid>$<base64url(nonce || ciphertext || tag)>"``. The key id is also the
associated data, so a token cannot be relabelled to another key.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured

SEPARATOR = "$"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """The token is malformed, names an unknown key, or fails authentication."""


@dataclass(frozen=True)
class Keyring:
    primary_id: str
    keys: dict[str, AESGCM]

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self.keys[self.primary_id].encrypt(
            nonce, plaintext.encode("utf-8"), self.primary_id.encode()
        )
        body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
        return f"{self.primary_id}{SEPARATOR}{body}"

    def decrypt(self, token: str) -> str:
        key_id, sep, body = token.partition(SEPARATOR)
        if not sep or key_id not in self.keys:
            raise DecryptionError(f"unknown key id {key_id!r}" if sep else "not a Haru token")
        try:
            raw = base64.urlsafe_b64decode(body.encode("ascii"))
            plain = self.keys[key_id].decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], key_id.encode())
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionError("token failed authentication") from exc
        return plain.decode("utf-8")

    def is_current(self, token: str) -> bool:
        return token.startswith(self.primary_id + SEPARATOR)


def parse_keyring(spec: str) -> Keyring:
    entries = [item.strip() for item in spec.split(",") if item.strip()]
    if not entries:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    keys: dict[str, AESGCM] = {}
    for entry in entries:
        key_id, sep, encoded = entry.partition(":")
        if not sep or not key_id or SEPARATOR in key_id:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS entry {key_id!r} is not 'kid:key'")
        try:
            secret = base64.b64decode(encoded, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured(f"key {key_id!r} is not base64") from exc
        if len(secret) != 32:
            raise ImproperlyConfigured(f"key {key_id!r} must be 32 bytes (AES-256)")
        if key_id in keys:
            raise ImproperlyConfigured(f"key id {key_id!r} is listed twice")
        keys[key_id] = AESGCM(secret)
    return Keyring(primary_id=entries[0].partition(":")[0], keys=keys)


@lru_cache(maxsize=4)
def _keyring_for(spec: str) -> Keyring:
    return parse_keyring(spec)


def keyring() -> Keyring:
    from django.conf import settings

    return _keyring_for(settings.FIELD_ENCRYPTION_KEYS)


def generate_key() -> str:
    """A new random key in the form FIELD_ENCRYPTION_KEYS expects (without the id)."""
    return base64.b64encode(os.urandom(32)).decode("ascii")


def encrypt(plaintext: str) -> str:
    return keyring().encrypt(plaintext)


def decrypt(token: str) -> str:
    return keyring().decrypt(token)
