"""The value types of the safety layer: plain frozen dataclasses, safe to log and to cache."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["none", "concern", "crisis"]

LEVELS: tuple[Level, ...] = ("none", "concern", "crisis")
LEVEL_RANK: dict[str, int] = {"none": 0, "concern": 1, "crisis": 2}

# Every category assess() can report, in the order they are reported.
CATEGORIES: tuple[str, ...] = (
    "suicide",  # thoughts of dying or ending one's life, plans, means, farewells
    "self_harm",  # hurting oneself without (stated) intent to die
    "harm_to_others",  # wish, threat or plan to hurt or kill someone else
    "abuse",  # the writer is being harmed: domestic/sexual violence, bullying, threats
    "eating_disorder",  # purging, starving, laxatives, pro-ana
    "hopelessness",  # hopelessness, feeling a burden, worthlessness, "can't go on"
    "third_party",  # someone else (a friend, a relative) is at risk, as the writer tells it
)


@dataclass(frozen=True)
class CrisisResource:
    """A line to call or a place to go, already in the reader's language."""

    name: str
    phone: str
    description: str
    url: str = ""


@dataclass(frozen=True)
class SafetyAssessment:
    """What assess() found. Holds no text of the input: every field is safe to log."""

    level: Level
    categories: tuple[str, ...]
    language: str
    resources: tuple[CrisisResource, ...] = ()
    # Ids of the rules that fired (e.g. "ko.suicide.want_die"), for evaluation and audit.
    rules: tuple[str, ...] = field(default=(), compare=False)
    elapsed_ms: float = field(default=0.0, compare=False)

    @property
    def is_crisis(self) -> bool:
        return self.level == "crisis"

    @property
    def is_concern(self) -> bool:
        """True for concern AND crisis: anything that deserves a gentler, caring answer."""
        return self.level != "none"

    def log_fields(self) -> dict[str, object]:
        """The fields a log line may carry: never the text, only what was decided and how fast."""
        return {
            "safety_level": self.level,
            "safety_categories": list(self.categories),
            "safety_language": self.language,
            "safety_rules": list(self.rules),
            "safety_elapsed_ms": round(self.elapsed_ms, 3),
        }


@dataclass(frozen=True)
class FilteredOutput:
    """An AI output after the post-filter. `violations` names the rules that changed it."""

    text: str
    changed: bool
    violations: tuple[str, ...] = ()
