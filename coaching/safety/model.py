"""The crisis model: two logistic regressions over concept features and character n-grams.

    p_crisis  probability that the writer is in crisis (suicide, self-harm now, plans, means...)
    p_flag    probability that the text deserves care at all (concern or crisis)

Pure Python inference over a JSON file of weights (``model_weights.json``, written by
``manage.py safety_train``, see ``training.py``): no runtime dependency, well under a
millisecond per diary. The thresholds in the file were chosen on grouped cross-validation for
the product goal (crisis recall >= 95 % with <= 5 % false alarms on unseen text).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .concepts import concept_features
from .normalize import compact_korean, english_form, has_hangul, has_latin

WEIGHTS_PATH = Path(__file__).with_name("model_weights.json")

_HANGUL_RUN = re.compile(r"[가-힣ㄱ-ㅎㅏ-ㅣ.]+")
_EN_TOKEN = re.compile(r"[a-z][a-z']*")

# Long texts: the model reads the first and last part only (bounded time; farewells come last).
# The rules still read the whole text (up to normalize.MAX_SCAN_CHARS).
_MAX_MODEL_CHARS = 6000


def _bounded(text: str) -> str:
    if len(text) <= _MAX_MODEL_CHARS:
        return text
    half = _MAX_MODEL_CHARS // 2
    return text[:half] + "\n" + text[-half:]


_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_FOLD_INITIAL = str.maketrans("ㄲㄸㅃㅆㅉ", "ㄱㄷㅂㅅㅈ")


def choseong(run: str) -> str:
    """The initial consonants of a Hangul run ("죽고싶다" -> "ㅈㄱㅅㄷ"), tense ones folded: a
    typo in the vowel ("죽고십다"), slang spelling ("주거버려") and 초성 writing ("ㅈㄱㅅㄷ")
    share this form."""
    out = []
    for ch in run:
        if "가" <= ch <= "힣":
            out.append(_CHOSEONG[(ord(ch) - 0xAC00) // 588])
        elif "ㄱ" <= ch <= "ㅎ" or ch == ".":
            out.append(ch)
    return "".join(out).translate(_FOLD_INITIAL)


# Very common English endings, cut so "ending"/"ended"/"ends" share one stem feature.
_EN_SUFFIX = re.compile(r"(?:ing|ed|es|s|ly)$")


def ngram_features(text: str) -> set[str]:
    """Korean character 2-4-grams over the compact form and 3-4-grams of its initial consonants;
    English words, their stems, word pairs (also with one word skipped) and character 4-grams
    (typos and inflections share them)."""
    out: set[str] = set()
    if has_hangul(text):
        for run in _HANGUL_RUN.findall(compact_korean(text)):
            padded = f"^{run}$"
            for size in (2, 3, 4):
                out.update(f"k{size}:{padded[i : i + size]}" for i in range(len(padded) - size + 1))
            initials = f"^{choseong(run)}$"
            for size in (3, 4):
                out.update(
                    f"j{size}:{initials[i : i + size]}" for i in range(len(initials) - size + 1)
                )
        out = {gram for gram in out if gram[3:].strip("^$.")}
    if has_latin(text):
        tokens = _EN_TOKEN.findall(english_form(text))
        out.update(f"w:{token}" for token in tokens)
        out.update(f"b:{a} {b}" for a, b in zip(["^", *tokens], [*tokens, "$"], strict=True))
        stems = [_EN_SUFFIX.sub("", t) if len(t) > 4 else t for t in tokens]
        out.update(f"s:{stem}" for stem in stems)
        out.update(f"sk:{a} {b}" for a, b in zip(stems, stems[2:], strict=False))
        for token in tokens:
            padded = f" {token} "
            out.update(f"e4:{padded[i : i + 4]}" for i in range(len(padded) - 3))
    return out


# Concept features against the n-gram block (which has unit norm): 0.5 did best in grouped CV.
CONCEPT_VALUE = 0.5


def featurize(text: str) -> dict[str, float]:
    """Feature -> value: concepts weigh CONCEPT_VALUE each; n-grams share a unit norm."""
    text = _bounded(text)
    features: dict[str, float] = dict.fromkeys(concept_features(text), CONCEPT_VALUE)
    grams = ngram_features(text)
    if grams:
        value = 1.0 / math.sqrt(len(grams))
        for gram in grams:
            features[gram] = value
    features["bias"] = 1.0
    return features


@dataclass(frozen=True)
class Weights:
    crisis: dict[str, float]
    flag: dict[str, float]
    crisis_threshold: float
    flag_threshold: float
    version: str


@lru_cache(maxsize=1)
def load_weights(path: Path = WEIGHTS_PATH) -> Weights | None:
    """The shipped weights, or None when the file is missing (the rules then decide alone)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Weights(
        crisis=data["crisis"]["weights"],
        flag=data["flag"]["weights"],
        crisis_threshold=float(data["crisis"]["threshold"]),
        flag_threshold=float(data["flag"]["threshold"]),
        version=str(data.get("version", "")),
    )


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def probability(weights: dict[str, float], features: dict[str, float]) -> float:
    return _sigmoid(sum(weights.get(name, 0.0) * value for name, value in features.items()))


# A diary is longer than the excerpts the model learnt from, and one sentence of farewell among
# twenty about lunch would be diluted in the whole text's n-grams. Long texts are also read in
# windows of a few sentences (the size of a training excerpt) and the highest score counts.
_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s*|(?<=[가-힣][다요죠네])\s+")
WINDOW_SENTENCES = 3
WINDOW_STRIDE = 2


def windows(text: str) -> list[str]:
    """The whole text, and for longer texts overlapping windows of WINDOW_SENTENCES sentences."""
    text = _bounded(text)
    sentences = [part for part in _SENTENCE_END.split(text) if part and part.strip()]
    if len(sentences) <= WINDOW_SENTENCES:
        return [text]
    parts = [text]
    for start in range(0, len(sentences) - WINDOW_SENTENCES + WINDOW_STRIDE, WINDOW_STRIDE):
        parts.append(" ".join(sentences[start : start + WINDOW_SENTENCES]))
    return parts


@dataclass(frozen=True)
class ModelScore:
    p_crisis: float
    p_flag: float
    crisis: bool
    flag: bool


def score(text: str, weights: Weights | None = None) -> ModelScore | None:
    """Both probabilities for one cleaned text (the highest over its windows), and whether
    each passes its threshold."""
    weights = weights or load_weights()
    if weights is None:
        return None
    p_crisis = p_flag = 0.0
    for part in windows(text):
        features = featurize(part)
        p_crisis = max(p_crisis, probability(weights.crisis, features))
        p_flag = max(p_flag, probability(weights.flag, features))
    return ModelScore(
        p_crisis=p_crisis,
        p_flag=p_flag,
        crisis=p_crisis >= weights.crisis_threshold,
        flag=p_flag >= weights.flag_threshold,
    )
