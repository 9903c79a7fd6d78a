"""Normalising diary text into search terms (before they are blinded) and counting words.

Korean has no spaces between a noun and its particle ("명상을"), so Hangul runs are indexed
as character bigrams ("명상", "상을"): a search for "명상" finds "명상을" and "명상했다".
A one-syllable word is indexed as itself. A query drops a trailing particle first, so
"명상을" also finds "명상". Latin words are lower-cased, NFKC-normalised and lightly stemmed
("walks", "walking" -> "walk"); digits stay as they are.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+|[\uac00-\ud7a3]+|[\u3040-\u30ff\u4e00-\u9fff]+")
_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
_PARTICLES = sorted(
    [
        "에서는",
        "에게서",
        "으로는",
        "이라도",
        "까지는",
        "에서",
        "에게",
        "한테",
        "으로",
        "까지",
        "부터",
        "처럼",
        "보다",
        "이랑",
        "하고",
        "이나",
        "마다",
        "을",
        "를",
        "이",
        "가",
        "은",
        "는",
        "에",
        "로",
        "와",
        "과",
        "도",
        "만",
        "의",
        "랑",
        "나",
        "요",
    ],
    key=len,
    reverse=True,
)
MAX_QUERY_TERMS = 16


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + keep
    return word


def _hangul_terms(word: str) -> list[str]:
    if len(word) == 1:
        return ["k1:" + word]
    return ["k2:" + word[i : i + 2] for i in range(len(word) - 1)]


def _strip_particle(word: str) -> str:
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def index_terms(text: str) -> set[str]:
    """Every term a stored text is indexed under."""
    terms: set[str] = set()
    for word in _WORD.findall(normalise(text)):
        if _HANGUL.match(word):
            terms.update(_hangul_terms(word))
        elif word.isascii():
            terms.add("w:" + _stem(word))
        else:  # kana / hanzi: bigrams too
            terms.update("c:" + word[i : i + 2] for i in range(max(len(word) - 1, 1)))
    return terms


def query_terms(text: str) -> set[str]:
    """The terms every matching entry must have (AND)."""
    terms: set[str] = set()
    for word in _WORD.findall(normalise(text)):
        if _HANGUL.match(word):
            terms.update(_hangul_terms(_strip_particle(word)))
        elif word.isascii():
            terms.add("w:" + _stem(word))
        else:
            terms.update("c:" + word[i : i + 2] for i in range(max(len(word) - 1, 1)))
        if len(terms) >= MAX_QUERY_TERMS:
            break
    return terms


def tag_terms(tags: list[str]) -> set[str]:
    return {"t:" + normalise(tag).strip() for tag in tags if tag.strip()}


def word_count(text: str) -> int:
    """Words as people count them: runs between spaces (a Korean 어절 is one word)."""
    return len((text or "").split())


def char_count(text: str) -> int:
    return len(re.sub(r"\s", "", text or ""))
