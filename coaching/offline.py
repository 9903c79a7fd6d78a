"""The offline analyzer: local, deterministic, Korean and English, no network.

It answers with the same shape as the LLM when no key is set, while the circuit breaker is
open, or when the daily budget is spent, and it is what tests and demo data use. Results are
labelled ``model=OFFLINE_MODEL`` ("local-...") wherever they are shown.

How it reads a text:

* sentences are split on end punctuation and line breaks;
* an emotion lexicon (stems, so Korean endings and English suffixes match) scores eight
  emotions per sentence; a negation right after a Korean stem ("행복하지 않다") or within
  three words before an English one ("not happy") flips a positive emotion to sadness and
  weakens a negative one; intensifiers ("너무", "really") weigh 1.5x;
* the emotion flow is the dominant emotion of the beginning, middle and end thirds;
* keywords are the most frequent content words (Korean particles stripped, stop words left
  out); the summary is the highest-scoring one or two sentences in their original order;
* tier_a (0.1-4.0, 1.0 ordinary) grows with emotion density and exclamation; tier_m
  (0.1-4.0) with length, self-reference and the number of distinct emotions;
* the reflection question and the interpretation come from templates chosen by the primary
  emotion, with the variant picked by a hash of the text (same text, same words).

kiwipiepy (Korean morphology) was considered: an 11.7 MB wheel plus a model package of tens of
megabytes and ~1-2 s to load on our 2-core machines, for a gain the stem lexicon mostly gets
by matching stems; it did not earn its weight.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field

OFFLINE_MODEL = "local-lexicon-1"

EMOTIONS = ("joy", "gratitude", "calm", "sadness", "anxiety", "anger", "fatigue", "loneliness")
POSITIVE = frozenset({"joy", "gratitude", "calm"})
VALENCE = {
    "joy": 1.0,
    "gratitude": 0.9,
    "calm": 0.6,
    "sadness": -1.0,
    "anxiety": -0.9,
    "anger": -1.0,
    "fatigue": -0.6,
    "loneliness": -0.9,
}

KO_LEXICON: dict[str, tuple[str, ...]] = {
    "joy": (
        "행복",
        "기쁘",
        "기뻐",
        "기뻤",
        "즐거",
        "즐겁",
        "신나",
        "신났",
        "좋았",
        "좋아",
        "설레",
        "뿌듯",
        "웃었",
        "웃음",
        "재밌",
        "재미있",
        "흐뭇",
        "만족",
    ),
    "gratitude": ("감사", "고마", "고맙", "다행"),
    "calm": ("편안", "평온", "차분", "여유", "안정", "홀가분", "개운", "상쾌", "느긋"),
    "sadness": (
        "슬프",
        "슬펐",
        "슬픔",
        "우울",
        "눈물",
        "울었",
        "울고",
        "서러",
        "서운",
        "허무",
        "속상",
        "아쉽",
        "아쉬",
        "괴롭",
        "괴로",
        "힘들",
        "힘든",
        "힘겨",
        "절망",
        "후회",
    ),
    "anxiety": (
        "불안",
        "걱정",
        "초조",
        "긴장",
        "두렵",
        "두려",
        "무섭",
        "무서",
        "조마조마",
        "막막",
        "겁나",
        "떨렸",
        "떨려",
        "스트레스",
        "압박",
    ),
    "anger": (
        "화가",
        "화났",
        "화나",
        "짜증",
        "분노",
        "억울",
        "열받",
        "빡치",
        "답답",
        "미워",
        "싫어",
        "싫었",
        "분하",
    ),
    "fatigue": (
        "피곤",
        "지쳤",
        "지친",
        "지치",
        "졸려",
        "졸렸",
        "녹초",
        "무기력",
        "기운이 없",
        "번아웃",
        "탈진",
        "잠을 못",
    ),
    "loneliness": ("외로", "외롭", "쓸쓸", "혼자", "고독", "소외"),
}
EN_LEXICON: dict[str, tuple[str, ...]] = {
    "joy": (
        "happ",
        "joy",
        "glad",
        "delight",
        "excit",
        "fun",
        "great",
        "wonderful",
        "smil",
        "laugh",
        "proud",
        "enjoy",
        "good",
    ),
    "gratitude": ("grateful", "thank", "gratitude", "appreciat", "lucky", "bless"),
    "calm": ("calm", "peace", "relax", "content", "rested", "serene", "at ease", "refresh"),
    "sadness": (
        "sad",
        "cry",
        "cried",
        "tear",
        "depress",
        "down",
        "miserable",
        "hopeless",
        "heartbroken",
        "regret",
        "hurt",
        "awful",
        "terrible",
        "unhappy",
    ),
    "anxiety": (
        "anxious",
        "anxiety",
        "worr",
        "nervous",
        "afraid",
        "scared",
        "fear",
        "panic",
        "stress",
        "overwhelm",
        "tense",
        "uneasy",
    ),
    "anger": (
        "angry",
        "anger",
        "mad",
        "furious",
        "annoy",
        "irritat",
        "frustrat",
        "hate",
        "resent",
        "rage",
    ),
    "fatigue": (
        "tired",
        "exhaust",
        "drained",
        "sleepy",
        "burnt out",
        "burned out",
        "weary",
        "fatigue",
        "worn out",
    ),
    "loneliness": ("lonely", "alone", "isolat", "left out", "lonesome"),
}
KO_NEGATION = re.compile(r"^[가-힣]{0,3}?(?:지\s?(?:않|않았|않아|못)|지 않|지않|진 않)")
KO_NEG_BEFORE = ("안 ", "못 ", "별로 ")
EN_NEGATION = {
    "not",
    "no",
    "never",
    "n't",
    "hardly",
    "without",
    "isn't",
    "wasn't",
    "don't",
    "didn't",
    "doesn't",
    "aren't",
    "weren't",
    "can't",
    "couldn't",
    "won't",
}
KO_INTENSIFIERS = ("너무", "정말", "진짜", "엄청", "완전", "매우", "몹시", "되게", "아주")
EN_INTENSIFIERS = {"very", "so", "really", "extremely", "incredibly", "totally", "super"}

KO_PARTICLES = (
    "에서부터",
    "으로부터",
    "이랑은",
    "에게서",
    "한테서",
    "까지는",
    "부터는",
    "에서는",
    "으로는",
    "이라도",
    "에게",
    "한테",
    "에서",
    "으로",
    "까지",
    "부터",
    "처럼",
    "보다",
    "하고",
    "이랑",
    "라고",
    "이고",
    "이나",
    "에는",
    "에도",
    "와의",
    "과의",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "의",
    "도",
    "만",
    "와",
    "과",
    "로",
    "랑",
    "나",
    "고",
)
KO_ENDINGS = (
    "했다",
    "했어",
    "였다",
    "이다",
    "한다",
    "하다",
    "해서",
    "하고",
    "해요",
    "했고",
    "니까",
    "는데",
    "지만",
    "았다",
    "었다",
    "겠다",
    "어요",
    "아요",
    "네요",
    "다",
)
KO_VERBISH = (
    "다",
    "서",
    "지",
    "요",
    "게",
    "며",
    "면",
    "니",
    "있",
    "없",
    "았",
    "었",
    "했",
    "겠",
    "던",
    "된",
    "한",
    "할",
    "운",
    "런",
    "데",
)
KO_STOP = frozenset(
    [
        "오늘",
        "어제",
        "내일",
        "그냥",
        "정말",
        "너무",
        "진짜",
        "그리고",
        "그래서",
        "하지만",
        "그런데",
        "나는",
        "내가",
        "나도",
        "저는",
        "제가",
        "우리",
        "이제",
        "조금",
        "많이",
        "다시",
        "같다",
        "같은",
        "것",
        "수",
        "때",
        "좀",
        "더",
        "또",
        "한",
        "그",
        "이",
        "저",
        "거",
        "게",
        "뭔가",
        "하루",
        "있다",
        "없다",
        "했다",
        "하는",
        "되는",
        "있는",
        "없는",
        "같아",
        "싶다",
        "했는데",
        "엄청",
        "완전",
        "계속",
        "아주",
        "그게",
        "그래",
        "그래도",
        "때문",
        "정도",
        "하나",
        "오랜만",
        "이번",
        "요즘",
        "자꾸",
        "않아",
        "않았",
        "않고",
    ]
)
EN_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "just",
        "very",
        "really",
        "today",
        "yesterday",
        "tomorrow",
        "then",
        "than",
        "too",
        "also",
        "about",
        "into",
        "over",
        "after",
        "before",
        "again",
        "all",
        "any",
        "some",
        "more",
        "most",
        "much",
        "many",
        "can",
        "could",
        "would",
        "should",
        "will",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "how",
        "if",
        "because",
        "while",
        "as",
        "up",
        "out",
        "off",
        "felt",
        "feel",
        "feeling",
        "got",
        "get",
        "went",
        "go",
        "going",
        "day",
        "time",
        "thing",
        "things",
        "lot",
        "bit",
        "still",
        "even",
        "only",
    ]
)

QUESTIONS = {
    "ko": {
        "joy": (
            "오늘 기분을 좋게 만든 순간을 내일도 만들려면 무엇을 해볼 수 있을까요?",
            "이 기쁨을 누구와 나누고 싶나요?",
        ),
        "gratitude": (
            "고마운 마음을 전하고 싶은 사람이 있나요?",
            "오늘 감사했던 일이 나에게 알려주는 건 무엇일까요?",
        ),
        "calm": (
            "이 편안함을 만든 것은 무엇이었나요?",
            "오늘의 여유를 일주일에 한 번 더 만들 수 있다면 언제가 좋을까요?",
        ),
        "sadness": (
            "지금 내 마음에 가장 필요한 위로는 어떤 모습일까요?",
            "오늘 하루 중 조금이라도 숨 돌릴 수 있었던 순간이 있었나요?",
        ),
        "anxiety": (
            "걱정되는 일 중에서 내가 바꿀 수 있는 작은 한 가지는 무엇일까요?",
            "불안한 마음이 들 때 나를 진정시켜 준 것은 무엇이었나요?",
        ),
        "anger": (
            "화가 났던 순간, 내가 정말 지키고 싶었던 것은 무엇이었을까요?",
            "그 감정을 누군가에게 말한다면 어떻게 표현하고 싶나요?",
        ),
        "fatigue": (
            "오늘 나를 위해 내려놓을 수 있는 일 하나는 무엇일까요?",
            "몸과 마음이 쉬려면 지금 무엇이 필요할까요?",
        ),
        "loneliness": (
            "요즘 연락하고 싶었던 사람이 있나요?",
            "혼자인 시간 중 나를 따뜻하게 해 준 순간은 언제였나요?",
        ),
        "neutral": (
            "오늘 하루를 한 단어로 표현한다면 무엇일까요?",
            "내일의 나에게 하고 싶은 말이 있나요?",
        ),
    },
    "en": {
        "joy": (
            "What made today feel good, and how could you make room for it tomorrow?",
            "Who would you like to share this joy with?",
        ),
        "gratitude": (
            "Is there someone you would like to thank?",
            "What does today's gratitude tell you about what matters to you?",
        ),
        "calm": (
            "What helped you feel this calm?",
            "When could you make space for this ease again this week?",
        ),
        "sadness": (
            "What kind of comfort would help you most right now?",
            "Was there a moment today when you could breathe a little easier?",
        ),
        "anxiety": (
            "Of the things you worry about, what is one small part you can change?",
            "What helped you settle when the worry came?",
        ),
        "anger": (
            "When you felt angry, what were you really trying to protect?",
            "If you told someone about this feeling, how would you put it?",
        ),
        "fatigue": (
            "What is one thing you could set down today for your own sake?",
            "What would help your body and mind rest right now?",
        ),
        "loneliness": (
            "Is there someone you have been meaning to reach out to?",
            "When did time on your own feel warm rather than empty?",
        ),
        "neutral": (
            "If you described today in one word, what would it be?",
            "Is there something you would like to tell tomorrow's you?",
        ),
    },
}
INTERPRETATIONS = {
    "ko": {
        "positive": "{first_ro} 시작해 {last_ro} 마무리된 하루였어요. 좋은 순간을 알아차린 "
        "것 자체가 소중해요.",
        "negative": "{first}에서 {last_ro} 이어진 마음이 느껴져요. 그런 감정이 드는 건 "
        "자연스러운 일이고, 이렇게 적어 본 것만으로도 한 걸음이에요.",
        "mixed": "{first_wa} {last_i} 함께한 하루였네요. 여러 감정이 섞여 있어도 괜찮아요.",
        "single_positive": "하루 내내 {first_i} 곁에 있었네요. 그 순간을 오래 기억해요.",
        "single_negative": "하루 동안 {first_i} 이어졌네요. 그런 감정이 드는 건 자연스러운 "
        "일이고, 이렇게 적어 본 것만으로도 한 걸음이에요.",
        "neutral": "담담하게 하루를 정리해 주셨어요. 작은 감정의 변화도 기록해 보면 좋아요.",
    },
    "en": {
        "positive": "Your day began with {first} and closed with {last}. Noticing the good "
        "moments is worth a lot.",
        "negative": "There is a thread from {first} to {last} here. Feelings like these are "
        "natural, and writing them down is already a step.",
        "mixed": "{First} and {last} shared your day. It is fine for feelings to be mixed.",
        "single_positive": "{First} stayed with you through the day. Hold on to that moment.",
        "single_negative": "{First} stayed with you through the day. Feelings like this are "
        "natural, and writing them down is already a step.",
        "neutral": "You wrote about the day calmly. Small changes in feeling are worth noting too.",
    },
}
EMOTION_LABELS = {
    "ko": {
        "joy": "기쁨",
        "gratitude": "감사",
        "calm": "평온",
        "sadness": "슬픔",
        "anxiety": "불안",
        "anger": "분노",
        "fatigue": "피로",
        "loneliness": "외로움",
        "neutral": "담담함",
    },
    "en": {e: e for e in (*EMOTIONS, "neutral")},
}

SENTENCE_SPLIT = re.compile(r"(?<=[.!?。！？~])\s+|\n+")  # noqa: RUF001 - full-width marks
HANGUL = re.compile(r"[가-힣]")
WORD_EN = re.compile(r"[A-Za-z][A-Za-z']+")
WORD_KO = re.compile(r"[가-힣]{2,}")
FIRST_PERSON_KO = ("나는", "내가", "나를", "나의", "내 ", "저는", "제가", "저를", "나도")
FIRST_PERSON_EN = {"i", "me", "my", "myself", "mine", "i'm", "i've"}


@dataclass(frozen=True)
class OfflineAnalysis:
    language: str
    summary: str
    emotion_flow: list[dict]
    emotions: dict[str, float]
    primary_emotion: str
    keywords: list[str]
    representative_sentence: str
    reflection_question: str
    interpretation: str
    tier_a: float
    tier_m: float
    tokens_in: int
    tokens_out: int
    sentence_scores: list[dict[str, float]] = field(default_factory=list)


def detect_language(text: str) -> str:
    hangul = len(HANGUL.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "ko" if hangul >= latin * 0.3 and hangul > 0 else ("en" if latin else "ko")


def split_sentences(text: str) -> list[str]:
    parts = [p.strip() for p in SENTENCE_SPLIT.split(text.strip()) if p and p.strip()]
    return parts or ([text.strip()] if text.strip() else [])


def estimate_tokens(text: str) -> int:
    """A rough token count (Korean syllables weigh more than English letters)."""
    hangul = len(HANGUL.findall(text))
    return max(1, math.ceil(hangul * 0.8 + (len(text) - hangul) / 4))


def _score_ko(sentence: str) -> dict[str, float]:
    scores: dict[str, float] = {}
    for emotion, stems in KO_LEXICON.items():
        for stem in stems:
            start = 0
            while True:
                index = sentence.find(stem, start)
                if index < 0:
                    break
                start = index + len(stem)
                weight = 1.0
                before = sentence[max(0, index - 6) : index]
                after = sentence[start : start + 8]
                if any(i in before for i in KO_INTENSIFIERS):
                    weight = 1.5
                negated = bool(KO_NEGATION.match(after)) or any(
                    before.endswith(n) for n in KO_NEG_BEFORE
                )
                target = emotion
                if negated:
                    if emotion in POSITIVE:
                        target, weight = "sadness", weight * 0.6
                    else:
                        weight *= 0.3
                scores[target] = scores.get(target, 0.0) + weight
    return scores


def _score_en(sentence: str) -> dict[str, float]:
    words = [w.lower() for w in WORD_EN.findall(sentence.replace("\u2019", "'"))]
    lowered = " ".join(words)
    scores: dict[str, float] = {}
    for emotion, stems in EN_LEXICON.items():
        for stem in stems:
            if " " in stem:
                hits = [i for i, _ in enumerate(words) if " ".join(words[i:]).startswith(stem)]
            else:
                hits = [i for i, w in enumerate(words) if w.startswith(stem)]
            for i in hits:
                window = words[max(0, i - 3) : i]
                weight = 1.5 if any(w in EN_INTENSIFIERS for w in window) else 1.0
                negated = any(w in EN_NEGATION or w.endswith("n't") for w in window)
                target = emotion
                if negated:
                    if emotion in POSITIVE:
                        target, weight = "sadness", weight * 0.6
                    else:
                        weight *= 0.3
                scores[target] = scores.get(target, 0.0) + weight
    del lowered
    return scores


def _keywords(text: str, language: str, limit: int = 5) -> list[str]:
    counts: Counter[str] = Counter()
    if language == "ko":
        for word in WORD_KO.findall(text):
            stem = word
            for particle in KO_PARTICLES:
                if stem.endswith(particle) and len(stem) - len(particle) >= 2:
                    stem = stem[: -len(particle)]
                    break
            for ending in KO_ENDINGS:
                if stem.endswith(ending) and len(stem) - len(ending) >= 2:
                    stem = stem[: -len(ending)]
                    break
            if stem in KO_STOP or len(stem) < 2 or stem.endswith(KO_VERBISH):
                continue
            if stem not in KO_STOP and len(stem) >= 2:
                counts[stem] += 1
        for word in WORD_EN.findall(text):
            if word.lower() not in EN_STOP and len(word) >= 3:
                counts[word.lower()] += 1
    else:
        for word in WORD_EN.findall(text):
            lowered = word.lower().strip("'")
            if lowered not in EN_STOP and len(lowered) >= 3:
                counts[lowered] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:limit]]


def _has_final(word: str) -> bool:
    last = word[-1] if word else ""
    return "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0


def _ro(word: str) -> str:
    last = word[-1] if word else ""
    final = (ord(last) - 0xAC00) % 28 if "가" <= last <= "힣" else 0
    return word + ("으로" if final not in (0, 8) else "로")


def _label_forms(first: str, last: str) -> dict[str, str]:
    return {
        "first": first,
        "last": last,
        "First": first[:1].upper() + first[1:],
        "first_ro": _ro(first),
        "last_ro": _ro(last),
        "first_wa": first + ("과" if _has_final(first) else "와"),
        "first_i": first + ("이" if _has_final(first) else "가"),
        "last_i": last + ("이" if _has_final(last) else "가"),
    }


def _pick(options: tuple[str, ...], text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return options[digest[0] % len(options)]


def _clamp(value: float, low: float = 0.1, high: float = 4.0) -> float:
    return round(max(low, min(high, value)), 2)


def analyze(text: str, *, language: str | None = None) -> OfflineAnalysis:
    """Analyse ``text`` locally. Same input, same output."""
    text = (text or "").strip()
    language = language if language in ("ko", "en") else detect_language(text)
    sentences = split_sentences(text)
    scorer = _score_ko if language == "ko" else _score_en
    per_sentence = []
    for sentence in sentences:
        scores = scorer(sentence)
        if language == "ko" and re.search(r"[A-Za-z]{3,}", sentence):
            for emotion, value in _score_en(sentence).items():
                scores[emotion] = scores.get(emotion, 0.0) + value
        per_sentence.append(scores)

    totals: dict[str, float] = {}
    for scores in per_sentence:
        for emotion, value in scores.items():
            totals[emotion] = totals.get(emotion, 0.0) + value
    total = sum(totals.values())
    if total > 0:
        emotions = {e: round(totals[e] / total, 3) for e in EMOTIONS if totals.get(e)}
        primary = max(emotions, key=lambda e: (emotions[e], -EMOTIONS.index(e)))
    else:
        emotions = {"neutral": 1.0}
        primary = "neutral"

    # Emotion flow: beginning / middle / end thirds.
    stages = ("beginning", "middle", "end")
    count = len(sentences)
    flow: list[dict] = []
    if count:
        bounds = [0, math.ceil(count / 3), math.ceil(2 * count / 3), count]
        for index, stage in enumerate(stages):
            chunk = (
                per_sentence[bounds[index] : bounds[index + 1]]
                if count >= 3
                else (per_sentence if index == 0 else [])
            )
            if not chunk and count >= 3:
                continue
            if not chunk:
                continue
            merged: dict[str, float] = {}
            for scores in chunk:
                for emotion, value in scores.items():
                    merged[emotion] = merged.get(emotion, 0.0) + value
            if merged:
                emotion = max(merged, key=lambda e: (merged[e], -EMOTIONS.index(e)))
                intensity = min(1.0, merged[emotion] / (len(chunk) * 1.5))
            else:
                emotion, intensity = "neutral", 0.0
            flow.append({"stage": stage, "emotion": emotion, "intensity": round(intensity, 2)})

    # Keywords, summary, representative sentence.
    keywords = _keywords(text, language)
    ranked = []
    for index, sentence in enumerate(sentences):
        weight = sum(per_sentence[index].values())
        kw_hits = sum(1 for k in keywords if k in sentence.lower())
        ranked.append((weight * 2 + kw_hits + (0.5 if index == 0 else 0), index))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    chosen = sorted(index for _, index in ranked[: 2 if count > 3 else 1])
    summary = " ".join(sentences[i] for i in chosen)[:300] if sentences else ""
    representative = ""
    if sentences:
        best = max(range(count), key=lambda i: (sum(per_sentence[i].values()), -i))
        representative = sentences[best][:300]

    question = _pick(QUESTIONS[language][primary], text)
    labels = EMOTION_LABELS[language]
    flow_emotions = [step["emotion"] for step in flow if step["emotion"] != "neutral"]
    if not flow_emotions:
        interpretation = INTERPRETATIONS[language]["neutral"]
    else:
        first, last = flow_emotions[0], flow_emotions[-1]
        valences = {VALENCE[e] > 0 for e in flow_emotions}
        kind = "mixed" if len(valences) > 1 else ("positive" if True in valences else "negative")
        if first == last and kind != "mixed":
            kind = f"single_{kind}"
        interpretation = INTERPRETATIONS[language][kind].format(
            **_label_forms(labels[first], labels[last])
        )

    words = len(WORD_KO.findall(text)) + len(WORD_EN.findall(text)) if text else 0
    density = total / max(count, 1)
    exclaims = text.count("!") + text.count("\uff01")
    tier_a = _clamp(0.2 + 0.8 * min(1.0, words / 12) + 1.1 * density + 0.15 * min(exclaims, 4))
    if language == "ko":
        self_refs = sum(text.count(p) for p in FIRST_PERSON_KO)
    else:
        self_refs = sum(1 for w in WORD_EN.findall(text) if w.lower() in FIRST_PERSON_EN)
    tier_m = _clamp(
        0.1
        + 0.9 * min(1.0, math.log1p(words) / math.log1p(150))
        + 1.2 * min(1.0, self_refs / max(count, 1))
        + 0.35 * len([e for e in emotions if e != "neutral"])
    )
    tokens_in = estimate_tokens(text)
    tokens_out = estimate_tokens(summary + question + interpretation)
    return OfflineAnalysis(
        language=language,
        summary=summary,
        emotion_flow=flow,
        emotions=emotions,
        primary_emotion=primary,
        keywords=keywords,
        representative_sentence=representative,
        reflection_question=question,
        interpretation=interpretation,
        tier_a=tier_a,
        tier_m=tier_m,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        sentence_scores=per_sentence,
    )
