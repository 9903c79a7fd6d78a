"""Encrypted model fields: the one way Haru stores secrets and private text.

Use ``EncryptedTextField`` for diary bodies, health notes, billing keys and OAuth tokens,
and ``EncryptedJSONField`` for structured private data. The database only ever sees
ciphertext, so these fields cannot be filtered or ordered on (only ``isnull``); keep a
separate, non-secret column (a hash, a last-four) when a lookup is needed.
"""

from __future__ import annotations

import json
from typing import Any

from django.core import checks
from django.db import models
from django.db.models.lookups import IsNull

from . import crypto


class EncryptedMixin:
    """Encrypts on the way to the database and decrypts on the way back."""

    def to_plaintext(self, value: Any) -> str:
        return str(value)

    def from_plaintext(self, text: str) -> Any:
        return text

    def get_prep_value(self, value):
        if value is None:
            return None
        return crypto.encrypt(self.to_plaintext(value))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return self.from_plaintext(crypto.decrypt(value))

    def get_lookup(self, lookup_name):
        # Only NULL checks make sense on ciphertext; anything else would silently match nothing.
        if lookup_name == "isnull":
            return IsNull
        return None

    def get_transform(self, name):
        return None

    def check(self, **kwargs):
        errors = super().check(**kwargs)  # type: ignore[misc]
        if getattr(self, "db_index", False) or getattr(self, "_unique", False):
            errors.append(
                checks.Error(
                    "Encrypted fields cannot be indexed or unique: ciphertext is randomised.",
                    obj=self,
                    id="core.E001",
                )
            )
        return errors


class EncryptedTextField(EncryptedMixin, models.TextField):
    description = "Text encrypted at rest (AES-256-GCM)"

    def to_python(self, value):
        return value if value is None else str(value)


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """JSON-serialisable data encrypted at rest (stored as an encrypted JSON document)."""

    description = "JSON encrypted at rest (AES-256-GCM)"
    # What django-stubs' plugin reads for a custom field's Python types (annotations only).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def to_plaintext(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    def from_plaintext(self, text: str) -> Any:
        return json.loads(text)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def value_to_string(self, obj):
        return self.to_plaintext(self.value_from_object(obj))

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted fields, and those fields' names."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [
            field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedMixin)
        ]
        if names:
            found.append((model, names))
    return found
