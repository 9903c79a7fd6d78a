"""assess(): the crisis detector. Local, deterministic, a fraction of a millisecond per diary.

Levels
  crisis   the writer's own thoughts of dying or ending their life (explicit, indirect or passive:
           "사라지고 싶다", "everyone would be better off without me"), self-harm now or urges,
           plans, means, farewells, a plan to hurt someone, violence against the writer with
           danger to life.
  concern  distress that deserves care but not an alarm: hopelessness, feeling a burden,
           past (resolved) thoughts or self-harm, someone else at risk as the writer tells it
           ("친구가 죽고 싶대" is the friend's crisis, the writer's concern), anger wishes about
           others, bullying or abuse without immediate danger, eating-disorder behaviour, dark
           jokes with laughter.
  none     everything else, including idioms ("배고파 죽겠네", "this commute is killing me"),
           negation ("죽고 싶지는 않아", "I'm not suicidal"), news, lyrics, games, medicine.

Escalation (several concerns together are a crisis): a suicide or self-harm concern plus means,
plan or farewell; hopelessness plus means; feeling a burden plus another hopelessness sign;
violence against the writer plus danger to life.
"""

from __future__ import annotations

import logging
import re
import time

from . import rules_en, rules_ko
from .concepts import concept_features
from .engine import Finding, run_rules
from .model import score as model_score
from .normalize import (
    clean,
    compact_korean,
    detect_language,
    english_form,
    has_hangul,
    has_latin,
    normalise_language,
)
from .resources import resources_for_categories
from .types import CATEGORIES, LEVEL_RANK, Level, SafetyAssessment

logger = logging.getLogger("coaching.safety")

_CATEGORY_ORDER = {name: index for index, name in enumerate(CATEGORIES)}

# Rules that read the same sign in other words count once when signs are added up.
_HOPE_FAMILY = {
    "ko.hope.burden": "burden",
    "en.hope.burden": "burden",
    "ko.hope.worthless": "burden",
    "en.hope.worthless": "burden",
    "en.hope.unnoticed": "burden",
    "ko.hope.none": "hopeless",
    "en.hope.hopeless": "hopeless",
    "en.hope.pointless": "hopeless",
    "ko.hope.endure": "endure",
    "ko.hope.life_pain": "endure",
}


def _findings(text: str) -> list[Finding]:
    findings: list[Finding] = []
    if has_hangul(text):
        findings += run_rules(compact_korean(text), rules_ko.RULES, rules_ko.check, delimiters=".")
    if has_latin(text):
        findings += run_rules(english_form(text), rules_en.RULES, rules_en.check, delimiters=".!?")
    return findings


def _decide(findings: list[Finding]) -> tuple[Level, set[str]]:
    signals = {f.rule_id.split(".", 1)[1] for f in findings if f.level == "signal"}
    real = [f for f in findings if f.level != "signal"]
    level: Level = "none"
    categories: set[str] = set()
    for finding in real:
        categories.add(finding.category)
        if LEVEL_RANK[finding.level] > LEVEL_RANK[level]:
            level = finding.level  # type: ignore[assignment]
    if level == "crisis":
        return level, categories
    if not real:
        # Signals alone: a farewell with a plan is a crisis even without the words for death.
        farewells = sum(1 for f in findings if f.rule_id.endswith("signal.farewell"))
        if "signal.farewell" in signals and ("signal.plan" in signals or farewells >= 2):
            return "crisis", {"suicide"}
        # "이번 주말에 끝낼 거야. 준비 다 했어.": a decision to end with a plan or time.
        if "signal.quit_plan" in signals and "signal.plan" in signals:
            return "crisis", {"suicide"}
        # "나 없어도 세상은 잘 돌아가겠지. 그래서 그만하려고": feeling a burden, and a decision.
        if "signal.burden" in signals and signals & {"signal.quit", "signal.quit_plan"}:
            return "crisis", {"suicide"}
        return level, categories

    own = [f for f in real if f.about == "self"]
    own_categories = {f.category for f in own}
    hope_rules = {
        _HOPE_FAMILY.get(f.rule_id, f.rule_id) for f in own if f.category == "hopelessness"
    }
    means = "signal.means" in signals
    plan = "signal.plan" in signals
    escalate = (
        # a suicide or self-harm concern with a means or a plan
        bool(own_categories & {"suicide", "self_harm"} and (means or plan))
        # hopelessness with a means in reach
        or ("hopelessness" in own_categories and means)
        # feeling a burden and another sign of hopelessness; or three of them
        or ("burden" in hope_rules and len(hope_rules) >= 2)
        or len(hope_rules) >= 3
        # hopelessness next to thoughts of death or self-harm
        or bool("hopelessness" in own_categories and own_categories & {"suicide", "self_harm"})
        # wanting to quit / let go when life itself hurts ("숨 쉬는 것도 지겹다. 그만하고 싶어")
        or (
            bool(signals & {"signal.quit", "signal.quit_plan"}) and "hopelessness" in own_categories
        )
        # a farewell next to a plan, thoughts of death or hopelessness
        or (
            "signal.farewell" in signals
            and (plan or bool(own_categories & {"suicide", "self_harm", "hopelessness"}))
        )
        # violence against the writer with danger to life
        or ("abuse" in own_categories and "signal.danger" in signals)
        # a threat to kill the writer from someone who is already violent
        or (
            any(f.rule_id.endswith("threat") for f in own)
            and any(f.rule_id.endswith("hit_by") for f in own)
        )
    )
    if escalate:
        level = "crisis"
    if level == "crisis" and "hopelessness" in own_categories:
        categories.add("suicide")
    return level, categories


# An explicit denial of intent or plan next to thoughts of death ("죽고 싶다는 생각 가끔 해. 근데
# 계획은 없어", "I'm not planning anything, it's just a feeling") or a self-harm urge the writer
# resisted ("얼음 쥐고 버티는 중", "didn't touch it") is labelled concern by the independent writer
# of train_extra3 (and by train_extra): thoughts without intent deserve care, not the alarm.
# Only when nothing points to action: no plan, means, farewell or danger signal.
_KO_NO_INTENT = re.compile(
    r"(?:뭘|뭐|뭔가)(?:하겠다는|한다는|할)(?:건|생각은|생각도)(?:아니|없)|(?:뭘|뭐)하(?:진|지는|지도)않"
    r"|(?:행동|실행|실제로|진짜로)(?:할|으로옮길|에옮길)생각은?없|계획(?:은|도|같은건)없|그럴(?:용기|생각)(?:도|은)없"
)
_KO_RESISTED = re.compile(r"참았|안했어|안했음|안했다|버티는중|버티고있|대신에?|얼음")
_EN_NO_INTENT = re.compile(
    r"\b(?:not planning (?:anything|to)|no plans? to|(?:i'm|i am) not going to do anything"
    r"|i (?:won't|wouldn't|will not|would not) (?:do|act on) (?:anything|it)|i'm not going to act"
    r"|(?:i'm|i am) safe|i would never actually|i'd never actually|not going to act on)\b"
)
_EN_RESISTED = re.compile(
    r"\b(?:i didn't (?:do it|cut|touch it|act)|instead|holding (?:an )?ice|ice cube|resisted"
    r"|managed not to)\b"
)
_SOON = re.compile(
    r"오늘밤|오늘새벽|오늘이|내일|모레|이번주|주말에|날짜|날을?잡|디데이"
    r"|\b(?:tonight|tomorrow|this weekend|this week|picked a date|the date)\b"
)
_ACTION_SIGNALS = {
    "signal.plan",
    "signal.means",
    "signal.farewell",
    "signal.danger",
    "signal.quit_plan",
}


def _denied_intent(cleaned: str, findings: list[Finding], categories: set[str]) -> bool:
    """True when a rules crisis rests on thoughts or urges the writer says they will not act on."""
    signals = {f.rule_id.split(".", 1)[1] for f in findings if f.level == "signal"}
    if not categories <= {"suicide", "self_harm", "hopelessness"}:
        return False
    korean = compact_korean(cleaned) if has_hangul(cleaned) else ""
    english = english_form(cleaned) if has_latin(cleaned) else ""
    if _KO_NO_INTENT.search(korean) or _EN_NO_INTENT.search(english):
        # "계획은 없어" names a plan only to deny it; a means, a farewell, a time or danger
        # anywhere in the text still keeps the crisis (the broad concept lexicons, on purpose).
        if signals & (_ACTION_SIGNALS - {"signal.plan"}) or _SOON.search(korean + " " + english):
            return False
        return not concept_features(cleaned) & {"t:means", "t:farewell"}
    if signals & _ACTION_SIGNALS:
        return False
    if categories == {"self_harm"}:
        return bool(_KO_RESISTED.search(korean) or _EN_RESISTED.search(english))
    return False


def _rules(cleaned: str) -> tuple[list[Finding], Level, set[str], bool]:
    """Findings, level and categories of the rules, and whether intent was denied (then the
    level is at most concern, and the model may not raise it to crisis either)."""
    findings = _findings(cleaned) if cleaned.strip() else []
    level, categories = _decide(findings)
    denied = level == "crisis" and _denied_intent(cleaned, findings, categories)
    return findings, "concern" if denied else level, categories, denied


def rules_level(cleaned: str) -> tuple[Level, bool]:
    """The level the rules alone give a cleaned text, and whether intent was denied."""
    _, level, _, denied = _rules(cleaned)
    return level, denied


def _model_categories(text: str, level: Level) -> set[str]:
    """Categories for a level only the model saw, read from the concepts the text contains."""
    concepts = concept_features(text)
    if level == "crisis":
        harm_only = "c:self_harm" in concepts and "c:death" not in concepts
        return {"self_harm"} if harm_only else {"suicide"}
    for concept, category in (
        ("c:abuse", "abuse"),
        ("c:eating", "eating_disorder"),
        ("c:harm_others", "harm_to_others"),
        ("c:self_harm", "self_harm"),
    ):
        if concept in concepts:
            return {category}
    if any(name.startswith("cf:") and name.endswith("/other") for name in concepts):
        return {"third_party"}
    return {"hopelessness"}


# The model raises a level only where the text holds at least one concept (a wish, a time, a
# means...): n-grams alone on a short text ("아무도 몰라야 하는 비밀") must not make a crisis.
def _has_concept(concepts: set[str]) -> bool:
    return any(name.startswith("c:") for name in concepts)


def _raise_with_model(text: str, level: Level, categories: set[str]) -> tuple[Level, set[str], str]:
    """The model's second look: may raise the rules' level, never lowers it."""
    scored = model_score(text)
    if scored is None or level == "crisis":
        return level, categories, ""
    if not (scored.crisis or scored.flag):
        return level, categories, ""
    concepts = concept_features(text)
    if scored.crisis and _has_concept(concepts):
        return "crisis", categories | _model_categories(text, "crisis"), "model.crisis"
    if scored.flag and level == "none" and _has_concept(concepts):
        return "concern", _model_categories(text, "concern"), "model.concern"
    return level, categories, ""


def assess(text: str, *, language: str | None = None, use_model: bool = True) -> SafetyAssessment:
    """Read one text (a diary entry, a chat message) and say how worried to be.

    Never raises on any input: None, NUL bytes, megabytes of text, or non-strings.
    `language` ("ko", "en", "ko-KR"...) only chooses the resources' language and region when
    given; the rules of both languages read whatever the text contains. ``use_model=False``
    reads with the rules alone (evaluation of each part).
    """
    started = time.perf_counter()
    try:
        cleaned = clean(text)
        detected = normalise_language(language) or detect_language(cleaned)
        findings, level, categories, denied = _rules(cleaned)
        rules = tuple(sorted({f.rule_id for f in findings if f.level != "signal"}))
        if denied:
            rules = (*rules, "denied_intent")
        if use_model and cleaned.strip():
            level, categories, raised_by = _raise_with_model(cleaned, level, categories)
            if denied and level == "crisis":
                level = "concern"  # the model may not overrule a denial of intent either
            elif raised_by:
                rules = (*rules, raised_by)
    except Exception:  # pragma: no cover - a detector bug must never break a diary save
        logger.exception("safety.assess failed; reporting concern")
        detected, level, categories, rules = "ko", "concern", set(), ("error",)
    ordered = tuple(sorted(categories, key=lambda c: _CATEGORY_ORDER.get(c, 99)))
    locale = language or detected
    assessment = SafetyAssessment(
        level=level,
        categories=ordered,
        language=detected,
        resources=resources_for_categories(locale, ordered) if level != "none" else (),
        rules=rules,
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )
    if level != "none":
        # Never the text: only what was decided, by which rules, and how fast.
        logger.info("safety.assess", extra=assessment.log_fields())
    return assessment
