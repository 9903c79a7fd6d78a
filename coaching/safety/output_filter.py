"""filter_output(): the post-filter every AI output passes before anyone sees it.

Rules (ARCHITECTURE.md, "Rules for every AI output"; Korean suicide-reporting guidance 4.0):
  diagnosis       "you have depression" / "우울증입니다"  -> replaced by a no-diagnosis line
  medication      any medication or dosage advice          -> replaced by "ask a doctor/pharmacist"
  method          any method, means or place of self-harm  -> the sentence is removed
  euphemism       "극단적 선택" -> "자살"; "commit suicide" -> "die by suicide" (plain words)
  romanticising   death as release, peace, freedom         -> the sentence is removed
  fatalism        "nothing will ever change", "희망이 없어요" -> the sentence is removed
Where distress shows (the output, or what it answers, reads as concern or crisis, or a method or
fatalistic line had to go), a line of hope and the crisis lines are appended once.
"""

from __future__ import annotations

import re

from .detector import assess
from .normalize import clean, detect_language, normalise_language
from .resources import resources_for
from .types import FilteredOutput

_I = re.IGNORECASE

_DIAGNOSIS = {
    "ko": re.compile(
        r"(?:우울증|조울증|양극성\s*장애|불안\s*장애|공황\s*장애|adhd|경계성\s*(?:성격"
        r"|인격)\s*장애|인격\s*장애|성격\s*장애"
        r"|ptsd|외상\s*후\s*스트레스\s*장애|강박\s*장애|강박증|조현병|섭식\s*장애|거식증|폭식증"
        r"|치매|우울\s*장애|번아웃\s*증후군)"
        r"\s*(?:입니다|이에요|예요|이네요|인\s*것\s*같|일\s*가능성|일\s*수\s*있|으로\s*보|을\s*앓"
        r"|를\s*앓|에\s*걸리"
        r"|이\s*있으신|이\s*있는\s*것\s*같|이\s*의심|증상(?:입니다|이에요|이네요|으로|이\s*보)"
        r"|의\s*증상|이라고\s*(?:할|볼)\s*수"
        r"|이시네요|이신\s*것|이\s*맞|으로\s*진단|진단)"
        r"|진단(?:됩니다|할\s*수\s*있어요|하자면|드리자면|을\s*내리자면)",
        _I,
    ),
    "en": re.compile(
        r"\b(?:you(?:'ve| have)?|you(?:'re| are)|you may have|you might have|you probably have"
        r"|you seem to have"
        r"|you likely have|sounds like you have|it sounds like|this sounds like|this is|that's"
        r"|that is|these are"
        r"|you show|you(?:'re| are) showing|you suffer from|you(?:'re| are) suffering from"
        r"|signs of|symptoms of)"
        r"\b[^.!?\n]{0,30}?\b(?:clinical depression|major depressi\w+|depression"
        r"|depressive disorder|bipolar(?: disorder)?"
        r"|anxiety disorder|generali[sz]ed anxiety|panic disorder|adhd|borderline"
        r"|personality disorder|ptsd"
        r"|post-traumatic stress|ocd|obsessive-compulsive|schizophreni\w+|eating disorder"
        r"|anorexi\w+|bulimi\w+"
        r"|dementia|psychosis|psychotic)\b"
        r"|\byou(?:'re| are) (?:clinically |severely |probably |definitely |likely )?(?:depressed"
        r"|bipolar|anorexic"
        r"|bulimic|psychotic|schizophrenic)\b|\b(?:i would|i'd|i can) diagnose\b|\bmy diagnosis\b",
        _I,
    ),
}

_MEDICATION = {
    "ko": re.compile(
        r"\d+(?:\.\d+)?\s*(?:mg|밀리그램|㎎|mcg|알씩|정씩|캡슐)"
        r"|(?:약|수면제|항우울제|신경안정제|안정제|진통제|멜라토닌|졸피뎀|스틸녹스|자낙스|프로작"
        r"|렉사프로|졸로푸트|아티반|리튬"
        r"|항불안제|수면유도제|타이레놀|이부프로펜|ssri)\s*(?:을|를|은|는"
        r"|도)?\s*[^.!?\n]{0,15}?(?:복용하세요|복용해\s*보|드세요"
        r"|드셔\s*보|먹어\s*보|먹으면\s*좋|늘려|줄여|끊어|끊으세요|중단하세요|처방받아\s*보|추천"
        r"|두\s*배|더\s*드|드시면|복용하시면)",
        _I,
    ),
    "en": re.compile(
        r"\b\d+(?:\.\d+)?\s?(?:mg|milligrams?|mcg|ml)\b|\b\d+\s(?:pills?|tablets?|capsules?)\b"
        r"|\b(?:take|try|taking|increase|decrease|double|halve|stop taking|start taking"
        r"|cut back on|come off|get off"
        r"|reduce|up your|lower your|skip)\b[^.!?\n]{0,25}?\b(?:medications?|meds|pills"
        r"|antidepressants?|sertraline"
        r"|zoloft|prozac|fluoxetine|xanax|alprazolam|ambien|zolpidem|melatonin|ssris?"
        r"|benzodiazepines?|benzos|lexapro"
        r"|escitalopram|lithium|ibuprofen|tylenol|paracetamol|acetaminophen|sleeping pills?|dose"
        r"|dosage)\b",
        _I,
    ),
}

_METHOD = {
    "ko": re.compile(
        r"번개탄|연탄\s*(?:을|를)?\s*피|목을\s*매|목매|밧줄|올가미|손목(?:을)?\s*(?:긋|그어|그었"
        r"|자르)|칼로\s*(?:긋|그어|찌르|베)"
        r"|뛰어\s*내리|뛰어내|투신|음독|농약|치사량|과다\s*복용|약을\s*(?:모으|모아|한꺼번에|왕창)"
        r"|수면제\s*(?:\d+|여러\s*알|한\s*통)"
        r"|질식|가스를\s*틀|(?:한강|마포)\s*대교|대교\s*(?:에서|위)|옥상\s*(?:에서|으로)\s*(?:뛰"
        r"|떨어)|고층에서|철로에|선로에"
    ),
    "en": re.compile(
        r"\b(?:noose|hang(?:ing)? (?:yourself|oneself|myself|themselves)|lethal dose|overdos\w+"
        r"|jump(?:ing)? (?:off|from)"
        r"|slit|cut(?:ting)? (?:your|one's|my|their) wrists?|wrists?|charcoal|carbon monoxide"
        r"|exhaust fumes|pesticide"
        r"|firearm|guns? (?:to|at) (?:your|my|their) head|suffocat\w+|train tracks"
        r"|in front of a train|how many pills"
        r"|golden gate|high place|rooftop)\b",
        _I,
    ),
}

_ROMANTIC = {
    "ko": re.compile(
        r"(?:죽음|자살|떠나는\s*것|세상을\s*떠나는\s*것)\s*(?:은|이|만이"
        r"|이야말로)?\s*[^.!?\n]{0,10}?(?:해방|탈출구|평화|안식|편안함"
        r"|자유|아름다|해결책|유일한|구원|쉼|답일)|영원한\s*안식|편히\s*쉬게\s*될"
        r"|어쩔\s*수\s*없는\s*선택|그럴\s*수밖에\s*없었"
        r"|아름다운\s*(?:죽음|이별|마지막)"
    ),
    "en": re.compile(
        r"\b(?:death|suicide|dying|ending it)\b[^.!?\n]{0,20}\b(?:is|as|would be|could be|can be"
        r"|brings?|offers?)\b"
        r"[^.!?\n]{0,15}\b(?:release|escape|peace|freedom|relief|answer|solution|only way|way out"
        r"|rest|beautiful|gift)\b"
        r"|\bat peace (?:at last|now|finally)\b|\bbeautiful (?:death|ending|goodbye)\b"
        r"|\bit was (?:their|his|her) (?:only )?"
        r"choice\b|\bhad no (?:other )?choice but\b",
        _I,
    ),
}

_FATAL = {
    "ko": re.compile(
        r"(?:이미|모든\s*게|다)\s*(?:늦었|끝났)(?:어요|습니다|네요|다)(?=[.!?\s]|$)"
        r"|(?:희망|방법|답|출구)(?:은|이|도)\s*(?:없어요|없습니다|없네요|없다|없어)(?=[.!?\s]|$)"
        r"|(?:절대|결코|영영|앞으로도)\s*(?:나아지지|달라지지|좋아지지|바뀌지)\s*않|운명(?:이에요"
        r"|입니다|이니|이라서|이니까)"
        r"|포기하는\s*(?:게|것이)\s*(?:나아요|낫|좋아요|좋습니다)|벗어날\s*수\s*없(?:어요|습니다)"
    ),
    "en": re.compile(
        r"\bno way out\b|\bnothing will (?:ever )?(?:change|get better|improve)\b|\bthere(?:'s"
        r"| is) no hope\b"
        r"|\bit(?:'s| is) (?:hopeless|too late(?: for you)?)\b|\byou(?:'re| are) doomed\b"
        r"|\bdestined to suffer\b"
        r"|\bwill never get better\b|\bgiving up is (?:easier|better|best)\b|\bit was inevitable\b",
        _I,
    ),
}
_REFLECTION = re.compile(
    r"(?:feels? like|feel as if|seems? like|might feel|may feel|can feel|느껴|느끼|생각이\s*들"
    r"|처럼)",
    _I,
)

# The output itself talks about thoughts of dying or self-harm (usually reflecting the user's).
_DISTRESS = re.compile(
    r"자살|죽고\s*싶|죽음을\s*생각|자해|목숨|극단\s*적|사라지고\s*싶|살고\s*싶지|그만\s*살"
    r"|\bsuicid\w*|\bkill(?:ing)? (?:yourself|myself)\b|\bend(?:ing)? (?:your|my) (?:own )?life\b"
    r"|\bself[- ]?harm\w*|\bhurt(?:ing)? yourself\b|\bwants? to die\b|\bdon't want to live\b"
    r"|\btake your (?:own )?life\b",
    _I,
)
_EXTREME_CHOICE = re.compile(r"극단\s*적\s*(?:인\s*)?선택")
_COMMIT = re.compile(r"\b(commit(?:s|ted|ting)?)\s+suicide\b", _I)
_COMMIT_REPLACEMENT = {
    "commit": "die",
    "commits": "dies",
    "committed": "died",
    "committing": "dying",
}

_LINES = {
    "ko": {
        "diagnosis": "저는 진단을 내릴 수 없어요. 이런 마음이 오래가거나 일상이 버거우면 "
        "정신건강의학과 전문의나 상담사와 이야기해 보면 좋겠어요.",
        "medication": "약에 관한 결정은 꼭 의사나 약사와 상의해 주세요.",
        "hope": "지금 많이 힘들다면 혼자 견디지 않아도 돼요. 이 마음은 지나갈 수 있고, "
        "도움을 받으면 나아질 수 있어요.",
        "lines": "24시간 언제든 전화할 수 있어요:",
    },
    "en": {
        "diagnosis": "I can't diagnose anything. If these feelings last or weigh on your days, "
        "a doctor or counsellor can help you make sense of them.",
        "medication": "Please make any decision about medication with a doctor or pharmacist.",
        "hope": "If things feel this heavy, you don't have to carry them alone. "
        "Feelings like this can ease, and help works.",
        "lines": "You can reach someone any time:",
    },
}

_SPLIT = re.compile(r"((?<=[.!?。])[ \t]+|\n+)")


def _support_block(language: str) -> str:
    lines = _LINES[language]
    contacts = " · ".join(
        f"{r.name} {r.phone or r.url}".strip() for r in resources_for(language) if r.phone or r.url
    )
    return f"{lines['hope']}\n{lines['lines']} {contacts}"


def _has_crisis_lines(text: str, language: str) -> bool:
    phones = [r.phone for r in resources_for(language) if r.phone]
    return bool(phones) and phones[0] in text


def filter_output(text: str, *, language: str) -> FilteredOutput:
    """Apply every output rule to an AI text. Safe text comes back unchanged (same string)."""
    if not text:
        return FilteredOutput(text="" if text is None else text, changed=False, violations=())
    source = clean(text)
    lang = normalise_language(language) or detect_language(source)
    violations: list[str] = []
    added: list[str] = []
    parts = _SPLIT.split(source)
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 2 == 1:  # a separator
            out.append(part)
            continue
        sentence = part
        dropped = False
        replacement = ""
        for lng in {lang, "en"}:  # English phrases slip into Korean outputs too
            if _METHOD[lng].search(sentence):
                violations.append("method")
                dropped = True
            elif _ROMANTIC[lng].search(sentence):
                violations.append("romanticising")
                dropped = True
            elif _FATAL[lng].search(sentence) and not _REFLECTION.search(sentence):
                violations.append("fatalism")
                dropped = True
            elif _MEDICATION[lng].search(sentence):
                violations.append("medication")
                dropped = True
                replacement = _LINES[lang]["medication"]
            elif _DIAGNOSIS[lng].search(sentence):
                violations.append("diagnosis")
                dropped = True
                replacement = _LINES[lang]["diagnosis"]
            if dropped:
                break
        if dropped:
            # The rewrite takes the removed sentence's place, once per kind.
            out.append(replacement if replacement and replacement not in added else "")
            if replacement:
                added.append(replacement)
            continue
        if _EXTREME_CHOICE.search(sentence):
            violations.append("euphemism")
            sentence = _EXTREME_CHOICE.sub("자살", sentence)
        if _COMMIT.search(sentence):
            violations.append("euphemism")
            sentence = _COMMIT.sub(
                lambda m: f"{_COMMIT_REPLACEMENT.get(m.group(1).lower(), 'die')} by suicide",
                sentence,
            )
        out.append(sentence)

    result = "".join(out)
    result = re.sub(r"[ \t]{2,}", " ", result)
    result = re.sub(r"\n{3,}", "\n\n", result).strip()
    # The rules alone read the AI's own words: the trained model learned from people's diaries
    # and would take a coach's gentle "what could you let go of today?" for a farewell.
    distress = (
        assess(text, language=lang, use_model=False).level != "none"
        or bool(_DISTRESS.search(source))
        or bool({"method", "romanticising", "fatalism"} & set(violations))
    )
    support_added = False
    if distress and not _has_crisis_lines(result, lang):
        result = f"{result}\n\n{_support_block(lang)}" if result else _support_block(lang)
        support_added = True

    unique = tuple(dict.fromkeys(violations))
    if not unique and not support_added:
        return FilteredOutput(text=text, changed=False, violations=())
    return FilteredOutput(text=result, changed=True, violations=unique)
