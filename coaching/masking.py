"""Mask personal details before any text leaves the platform (and before anything is logged).

Masked: e-mail addresses, phone numbers (Korean mobile/landline, international), resident
registration numbers (주민등록번호) and foreigner numbers, card numbers (13-19 digits,
Luhn-checked), and names the caller knows (the user's own name and nickname, people named
in the text with an honorific such as "민수씨" / "김 과장님" / "Mr. Smith").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
RRN = re.compile(r"(?<!\d)\d{6}\s?-\s?[1-8]\d{6}(?!\d)")
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
PHONE = re.compile(
    r"(?<![\w])(?:\+?82[ -]?)?(?:0\d{1,2}|1[05]\d{2})[ -.)]?\d{3,4}[ -.]?\d{4}(?!\d)"
    r"|(?<![\w])\+\d{1,3}[ -]?\(?\d{1,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}(?!\d)"
)
KO_HONORIFIC = re.compile(
    r"(?<![가-힣])([가-힣]{1,4}?)\s?"
    r"(?=(?:씨|님|선생님|과장님|부장님|대리님|팀장님|사장님|교수님))"
)
KO_NOT_NAMES = frozenset(
    [
        "선생",
        "사장",
        "부장",
        "과장",
        "대리",
        "팀장",
        "교수",
        "고객",
        "손님",
        "하느",
        "아저",
        "아가",
        "아드",
        "따님",
        "형",
        "누",
        "선배",
        "후배",
        "환자",
        "기사",
        "작가",
        "회장",
        "원장",
        "의사",
        "간호사",
        "주인",
        "스승",
    ]
)
EN_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")

TOKENS = {
    "email": "[EMAIL]",
    "rrn": "[ID_NUMBER]",
    "card": "[CARD]",
    "phone": "[PHONE]",
    "name": "[NAME]",
}


@dataclass(frozen=True)
class Masked:
    text: str
    found: tuple[str, ...]


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask(text: str, *, names: Iterable[str] = ()) -> Masked:
    """Return ``text`` with personal details replaced by ``[EMAIL]``, ``[PHONE]``, ..."""
    found: list[str] = []

    def sub(pattern: re.Pattern, kind: str, value: str, check=None) -> str:
        def repl(match: re.Match) -> str:
            if check is not None and not check(match.group(0)):
                return match.group(0)
            found.append(kind)
            return TOKENS[kind]

        return pattern.sub(repl, value)

    out = sub(EMAIL, "email", text)
    out = sub(RRN, "rrn", out)
    out = sub(CARD, "card", out, check=lambda s: _luhn_ok(re.sub(r"\D", "", s)))
    out = sub(PHONE, "phone", out)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len)[::-1]:
        pattern = re.compile(re.escape(name), re.IGNORECASE)
        if pattern.search(out):
            found.append("name")
            out = pattern.sub(TOKENS["name"], out)

    def honorific(match: re.Match) -> str:
        if match.lastindex and match.group(1) in KO_NOT_NAMES:
            return match.group(0)
        found.append("name")
        return TOKENS["name"]

    out = KO_HONORIFIC.sub(honorific, out)
    out = EN_TITLE.sub(honorific, out)
    return Masked(text=out, found=tuple(found))


def user_names(user) -> list[str]:
    """The names a user's own text may contain about them (name, nickname, e-mail local part)."""
    names = [getattr(user, "name", "") or "", getattr(user, "nickname", "") or ""]
    email = getattr(user, "email", "") or ""
    if "@" in email:
        names.append(email.split("@", 1)[0])
    return [n for n in names if n]
