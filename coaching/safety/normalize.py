"""Text clean-up and language detection shared by the detector and the output filter."""

from __future__ import annotations

import re
import unicodedata

# Longer inputs are scanned on their head and tail only (a diary is a few KB; this bounds time
# on pasted novels while still reading how a long text ends, where farewells tend to be).
MAX_SCAN_CHARS = 60_000
_TAIL_CHARS = 20_000

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u300c": '"',
        "\u300d": '"',
        "\u300e": '"',
        "\u300f": '"',
        "\u2026": ".",
        "\u3002": ".",
        "\uff0e": ".",
    }
)
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULLWIDTH_RE = re.compile(r"[\uff01-\uff5e\u3000]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_LATIN_RE = re.compile(r"[A-Za-z]")


def clean(text: object) -> str:
    """Any input -> a bounded, NFKC-normalised string without control characters."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_SCAN_CHARS:
        text = text[: MAX_SCAN_CHARS - _TAIL_CHARS] + "\n" + text[-_TAIL_CHARS:]
    # Lone surrogates (from bad decoding) would make normalisation raise.
    text = text.encode("utf-8", "replace").decode("utf-8")
    # NFC, not NFKC: NFKC turns compatibility jamo (ㅋ, ㅈ) into conjoining jamo. Full-width
    # ASCII (U+FF01..U+FF5E) is folded by hand instead.
    text = unicodedata.normalize("NFC", text)
    if _FULLWIDTH_RE.search(text):
        text = text.translate(_FULLWIDTH)
    text = _CONTROL_RE.sub(" ", text)
    return text.translate(_QUOTES)


def detect_language(text: str) -> str:
    """ "ko" when Hangul carries the text, else "en" (a Hangul syllable weighs 3 Latin letters)."""
    hangul = len(_HANGUL_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    if hangul == 0 and latin == 0:
        return "ko"  # Haru is Korean-first: no evidence either way reads as Korean
    return "ko" if hangul * 3 >= latin else "en"


def normalise_language(language: str | None) -> str | None:
    if not language:
        return None
    code = language.strip().lower()[:2]
    return code if code in ("ko", "en") else None


def has_hangul(text: str) -> bool:
    return _HANGUL_RE.search(text) is not None


def has_latin(text: str) -> bool:
    return _LATIN_RE.search(text) is not None


# Diaries often skip punctuation: "-다", "-요", "-죠", "-네" before a space end a sentence.
_KO_SENT_END = re.compile(r"(?<=[가-힣][다요죠네])\s+")


def compact_korean(text: str) -> str:
    """Korean for matching: whitespace dropped (spacing varies), sentence ends kept as "."."""
    text = _KO_SENT_END.sub(".", text.lower())
    text = re.sub(r"[!?\n;]+", ".", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"[\s~\-_*/\\|^]+", "", text)
    # Emoji and symbols break words apart without meaning: drop them, but keep the laughter
    # emoji the idiom check reads.
    return re.sub(r"[^\w.,'\"ㄱ-ㅎㅏ-ㅣ가-힣😂🤣💀]", "", text)


_EN_WORDS = {
    "im": "i'm",
    "ive": "i've",
    "dont": "don't",
    "doesnt": "doesn't",
    "cant": "can't",
    "wont": "won't",
    "wouldnt": "wouldn't",
    "didnt": "didn't",
    "isnt": "isn't",
    "havent": "haven't",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "kms": "kill myself",
    "kys": "kill yourself",
    "unalive": "kill",
    "sewerslide": "suicide",
    "suicdal": "suicidal",
    "u": "you",
    "ur": "your",
    "cuz": "because",
    "idk": "i don't know",
    "bc": "because",
    "ppl": "people",
}
# One pass over the text: every slang word and misspelling, looked up in _EN_WORDS.
_EN_SLANG = re.compile(
    r"\b(?:(?P<word>" + "|".join(sorted(_EN_WORDS, key=len, reverse=True)) + r")"
    r"|(?P<im>i m)|(?P<id>id)(?= (?:rather|be|never|just))|(?P<sewer>sewer slide)"
    r"|su[i1!]c[i1!]d(?P<suicide>e|al))\b"
)


def _expand(match: re.Match[str]) -> str:
    if match.group("word"):
        return _EN_WORDS[match.group("word")]
    if match.group("im"):
        return "i'm"
    if match.group("id"):
        return "i'd"
    if match.group("sewer"):
        return "suicide"
    return "suicid" + match.group("suicide")


def english_form(text: str) -> str:
    """English for matching: lower case, plain apostrophes, slang spelled out, one space."""
    text = re.sub(r"[\n;]+", ". ", text.lower())
    return re.sub(r"\s+", " ", _EN_SLANG.sub(_expand, text))
