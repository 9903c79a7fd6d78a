"""Concept lexicons and the features the crisis model reads.

A concept is a family of ways to say one thing (dying, disappearing, a means, a farewell, being a
burden, no way out, a plan or a time, a wish...) in Korean (matched on the compact form, so
spacing never matters, and on stems so every ending counts) and in English (lemmas with their
inflections). The model does not see phrase rules: it sees which concepts occur, which occur
together in one sentence, and in which frame (negated, about someone else, in the past, inside an
idiom or a joke, in media). Character n-grams (features.py) add the rest.

The lexicons are deliberately broad: a concept firing is not a decision, only evidence the
trained weights add up.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize import compact_korean, english_form, has_hangul, has_latin

# --- Korean (compact form: lower case, no spaces, sentence ends as ".") -------------------------
_KO: dict[str, str] = {
    "death": (
        r"죽|뒤지|디지|뒈지|주거|사망|자살|목숨|세상을?떠|저세상|하늘나라|극단적|생을|숨을?거두"
        r"|영원히(?:잠|잠들|눈)|눈을?감|깨어나지|안깨어나|깨지않|ㅈㅅ|ㅈㄱㅅ|장례|무덤|관에|유골"
    ),
    "disappear": (
        r"사라지|사라져|사라졌|사라질|없어지|없어져|없어졌|없어질|소멸|증발|흔적|없었으면|없었더라면"
        r"|태어나지|안태어|존재하지|존재가|존재자체|지워지|지워버|먼지처럼|투명인간|떠나고싶|떠날|떠나"
        r"|멀리가|가버리|안보이는곳"
    ),
    "end": (
        r"끝내|끝낼|끝냈|끝났으면|끝나면|끝이났으면|그만하|그만둘|그만두고|그만살|놓아버|놔버|놓고싶"
        r"|내려놓|포기하|포기할|포기했|마무리|마침표|끝을|끝장|리셋|꺼버|꺼지고|멈추고싶|멈췄으면"
        r"|멈추면|로그아웃|퇴장|하차"
    ),
    "self_harm": (
        r"자해|긋|그었|그어|그을|긁|커터|면도날|손목|허벅지|피가|피를|피나|상처를?내|상처냈|흉터|흉이"
        r"|때리고싶|때렸|머리를?박|벽에|지져|지졌|화상|멍이|멍들|꼬집|뜯|할퀴|아프게하|벌을?주"
    ),
    "means": (
        r"약을|약통|약봉|알약|수면제|수면유도|신경안정|안정제|진통제|타이레놀|해열제|처방약|농약|제초제"
        r"|락스|세제|번개탄|연탄|숯|가스|질소|밧줄|로프|줄을|끈을|넥타이|목을?매|목매|옥상|난간|베란다"
        r"|창문|창밖|다리위|다리에서|대교|한강|강물|바다|뛰어내|투신|떨어지|떨어질|떨어져|떨어뜨|높은곳"
        r"|높은데|층에서|층이면|층높이|기찻길|선로|철로|지하철|열차|달리는차|차에|칼|가위|총|방법을?"
        r"|치사량|얼마나먹|몇알|몇개먹|모아두|모아뒀|모아놨|모으고|사뒀|사놨|구해놨|구했|준비물"
    ),
    "farewell": (
        r"유서|유언|마지막|작별|안녕히|잘있어|잘있어요|잘지내|잘살아|고마웠|고마웠어|미안했|미안해"
        r"|용서해|그동안|먼저가|먼저갈|신변정리|주변정리|다정리|미리정리|나눠주|나눠줬|물려주|넘겨주|줘버렸|남기|남겨|편지|보험"
        r"|비밀번호|계정|맡겨|부탁할게|부탁해|기억해줘|잊어줘|잊지마|울지마|슬퍼하지|행복하게살"
    ),
    "burden": (
        r"짐이|짐만|짐덩|짐같|폐만|폐를|민폐|없는게나|없는편이|없어야|없으면(?:다들|모두|다|가족|엄마"
        r"|아빠|세상|편|더|행복)|없어도(?:다들|모두|세상|아무|될|돼|잘)|나때문에|저때문에|내탓|제탓"
        r"|쓸모없|쓸모가없|필요없는|필요가없|가치없|가치가없|존재가치|쓰레기|살가치|살자격|자격이없"
        r"|있으나마나|아무도(?:신경|안슬퍼|슬퍼하지|찾지|그리워|모를거|모르겠지)|눈치채지못|실패작"
        r"|한심|밥벌레|피해만|걸림돌|방해만|편해지|편하겠|편할"
    ),
    "hopeless": (
        r"희망이?없|희망도|의미없|의미가없|의미도없|소용없|소용이없|나아지지|나아질|안나아|바뀌지않"
        r"|달라지지|끝이안|끝이없|출구|벗어날수|빠져나갈|갇혀|갇힌|지쳤|지쳐|지침|버틸|버티기|버텨|못버티"
        r"|더는못|더이상못|더는|더이상|견딜|한계|숨쉬는것|숨쉬기|사는게|사는것|살기싫|살기가싫|살고싶지"
        r"|살아서뭐|왜살|살아야|살아있는|살아가는|살아갈|살이유|살아갈이유|내일이오지|내일이안|눈뜨기"
        r"|눈을뜨|눈뜨고싶지|아침이오|잠들고싶|영원히|지겹|지긋지긋|아무것도|모든게|다부질|부질없|허무"
        r"|공허|텅빈|무기력|캄캄|어둠|바닥|망했|끝났어|끝났다|틀렸|답이없|방법이없|길이없|무너"
    ),
    "want": (
        r"싶|십다|십어|시퍼|시프|바라|원해|원한다|했으면|하면좋겠|면좋겠|였으면|었으면|았으면|기를"
        r"|마렵|충동|생각이들|생각만|생각뿐|생각나|떠올|상상|꿈꾸"
    ),
    "plan_time": (
        r"오늘밤|오늘새벽|오늘이|오늘로|내일|모레|이번주|이번주말|주말에|금요일|토요일|날짜|날을?잡|날정|디데이"
        r"|결심|결정했|결정을|마음먹|마음을?먹|준비(?:했|해|다|완료|끝|중|물)|계획|찾아봤|찾아보|검색"
        r"|알아봤|알아보|할거야|할거다|할거예요|할게|할께|하려고|할려고|할생각|거야|거예요|예정|곧"
        r"|이따|이제|드디어|마지막날|몇시|시간을"
    ),
    "alone": r"혼자|외롭|외로워|아무도없|아무도안|고립|버림받|버려진|버려졌|연락할사람|기댈",
    "pain": r"괴롭|괴로워|고통|아파|아프|힘들|힘든|우울|불안|공황|눈물|울었|울고|무섭|두렵|미치겠",
    "harm_others": r"죽여|죽이|죽일|패버|패고|때려|찔러|찌르|복수|없애버|묻어버|해치",
    "abuse": (
        r"맞았|맞고|맞아|때렸|때려|때리|폭행|폭력|성추행|성폭|추행|강간|스토킹|스토커|협박|위협|가정폭력"
        r"|학대|괴롭힘|괴롭혀|따돌|왕따|목을졸|목졸|가둬|가뒀|손찌검|몰카|불법촬영"
    ),
    "eating": (
        r"토했|토하|토해|먹고토|게워|구토|굶|단식|절식|변비약|설사약|이뇨제|씹뱉|먹토|프로아나|폭식"
        r"|살빼|살쪄|몸무게|칼로리|거식|식욕억제"
    ),
}

# Frames: where a concept sits changes what it means.
_KO_FRAMES: dict[str, str] = {
    "neg": (
        r"않|안(?:해|할|하|죽|들|그|가|먹|했)|없어|없다|없음|없고|아니|아냐|말아야|말자|진않|지않|지는않"
        r"|절대|전혀|결코|안돼|안된|못해|하지마|그럴일|생각없|생각은없|마음은없"
    ),
    "other": (
        r"친구|동생|언니|오빠|형이|형은|형도|누나|엄마가|엄마는|아빠가|아빠는|아들|딸이|딸은|동료|후배"
        r"|선배|학생|제자|환자|내담자|걔|쟤|그애|그사람|남친이|여친이|남편이|아내가|와이프가|누가|사람들이"
        r"|그분|고객|손님|회원|다고했|다고하|라고했|라고하|대\.|래\.|댔|랬|더라|하더|한대|했대|싶대|싶다네"
        r"|싶다고|어하|워하|그녀|그는|연예인|배우|가수|주인공|캐릭터"
    ),
    "past": (
        r"예전|옛날|전에|었었|았었|했었|였었|그때|그시절|시절|년전|년동안|달전|적이있|적있|한적|던적"
        r"|지금은|이제는|이젠|극복|괜찮아졌|나아졌|회복|졸업|어릴때|학창|중학교|고등학교|대학교때"
    ),
    "idiom": (
        r"배고파|배고프|피곤|졸려|졸리|웃겨|웃기|더워|더워서|추워|귀찮|심심|맛있|맛이|맛집|귀여|부끄|창피"
        r"|민망|쪽팔|보고싶어죽|바빠|바쁘|시험|과제|숙제|야근|출근|퇴근|마감|다리아파|허리|발표|지겨워죽"
        r"|죽겠네|죽겠다|죽겠어|죽겠음|죽을것같|죽을거같|죽을뻔|죽을만큼|죽도록|죽이는|죽인다|죽여준|죽였"
        r"|죽이네|죽을맛|죽어라|죽자고|죽기살기|죽고못살|죽은듯이|죽치|숨넘어|기절"
    ),
    "laugh": r"ㅋㅋ|ㅎㅎ|ㅋ\.|😂|🤣|농담|장난|드립|밈|웃음",
    "media": (
        r"드라마|영화|뉴스|기사|소설|노래|가사|게임|캐릭터|웹툰|만화|책에|책을|책은|다큐|주인공|시험문제"
        r"|보고서|논문|수업|강의|교육|연수|세미나|캠페인|예방|상담교육|교과서|역사|작가|시|시집|배역"
        r"|대본|연극|뮤지컬|유튜브|영상|방송|기자|통계|연구|퀴즈|배터리|폰이|핸드폰|식물|화분|금붕어"
        r"|강아지가|고양이가|벌레|모기|바퀴|좀비|보스|캐릭|레벨|판|라운드"
    ),
    "question": r"\?|까\.|까$|나\.|나$|ㄹ까|을까|할까|일까",
    "help": r"상담|병원|치료|약먹|정신과|선생님께|109|1577|도움|도와|얘기했|털어놨|말했",
    # The writer speaking of themself (Korean often drops the subject; its presence still helps).
    "self": (
        r"^나|^난|^내가|^내|^저는|^전|^제가|나는|나도|나를|나만|나같|나한테|내가|내인생|내삶"
        r"|저도|저를"
    ),
}

# --- English (english_form: lower case, slang spelled out) -------------------------------------
_EN: dict[str, str] = {
    "death": (
        r"\b(?:die|dies|died|dying|dead|death|deaths|kill (?:myself|me)|killing myself|suicid\w*"
        r"|end (?:it|my life|myself|things|everything)|ending (?:it|my life|things|everything)"
        r"|not wake up|never wake up|wake up dead|six feet|grave|funeral|coffin|rest forever"
        r"|eternal sleep|sleep forever|unalive\w*|off myself|take my (?:own )?life|jump)\b"
    ),
    "disappear": (
        r"\b(?:disappear\w*|vanish\w*|cease to exist|stop existing|not exist\w*|never been born"
        r"|wasn't born|weren't born|not be here|not being here|not here anymore|gone|fade away"
        r"|fading away|erase\w*|evaporate|go away forever|leave this world|leave for good"
        r"|be no more|no longer be)\b"
    ),
    "end": (
        r"\b(?:end|ends|ending|ended|quit|quitting|give up|giving up|gave up|let go|letting go"
        r"|check out|checking out|clock out|log off|tap out|stop|stopping|over with|done"
        r"|finish\w*|switch off|shut down)\b"
    ),
    "self_harm": (
        r"\b(?:cut|cuts|cutting|cutter|razor\w*|blade\w*|wrists?|thighs?|bleed\w*|blood|scar\w*"
        r"|burn(?:ed|ing)? myself|burns|hurt(?:ing)? myself|hit(?:ting)? myself|punch\w* (?:walls?"
        r"|myself)|bang\w* my head|self[- ]?harm\w*|sh|relapse\w*|clean for|scratch\w*|bruise\w*"
        r"|punish myself)\b"
    ),
    "means": (
        r"\b(?:pills?|tablets?|meds|medication\w*|sleeping pills|painkillers?|tylenol|paracetamol"
        r"|acetaminophen|ibuprofen|overdose|od|bottle|stockpil\w*|sav(?:e|ed|ing) up|hoard\w*"
        r"|rope|noose|belt|hang\w*|ledge|roof\w*|rooftop|bridge|balcony|window|cliff|jump\w*|train"
        r"|tracks|traffic|highway|gun|guns|firearm|bullet\w*|knife|knives|blade|razor|gas|charcoal"
        r"|carbon monoxide|exhaust|garage|bleach|poison\w*|lethal|dose|how many|how much would"
        r"|high enough|floor\w*|storey|story building|drown\w*|river|ocean|water)\b"
    ),
    "farewell": (
        r"\b(?:goodbye|good bye|bye|farewell|last (?:time|message|text|note|letter|day|night|post)"
        r"|note|letter|will|wills|giving (?:away|my)|gave away|give away|gave (?:my|him|her|them)"
        r"|my stuff|my things|belongings|sorry for everything|thank you for everything|forgive me"
        r"|take care of|look after|remember me|don't be sad|don't cry|i love you all|tie up"
        r"|loose ends|affairs in order|in order|passwords?|insurance|pet|cat|dog|see you on the)\b"
    ),
    "burden": (
        r"\b(?:burden\w*|better off|without me|worthless|useless|waste of (?:space|air|oxygen|life)"
        r"|nobody (?:would|will|cares|notices|would notice|would miss)|no one (?:would|will|cares"
        r"|notices|would miss)|wouldn't (?:notice|care|miss)|won't (?:notice|care|miss)"
        r"|don't deserve|do not deserve|failure|disappointment|ruin everything|my fault"
        r"|everyone hates|pointless me|drag\w* (?:everyone|them|you) down|in the way|relief)\b"
    ),
    "hopeless": (
        r"\b(?:hopeless\w*|no hope|no point|pointless|meaningless|no reason|nothing (?:matters"
        r"|left|to live|will change|gets better|ever changes)|never (?:gets? better|change|end)"
        r"|can't (?:go on|do this|take|keep|cope|anymore|handle|breathe|escape|see)|cannot go on"
        r"|no way out|trapped|stuck|exhausted|tired of (?:living|life|being|everything|it all)"
        r"|so tired|done with (?:life|everything|it all)|empty|numb|dark|darkness|drowning|give up"
        r"|no future|no tomorrow|why bother|why am i (?:alive|here)|what's the point"
        r"|point of living"
        r"|anymore|any longer|much longer|unbearable|can't stand|hate my life|hate myself|broken"
        r"|ruined|lost|alone|endless|forever|every day)\b"
    ),
    "want": (
        r"\b(?:want|wants|wanted|wanting|wish|wishes|wished|wishing|hope|hoping|would rather"
        r"|i'd rather|rather|need to|long to|thinking (?:about|of)|thoughts? (?:of|about)|urge\w*"
        r"|tempt\w*|craving|fantasi\w*|imagine|imagining|keep picturing|dream of|if only|could just"
        r"|wouldn't mind|would be nice|easier if|better if)\b"
    ),
    "plan_time": (
        r"\b(?:tonight|tomorrow|this weekend|this week|friday|saturday|sunday|monday|soon|today"
        r"|date|picked a|decided|decision|plan|plans|planned|planning|ready|prepared|preparing"
        r"|researched|research\w*|looked up|googl\w*|searched|bought|ordered|going to|will|i'll"
        r"|i'm going|gonna|about to|when|after (?:the|my)|before (?:the|my)|by (?:the|friday|sunday"
        r"|monday)|final|finally|time has come|it's time)\b"
    ),
    "alone": r"\b(?:alone|lonely|loneliness|isolated|nobody to|no one to|abandon\w*|left me)\b",
    "pain": (
        r"\b(?:pain|hurts?|hurting|suffer\w*|depress\w*|anxious|anxiety|panic|crying|cried|tears"
        r"|scared|afraid|miserable|sad|awful|struggl\w*)\b"
    ),
    "harm_others": (
        r"\b(?:kill (?:him|her|them|you|my|that|this|the|everyone|somebody|someone)|murder\w*"
        r"|stab\w*|shoot (?:him|her|them|up|everyone)|hurt (?:him|her|them|someone|you)|revenge"
        r"|make (?:him|her|them) pay|strangle\w*|beat (?:him|her|them) up)\b"
    ),
    "abuse": (
        r"\b(?:hit me|hits me|hitting me|beat me|beats me|beaten|slap\w* me|punch\w* me|kick\w* me"
        r"|choke\w* me|chok\w*|strangl\w* me|abus\w*|assault\w*|rape\w*|molest\w*|touched me"
        r"|stalk\w*"
        r"|threaten\w*|bull(?:y|ied|ying)|locked me|hurts me|grab\w* me|pushed me|shoved me)\b"
    ),
    "eating": (
        r"\b(?:purg\w*|throw(?:ing)? up|threw up|vomit\w*|starv\w*|fasting|skip\w* meals"
        r"|laxative\w*"
        r"|diuretic\w*|binge\w*|calories|pro[- ]?ana|thinspo|weigh\w*|fat|restrict\w*|anorex\w*"
        r"|bulimi\w*|fingers down)\b"
    ),
}

_EN_FRAMES: dict[str, str] = {
    "neg": (
        r"\b(?:not|no|never|don't|do not|doesn't|didn't|won't|wouldn't|isn't|aren't|wasn't|can't"
        r"|no longer|nothing|nobody|none|stopped|without)\b"
    ),
    "other": (
        r"\b(?:he|she|they|him|her|them|his|their|friend\w*|brother|sister|mom|mum|dad|mother"
        r"|father|son|daughter|cousin|aunt|uncle|coworker|colleague|classmate|roommate|student"
        r"|patient|client|boyfriend|girlfriend|husband|wife|partner|kid|someone|somebody|says|said"
        r"|told me|texted me|posted|character|guy|girl|man|woman|people)\b"
    ),
    "past": (
        r"\b(?:used to|years ago|year ago|months ago|back then|back in|when i was|in high school"
        r"|in college|as a teen\w*|teenager|used|was|were|had|recovered|recovery|healed|clean"
        r"|better now|anymore|since then|looking back|survived|past|old me)\b"
    ),
    "idiom": (
        r"\b(?:killing me|killed it|kill for|killer|to die for|dying to|dying for|dead tired"
        r"|died laughing|dead lol|i'm dead|i'm dying|die of embarrassment|could die|bored to death"
        r"|scared to death|nearly died|murder (?:a|some)|slay\w*|battery|phone|laptop|plant|game"
        r"|boss|level|respawn|deadline|commute|exam|homework|traffic|meeting|meetings|hungry|tired"
        r"|hangover|workout|gym|legs|funny|hilarious|embarrass\w*|cringe|lol|lmao|haha\w*|rofl)\b"
    ),
    "laugh": r"\b(?:lol|lmao|lmfao|haha\w*|hehe\w*|jk|joking|kidding|rofl)\b|😂|🤣|💀",
    "media": (
        r"\b(?:movie|film|show|series|episode|book|novel|song|lyrics|album|news|article|podcast"
        r"|documentary|character|protagonist|villain|game|video|class|lecture|training|course"
        r"|essay|paper|research|study|statistics|history|poem|author|actor|role|script|play"
        r"|season|anime|manga|tv|netflix|youtube|tiktok|reddit|thread|post)\b"
    ),
    "question": r"\?|\b(?:how|what if|should i|would it|is it)\b",
    "self": r"\b(?:i|i'm|i've|i'd|i'll|me|my|myself|mine)\b",
    "help": (
        r"\b(?:therapist|therapy|counsel\w*|doctor|psychiatrist|hotline|helpline|988|crisis line"
        r"|talked to|told my|reached out|support|help)\b"
    ),
}

_KO_RE = {name: re.compile(pattern) for name, pattern in _KO.items()}
_KO_FRAME_RE = {name: re.compile(pattern) for name, pattern in _KO_FRAMES.items()}
_EN_RE = {name: re.compile(pattern) for name, pattern in _EN.items()}
_EN_FRAME_RE = {name: re.compile(pattern) for name, pattern in _EN_FRAMES.items()}

_KO_SPLIT = re.compile(r"[.,]+")
_EN_SPLIT = re.compile(r"[.!?,]+|\b(?:but|and then|because|so)\b")


@lru_cache(maxsize=4096)
def _sentence_concepts(language: str, sentence: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(concepts, frames) found in one sentence; cached because a long text is read whole and
    again in windows that share its sentences."""
    concepts, frames = (_KO_RE, _KO_FRAME_RE) if language == "ko" else (_EN_RE, _EN_FRAME_RE)
    found = tuple(sorted(name for name, pattern in concepts.items() if pattern.search(sentence)))
    if not found:
        return (), ()
    framed = tuple(name for name, pattern in frames.items() if pattern.search(sentence))
    return found, framed


def _sentence_features(language: str, sentence: str, out: set[str], whole: set[str]) -> None:
    found, framed = _sentence_concepts(language, sentence)
    if not found:
        return
    whole.update(found)
    for concept in found:
        out.add(f"c:{concept}")
        out.add(f"{language}:{concept}")
        for frame in framed:
            out.add(f"cf:{concept}/{frame}")
    for i, first in enumerate(found):
        for second in found[i + 1 :]:
            out.add(f"cc:{first}+{second}")
            if not framed:
                out.add(f"cc0:{first}+{second}")
            for frame in framed:
                out.add(f"ccf:{first}+{second}/{frame}")
    out.add(f"n:{min(len(found), 5)}")


def concept_features(text: str) -> set[str]:
    """The concept features of one cleaned text (see the module docstring)."""
    out: set[str] = set()
    if has_hangul(text):
        # Concepts anywhere in the text too: a farewell in one sentence and a plan in the next.
        whole: set[str] = set()
        for sentence in _KO_SPLIT.split(compact_korean(text)):
            if sentence:
                _sentence_features("ko", sentence, out, whole)
        out.update(f"t:{name}" for name in whole)
    if has_latin(text):
        whole = set()
        for sentence in _EN_SPLIT.split(english_form(text)):
            if sentence.strip():
                _sentence_features("en", sentence.strip(), out, whole)
        out.update(f"t:{name}" for name in whole)
    return out
