"""Texts kept in Korean and English side by side; the reader's language picks one."""

from __future__ import annotations

from django.utils.translation import get_language


def pick_language(ko: str, en: str) -> str:
    """The text in the active language, falling back to the other one when it is empty."""
    return (en or ko) if (get_language() or "ko").startswith("en") else (ko or en)


class BilingualTitle:
    """A model with ``title_ko``/``title_en``: ``title`` is in the reader's language."""

    title_ko: str
    title_en: str

    @property
    def title(self) -> str:
        return pick_language(self.title_ko, self.title_en)


class BilingualTitleAndDescription(BilingualTitle):
    """Adds ``description`` from ``description_ko``/``description_en``."""

    description_ko: str
    description_en: str

    @property
    def description(self) -> str:
        return pick_language(self.description_ko, self.description_en)
