"""The structured answers we ask the model for (Pydantic, parsed by the SDK).

Each prompt name maps to one schema; the prompt registry stores the JSON schema next to the
template so operators see what a version must return.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EmotionScore(_Strict):
    emotion: str = Field(max_length=30)
    score: float = Field(ge=0.0, le=1.0)


class FlowStep(_Strict):
    stage: str = Field(max_length=30)
    emotion: str = Field(max_length=30)
    intensity: float = Field(ge=0.0, le=1.0)


class JournalAnalysisOut(_Strict):
    summary: str = Field(max_length=600)
    emotion_flow: list[FlowStep] = Field(max_length=6)
    emotions: list[EmotionScore] = Field(max_length=10)
    primary_emotion: str = Field(max_length=30)
    keywords: list[str] = Field(max_length=10)
    representative_sentence: str = Field(max_length=400)
    reflection_question: str = Field(max_length=300)
    interpretation: str = Field(max_length=800)
    tier_a: float = Field(ge=0.1, le=4.0)
    tier_m: float = Field(ge=0.1, le=4.0)


class CoachingMessageOut(_Strict):
    message: str = Field(min_length=1, max_length=500)
    personalization_score: float = Field(ge=0.0, le=1.0)


class ReadingSection(_Strict):
    heading: str = Field(max_length=100)
    body: str = Field(max_length=1500)


class ReadingOut(_Strict):
    title: str = Field(max_length=120)
    summary: str = Field(max_length=400)
    sections: list[ReadingSection] = Field(min_length=1, max_length=8)


class ChatReplyOut(_Strict):
    reply: str = Field(min_length=1, max_length=2000)


class SafetySecondOpinionOut(_Strict):
    """The LLM's reading of one diary or chat text for risk: a level and categories only (no
    free text, so nothing of the diary can come back through it)."""

    level: Literal["none", "concern", "crisis"]
    categories: list[
        Literal[
            "suicide",
            "self_harm",
            "harm_to_others",
            "abuse",
            "eating_disorder",
            "hopelessness",
            "third_party",
        ]
    ] = Field(max_length=7)
    confidence: float = Field(ge=0.0, le=1.0)


SCHEMAS: dict[str, type[BaseModel]] = {
    "journal_analysis": JournalAnalysisOut,
    "coaching_message": CoachingMessageOut,
    "chat": ChatReplyOut,
    "safety_second_opinion": SafetySecondOpinionOut,
}


def schema_for(prompt_name: str) -> type[BaseModel]:
    """The schema a prompt must answer in (every AI service reading shares ``ReadingOut``)."""
    return SCHEMAS.get(prompt_name, ReadingOut)
