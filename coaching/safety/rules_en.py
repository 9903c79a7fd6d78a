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
            r"|happy|into|to (?:a|the|my)|somewhere|on (?:a|the)|off (?:social|the grid"
            r"|the internet)"
            r"|offline|under (?:a|the|my) (?:blanket|covers))",
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
        r"|\bwish i(?: could|'d| would)? (?:never wake up again|not wake up again|die|just die"
        r"|disappear|not wake up|never wake up|sleep forever"
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
            "unless": r"\b(?:while|shaving|oven|stove|iron|pan|curling|cooking|chopping|slicing"
            r"|accident\w*|by mistake|on (?:a"
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
        r"(?! (?:(?:at|to|up|that)\b|in (?:the |a )?(?:game|race|match|chess|cards|round|finals"
        r"|tennis)\b|with an? (?:idea|question|offer|bill)|a (?:party|surprise)"
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
                "meal",
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


FIRST_PERSON_INTENT = (
    r"\b(?:i'm going to|i am going to|i want to|i'll|i will|thinking about|thought about|i might"
    r"|tempted to|i wanted to|urge to|i could just|i plan to|i'm planning to|considering)\b"
)

# Concept x concept rules, read within one sentence and a little before it (`also`).
GENERAL: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "en.suicide.own_death_relief",
        "suicide",
        "crisis",
        r"\b(?:my (?:own )?(?:funeral|death|grave|obituary)|being dead|not being here|not existing"
        r"|not waking up|being gone)\b",
        {
            "keys": (
                "funeral",
                "death",
                "grave",
                "obituary",
                "dead",
                "being here",
                "existing",
                "waking",
                "gone",
            ),
            "also": r"\b(?:relief|peace|peaceful|better|calm|nice|comfort\w*|relieved|freedom"
            r"|easier"
            r"|rest)\b",
        },
    ),
    (
        "en.suicide.method_search",
        "suicide",
        "crisis",
        r"\b(?:easiest|painless|quickest|fastest|best|cleanest|surest|least painful"
        r"|quietest) ways? "
        r"(?:to (?:go|die|do it|end it|kill myself|end things)|of dying|out)\b"
        r"|\bhow to (?:kill myself|end my life|die painlessly|do it painlessly|die in my sleep)\b",
        {"keys": ("way", "how to")},
    ),
    (
        "en.suicide.overdose",
        "suicide",
        "crisis",
        r"\b(?:take|took|taking|swallow|swallowed|swallowing|down|downing|chug|chugged"
        r"|overdose on)\b"
        r"(?: \w+){0,2}? (?:all|every|the whole|a whole|the entire|a bunch|a handful|too many"
        r"|the rest"
        r"|a full bottle)\b(?: [\w']+){0,3}? (?:pills|meds|medication|medications|antidepressants"
        r"|tablets|painkillers|sleeping pills|insulin|bottle|prescription|tylenol|xanax|benzos)\b",
        {
            "keys": ("take", "took", "taking", "swallow", "down", "chug", "overdose"),
            "unless": r"\b(?:vitamins?|gummies|prescribed|as directed|doctor said"
            r"|antibiotics course)\b",
        },
    ),
    (
        "en.suicide.posthumous_note",
        "suicide",
        "crisis",
        r"\bby the time (?:you|anyone|someone|they) (?:read|reads|find|finds) this\b"
        r"|\bwhen (?:you|they|someone) finds? (?:this|me|my body)\b"
        r"|\bso (?:someone|you|they|people|everyone|my family) (?:knows?|understands?) why i did"
        r" (?:it|this)\b|\b(?:please )?don't blame yourselves?\b",
        {"keys": ("by the time", "find", "why i did", "blame"), "negatable": False},
    ),
    (
        "en.suicide.crash",
        "suicide",
        "crisis",
        r"\b(?:drive|driving|crash|crashing|steer|steering|swerve|swerving|veer|veering|ram)\b"
        r"(?: \w+){0,3}? (?:into|off) (?:a |the |oncoming )?(?:wall|tree|traffic|truck|bridge|cliff"
        r"|pole|barrier|river|guardrail|road|overpass)\b",
        {
            "keys": ("into", "off"),
            "also": FIRST_PERSON_INTENT,
            "unless": r"\b(?:almost|nearly|someone|slid|ice|icy|accident|he|she|they|movie|game)\b",
        },
    ),
    (
        "en.suicide.wont_have_to",
        "suicide",
        "crisis",
        r"\b(?:won't|will not|will never|won't ever|wont) (?:have to |need to )?(?:deal with"
        r"|worry about|put up with|take care of|bother with|see|hear from) me (?:much longer|soon"
        r"|anymore|any more|for long|again|ever again)\b",
        {
            "keys": (" me ",),
            "unless": r"\b(?:moving|move|job|quit|leaving for|trip|visa|breakup|block)\b",
        },
    ),
    (
        "en.self_harm.gerund",
        "self_harm",
        "crisis",
        r"\b(?:cutting|self-harming|self harming|burning myself|cutting myself)\b(?= (?:is|was"
        r"|helps"
        r"|helped|calms|calmed|makes|made|feels|felt|gives|gave|keeps|kept|works)\b)"
        r"|\b(?:only|just|need|needed|miss|missed) (?:cutting|hurting myself|the cutting"
        r"|the blade)\b",
        {
            "keys": ("cutting", "harming", "burning", "hurting", "blade"),
            "unless": r"\b(?:hair|costs?|carbs|sugar|class|ties|corners|onions|vegetables|wood"
            r"|paper"
            r"|grass|coupons|calories|weight|cable|cord|back|down|line)\b",
        },
    ),
    (
        "en.suicide.if_i_died",
        "suicide",
        "crisis",
        r"\bif i (?:died|disappeared|was gone|were gone|killed myself|wasn't here|weren't here"
        r"|vanished|didn't wake up|stopped existing|was dead|were dead)\b",
        {
            "keys": ("if i",),
            "also": r"\b(?:nobody|no one|who|anyone|people|they|everyone)\b[^.]{0,30}\b(?:care"
            r"|cared"
            r"|notice|noticed|miss|missed|cry|cried|be better|be happier|be relieved|even know)\b",
            "unless": r"\b(?:take care of|feed|walk the dog|my cat|my dog|my plants|will"
            r"|inheritance"
            r"|insurance|passwords?)\b",
        },
    ),
    (
        "en.suicide.jump_place",
        "suicide",
        "crisis",
        r"\b(?:thinking about|thought about|think about|imagining|imagined|considering|wanted to"
        r"|wanting to"
        r"|want to|urge to|tempted to|planning to)(?: just)? (?:jumping|jump|falling|fall"
        r"|stepping off|step off|letting go|throwing myself)\b",
        {
            "keys": ("jump", "fall", "step", "letting go", "throwing"),
            "also": r"\b(?:roof|rooftop|edge|ledge|bridge|balcony|window|cliff|building|tracks"
            r"|platform"
            r"|tower|overpass|heights?|railing)\b",
            "unless": r"\b(?:bungee|skydiv\w*|pool|lake|water|trampoline|parachute|ocean|river"
            r"|sea)\b",
        },
    ),
    (
        "en.suicide.sleep_forever",
        "suicide",
        "crisis",
        r"\b(?:want|wanna|wish|wishing|need|just want)(?: to)? (?:go to )?sleep (?:forever"
        r"|and not wake up|and never wake up|permanently)\b",
        {"keys": ("sleep",)},
    ),
    (
        "en.suicide.third_person_want",
        "third_party",
        "concern",
        r"\b(?:wants|wished|wishes|plans|planned|decided|tried|is trying|was trying) to (?:die"
        r"|kill (?:himself|herself|themselves)|end (?:his|her|their) life|end it(?: all)?"
        r"|disappear forever)\b|\b(?:he's|she's|they're|he is|she is|they are|is|was) going to"
        r" kill (?:himself|herself|themselves)\b",
        {"keys": ("to die", "kill", "end", "disappear")},
    ),
    (
        "en.hope.worthless",
        "hopelessness",
        "concern",
        r"\b(?:i|i'm|i am|i feel|feeling|feel|i've been feeling)\b(?: \w+){0,3}? (?:worthless"
        r"|useless"
        r"|like a burden|like nothing|like a failure|like a waste|unlovable"
        r"|like a mistake|empty inside)\b(?! at (?:cooking|math|sports|this game|chess|drawing"
        r"|singing|golf))",
        {
            "keys": (
                "worthless",
                "useless",
                "hopeless",
                "pointless",
                "burden",
                "nothing",
                "failure",
                "waste",
                "unlovable",
                "mistake",
                "empty",
            ),
        },
    ),
    (
        "en.hope.pointless",
        "hopelessness",
        "concern",
        r"\b(?:everything|life|it all|nothing|my life|all of it|existence|living)\b(?: \w+){0,2}?"
        r" (?:feels|is|seems|has become|became|matters)(?: \w+){0,2}? (?:pointless|meaningless"
        r"|hopeless|empty|dark|worthless|unbearable|too much)\b",
        {
            "keys": (
                "pointless",
                "meaningless",
                "hopeless",
                "empty",
                "dark",
                "worthless",
                "unbearable",
                "too much",
            ),
        },
    ),
    (
        "en.abuse.grabbed",
        "abuse",
        "concern",
        r"\b(?:he|she|they|my \w+)\b(?: \w+){0,3}? (?:grabbed|choked|strangled|slapped|punched"
        r"|kicked"
        r"|hit|shoved|pushed|dragged|twisted|bit|burned|pinned|threw \w+ at)\b (?:me|my (?:arm|arms"
        r"|wrist|wrists|hair|neck|throat|face|head))\b(?! (?:(?:at|in|to|up|that)\b|a (?:party"
        r"|surprise)))",
        {
            "keys": (" me", " my "),
            "personal": False,
            "unless": r"\b(?:playful\w*|joking|by accident|accidentally|hug\w*|game|tickl\w*|chess"
            r"|cards|mario|race)\b",
        },
    ),
    (
        "en.harm.fantasise",
        "harm_to_others",
        "concern",
        r"\b(?:think|thinking|thought|fantasi[sz]e|fantasi[sz]ing|dream|dreaming|imagine|imagining)"
        r" about (?:hurting|killing|stabbing|shooting|strangling|poisoning|beating up|murdering)\b"
        r" (?:him|her|them|my \w+|someone|people|everyone|that \w+|the \w+)\b",
        {
            "keys": (
                "hurting",
                "killing",
                "stabbing",
                "shooting",
                "strangling",
                "poisoning",
                "beating",
                "murdering",
            ),
        },
    ),
]

# Round-2 generalisations: not surviving to a date, stockpiles, wishes to be hit, life not worth
# living, favours by disappearing, permanent ends to pain, self-harm with a tool, exits, places
# that pull, recent attempts, "better without me", controlling partners, purging for weight.
GENERAL_2: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "en.suicide.not_make_it",
        "suicide",
        "crisis",
        r"\b(?:won't|don't think i'll|not going to|never going to|don't plan to"
        r"|doubt i'll) (?:make it"
        r"|be here|be around|live|still be alive) (?:to|until|till|for|through|past|much past)"
        r" (?:my|next|the|christmas|new year|the end|summer|winter|spring|fall)\b",
        {"keys": ("make it", "be here", "be around", "live", "alive"), "negatable": False},
    ),
    (
        "en.suicide.stockpile",
        "suicide",
        "crisis",
        r"\b(?:counted|counting|count|saved|saving|hid|hiding|hidden|stashed|stash|hoard\w*"
        r"|stockpil\w*)\b",
        {
            "keys": ("count", "sav", "hid", "stash", "hoard", "stockpil"),
            "also": r"\b(?:pills|meds|tablets|bottle|sleeping pills|painkillers|antidepressants)\b",
            "unless": r"\b(?:vitamins|for the week|pill organi[sz]er|refill|pharmacist|calories"
            r"|money)\b",
        },
    ),
    (
        "en.suicide.wish_hit",
        "suicide",
        "crisis",
        r"\b(?:wish|wishing|hope|hoping|pray|praying)\b(?: \w+){0,3}? (?:would|could"
        r"|will)(?: just)?"
        r" (?:hit|kill|run over|crash into|end) me\b|\bwish(?:ing)? (?:i would|i'd"
        r"|i could) (?:get hit"
        r"|get killed|not survive|die in)\b",
        {"keys": ("wish", "hope", "pray")},
    ),
    (
        "en.suicide.not_worth_living",
        "suicide",
        "crisis",
        r"\b(?:life|living|my life|it) (?:isn't|is not|isnt|ain't|is no longer|no longer) worth"
        r" (?:living|it anymore|it any more)\b|\bnot worth living\b",
        {"keys": ("worth",), "negatable": False},
    ),
    (
        "en.suicide.favour",
        "suicide",
        "crisis",
        r"\b(?:doing|do|did) (?:everyone|everybody|them|my family|the world|you all) a favou?r\b",
        {
            "keys": ("favo",),
            "also": r"\b(?:disappear\w*|gone|dying|dead|die|leaving|not being here|killing myself"
            r"|ending it|not existing)\b",
        },
    ),
    (
        "en.suicide.pain_end_forever",
        "suicide",
        "crisis",
        r"\b(?:pain|this|it all|everything|it) to (?:end|stop) (?:permanently|forever|for good)\b",
        {"keys": ("permanently", "forever", "for good")},
    ),
    (
        "en.self_harm.tool",
        "self_harm",
        "crisis",
        r"\b(?:burn|burning|burned|burnt|cut|cutting|scratch|scratching|carve|carved|carving"
        r"|scratched|stabbed|stab"
        r"|stabbing)\b"
        r" (?:my|into my) (?:arm|arms|wrist|wrists|thigh|thighs|leg|legs|skin|stomach|hand|body)\b",
        {
            "keys": ("my",),
            "also": r"\b(?:lighter|blade|razor|knife|scissors|glass|needle|when it gets bad"
            r"|on purpose"
            r"|to feel|punish|deserve|again|urge)\b",
            "unless": r"\b(?:cooking|chopping|accident\w*|by mistake|oven|stove|iron|sunburn"
            r"|shaving"
            r"|paper)\b",
        },
    ),
    (
        "en.suicide.exit",
        "suicide",
        "crisis",
        r"\b(?:planning|plan|planned|preparing) (?:my|an) (?:exit|way out|final exit|departure)\b",
        {
            "keys": ("exit", "way out", "departure"),
            "unless": r"\b(?:company|job|team|role|position|industry|relationship|lease|flight"
            r"|airport|party|career|startup)\b",
        },
    ),
    (
        "en.suicide.place_pull",
        "suicide",
        "crisis",
        r"\b(?:keep thinking about|can't stop thinking about|think about it|thinking about it"
        r"|drawn to"
        r"|calling me|keeps calling|keep going back to|stare at|staring at|stood at|standing at)\b",
        {
            "keys": ("think", "drawn", "calling", "going back", "star", "stood", "standing"),
            "also": r"\b(?:bridge|roof|rooftop|ledge|cliff|tracks|overpass|tall building|edge)\b",
            "unless": r"\b(?:song|movie|design|engineering|photo|view|walk|run|concert|sunset"
            r"|painting"
            r"|repair|construction|game|album)\b",
        },
    ),
    (
        "en.suicide.recent_attempt",
        "suicide",
        "crisis",
        r"\b(?:i|i've|i have) (?:attempted|tried)(?: again| to)?\b",
        {
            "keys": ("attempted", "tried"),
            "also": r"\b(?:hospital|er|woke up|survived|overdose|pills|ambulance|stomach pumped"
            r"|psych"
            r" ward|icu|suicide)\b",
            "unless": r"\b(?:recipe|sushi|yoga|exam|test|cooking|to call|to reach|to text)\b",
        },
    ),
    (
        "en.suicide.better_without",
        "suicide",
        "crisis",
        r"\b(?:better|happier|easier|lighter|brighter)\b(?: \w+){0,4}? without me\b",
        {"keys": ("without me",), "unless": r"\b(?:team|project|party|game|match|band|trip)\b"},
    ),
    (
        "en.third_party.talks",
        "third_party",
        "concern",
        r"\b(?:talking|talks|talked|thinking|thinks|thought|posting|posted|writing|wrote) about"
        r" (?:ending (?:his|her|their) life|killing (?:himself|herself|themselves)|suicide"
        r"|wanting to die|dying)\b",
        {"keys": ("about",)},
    ),
    (
        "en.hope.unnoticed",
        "hopelessness",
        "concern",
        r"\b(?:no one|nobody) (?:notices|cares|sees|understands|would notice|listens|gets it)\b"
        r"|\b(?:i'm|i am|i feel like i'm|feel like i'm) drowning\b"
        r"|\bdon't know how (?:much longer|long) i can (?:cope|keep going|hold on|do this|take it"
        r"|go on)\b|\bi(?:'m| am) a failure at (?:everything|life)\b",
        {"keys": ("no one", "nobody", "drowning", "how much longer", "how long", "failure")},
    ),
    (
        "en.abuse.control",
        "abuse",
        "concern",
        r"\b(?:won't|wouldn't|doesn't|does not|never) let me (?:leave|go out|see my friends"
        r"|see my family|have money|have my own|talk to|use my phone|go anywhere)\b"
        r"|\b(?:threaten(?:s|ed|ing)?|stalk(?:s|ed|ing)?|harass(?:es|ed|ing)?) (?:me|us)\b"
        r"|\bfollow(?:s|ed|ing)? me home\b",
        {"keys": ("let me", "threat", "stalk", "harass", "follow"), "personal": False},
    ),
    (
        "en.eating.purge_weight",
        "eating_disorder",
        "concern",
        r"\b(?:throw(?:ing)? up|threw up|vomit(?:ing|ed)?|puk(?:e|ing|ed))\b",
        {
            "keys": ("throw", "threw", "vomit", "puk"),
            "also": r"\b(?:weight|fat|calories|thin|skinny|lose|on purpose|after (?:meals|eating"
            r"|dinner"
            r"|lunch|every meal))\b",
            "unless": r"\b(?:flu|sick|pregnan\w*|hangover|drunk|bug|food poisoning|motion|carsick"
            r"|seasick|migraine|virus|covid)\b",
        },
    ),
]

# Round-3 generalisations.
GENERAL_3: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "en.suicide.easier_if_gone",
        "suicide",
        "crisis",
        r"\b(?:better|easier|happier|fine|okay|lighter|relieved"
        r"|glad)\b[^.]{0,25}\bif i (?:just )?(?:wasn't"
        r"|weren't"
        r"|was not|were not|didn't exist|was gone|were gone|disappeared|died|wasn't around"
        r"|weren't around)\b",
        {"keys": ("if i",)},
    ),
    (
        "en.suicide.no_reason_2",
        "suicide",
        "crisis",
        r"\breasons? to (?:keep living|keep going|live|stay alive|go on|be alive|wake up)\b",
        {
            "keys": ("reason",),
            "negatable": False,
            "also": r"\b(?:can't|cannot|can not|couldn't|no|not a|don't|nothing|zero|lost)\b",
        },
    ),
    (
        "en.suicide.method_known",
        "suicide",
        "crisis",
        r"\b(?:i know|i've figured out|i figured out|i've decided|i have decided) (?:how|where"
        r"|when)"
        r" (?:i'd|i would|i will|i'll|to) do it\b",
        {
            "keys": ("do it",),
            "also": r"\b(?:picked|chose|chosen|set|decided on) (?:a|the|my) (?:day|date)\b"
            r"|\btonight\b"
            r"|\bthis weekend\b|\bpills\b|\brope\b|\bbridge\b|\bready\b",
        },
    ),
    (
        "en.self_harm.cut_more",
        "self_harm",
        "crisis",
        r"\b(?:cut|cutting|burned|burning) (?:deeper|too deep|again|more than usual"
        r"|deeper than usual"
        r"|a lot last night)\b",
        {
            "keys": ("cut", "burn"),
            "unless": r"\b(?:hair|budget|costs?|prices?|bangs|fabric|wood|cake|bread|steak"
            r"|carbs)\b",
        },
    ),
    (
        "en.suicide.end_it_time",
        "suicide",
        "crisis",
        r"\b(?:it's time|time) (?:i|to|for me to) end(?:ed)? (?:it|it all|things|everything)\b",
        {
            "keys": ("end",),
            "unless": r"\b(?:relationship|with him|with her|with them|things with|chapter|call"
            r"|meeting"
            r"|project|season|series|game|subscription)\b",
        },
    ),
    (
        "en.suicide.pray_not_wake",
        "suicide",
        "crisis",
        r"\b(?:hope|hoping|pray|praying|wish|wishing)(?: that)? i(?: just| really)? (?:won't|don't"
        r"|never|do not"
        r"|will not"
        r"|wouldn't) wake up\b",
        {"keys": ("wake",), "negatable": False},
    ),
    (
        "en.abuse.bullied_by",
        "abuse",
        "concern",
        r"\b(?:bully|bullying|bullied|bullies|harass\w*|threaten\w*|stalk\w*"
        r"|beat(?:ing)? up) (?:me|us)\b",
        {"keys": ("bull", "harass", "threat", "stalk", "beat"), "personal": False},
    ),
]

# Round-4 generalisations.
GENERAL_4: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "en.suicide.take_them_all",
        "suicide",
        "crisis",
        r"\b(?:take|swallow|down|chug) (?:them|it) all\b|\btake all of them\b",
        {
            "keys": ("all",),
            "also": r"\b(?:pills|meds|tablets|sleeping pills|painkillers|antidepressants|bottle)\b",
        },
    ),
    (
        "en.suicide.no_point_living",
        "suicide",
        "crisis",
        r"\bno (?:point|reason|sense) (?:in|of|to) (?:living|life|being alive|going on"
        r"|staying alive"
        r"|existing|waking up)\b",
        {"keys": ("no ",), "negatable": False},
    ),
    (
        "en.suicide.reading_this",
        "suicide",
        "crisis",
        r"\bif (?:you're|you are|anyone is|someone is) reading this\b",
        {
            "keys": ("reading this",),
            "also": r"\b(?:sorry|goodbye|forgive|couldn't|can't do|love you|don't blame|gone)\b",
        },
    ),
    (
        "en.suicide.not_here_soon",
        "suicide",
        "crisis",
        r"\b(?:won't|will not) be (?:here|around) to (?:bother|annoy|burden|bug|disappoint"
        r"|hurt) (?:anyone"
        r"|you|them|everyone|anybody)\b|\b(?:soon|after tonight|by tomorrow)\b[^.]{0,10}\b(?:won't"
        r"|will not)"
        r" be (?:here|around)\b",
        {
            "keys": ("be here", "be around"),
            "unless": r"\b(?:moving|trip|vacation|flight|leaving for)\b",
        },
    ),
]

# Round-5 generalisations.
GENERAL_5: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "en.suicide.carbon_monoxide",
        "suicide",
        "crisis",
        r"\b(?:engine running|exhaust|carbon monoxide|car running|hose from the)\b",
        {
            "keys": ("engine", "exhaust", "carbon", "car running", "hose"),
            "also": r"\b(?:garage|closed|thought about|just|sealed|windows up)\b",
        },
    ),
    (
        "en.suicide.lethality",
        "suicide",
        "crisis",
        r"\b(?:high enough|tall enough|deep enough|strong enough|enough to (?:kill|die|do it)"
        r"|would it take|fatal)\b",
        {
            "keys": ("enough", "would it take", "fatal"),
            "also": r"\b(?:bridge|building|roof|rope|pills|water|fall|jump|dose|tylenol|bottle)\b",
            "unless": r"\b(?:ladder|shelf|fence|basketball|hoop|cake|bridge club)\b",
        },
    ),
]

# Round-6 generalisations.
GENERAL_6: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "en.suicide.use_on_myself",
        "suicide",
        "crisis",
        r"\b(?:use|using|turn|turning|point|pointing) (?:it|the gun|a gun|the knife|a knife|them)"
        r" on myself\b",
        {"keys": ("on myself",)},
    ),
    (
        "en.suicide.end_things",
        "suicide",
        "crisis",
        r"\b(?:going to|gonna|want to|ready to|plan to|planning to|decided to) end (?:things"
        r"|everything"
        r"|it all)\b(?! with)",
        {"keys": ("end",)},
    ),
]

RULES: tuple[Rule, ...] = compile_rules(
    SPECS + GENERAL + GENERAL_2 + GENERAL_3 + GENERAL_4 + GENERAL_5 + GENERAL_6  # type: ignore[arg-type]
)

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
    r"|a long time ago|once|for years|when i was \d{1,2})\b"
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
_NOUN_TOPIC = re.compile(r"suicid\w*|self[- ]?harm\w*|self[- ]?injur\w*")
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


# Korean around English: "걔가 I want to die 라고 보냈어" reports someone else's words.
_KO_OTHER_SUBJECT = re.compile(
    r"(?:친구|걔|쟤|동생|언니|오빠|형|누나|엄마|아빠|남친|여친|동료|선배|후배|애|그녀|그사람)(?:가"
    r"|이|는|은|도)"
)
_KO_QUOTATIVE = re.compile(r"^\W*(?:라고|이라고|라는|래|이래|하더라|라며|라고했|라고보냈)")


def _about_other(match: Match) -> bool:
    before = match.before
    if _KO_QUOTATIVE.search(match.after) and _KO_OTHER_SUBJECT.search(before):
        return True
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
    if level == "crisis" and _NOUN_TOPIC.fullmatch(match.matched) and _GENERIC.search(after):
        level = "concern"
    if rule.historic and level == "crisis":
        scar = rule.category == "self_harm" and _SCAR.search(sentence)
        if (scar or _PAST.search(sentence)) and not _RECUR.search(sentence):
            level = "concern"
    if rule.category == "abuse" and level == "concern":
        return Finding(rule.id, rule.category, "concern", "self")
    return Finding(rule.id, rule.category, level, "self")
