"""Crisis lines per locale.

The texts live here as data rather than in the gettext catalogue on purpose: they are safety
critical, are chosen by the *user's* locale (not the request's active language), and must never
fall back to English because a catalogue was not compiled.

Locale resolution: the language picks the wording ("ko" or "en"), the region picks the lines.
A bare "ko" means Korea. A bare "en" (Haru is Korean-first, so an English reader is often a
foreign resident in Korea) gets the international directory plus Korea's lines in English.
"""

from __future__ import annotations

import dataclasses
import logging
import re

from .types import CrisisResource

logger = logging.getLogger(__name__)

_KR_KO = (
    CrisisResource(
        name="자살예방상담전화",
        phone="109",
        description="24시간, 언제든 전화하면 상담사가 바로 이야기를 들어줘요.",
    ),
    CrisisResource(
        name="정신건강위기상담전화",
        phone="1577-0199",
        description="24시간 정신건강 위기 상담. 가까운 정신건강복지센터로 연결돼요.",
    ),
    CrisisResource(
        name="경찰",
        phone="112",
        description="지금 위험하거나 누군가 나를 해치려 한다면 바로 신고하세요.",
    ),
    CrisisResource(
        name="119 구급대",
        phone="119",
        description="다쳤거나 생명이 위급하면 바로 119에 전화하세요.",
    ),
)

_KR_EN = (
    CrisisResource(
        name="Suicide Prevention Line (Korea)",
        phone="109",
        description="24 hours. A counsellor answers and listens, whenever you call.",
    ),
    CrisisResource(
        name="Mental Health Crisis Line (Korea)",
        phone="1577-0199",
        description="24-hour mental health crisis counselling, linked to your local centre.",
    ),
    CrisisResource(
        name="Police (Korea)",
        phone="112",
        description="If you are in danger or someone is hurting you, call now.",
    ),
    CrisisResource(
        name="Ambulance (Korea)",
        phone="119",
        description="If you are hurt or a life is in danger, call 119 now.",
    ),
)

_INTERNATIONAL = CrisisResource(
    name="Find A Helpline",
    phone="",
    description="Free, confidential crisis lines in your country, listed by country.",
    url="https://findahelpline.com",
)
_LOCAL_EMERGENCY = CrisisResource(
    name="Emergency services",
    phone="",
    description="If a life is in danger, call your local emergency number now.",
)

_EN_BY_REGION: dict[str, tuple[CrisisResource, ...]] = {
    "US": (
        CrisisResource(
            name="988 Suicide & Crisis Lifeline",
            phone="988",
            description="Call or text 988, 24 hours, free and confidential.",
            url="https://988lifeline.org",
        ),
        CrisisResource(
            name="Emergency services",
            phone="911",
            description="If a life is in danger, call 911 now.",
        ),
    ),
    "CA": (
        CrisisResource(
            name="9-8-8 Suicide Crisis Helpline",
            phone="988",
            description="Call or text 988, 24 hours, free.",
            url="https://988.ca",
        ),
        CrisisResource(
            name="Emergency services", phone="911", description="If a life is in danger."
        ),
    ),
    "GB": (
        CrisisResource(
            name="Samaritans",
            phone="116 123",
            description="24 hours, free, whatever you are going through.",
            url="https://www.samaritans.org",
        ),
        CrisisResource(
            name="Emergency services", phone="999", description="If a life is in danger."
        ),
    ),
    "IE": (
        CrisisResource(
            name="Samaritans",
            phone="116 123",
            description="24 hours, free, whatever you are going through.",
            url="https://www.samaritans.org",
        ),
        CrisisResource(
            name="Emergency services", phone="112", description="If a life is in danger."
        ),
    ),
    "AU": (
        CrisisResource(
            name="Lifeline",
            phone="13 11 14",
            description="24-hour crisis support and suicide prevention.",
            url="https://www.lifeline.org.au",
        ),
        CrisisResource(
            name="Emergency services", phone="000", description="If a life is in danger."
        ),
    ),
    "KR": _KR_EN,
}

# Extra lines by category, for Korea (the violence lines matter when the writer is harmed).
_KR_ABUSE_KO = CrisisResource(
    name="여성긴급전화",
    phone="1366",
    description="가정폭력·성폭력·스토킹 피해 상담, 24시간 누구나 이용할 수 있어요.",
)
_KR_ABUSE_EN = CrisisResource(
    name="Emergency line for violence (Korea)",
    phone="1366",
    description="Domestic violence, sexual violence and stalking, 24 hours, for anyone.",
)

_LOCALE_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}))?")


def parse_locale(locale: str | None) -> tuple[str, str]:
    """("ko-KR" | "ko" | "en_US" | "en" | junk) -> (language "ko"/"en", region or "")."""
    match = _LOCALE_RE.match((locale or "").strip())
    if not match:
        return "ko", ""
    language = match.group(1).lower()
    region = (match.group(2) or "").upper()
    if language not in ("ko", "en"):
        # Haru speaks Korean and English; any other language reads the English lines.
        return "en", region
    return language, region


def _live_numbers(lines: tuple[CrisisResource, ...]) -> tuple[CrisisResource, ...]:
    """Korea's two crisis numbers are live settings (constance) so that operators can follow a
    renumbering without a deploy. Reading them never fails a safety answer: on any error
    the built-in numbers stay."""
    try:
        from core.live_settings import live_setting

        numbers = {
            "109": str(live_setting("CRISIS_LINE_SUICIDE_PREVENTION")).strip() or "109",
            "1577-0199": str(live_setting("CRISIS_LINE_MENTAL_HEALTH")).strip() or "1577-0199",
        }
    except Exception:
        logger.exception("coaching.safety: live crisis numbers unreadable, built-in ones used")
        return lines
    return tuple(
        dataclasses.replace(line, phone=numbers[line.phone]) if line.phone in numbers else line
        for line in lines
    )


def resources_for(locale: str) -> tuple[CrisisResource, ...]:
    """The crisis lines for a user's locale, in that locale's language."""
    return _live_numbers(_resources_for(locale))


def _resources_for(locale: str) -> tuple[CrisisResource, ...]:
    language, region = parse_locale(locale)
    if language == "ko":
        # Korean wording is only written for Korea's lines.
        return _KR_KO
    if region in _EN_BY_REGION:
        lines = _EN_BY_REGION[region]
        return lines if region == "KR" else (*lines, _INTERNATIONAL)
    if region:
        return (_INTERNATIONAL, _LOCAL_EMERGENCY)
    # Bare "en": international directory first, then Korea's lines (Haru's home market).
    return (_INTERNATIONAL, *_KR_EN)


def resources_for_categories(
    locale: str, categories: tuple[str, ...]
) -> tuple[CrisisResource, ...]:
    """resources_for() plus the lines specific to what was found (violence lines for abuse)."""
    lines = resources_for(locale)
    language, region = parse_locale(locale)
    if "abuse" in categories and region in ("", "KR"):
        lines = (*lines, _KR_ABUSE_KO if language == "ko" else _KR_ABUSE_EN)
    return lines
