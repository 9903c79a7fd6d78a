# ruff: noqa: E501 - tables of reading texts
"""Offline readings for the AI services: local, deterministic (same input, same reading).

Each reading is computed from what the user gave, not drawn at random: the saju pillars from
the sexagenary cycle, the name's sounds from Hangul jamo and their five elements (발음오행),
tarot cards from a hash of the question and the day, dream symbols from a small dictionary.
They are entertainment and say so; the model label is ``OFFLINE_READING_MODEL``.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from typing import Any

OFFLINE_READING_MODEL = "local-readings-1"

STEMS = [("갑", "甲", "wood"), ("을", "乙", "wood"), ("병", "丙", "fire"), ("정", "丁", "fire"),
         ("무", "戊", "earth"), ("기", "己", "earth"), ("경", "庚", "metal"), ("신", "辛", "metal"),
         ("임", "壬", "water"), ("계", "癸", "water")]  # fmt: skip
BRANCHES = [("자", "子", "rat"), ("축", "丑", "ox"), ("인", "寅", "tiger"), ("묘", "卯", "rabbit"),
            ("진", "辰", "dragon"), ("사", "巳", "snake"), ("오", "午", "horse"),
            ("미", "未", "goat"), ("신", "申", "monkey"), ("유", "酉", "rooster"),
            ("술", "戌", "dog"), ("해", "亥", "pig")]  # fmt: skip
ELEMENTS = {
    "wood": ("목(木)", "Wood", "성장하고 뻗어 나가는 기운이에요. 새로 시작하는 일에 힘이 실려요.",
             "a growing, reaching energy that favours new beginnings."),
    "fire": ("화(火)", "Fire", "밝고 따뜻하게 드러나는 기운이에요. 사람들과 나눌수록 커져요.",
             "a bright, warm energy that grows when shared."),
    "earth": ("토(土)", "Earth", "중심을 잡고 품어 주는 기운이에요. 꾸준함이 가장 큰 힘이에요.",
              "a steady, holding energy whose strength is consistency."),
    "metal": ("금(金)", "Metal", "단단하고 맺고 끊음이 분명한 기운이에요. 정리와 결단에 좋아요.",
              "a clear, decisive energy, good for tidying and deciding."),
    "water": ("수(水)", "Water", "유연하게 스며드는 기운이에요. 배우고 생각하는 일에 잘 맞아요.",
              "a flexible, seeping energy suited to learning and reflection."),
}  # fmt: skip
TAROT = [
    ("바보", "The Fool", "새로운 출발과 가벼운 발걸음", "a fresh start and a light step"),
    ("마법사", "The Magician", "가진 것을 모아 시작할 힘", "the power to begin with what you have"),
    ("여사제", "The High Priestess", "조용히 귀 기울일 때", "a time to listen quietly"),
    ("여황제", "The Empress", "돌봄과 풍요", "care and abundance"),
    ("황제", "The Emperor", "구조와 안정", "structure and stability"),
    ("교황", "The Hierophant", "배움과 조언", "learning and counsel"),
    ("연인", "The Lovers", "마음이 향하는 선택", "a choice of the heart"),
    ("전차", "The Chariot", "의지로 나아가는 힘", "moving forward by will"),
    ("힘", "Strength", "부드러운 용기", "gentle courage"),
    ("은둔자", "The Hermit", "혼자만의 성찰", "reflection on your own"),
    ("운명의 수레바퀴", "Wheel of Fortune", "흐름이 바뀌는 때", "a turning of the tide"),
    ("정의", "Justice", "균형과 공정함", "balance and fairness"),
    ("매달린 사람", "The Hanged Man", "다른 각도에서 보기", "seeing from another angle"),
    ("절제", "Temperance", "조화와 속도 조절", "harmony and pacing"),
    ("별", "The Star", "희망과 회복", "hope and renewal"),
    ("달", "The Moon", "불확실함 속의 직감", "intuition in uncertainty"),
    ("태양", "The Sun", "기쁨과 활력", "joy and vitality"),
    ("심판", "Judgement", "돌아보고 새로 깨어남", "looking back and waking anew"),
    ("세계", "The World", "한 흐름의 완성", "the completion of a cycle"),
]
DREAMS = {
    ("돼지", "pig"): ("재물과 복이 들어온다는 대표적인 길몽이에요.",
                      "a classic lucky dream of wealth and blessings."),
    ("용", "dragon"): ("큰 뜻이 이루어질 조짐으로 봐요.", "a sign of high hopes coming true."),
    ("물", "water"): ("맑은 물은 마음의 정리와 새로운 흐름을 뜻해요.",
                      "clear water stands for a settled mind and new flow."),
    ("불", "fire"): ("활활 타는 불은 열정과 번창을 뜻해요.", "a bright fire means passion and growth."),
    ("이빨", "teeth"): ("변화에 대한 걱정이 비친 꿈이에요. 가까운 사람과 이야기를 나눠 보세요.",
                       "a dream that mirrors worry about change; talk with someone close."),
    ("날", "flying"): ("자유로워지고 싶은 마음, 한계를 넘는 기운이에요.",
                      "a wish for freedom and going beyond limits."),
    ("떨어", "falling"): ("불안이 비친 꿈이에요. 요즘 쉬어 갈 틈이 있었는지 돌아봐요.",
                         "a dream that mirrors unease; ask whether you have had time to rest."),
    ("뱀", "snake"): ("지혜와 태몽, 또는 새로운 인연의 상징으로 봐요.",
                     "a symbol of wisdom, new life or a new connection."),
    ("시험", "exam"): ("준비하고 있는 일에 대한 긴장이 드러난 꿈이에요.",
                      "tension about something you are preparing for."),
    ("돈", "money"): ("가치와 노력이 보상받는 흐름을 뜻해요.", "effort and worth being rewarded."),
    ("집", "house"): ("나 자신과 마음의 상태를 비춰요.", "a mirror of yourself and your state of mind."),
}  # fmt: skip
# 발음오행 of initial consonants
INITIAL_ELEMENT = {
    "ㄱ": "wood", "ㄲ": "wood", "ㅋ": "wood",
    "ㄴ": "fire", "ㄷ": "fire", "ㄸ": "fire", "ㄹ": "fire", "ㅌ": "fire",
    "ㅇ": "earth", "ㅎ": "earth",
    "ㅅ": "metal", "ㅆ": "metal", "ㅈ": "metal", "ㅉ": "metal", "ㅊ": "metal",
    "ㅁ": "water", "ㅂ": "water", "ㅃ": "water", "ㅍ": "water",
}  # fmt: skip
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
GENERATES = {"wood": "fire", "fire": "earth", "earth": "metal", "metal": "water", "water": "wood"}
EN_ELEMENT = {"a": "earth", "e": "earth", "i": "earth", "o": "earth", "u": "earth",
              "g": "wood", "k": "wood", "c": "wood", "q": "wood",
              "n": "fire", "d": "fire", "l": "fire", "t": "fire",
              "h": "earth", "y": "earth", "w": "earth",
              "s": "metal", "j": "metal", "z": "metal", "x": "metal", "r": "fire",
              "m": "water", "b": "water", "p": "water", "f": "water", "v": "water"}  # fmt: skip
MONTH_LINES = [
    ("차분히 준비하면 좋은 소식이 와요.", "Prepare calmly and good news follows."),
    ("도움을 주는 사람이 곁에 있어요.", "Someone helpful is close by."),
    ("작은 습관이 큰 변화를 만들어요.", "Small habits make a big change."),
    ("쉬어 가는 것도 앞으로 가는 길이에요.", "Resting is also a way forward."),
    ("새로운 배움에 마음이 열려요.", "Your mind opens to something new."),
    ("나눌수록 기쁨이 커져요.", "Joy grows as you share it."),
    ("서두르지 않으면 일이 풀려요.", "Things work out when you do not rush."),
    ("정리한 만큼 여유가 생겨요.", "The more you tidy, the more room you have."),
    ("오래된 인연이 다시 반가워요.", "An old connection is welcome again."),
    ("꾸준함이 빛을 봐요.", "Steadiness pays off."),
    ("몸과 마음을 돌보기 좋은 때예요.", "A good time to care for body and mind."),
    ("한 해를 웃으며 마무리해요.", "You close the year with a smile."),
]
FACE = {
    "round": ("둥근 얼굴은 사람을 편하게 하는 복이 있어요.", "A round face puts people at ease."),
    "oval": ("갸름한 얼굴은 균형 감각과 센스를 보여 줘요.", "An oval face shows balance and taste."),
    "square": ("각진 얼굴은 책임감과 추진력이 돋보여요.", "A square face shows drive and duty."),
    "long": ("긴 얼굴은 깊이 생각하고 멀리 보는 상이에요.", "A long face thinks deeply and far."),
    "heart": ("하트형 얼굴은 따뜻한 표현력이 있어요.", "A heart-shaped face expresses warmth."),
    "large": ("큰 눈은 감수성과 호기심이 풍부해요.", "Large eyes are curious and sensitive."),
    "narrow": ("가는 눈은 신중하고 관찰력이 좋아요.", "Narrow eyes are careful observers."),
    "upturned": ("눈꼬리가 올라간 눈은 결단력이 있어요.", "Upturned eyes are decisive."),
    "downturned": ("눈꼬리가 내려간 눈은 다정함이 묻어나요.", "Downturned eyes are kind."),
    "high": ("높은 코는 자존감과 리더십을 뜻해요.", "A high nose means self-respect and lead."),
    "rounded": ("둥근 코끝은 재물을 모으는 상으로 봐요.", "A rounded tip gathers fortune."),
    "straight": ("곧은 코는 정직함과 일관성을 보여 줘요.", "A straight nose shows honesty."),
    "small": ("작은 코는 섬세하고 세심해요.", "A small nose is delicate and attentive."),
}  # fmt: skip
STORY = {
    "fairy_tale": ("옛날 옛적", "Once upon a time"),
    "adventure": ("지도 한 장을 들고", "With a single map in hand"),
    "healing": ("조용한 골목 끝 작은 찻집에서", "In a small tea house at the end of a quiet lane"),
    "mystery": ("아무도 열어 본 적 없는 상자가", "A box that no one had ever opened"),
}
DISCLAIMER = (
    "재미로 보는 풀이예요. 중요한 결정은 스스로의 판단과 전문가의 도움으로 내려 주세요.",
    "This reading is for fun. Make important decisions with your own judgement and, "
    "where needed, a professional's help.",
)


def _i(language: str) -> int:
    return 1 if language == "en" else 0


def _hash(*parts: str) -> bytes:
    return hashlib.sha256("|".join(parts).encode()).digest()


def pillar(index: int) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    return STEMS[index % 10], BRANCHES[index % 12]


def year_pillar(year: int) -> int:
    return (year - 4) % 60


def day_pillar(day: datetime.date) -> int:
    # 2000-01-01 was a 戊午 day (index 54)
    return (54 + (day - datetime.date(2000, 1, 1)).days) % 60


def _label(index: int, *, en: bool = False) -> str:
    stem, branch = pillar(index)
    if en:
        return f"{stem[1]}{branch[1]} ({branch[2]})"
    return f"{stem[0]}{branch[0]}({stem[1]}{branch[1]})"


def saju(inputs: dict[str, Any], language: str) -> dict[str, Any]:
    born = datetime.date.fromisoformat(str(inputs["birth_date"]))
    y, d = year_pillar(born.year), day_pillar(born)
    day_master = STEMS[d % 10]
    element = ELEMENTS[day_master[2]]
    child = ELEMENTS[GENERATES[day_master[2]]]
    i = _i(language)
    if i:
        return {
            "title": f"Your day master is {day_master[1]} ({element[1]})",
            "summary": f"Year pillar {_label(y, en=True)}, day pillar {_label(d, en=True)}: "
            f"{element[3]}",
            "sections": [
                {"heading": "Your nature", "body": f"As {element[1]}, you carry {element[3]}"},
                {
                    "heading": "What feeds you",
                    "body": f"{element[1]} nourishes {child[1]}: "
                    f"what you grow shows up as {child[3]}",
                },
                {"heading": "A note", "body": DISCLAIMER[1]},
            ],
        }
    return {
        "title": f"일간은 {day_master[0]}{day_master[1]}, {element[0]}의 기운이에요",
        "summary": f"년주 {_label(y)}, 일주 {_label(d)}. {element[2]}",
        "sections": [
            {"heading": "타고난 성향", "body": f"{element[0]}의 사람은 {element[2]}"},
            {
                "heading": "나를 살리는 흐름",
                "body": f"{element[0]} 기운이 {child[0]} 기운을 낳아요. {child[2]}",
            },
            {"heading": "덧붙이는 말", "body": DISCLAIMER[0]},
        ],
    }


def tarot_cards(question: str, day: datetime.date) -> list[int]:
    digest = _hash(question.strip(), day.isoformat())
    cards: list[int] = []
    for byte in digest:
        card = byte % len(TAROT)
        if card not in cards:
            cards.append(card)
        if len(cards) == 3:
            break
    return cards


def tarot(inputs: dict[str, Any], language: str, today: datetime.date) -> dict[str, Any]:
    cards = tarot_cards(str(inputs["question"]), today)
    i = _i(language)
    positions = (("과거", "Past"), ("현재", "Present"), ("앞으로", "Ahead"))
    sections = []
    for position, card in zip(positions, cards, strict=True):
        name, meaning = TAROT[card][i], TAROT[card][2 + i]
        sections.append(
            {"heading": f"{position[i]}: {name}", "body": meaning[:1].upper() + meaning[1:] + "."}
        )
    sections.append({"heading": ("덧붙이는 말", "A note")[i], "body": DISCLAIMER[i]})
    names = ", ".join(TAROT[c][i] for c in cards)
    return {
        "title": ("세 장의 카드가 말해요", "What the three cards say")[i],
        "summary": names,
        "sections": sections,
    }


def dream(inputs: dict[str, Any], language: str) -> dict[str, Any]:
    text = str(inputs["dream"]).lower()
    i = _i(language)
    found = [
        (keys, meaning) for keys, meaning in DREAMS.items() if keys[0] in text or keys[1] in text
    ]
    sections = [
        {
            "heading": keys[i].capitalize() if i else keys[0],
            "body": meaning[i][:1].upper() + meaning[i][1:],
        }
        for keys, meaning in found[:4]
    ]
    if not sections:
        sections = [{"heading": ("꿈의 분위기", "The mood of the dream")[i], "body": (
            "뚜렷한 상징은 보이지 않지만, 꿈에서 느낀 감정이 지금 마음의 상태를 비춰 줘요.",
            "No clear symbol stands out; the feeling the dream left is the best clue to your mood.",
        )[i]}]  # fmt: skip
    sections.append({"heading": ("덧붙이는 말", "A note")[i], "body": DISCLAIMER[i]})
    return {
        "title": ("꿈 해몽", "Your dream, interpreted")[i],
        "summary": (f"{len(found)}개의 상징을 찾았어요.", f"{len(found)} symbol(s) found.")[i],
        "sections": sections,
    }


def name_elements(name: str) -> list[str]:
    elements = []
    for char in name.strip():
        if "가" <= char <= "힣":
            initial = INITIALS[(ord(char) - 0xAC00) // 588]
            elements.append(INITIAL_ELEMENT[initial])
        elif char.lower() in EN_ELEMENT:
            elements.append(EN_ELEMENT[char.lower()])
    return elements


def name_analysis(inputs: dict[str, Any], language: str) -> dict[str, Any]:
    name = str(inputs["name"]).strip()
    elements = name_elements(name)
    i = _i(language)
    flow_good = sum(1 for a, b in itertools.pairwise(elements) if GENERATES[a] == b)
    chain = " → ".join(ELEMENTS[e][i] for e in elements) or "-"
    dominant = max(set(elements), key=elements.count) if elements else "earth"
    return {
        "title": (f"'{name}'의 소리 오행", f"The sound elements of '{name}'")[i],
        "summary": chain,
        "sections": [
            {"heading": ("흐름", "Flow")[i], "body": (
                f"서로 살려 주는 이어짐이 {flow_good}번 있어요. 이어짐이 많을수록 부드럽게 읽혀요.",
                f"{flow_good} nourishing link(s) between sounds; more links read more smoothly.",
            )[i]},
            {"heading": ("중심 기운", "Main element")[i], "body": ELEMENTS[dominant][2 + i]},
            {"heading": ("덧붙이는 말", "A note")[i], "body": DISCLAIMER[i]},
        ],
    }  # fmt: skip


def tojeong(inputs: dict[str, Any], language: str, today: datetime.date) -> dict[str, Any]:
    born = datetime.date.fromisoformat(str(inputs["birth_date"]))
    year = today.year
    age = year - born.year + 1
    upper = (age + year_pillar(year)) % 8 or 8
    middle = (born.month + 12) % 6 or 6
    lower = (born.day + day_pillar(born)) % 3 or 3
    i = _i(language)
    start = (upper * 100 + middle * 10 + lower) % 12
    months = [
        {"heading": (f"{m}월", datetime.date(2000, m, 1).strftime("%B"))[i],
         "body": MONTH_LINES[(start + m) % 12][i]}
        for m in range(1, 13)
    ]  # fmt: skip
    months.append({"heading": ("덧붙이는 말", "A note")[i], "body": DISCLAIMER[i]})
    return {
        "title": (f"{year}년 토정비결", f"Tojeong Bigyeol for {year}")[i],
        "summary": (f"괘 {upper}{middle}{lower}", f"Hexagram {upper}{middle}{lower}")[i],
        "sections": months,
    }


def face_reading(inputs: dict[str, Any], language: str) -> dict[str, Any]:
    i = _i(language)
    parts = (("face_shape", "얼굴형", "Face"), ("eyes", "눈", "Eyes"), ("nose", "코", "Nose"))
    sections = [
        {"heading": label[i + 1] if i else label[1], "body": FACE[str(inputs[label[0]])][i]}
        for label in parts
        if str(inputs.get(label[0])) in FACE
    ]
    sections.append({"heading": ("덧붙이는 말", "A note")[i], "body": DISCLAIMER[i]})
    return {
        "title": ("관상 풀이", "Your face reading")[i],
        "summary": ("고르신 특징으로 본 관상이에요.", "A reading from the features you chose.")[i],
        "sections": sections,
    }


def story(inputs: dict[str, Any], language: str) -> dict[str, Any]:
    theme = str(inputs["theme"]).strip()
    genre = str(inputs.get("genre") or "healing")
    opening = STORY.get(genre, STORY["healing"])
    i = _i(language)
    if i:
        body = [
            f"{opening[1]}, there was a story about {theme}.",
            f"At first no one believed that {theme} could change anything. "
            "But one small step followed another, and the path grew clearer.",
            "When the evening came, everyone found a little more courage than they had in the "
            "morning, and that was enough.",
        ]
    else:
        body = [
            f"{opening[0]}, '{theme}'에 관한 이야기가 있었어요.",
            f"처음엔 아무도 '{theme}'이(가) 무언가를 바꿀 수 있다고 믿지 않았어요. "
            "하지만 작은 걸음이 또 다른 걸음으로 이어지면서 길이 조금씩 선명해졌어요.",
            "저녁이 되자 모두 아침보다 조금 더 용기를 갖게 되었고, 그걸로 충분했어요.",
        ]
    return {
        "title": theme[:120],
        "summary": body[0][:400],
        "sections": [{"heading": str(n + 1), "body": text} for n, text in enumerate(body)],
    }


def offline_reading(
    service_type: str, inputs: dict[str, Any], *, language: str, today: datetime.date
) -> dict[str, Any]:
    """The reading for ``service_type`` computed locally; raises ``KeyError`` if unknown."""
    builders = {
        "saju": lambda: saju(inputs, language),
        "tarot": lambda: tarot(inputs, language, today),
        "dream-interpretation": lambda: dream(inputs, language),
        "name-analysis": lambda: name_analysis(inputs, language),
        "tojeong": lambda: tojeong(inputs, language, today),
        "face-reading": lambda: face_reading(inputs, language),
        "story": lambda: story(inputs, language),
    }
    return builders[service_type]()
