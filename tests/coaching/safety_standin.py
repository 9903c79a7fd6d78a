"""A stand-in for ``coaching.safety`` used ONLY while ``wip/coaching-safety`` has not landed.

It implements the agreed interface (``assess``, ``filter_output``, ``resources_for`` and the
dataclasses) with a handful of phrases so coaching's own tests can run; the real detector and
post-filter replace it as soon as ``coaching.safety`` is importable (see conftest.py). It is not
a detector and is never used outside tests.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisResource:
    name: str
    phone: str
    description: str
    url: str


@dataclass(frozen=True)
class SafetyAssessment:
    level: str
    categories: tuple[str, ...]
    language: str
    resources: tuple[CrisisResource, ...]

    @property
    def is_crisis(self) -> bool:
        return self.level == "crisis"

    @property
    def is_concern(self) -> bool:
        return self.level == "concern"


@dataclass(frozen=True)
class FilteredOutput:
    text: str
    changed: bool
    violations: tuple[str, ...]


CRISIS = ("죽고 싶", "사라지고 싶", "want to die", "kill myself", "better off without me")
BANNED = ("극단적 선택",)


def resources_for(locale: str) -> tuple[CrisisResource, ...]:
    return (
        CrisisResource("자살예방상담전화", "109", "24시간 상담", "https://www.mohw.go.kr"),
        CrisisResource("정신건강위기상담", "1577-0199", "24시간 상담", ""),
    )


def assess(text: str, *, language: str | None = None) -> SafetyAssessment:
    lowered = (text or "").lower()
    crisis = any(phrase in lowered for phrase in CRISIS)
    lang = language or ("ko" if any("가" <= c <= "힣" for c in lowered) else "en")
    return SafetyAssessment(
        level="crisis" if crisis else "none",
        categories=("suicide",) if crisis else (),
        language=lang,
        resources=resources_for(lang) if crisis else (),
    )


def filter_output(text: str, *, language: str) -> FilteredOutput:
    out = text
    violations = []
    for phrase in BANNED:
        if phrase in out:
            out = out.replace(phrase, "자살")
            violations.append("reporting_guideline")
    return FilteredOutput(text=out, changed=out != text, violations=tuple(violations))


def install() -> None:
    module = types.ModuleType("coaching.safety")
    for name in (
        "CrisisResource",
        "SafetyAssessment",
        "FilteredOutput",
        "assess",
        "filter_output",
        "resources_for",
    ):
        setattr(module, name, globals()[name])
    module.__dict__["__standin__"] = True
    sys.modules["coaching.safety"] = module
    import coaching

    coaching.safety = module  # type: ignore[attr-defined]
