"""Turning a search box's words into what the database compares.

English uses PostgreSQL full text (the ``english`` configuration stems "meditations" to
"medit"). Korean has no stemmer in PostgreSQL and glues particles (조사) to nouns: "명상을",
"명상은", "명상으로" all mean "명상". We strip a trailing particle from each Korean word and
match the rest as a substring (``ILIKE '%명상%'``), which a pg_trgm GIN index serves.
"""

from __future__ import annotations

import re

# Longest first, so "에서는" is removed before "는".
KOREAN_PARTICLES = sorted(
    [
        "이", "가", "을", "를", "은", "는", "의", "에", "와", "과", "도", "만", "로", "으로",
        "에서", "에게", "께", "한테", "까지", "부터", "보다", "처럼", "이나", "나", "랑", "이랑",
        "하고", "에서는", "으로는", "로는", "에는", "에도", "이라", "라", "이란", "란", "요",
        "이에요", "예요", "입니다", "이다", "하기", "하는", "해요", "하다",
    ],
    key=len,
    reverse=True,
)  # fmt: skip

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_WORD = re.compile(r"[\w\uac00-\ud7a3]+", re.UNICODE)
MAX_TERMS = 6


def is_korean(word: str) -> bool:
    return bool(_HANGUL.search(word))


# After these a one-syllable stem is plausible ("잠을", "꿈은"); other endings are often part
# of a two-syllable noun ("요가", "하나", "나라"), so they need two syllables left.
SHORT_STEM_PARTICLES = frozenset({"을", "를", "은", "는", "이", "의"})


def _strip_one(word: str, keep: int) -> str:
    for particle in KOREAN_PARTICLES:
        needed = keep if particle in SHORT_STEM_PARTICLES else max(keep, 2)
        if word.endswith(particle) and len(word) - len(particle) >= needed:
            return word[: -len(particle)]
    return word


def korean_stem(word: str) -> str:
    """``word`` without its trailing particles ("명상을" -> "명상", "명상은요" -> "명상").
    A second particle is stripped only when two syllables remain, so short nouns survive."""
    once = _strip_one(word, keep=1)
    return _strip_one(once, keep=2) if once != word else once


def search_terms(query: str) -> list[str]:
    """The words to match: Korean words reduced to their stem, others lower-cased."""
    terms: list[str] = []
    for word in _WORD.findall(query or ""):
        term = korean_stem(word) if is_korean(word) else word.lower()
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def normalise_for_index(*parts: str) -> str:
    """The text stored for substring search: lower-cased, whitespace squeezed."""
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).lower().strip()
