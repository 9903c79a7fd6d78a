"""English rules, matched on the English form (lower case, slang spelled out, one space).

Structure: an intent frame (want/wish/plan/going to, "better off", "no reason to") over death,
self ("myself") or means; the nearest subject decides whose intent it is; a negation within the
clause before the trigger cancels it (except discourse markers such as "not gonna lie");
distant past lowers it to concern; idiom frames ("killing me", "dying to", "to die for",
"kill it") are never rules, and embarrassment/laughter frames soften "I want to die".
"""

from __future__ import annotations

import re

from .engine import Finding, Match, Rule, compile_rules

SPECS: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "en.suicide.kill_myself",
        "suicide",
        "crisis",
        r"\b(?:kill(?:ing|ed)?|murder|off(?:ing)?|hang(?:ing|ed)?|shoot(?:ing)?|drown(?:ing)?"
        r"|poison(?:ing)?) myself\b",
        {
            "keys": ("myself",),
            "idiomatic": True,
            "unless_after": r"^ (?:laughing|with laughter|in the foot|over this|over it)",
            "unless_before": r"(?:told me to|tells me to|telling me to|said to|says to"
            r"|asked me to) $",
        },
    ),
    (
        "en.suicide.want_die",
        "suicide",
        "crisis",
        r"\b(?:want|wanted|wanting|wish|wished|plan|planning|planned|ready|deserve|deserved"
        r"|prepared|decided|urges?|tempted|trying|need|needed)"
        r"(?: to)? (?:die|be dead|end it(?: all)?|end my life|end things|stop existing|not exist"
        r"|not be alive|not wake up|never wake up|disappear(?: forever)?|kill myself"
        r"|take my (?:own )?life)\b"
        r"|\b(?:thinking about|think about|thought about|thoughts? of|thinking of|considering"
        r"|considered|contemplating|going to|planning on|plan on)"
        r" (?:end(?:ing)? it(?: all)?|end(?:ing)? my life|kill(?:ing)? myself|suicide|dying"
        r"|tak(?:e|ing) my (?:own )?life|not waking up|disappearing forever)\b"
        r"|\bwant (?:it all|everything|all of (?:it|this)|this all|it|my life|life) to (?:end|stop"
        r"|be over)(?: for good| forever| now| already)?(?= ?(?:[.,!?]|$|and\b|but\b))",
        {
            "keys": (
                "die",
                "dead",
                "end",
                "exist",
                "alive",
                "wake",
                "disappear",
                "kill",
                "life",
                "suicide",
                "dying",
                "over",
                "stop",
            ),
            "idiomatic": True,
            "unless_after": r"^ (?:of|from|laughing|for|with (?:him|her|them|my)|in your arms"
            r"|happy)",
            "unless_before": r"\b(?:we're all|everyone's|everybody's|all going) $",
        },
    ),
    (
        "en.suicide.end_life",
        "suicide",
        "crisis",
        r"\b(?:end|ending|take|taking|took) my (?:own )?life\b|\bend it all\b"
        r"|\bcommit(?:ting)? suicide\b"
        r"|\bsuicidal\b|\bsuicide (?:attempt|plan|note|thoughts?|ideation)\b"
        r"|\b(?:attempted|tried|try|trying) (?:to )?(?:suicide|kill myself|end it)\b"
        r"|\b(?:think|thinking|thought|thoughts) (?:about|of) (?:suicide|killing myself|ending it"
        r"|ending my life)\b",
        {"keys": ("life", "end it", "suicid", "kill myself")},
    ),
    (
        "en.suicide.wish_dead",
        "suicide",
        "crisis",
        r"\bwish (?:i|i'd) (?:was|were|had) (?:dead|gone|not here|not alive)\b"
        r"|\bwish i (?:could )?(?:die|just die|disappear|not wake up|never wake up|sleep forever"
        r"|stop existing)\b"
        r"|\bhope i (?:don't|never|do not) wake up\b|\b(?:go to sleep|fall asleep"
        r"|sleep) and (?:never|not) wake up\b"
        r"|\b(?:i'd|i would) (?:rather|prefer to) (?:be dead|die|not exist|not be alive)\b",
        {"keys": ("wish", "wake", "rather", "prefer"), "idiomatic": True},
    ),
    (
        "en.suicide.no_live",
        "suicide",
        "crisis",
        r"\b(?:don't|do not|doesn't|does not|didn't|no longer|never) want to (?:live|be alive"
        r"|exist|wake up|keep living|go on living|be here anymore|be here any more)\b"
        r"|\b(?:no|not any|no more|nothing left|no real) reasons? (?:left )?to (?:live|go on"
        r"|keep going|stay alive|be alive|keep living)\b"
        r"|\bcan't go on(?! like this)\b|\bwhat(?:'s| is) the point (?:of|in) (?:living|life"
        r"|being alive|going on|staying alive)\b"
        r"|\b(?:don't|do not|can't|cannot|doesn't) see (?:the|any) point (?:of|in) (?:living|life"
        r"|being alive|going on|staying alive|waking up|being here)\b"
        r"|\btired of (?:living|being alive|existing)\b|\bnothing (?:left )?to live for\b"
        r"|\bdone with (?:life|living)\b",
        {"keys": ("want to", "reason", "go on", "point", "tired of", "live for", "done with")},
    ),
    (
        "en.suicide.better_off",
        "suicide",
        "crisis",
        r"\b(?:better off|happier|fine|okay|easier)(?: off)? (?:without me|if i (?:was|were|wasn't"
        r"|weren't|died|disappeared"
        r"|was gone|were gone|wasn't here|weren't here|didn't exist|wasn't around|weren't around"
        r"|was dead|were dead))\b"
        r"|\bbetter off dead\b"
        r"|\b(?:nobody|no one|no-one) (?:would|will|'d|is going to) (?:even )?(?:miss me"
        r"|notice if i|care if i|notice i'm gone"
        r"|notice when i'm gone|miss me if)\b|\b(?:nobody|no one) would (?:even )?(?:miss"
        r"|notice)(?: me)?(?= ?(?:\.|$|if i))"
        r"|\bwon't be (?:a )?(?:burden|problem|bother)(?: to (?:anyone|you|them))? (?:much "
        r"|for )?(?:longer|long)\b"
        r"|\b(?:won't|will not|not) be (?:around|here) (?:much |for )?(?:longer|long)\b",
        {
            "keys": ("without me", "if i", "dead", "miss", "notice", "care", "longer", "long"),
            "unless": r"\b(?:moving|move|leaving for|visa|contract|job|apartment|city|country"
            r"|semester|trip|vacation"
            r"|holiday|office|company|flight|lease|internship|transfer)\b",
        },
    ),
    (
        "en.suicide.farewell",
        "suicide",
        "crisis",
        r"\bsuicide note\b|\bthis is (?:my )?(?:goodbye|my last (?:entry|post|note|message"
        r"|letter))\b"
        r"|\bgoodbye (?:everyone|world|cruel world|forever)\b|\b(?:wrote|writing|written"
        r"|left) (?:a|my) (?:goodbye|farewell"
        r"|last) (?:letter|note)s?\b|\bgiv(?:e|ing|en) away (?:my|all my|all of my) (?:stuff"
        r"|things|belongings|possessions)\b"
        r"|\bmy last (?:night|day) (?:on earth|alive)\b|\bsorry for (?:leaving|going) (?:first"
        r"|like this)\b",
        {
            "keys": ("note", "goodbye", "farewell", "letter", "away", "last", "sorry"),
            "negatable": False,
            "unless_text": r"\b(?:job|work|office|school|team|company|class|semester|the show"
            r"|series"
            r"|season|tour)\b",
        },
    ),
    (
        "en.suicide.means",
        "suicide",
        "crisis",
        r"\b(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded|collecting|collected"
        r"|counting) (?:up )?"
        r"(?:my |the |all my |some )?(?:pills|meds|medication|sleeping pills|tablets|painkillers)\b"
        r"|\b(?:take|took|taking|swallow|swallowed|swallowing|down|downed) (?:all|the whole"
        r"|a whole|a bunch of|a handful of"
        r"|every one of|too many|all of) (?:of )?(?:my |the |them )?(?:pills|meds|bottle"
        r"|sleeping pills|tablets|medication"
        r"|painkillers)\b|\boverdos(?:e|ed|ing)\b|\bbought (?:a )?(?:rope|noose|gun|charcoal"
        r"|razor blades)\b|\bnoose\b"
        r"|\b(?:jump|jumping|leap|leaping|throw myself) (?:off|from|in front of) (?:a |the |this "
        r"|that )?(?:bridge|roof"
        r"|rooftop|building|balcony|cliff|train|tower|ledge|overpass|car|bus|truck)\b|\bgun (?:to"
        r"|in) my (?:head|mouth)\b"
        r"|\b(?:step|walk|walking|stepping) (?:in front of|into) (?:a |the )?(?:train|traffic|car"
        r"|bus|truck)\b"
        r"|\blethal dose\b|\bhow (?:many|much) (?:pills|tylenol|paracetamol|sleeping pills"
        r"|insulin)\b[^.!?]{0,20}\b(?:take|kill|lethal|die|overdose|enough)\b",
        {
            "keys": (
                "pills",
                "meds",
                "medic",
                "tablet",
                "painkiller",
                "bottle",
                "overdos",
                "rope",
                "noose",
                "gun",
                "charcoal",
                "razor",
                "off",
                "from",
                "front of",
                "into",
                "lethal",
                "how many",
                "how much",
            ),
            "unless": r"\b(?:into the (?:lake|water|river|pool|sea|ocean)|bungee|skydiv|parachute"
            r"|diving|dive|cliff jump"
            r"|game|movie|stunt|trampoline|puddle|couch|bed|stairs|prescribed|doctor said|vet|dog"
            r"|cat|accidental)\b",
        },
    ),
    (
        "en.self_harm.act",
        "self_harm",
        "crisis",
        r"\b(?:cut|cutting|cuts|burn|burning|burned|burnt|hurt|hurting|harm|harming|hit|hitting"
        r"|punish|punishing"
        r"|scratch|scratching|punch|punching|bruise|bruising) myself\b|\bself[- ]?harm(?:ing|ed)?\b"
        r"|\bself[- ]?injur(?:y|e|ed|ing)\b|\bslit (?:my )?wrists?\b|\b(?:urge|urges|want|wanted"
        r"|need|needed|itching) to"
        r" (?:cut|bleed|feel pain|see blood)\b|\b(?:started|start|starting"
        r"|back to) cutting(?: again)?\b"
        r"|\brelapsed? (?:and|with|on) (?:cut|cutting|self)",
        {
            "keys": (
                "myself",
                "self",
                "slit",
                "urge",
                "want",
                "need",
                "itching",
                "cutting",
                "relaps",
            ),
            "unless": r"\b(?:while|shaving|cooking|chopping|slicing|accident\w*|by mistake|on (?:a"
            r"|the|some) (?:knife|glass"
            r"|paper|nail|can)|at the gym|playing|lifting|running|during (?:the|a|practice)|fell"
            r"|slipped|tripped"
            r"|paper cut|workout|hiking|skiing|in the kitchen|opening)\b",
        },
    ),
    (
        "en.harm.others",
        "harm_to_others",
        "concern",
        r"\b(?:i want to|i wanna|i'm going to|i am going to|i'll|i will|i could|i swear i'll"
        r"|i really want to|i'm gonna|i feel like|i'm about to|i need to|i plan to"
        r"|i'm planning to)(?: \w+){0,2}? (?:kill|murder|stab|shoot|strangle|hurt|beat up|punch"
        r"|poison|run over|choke) (?:him|her|them|someone|somebody|everyone|everybody|people"
        r"|(?:my|that|this|the|those|his|her|our) (?:\w+ )?(?:boss|dad|father|mom|mother|brother"
        r"|sister|teacher|coworker|colleague|roommate|ex|husband|wife|boyfriend|girlfriend"
        r"|neighbou?r|friend|manager|classmate|bully|bullies|guy|girl|man|woman|kid|family"
        r"|stepdad|stepmom|professor|landlord|partner|cousin|uncle|aunt|people)s?)\b",
        {
            "keys": (
                "kill",
                "murder",
                "stab",
                "shoot",
                "strangle",
                "hurt",
                "beat",
                "punch",
                "poison",
                "run over",
                "choke",
            ),
            "unless_after": r"^ (?:for (?:eating|taking|using|stealing|drinking|finishing"
            r"|borrowing|touching|spoiling|breaking|being late|not|making me)|if)\b",
            "unless": r"\b(?:time|the lights|the process|the mood|the vibe|the game|the music"
            r"|two birds|it|the bugs?"
            r"|the spider|the mosquito|the boss fight|the final boss|zombies?|the dragon"
            r"|in the game|level|mobs?|npcs?)\b",
        },
    ),
    (
        "en.abuse.hit_by",
        "abuse",
        "concern",
        r"\b(?:he|she|they|my (?:dad|father|mom|mother|stepdad|stepfather|stepmom|stepmother"
        r"|husband|boyfriend|bf|partner"
        r"|wife|girlfriend|gf|brother|sister|uncle|aunt|grandpa|grandfather|ex|parents|teacher"
        r"|coach|boss|roommate"
        r"|ex-boyfriend|ex-husband|ex-girlfriend))\b(?: \w+){0,3}? (?:hit|hits|hitting|beat|beats"
        r"|beating|slapped|slaps"
        r"|punched|punches|kicked|kicks|choked|chokes|strangled|strangles|shoved|shoves|pushed"
        r"|threw|raped|molested"
        r"|touched|grabbed|abused|abuses|threatened|threatens|locks|locked|hurts|hurt|burned"
        r"|bit) (?:me|us)\b"
        r"(?! (?:(?:at|in|to|up|that)\b|with an? (?:idea|question|offer|bill)|a (?:party|surprise)"
        r"|deeply|emotionally|so much"
        r"|with (?:a|the) (?:news|question|truth)))",
        {"keys": ("me", "us"), "personal": False},
    ),
    (
        "en.abuse.victim",
        "abuse",
        "concern",
        r"\bi(?: was| got| am being|'m being| have been|'ve been| am|'m) (?:raped|molested"
        r"|sexually assaulted|assaulted|abused"
        r"|beaten|bullied|harassed|stalked|groomed|hit|slapped|choked)\b|\bi'm (?:being"
        r"|getting) (?:bullied|abused|beaten"
        r"|stalked|harassed)\b|\bdomestic (?:violence|abuse)\b|\b(?:afraid|scared"
        r"|terrified) (?:to go|of going) home\b"
        r"|\b(?:told|tells|telling) me to (?:kill myself|kill yourself|die)\b|\bkill yourself\b"
        r"|\b(?:he|she|they|my \w+) (?:won't|wouldn't) let me (?:leave|go out|see my friends)\b",
        {"keys": ("i ", "i'", "domestic", "home", "kill", "let me")},
    ),
    (
        "en.abuse.threat",
        "abuse",
        "concern",
        r"\bthreaten(?:ed|s|ing)? to (?:kill|hurt|stab|shoot) me\b|\bsaid (?:he|she|they)"
        r"(?:'d| would| will|'ll) kill me\b",
        {"keys": ("threat", "kill me"), "negatable": False, "personal": False},
    ),
    (
        "en.third_party.self_harm",
        "third_party",
        "concern",
        r"\b(?:kill(?:ing|ed|s)?|hurt(?:ing|s)?|harm(?:ing|s)?|cut(?:ting|s)?|starv(?:e|ing|es)"
        r"|hang(?:ing|ed|s)?) (?:himself|herself|themselves|themself)\b"
        r"|\b(?:lost|losing) (?:my |a |our |his |her )?[\w-]+ to suicide\b"
        r"|\b(?:died|dead) by suicide\b|\btook (?:his|her|their) own life\b",
        {"keys": ("himself", "herself", "themsel", "suicide", "own life")},
    ),
    (
        "en.eating.disordered",
        "eating_disorder",
        "concern",
        r"\b(?:made|make|making) myself (?:throw up|vomit|puke|sick)\b|\bpurg(?:e|ed|ing)\b"
        r"|\bbinge[ds]? (?:and|then) purg"
        r"|\blaxatives?\b|\bstarv(?:e|ed|ing) myself\b|\bpro[- ]?ana\b|\bthinspo\b"
        r"|\bdon't deserve (?:to eat|food)\b"
        r"|\bhaven't eaten (?:anything )?in (?:\d+|two|three|four|five|a few|several) days\b"
        r"|\bthrew up (?:after|everything) (?:i ate|eating|dinner|lunch)\b(?=.*\b(?:on purpose"
        r"|weight|fat|calori))"
        r"|\bskipp?(?:ed|ing)? (?:every|all) meals?\b",
        {
            "keys": (
                "myself",
                "purg",
                "laxative",
                "ana",
                "thinspo",
                "deserve",
                "eaten",
                "threw up",
                "meals",
            ),
            "unless": r"\b(?:colonoscopy|doctor|prescribed|constipat\w*|flu|stomach bug"
            r"|food poisoning|pregnan\w*"
            r"|hangover|seasick|carsick|chemo|surgery|fasting for|ramadan|data|cache|the purge)\b",
        },
    ),
    (
        "en.hope.hopeless",
        "hopelessness",
        "concern",
        r"\bhopeless\b(?! (?:at|with|romantic|case at))|\bno (?:hope|future"
        r"|way out)\b(?! for (?:the team|them|this team))"
        r"|\bnothing (?:will|is going to|is ever going to|ever)(?: ever)? (?:get|gets|change"
        r"|changes"
        r"|improve|improves)(?: better)?\b|\bfeel(?:ing)? (?:so )?(?:empty|numb|nothing)"
        r" (?:inside|all the time|every day|anymore)\b"
        r"|\b(?:never|not) (?:going to|gonna) get better\b|\bno point (?:in )?(?:trying|anything"
        r"|living|going on|getting up)\b"
        r"|\bcan't (?:do this|take (?:it|this)|handle (?:it|this|life)|cope|keep doing this"
        r"|go on like this) any ?more\b"
        r"|\bcan't go on like this\b|\bgiv(?:e|ing) up on (?:everything|life|myself)\b|\b(?:want"
        r"|need) (?:the|this) pain"
        r" to (?:stop|end)\b|\bmake (?:it|the pain) stop\b|\btired of (?:fighting|trying"
        r"|everything|it all|being me)\b"
        r"|\bi'm (?:falling apart|at my breaking point|at the end of my rope)\b|\bbreaking point\b",
        {
            "keys": (
                "hope",
                "no ",
                "nothing",
                "better",
                "point",
                "can't",
                "giv",
                "pain",
                "stop",
                "tired",
                "falling",
                "breaking",
                "empty",
                "numb",
                "feel",
            )
        },
    ),
    (
        "en.hope.burden",
        "hopelessness",
        "concern",
        r"\b(?:i'm|i am|i feel like|i feel like i'm|feel like i'm|i've become|i'm just|i am just"
        r"|i'm nothing but|i'm only"
        r"|i'm such)\s+(?:such |a |an |just |nothing but |only |huge |total |complete )*(?:burden"
        r"|waste of (?:space|oxygen|air)"
        r"|mistake|disappointment to everyone)\b|\bburden (?:to|on) (?:everyone|my family|them"
        r"|everybody|people|my parents"
        r"|my friends|you all)\b|\bi(?:'m| am) (?:so |completely |totally )?(?:worthless|useless"
        r"|pathetic)\b(?! at)"
        r"|\b(?:nobody|no one) (?:needs|wants|cares about|would care about) me\b"
        r"|\bshould(?:n't| not| never) have been born\b|\bwish i (?:was|were|had)(?:n't| not"
        r"| never) (?:been )?born\b",
        {"keys": ("i'm", "i am", "feel", "burden", "nobody", "no one", "born", "i've")},
    ),
    (
        "en.signal.means",
        "suicide",
        "signal",
        r"\b(?:pills|bottle of|rope|noose|gun|bridge|roof|rooftop|ledge|knife|blade|blades|razor"
        r"|overdose|train tracks"
        r"|charcoal|pesticide|the tracks)\b",
        {"negatable": False, "personal": False, "historic": False},
    ),
    (
        "en.signal.plan",
        "suicide",
        "signal",
        r"\b(?:tonight|tomorrow night|this weekend|a plan|the plan|my plan|planned it|planning it"
        r"|wrote a note|note for"
        r"|set a date|picked a date|decided|figured out how|said goodbye|goodbyes|gave away"
        r"|giving away|affairs in order"
        r"|i'm ready|looked up how)\b",
        {"negatable": False, "personal": False, "historic": False},
    ),
    (
        "en.signal.danger",
        "abuse",
        "signal",
        r"\b(?:knife|gun|choked|strangled|for my life|hospital|bleeding|locked me"
        r"|won't let me leave|hiding)\b",
        {"negatable": False, "personal": False, "historic": False},
    ),
]

RULES: tuple[Rule, ...] = compile_rules(SPECS)  # type: ignore[arg-type]

_SELF = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|myself)\b")
_OTHER = re.compile(
    r"\b(?:he|she|they|he's|she's|they're|he'd|she'd|they'd|he'll|she'll|his|her|their|him|them"
    r"|friend|friends"
    r"|brother|sister|mom|mother|dad|father|son|daughter|kid|kids|child|wife|husband|boyfriend"
    r"|girlfriend|bf|gf"
    r"|partner|coworker|colleague|classmate|roommate|student|patient|client|someone|somebody"
    r"|people|character|singer"
    r"|actor|actress|celebrity|cousin|aunt|uncle|neighbor|neighbour|boss|teen|teenager|man|woman"
    r"|guy|girl|narrator"
    r"|protagonist|rapper|he was|she was)\b"
)
_CLAUSE = re.compile(
    r".*(?:[,;:]|\bbut\b|\bthough\b|\balthough\b|\byet\b|\bexcept\b|\bhowever\b|\bbecause\b)"
)
_NEG = re.compile(
    r"(?:\bnot\b|\bnever\b|n't\b|\bno\b|\bno longer\b|\bnor\b|\bwithout\b|\bden(?:y|ies|ied)\b"
    r"|\bzero\b)"
    r"(?: [\w']+){0,4} ?$"
)
_NEG_EXCEPT = re.compile(
    r"(?:not (?:going to|gonna) lie|not to be dramatic|no offense|not kidding|not joking|not sure"
    r"|no idea|don't know"
    r"|do not know|not even|can't|cannot|couldn't|no one|didn't think|not going to pretend"
    r"|don't care|doesn't matter"
    r"|not ok|not okay|not fine|no matter|don't understand|don't get why|never told|never said"
    r"|no reason|not that)"
)
_MEDIA = re.compile(
    r"\b(?:lyrics?|song|songs|movie|film|show|series|episode|book|novel|character|news|article"
    r"|headline|documentary"
    r"|podcast|video game|in the game|quote|poem|anime|manga|tv|netflix|season|reported"
    r"|according to|study|studies"
    r"|statistics|rates?|research|awareness|prevention|hotline|training|webinar|lecture|class on"
    r"|course on|essay)\b"
)
_PAST = re.compile(
    r"\b(?:used to|years ago|months ago|when i was (?:a kid|a child|young|younger|little|a teen"
    r"|a teenager|in (?:high school"
    r"|college|middle school|school|university))|in (?:high school|college|middle school|my teens"
    r"|my twenties)|back then"
    r"|in the past|last year|as a (?:kid|teen|teenager)|at (?:\d{2}|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen)"
    r"|a long time ago|once|for years)\b"
)
_RECUR = re.compile(
    r"\b(?:again|lately|recently|these days|tonight|right now|still|today|this week|last night)\b"
)
_SCAR = re.compile(r"\b(?:scars?|marks)\b")
_EMBARRASS = re.compile(
    r"\b(?:embarrass\w*|cringe\w*|mortif\w*|humiliat\w*|awkward|so dumb|facepalm)\b"
)
_LAUGH = re.compile(
    r"(?:ㅋㅋ|ㅎㅎ|\blol\b|\blmao\b|\blmfao\b|\bhaha\w*\b|\brofl\b|😂|🤣|💀|\bjk\b"
    r"|\bjust kidding\b)"
)
_GENERIC = re.compile(
    r"^ (?:is|are|can|may|might|affects?|rates?|prevention|awareness|hotline|survivors?)\b"
)
_HARM_MEANS = re.compile(
    r"\b(?:gun|knife|knives|bring|brought|bought|plan|planned|planning|tomorrow|tonight|school"
    r"|ammo|bullets|show up"
    r"|waiting for|address|where (?:he|she|they) lives?|for real|seriously|i mean it|not joking)\b"
)
_JOKE = re.compile(
    r"(?:\blol\b|\blmao\b|\bhaha\w*|😂|🤣|\bjk\b|\bif (?:he|she|they|you)\b|\bjoking\b|\bkidding\b)"
)


def _last_end(pattern: re.Pattern[str], text: str) -> int:
    end = -1
    for m in pattern.finditer(text):
        end = m.end()
    return end


def _negated(before: str) -> bool:
    clause = _CLAUSE.sub("", before)
    m = _NEG.search(clause)
    if not m:
        return False
    return not _NEG_EXCEPT.match(clause[m.start() :])


def _about_other(match: Match) -> bool:
    before = match.before
    # Inside a quotation attributed to someone else: "she said 'I want to die'".
    if before.count('"') % 2 == 1:
        outside = before[: before.rfind('"')]
        if _last_end(_OTHER, outside) > _last_end(_SELF, outside):
            return True
    if "myself" in match.matched:
        return False
    return _last_end(_OTHER, before) > _last_end(_SELF, before)


def check(match: Match) -> Finding | None:
    rule = match.rule
    sentence, before, after = match.sentence, match.before, match.after
    level = rule.level
    if level == "signal":
        return Finding(rule.id, rule.category, "signal", "self")
    if rule.negatable and _negated(before):
        return None
    if rule.category == "harm_to_others":
        if _JOKE.search(match.tail):
            return None
        if _HARM_MEANS.search(sentence):
            return Finding(rule.id, rule.category, "crisis", "self", "means")
        return Finding(rule.id, rule.category, "concern", "self")

    about_other = rule.category == "third_party" or (rule.personal and _about_other(match))
    framed = about_other or not _SELF.search(before) or '"' in sentence
    if rule.category != "abuse" and framed and _MEDIA.search(sentence):
        return None  # news, lyrics, a character, statistics: not the writer
    if about_other:
        if rule.category == "abuse":
            return Finding(rule.id, "abuse", "concern", "self")
        return Finding(rule.id, "third_party", "concern", "other")

    if rule.idiomatic and _EMBARRASS.search(sentence):
        return None
    if rule.idiomatic and _LAUGH.search(match.tail):
        level = "concern"
    if level == "crisis" and _GENERIC.search(after):
        level = "concern"
    if rule.historic and level == "crisis":
        scar = rule.category == "self_harm" and _SCAR.search(sentence)
        if (scar or _PAST.search(sentence)) and not _RECUR.search(sentence):
            level = "concern"
    if rule.category == "abuse" and level == "concern":
        return Finding(rule.id, rule.category, "concern", "self")
    return Finding(rule.id, rule.category, level, "self")
