"""The rule machinery: a rule is a pattern with a level, a category and the checks it needs.

A match becomes a finding only after the checks of its sentence: negation scope, who the subject
is (the writer or someone else), distant past, media or news framing, and idiom frames. The
language modules (rules_ko, rules_en) supply patterns and those checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

RuleLevel = Literal["crisis", "concern", "signal"]
About = Literal["self", "other"]


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    level: RuleLevel
    pattern: re.Pattern[str]
    # Substrings of which at least one must occur before the regex is tried (speed only).
    keys: tuple[str, ...] = ()
    negatable: bool = True  # a negation in scope cancels it ("죽고 싶지는 않아")
    personal: bool = True  # may be about someone else ("친구가 죽고 싶대" -> third party)
    idiomatic: bool = False  # softened by embarrassment/laughter frames ("창피해 죽고 싶어")
    historic: bool = True  # distant past lowers it to concern ("예전에 자해했었다")
    # Exclusions, each searched in the rule's sentence / the text before / after the match.
    unless: re.Pattern[str] | None = None
    unless_before: re.Pattern[str] | None = None
    unless_after: re.Pattern[str] | None = None
    unless_text: re.Pattern[str] | None = None  # searched in the whole text
    # Co-occurrence: this must ALSO be found in the same sentence (concept x concept rules).
    also: re.Pattern[str] | None = None
    key_pattern: re.Pattern[str] | None = None  # `keys` as one regex (one C-level search)


@dataclass(frozen=True)
class Finding:
    rule_id: str
    category: str
    level: RuleLevel
    about: About
    # "current" | "past" | "negated"... only level/about matter downstream; kept for audit.
    note: str = ""


def compile_rules(
    specs: Iterable[tuple[str, str, RuleLevel, str, dict[str, object]]],
) -> tuple[Rule, ...]:
    """(id, category, level, regex, options) -> Rules. Options mirror Rule's fields."""
    rules = []
    for rule_id, category, level, pattern, options in specs:
        opts = dict(options)
        for name in ("unless", "unless_before", "unless_after", "unless_text", "also"):
            value = opts.get(name)
            if isinstance(value, str):
                opts[name] = re.compile(value)
        keys = opts.get("keys")
        if isinstance(keys, tuple) and keys:
            opts["key_pattern"] = re.compile("|".join(re.escape(str(k)) for k in keys))
        rules.append(
            Rule(
                id=rule_id,
                category=category,
                level=level,
                pattern=re.compile(pattern),
                **opts,  # type: ignore[arg-type]
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class Match:
    rule: Rule
    sentence: str
    before: str  # the sentence up to the match
    after: str  # the sentence after the match
    matched: str
    text: str  # the whole (normalised) text
    end: int = 0  # where the sentence ends in `text`

    @property
    def tail(self) -> str:
        """The sentence and a little of what follows it (laughter often stands alone: "ㅋㅋ")."""
        return self.sentence + self.text[self.end : self.end + 16]


Checker = Callable[[Match], Finding | None]


def sentence_bounds(text: str, start: int, end: int, delimiters: str) -> tuple[int, int]:
    left = max(text.rfind(d, 0, start) for d in delimiters) + 1
    rights = [i for i in (text.find(d, end) for d in delimiters) if i != -1]
    right = min(rights) if rights else len(text)
    return left, right


def run_rules(
    text: str, rules: tuple[Rule, ...], check: Checker, *, delimiters: str
) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        if rule.key_pattern is not None and not rule.key_pattern.search(text):
            continue
        for m in rule.pattern.finditer(text):
            left, right = sentence_bounds(text, m.start(), m.end(), delimiters)
            sentence = text[left:right]
            match = Match(
                rule=rule,
                sentence=sentence,
                before=text[left : m.start()],
                after=text[m.end() : right],
                matched=m.group(0),
                text=text,
                end=right,
            )
            # Co-occurrence reads the sentence and a little around it ("난간에 기대 있었다.
            # 여기서 떨어지면...").
            if rule.also is not None and not rule.also.search(text[max(0, left - 40) : right + 40]):
                continue
            if rule.unless is not None and rule.unless.search(sentence):
                continue
            if rule.unless_before is not None and rule.unless_before.search(match.before):
                continue
            if rule.unless_after is not None and rule.unless_after.search(match.after):
                continue
            if rule.unless_text is not None and rule.unless_text.search(text):
                continue
            finding = check(match)
            if finding is not None:
                findings.append(finding)
    return findings
