"""Korean rules, matched on the compact form (no whitespace, sentence ends as ".").

Structure, not sentences: an intent verb (싶다, -ㄹ까, -려고, -었으면) over a death, self or
means concept; who the subject is (싶다 is first person unless reported: -대, -래, -어 하다);
negation that follows the verb (-지 않다, -는 건 아니다, 생각은 없다); distant past; media and
news framing; idiom frames (죽겠다 / 죽을 것 같다 / 죽이는 are never rules, embarrassment turns
"죽고 싶다" into an idiom). Patterns tolerate spacing, common typos (십다, 시퍼), slang
(뒤지다, 디지다) and a few 초성 spellings (ㅈㄱㅅㄷ).
"""

from __future__ import annotations

import re

from .engine import Finding, Match, Rule, compile_rules

W = r"(?:싶|십|시퍼|시프|싶)"  # 싶다 and its typos
S = r"[^.]"  # any character inside the sentence

TASKS = (
    r"(?:과제|숙제|업무|보고서|프로젝트|레포트|리포트|논문|공부|시험|회의|청소|빨래|설거지|마감"
    r"|작업"
    r"|드라마|시즌|게임|퀘스트|연애|관계|계약|일을|일은|일도|일들|할일|빨리|얼른|오늘안|오늘까지"
    r"|이번주|내일까지|주말까지|퇴근전|방학전|연락|이야기|얘기|대화|싸움|다이어트|정리를|알바|야근"
    r"|수업|강의|면접|준비|이사|육아|운동|숙소|여행|휴가|시리즈|웹툰|책을|이번학기)"
)
PERSON = (
    r"(?:아빠|아버지|엄마|어머니|남편|남친|남자친구|애인|여친|여자친구|아내|와이프|오빠|형|언니"
    r"|누나"
    r"|부모님?|삼촌|이모부|고모부|계부|새아빠|새엄마|계모|의붓아빠|의붓엄마|할아버지|할머니|선배"
    r"|선배들"
    r"|선생님?|담임|코치|감독|애들|걔네|걔|쟤네|일진|동급생|친구들|그사람|그새끼|그놈|전남친|전여친"
    r"|전남편|시어머니|시아버지|상사|팀장|사장|부장|과장|동생)"
)
VIOLENCE = (
    r"(?:때렸|때려|때리|때린|때릴|때림|두들겨|폭행|밀쳤|밀쳐|목을졸|목졸|목을조르|목조르|걷어차"
    r"|발로찼|발로차"
    r"|가뒀|가둬|손찌검|손을댔|손을대|협박|위협|팼|팬다|패고|할퀴|욕하면서때)"
)
FILLER = (
    r"(?:또|매일|자주|계속|오늘도|어제|어제도|툭하면|술만먹으면|술먹고|술마시고|술취하면|술취해서"
    r"|화나면"
    r"|화가나면|나를|날|저를|절|제|내|나한테|저한테|머리를|뺨을|얼굴을|배를|몸을|발로|주먹으로"
    r"|손으로"
    r"|물건을|휴대폰을|폰을|벨트로|회초리로|몽둥이로|엄청|많이|심하게|진짜|,)"
)

SPECS: list[tuple[str, str, str, str, dict[str, object]]] = [
    # --- suicide: wanting to die, in all its spellings -------------------------------------
    (
        "ko.suicide.want_die",
        "suicide",
        "crisis",
        rf"(?:죽|뒤지|디지|뒈지)(?:어버리)?(?:고|구|거){W}|(?:주거|죽어)버(?:리|려)(?:고|구){W}"
        rf"|(?:뒤져|디져|뒈져)버리(?:고"
        rf"|구){W}"
        r"|ㅈㄱㅅㄷ|ㅈㄱㅅㅇ|ㅈㄱㅅㅍ|ㅈㅅ(?:하고싶|하고십|각|마렵|충동|할까|하려)",
        {
            "keys": ("죽", "주거", "뒤지", "디지", "뒈", "뒤져", "디져", "ㅈㄱ", "ㅈㅅ"),
            "idiomatic": True,
        },
    ),
    (
        "ko.suicide.wish_dead",
        "suicide",
        "crisis",
        r"죽(?:었|어버렸|어버리|어)(?:으면|음|으먼|으면은)(?:좋겠|좋을|했|하는|싶|바라|해|(?=\.|$"
        r"|ㅠ|ㅜ))",
        {
            "keys": ("죽",),
            "idiomatic": True,
            "unless_before": r"(?:모기|벌레|바퀴|바퀴벌레|파리|좀비|몹|보스|캐릭|식물|화분|세균)"
            r"(?:가|이|들|들이)?[^.]{0,4}$",
        },
    ),
    (
        "ko.suicide.better_dead",
        "suicide",
        "crisis",
        r"죽는(?:게|것이|편이|거|것도|게차라리|게더|편이더)(?:더)?(?:나을|나아|낫|답|편하|편할"
        r"|좋을|최선|쉬울|쉽)"
        r"|죽어야(?:끝나|끝날|편해|편하|편할|해결|답)|죽으면(?:다|모든게|모든것이)?(?:편하|편할"
        r"|편해|끝나"
        r"|끝날|해결|좋겠)",
        {"keys": ("죽",), "idiomatic": True},
    ),
    (
        "ko.suicide.will_die",
        "suicide",
        "crisis",
        r"죽어야(?:겠|지|할까|하나|할듯|될까)|죽을(?:까(?!봐|바|싶)|래(?!요\?)|거야|꺼야|거예요"
        r"|겁니다"
        r"|거임|려고|테야|생각|결심)|죽으려(?:고|구|했|한|는)|죽어버릴|죽어버리겠|죽어버려야"
        r"|뒤질(?:까|래|거야|려고)"
        r"|뒤져야|(?:자살하는|죽는|편하게죽는|안아프게죽는|고통없이죽는)(?:방법|법)|치사량",
        {
            "keys": ("죽", "뒤", "치사량"),
            "unless": r"(?:너(?!무|머|는무)|넌|니가|너희|니네|너네)[^.]{0,14}?죽을래",
            "idiomatic": True,
            "unless_before": r"(?:너|니|넌|니가|너도|너희|니네|너네|한테|에게|께|손에|한테진짜"
            r"|한테정말)$",
        },
    ),
    (
        "ko.suicide.disappear",
        "suicide",
        "crisis",
        rf"(?:사라지|없어지|소멸하|소멸되|증발하|사라져버리|없어져버리|증발해버리)(?:고|구){W}"
        r"|(?:나|내가|나란존재가?|나라는존재가?|저|제가|나하나|나도|그냥|차라리)(?:는|도|만)?"
        r"(?:사라졌|없어졌|소멸했|증발했)(?:으면|음)|(?:이세상|세상|지구)(?:에서|에)(?:사라지"
        r"|없어지)(?:고|구){W}",
        {
            "keys": ("사라", "없어", "소멸", "증발"),
            "idiomatic": True,
            "unless": r"(?:쥐구멍|걱정|스트레스|고민|통증|아픔|여드름|살이|뱃살|빚이)",
        },
    ),
    (
        "ko.suicide.no_live",
        "suicide",
        "crisis",
        r"살기(?:가|도)?(?:너무|정말|진짜|진심|넘|완전|존나|개)*싫|살고(?:싶지|싶진|싶지가|싶지도"
        r"|싶지는|시프지|십지)않|살고싶은(?:마음"
        r"|생각|의지|맘)(?:이|가|도|은)?"
        r"(?:없|안|하나도없|전혀없)|살아(?:있고|가고)?싶지(?:가|도|는)?않|살아있기(?:가)?싫"
        r"|살아있는(?:게|것이|것도)?싫"
        r"|사는(?:게|것이|것도)싫|살(?:아갈|아야할|아야하는|)이유(?:가|를|도)?(?:없|모르|못찾)"
        r"|살아갈자신(?:이)?없"
        rf"|그만살고{W}|(?:더는|더이상)살고싶지(?:가|는|도|진)?않",
        {
            "keys": ("살",),
            "unless_before": r"(?:에서|에|랑|이랑|하고|와|과|혼자|같이|여기서?|거기서?|이동네|이집"
            r"|한국|서울"
            r"|시골|도시|기숙사|자취|평생|이나라)$",
        },
    ),
    (
        "ko.suicide.end_all",
        "suicide",
        "crisis",
        rf"(?:다|전부|모든걸|모든것을?|모두|그냥다|이제다|다그냥|모든게|이모든걸|이모든것을?"
        rf"|이고통을?)"
        rf"(?:을|를)?(?:끝내|끝장내|끝내버리|끝맺)(?:고|구){W}",
        {"keys": ("끝",), "unless": TASKS},
    ),
    (
        "ko.suicide.end_life",
        "suicide",
        "crisis",
        rf"(?:인생|삶|생|목숨|내인생|내삶|이생|이번생|나를|날)(?:을|를|이)?(?:끝내|끝장내|마감하"
        rf"|끝내버리)(?:고|구){W}"
        r"|(?:인생|삶|목숨|내인생|이생|이번생)(?:을|를)?(?:끝내|끝장내|마감하|끊)(?:려|ㄹ|을까"
        r"|을거|겠|어야|기로|자|어버리)"
        r"|(?:인생|삶|목숨|생)(?:을|를)?(?:끝낼|끊을|마감할)(?:까|거|래|생각|결심)",
        {"keys": ("끝", "끊", "마감")},
    ),
    (
        "ko.suicide.sleep_forever",
        "suicide",
        "crisis",
        rf"영원히(?:잠들|자고{W}|눈을감|눈감)|(?:그대로|이대로)(?:영원히)?(?:눈을감|눈감"
        rf"|잠들)(?:고{W}|았으면|었으면|면좋)"
        r"|(?:깨지|깨어나지|눈뜨지|눈을뜨지|일어나지)(?:않|말|못)(?:았으면|으면|기를|길|았음)"
        r"|(?:안깼|안깨어났|눈안떴|눈을안떴|못깨어났|영영안깼|다시는안깼|안깨어났)(?:으면|음)",
        {"keys": ("깨", "눈", "잠들", "영원히", "일어나")},
    ),
    (
        "ko.suicide.word",
        "suicide",
        "crisis",
        r"(?:자살|극단적(?:인)?선택|스스로목숨|세상을(?:떠나|등지)|생을마감|목숨을끊)(?:을|를|이"
        r"|에|도|만)?"
        r"(?:하고|하구|할|하려|하겠|해버리|해야|했|하면|할까|충동|생각|시도|계획|결심|하는방법"
        r"|방법|각"
        r"|마렵|하러|밖에"
        r"|기도|하기로|을결심|하는게|하고픈|고민|욕구|하게될|하고말)",
        {"keys": ("자살", "선택", "목숨", "세상을", "생을")},
    ),
    (
        "ko.suicide.leave_world",
        "suicide",
        "crisis",
        rf"(?:이|이놈의|이더러운)?세상(?:을|에서)?(?:떠나|등지|하직)(?:려|고{W}|기로|ㄹ까|을까|겠"
        rf"|야겠|버리)"
        r"|(?:없어지는|사라지는|떠나는)(?:게|것이|편이)(?:더|차라리)?(?:나을|나아|낫)",
        {"keys": ("세상", "없어지는", "사라지는", "떠나는")},
    ),
    (
        "ko.suicide.death_thoughts",
        "suicide",
        "concern",
        r"(?:죽음|죽는것|죽는거|죽는다는것)(?:에대해|에대한생각|을|만)(?:자주|계속|매일|많이|자꾸"
        r"|요즘)?"
        r"(?:생각|떠올|상상)",
        {"keys": ("죽",)},
    ),
    (
        "ko.suicide.note",
        "suicide",
        "crisis",
        r"유서(?:를|도|까지|처럼)?(?:쓰|써|썼|작성|남기|남겼|준비)",
        {
            "keys": ("유서",),
            "unless": r"(?:체험|수업|프로그램|영화|드라마|소설|웹툰|과제|교육|워크숍|캠프|죽음준비"
            r"|웰다잉|임종)",
        },
    ),
    (
        "ko.suicide.farewell",
        "suicide",
        "crisis",
        r"(?:먼저가서|먼저떠나서|먼저가게돼서|먼저가게되어|먼저가서정말)(?:미안|죄송)"
        r"|(?:이게|이것이|이글이|오늘이|이번이)(?:내)?(?:마지막)(?:일기|글|인사|날|밤|편지)"
        r"|마지막(?:인사|편지)(?:를|를남|야|입니다|예요|로)",
        {
            "keys": ("먼저", "마지막"),
            "negatable": False,
            "unless": r"(?:올해|이번달|이번주|한해|연말|12월|학기|방학|휴가|출근|근무|여행|연휴"
            r"|세일|전시|촬영"
            r"|수업|알바|회사|이벤트|시즌|캠프|연재|회차|경기|공연|송별|졸업)",
        },
    ),
    # --- means and methods (crisis on their own, as acts or plans of the writer) ----------
    (
        "ko.suicide.means_pills",
        "suicide",
        "crisis",
        r"(?:수면제|약|알약|진통제|타이레놀|신경안정제|안정제|항우울제|수면유도제)(?:을|를"
        r"|도)?(?:몰래|조금씩|하나씩|몇달째)?"
        r"(?:모으|모아|모았|모아두|모아놨|모아뒀|쌓아두|쌓아놨)"
        r"|(?:수면제|약|알약|진통제|타이레놀|신경안정제|안정제|항우울제|수면유도제)(?:을|를)?"
        r"(?:한꺼번에|한번에|통째로|왕창|한통|한통을|몇십알|수십알|\d{2,}알|잔뜩"
        r"|한움큼)(?:다)?(?:먹|삼키|털어|때려|입에)",
        {"keys": ("약", "수면제", "타이레놀")},
    ),
    (
        "ko.suicide.means_hang",
        "suicide",
        "crisis",
        rf"목(?:을)?(?:매달|매려|매고{W}|맬까|맬|매면|매는|매어|매자)|목매(?:달|려|고{W}|는방법|단"
        rf"|달고|어)"
        r"|밧줄(?:을|를)?(?:샀|사왔|준비|걸|묶)",
        {"keys": ("목", "밧줄"), "unless_before": r"(?:에|에게|한테|께|일에|돈에)$"},
    ),
    (
        "ko.suicide.means_charcoal",
        "suicide",
        "crisis",
        r"번개탄(?:을|를)?(?:샀|사왔|사다|피우|피웠|피울|준비|주문|구매|구입)|연탄(?:을"
        r"|를)?(?:피우고|피워서|피울)",
        {
            "keys": ("번개탄", "연탄"),
            "unless": r"(?:고기|캠핑|바베큐|바비큐|삼겹살|숯불|난로|구워|굽|캠프|글램핑|화로"
            r"|보일러|난방)",
        },
    ),
    (
        "ko.suicide.means_jump",
        "suicide",
        "crisis",
        r"(?:옥상|다리|한강|창문|베란다|아파트|건물|높은곳|난간|절벽|선로|철로|대교)(?:에서|위에서"
        r"|위|으로|에|로"
        rf"|에올라가서|에올라가|위로)?(?:뛰어내리|뛰어내릴|뛰어내렸|투신|떨어지고{W}|떨어질까"
        rf"|떨어져버리|몸을던|뛰어들)"
        rf"|뛰어내리(?:고{W}|려|ㄹ까|면편|면끝|기로|고말)|뛰어내릴(?:까|래|거)|투신(?:하고{W}|하려"
        rf"|할까|하기로|해버리)"
        r"|한강(?:물)?(?:온도|수온)",
        {
            "keys": ("뛰어", "투신", "떨어", "몸을던", "한강"),
            "unless": r"(?:번지|스카이다이빙|다이빙|수영|패러|낙하산|공연|게임|영화|버스에서"
            r"|차에서|계단|침대|소파"
            r"|고양이|강아지|아이가|애기가|아기가|물놀이|계곡)",
        },
    ),
    (
        "ko.suicide.means_vehicle",
        "suicide",
        "crisis",
        rf"(?:차|트럭|버스|기차|지하철|열차)(?:에|에라도|에그냥)?(?:치이고{W}|치였으면|치여서죽"
        rf"|뛰어들고{W}|뛰어들까|뛰어들어버)",
        {"keys": ("치이", "치였", "치여", "뛰어들")},
    ),
    # --- self-harm ---------------------------------------------------------------------------
    (
        "ko.self_harm.word",
        "self_harm",
        "crisis",
        r"자해(?!예방|방지|관련|에관한|에대한|에대해|행위에관한)",
        {"keys": ("자해",)},
    ),
    (
        "ko.self_harm.cut",
        "self_harm",
        "crisis",
        r"(?:손목|팔목|팔|허벅지|다리|몸|배)(?:을|를|에|에다)?(?:칼로|커터칼로|커터로|면도날로"
        r"|칼을대|칼집|긋|그었|그어"
        r"|그을|그엇|그슨)|(?:칼|커터칼|면도날|가위)(?:로|으로)(?:손목|팔|허벅지|다리|몸|나)(?:을"
        r"|를)?(?:긋|그었|그어|그을|찔|베)",
        {
            "keys": ("긋", "그었", "그어", "그을", "칼", "면도날", "그엇", "그슨"),
            "unless": r"(?:요리|칼질|과일|채소|야채|양파|깎|수술|주사|헌혈|실수로|모르고|종이에"
            r"|밑줄|선을)",
        },
    ),
    (
        "ko.self_harm.hit",
        "self_harm",
        "crisis",
        r"(?:벽에머리를|머리를벽에|벽에머리)(?:계속|자꾸|막|세게|몇번|쿵쿵|일부러)*(?:박|찧|쿵)"
        r"|나(?:를|자신을)(?:때리|때렸|때려"
        r"|아프게하고|해치|벌주고|다치게하고)"
        r"|(?:스스로|일부러)(?:를|내)?(?:때리|때렸|해치|다치게|상처|머리를박|뺨을)|내몸에(?:상처"
        r"|흉)를?(?:내|냈|낸)"
        r"|피(?:를|가)?(?:보고싶|봐야|내고싶|나야진정|나야마음|봐야진정|봐야마음)",
        {
            "keys": ("벽에", "나를", "나자신", "스스로", "일부러", "내몸", "피"),
            "unless_before": r"(?<!내)(?<!제)(?:가|께서|들이)$",
        },
    ),
    # --- harm to others (concern; means or plan in the sentence makes it a crisis) ----------
    (
        "ko.harm.kill_other",
        "harm_to_others",
        "concern",
        rf"(?:죽이|죽여버리|찔러죽이|때려죽이|패죽이|찔러버리|패버리|없애버리|묻어버리|죽여놓"
        rf"|족치)(?:고|구){W}"
        r"|(?:죽여버릴|죽여버리겠|죽여버린다|죽일거|죽일꺼|죽이겠|찔러버릴|패버릴|죽여야겠"
        r"|죽여야지|죽여버려야)",
        {
            "keys": ("죽이", "죽여", "죽일", "찔러", "패", "없애", "묻어", "족치"),
            "unless_before": r"(?:시간|모기|벌레|바퀴|바퀴벌레|파리|좀비|몹|보스|캐릭|적|적군|적들"
            r"|세균|잡초|곰팡이"
            r"|분위기|맛|소리|음|무대|게임|식물|기분|노래|랭크|팀)(?:을|를|이|도)?$",
        },
    ),
    # --- the writer is being harmed ----------------------------------------------------------
    (
        "ko.abuse.hit_by",
        "abuse",
        "concern",
        rf"{PERSON}(?:이|가|는|은|께서|도)[^.]{{0,24}}?{VIOLENCE}"
        rf"|{PERSON}(?:한테|에게|께|한테서){FILLER}*(?:맞았|맞아|맞고|맞는|맞음|두들겨맞|얻어맞"
        rf"|처맞|뺨을맞|폭행당|협박당"
        r"|학대당|욕먹고맞)",
        {
            "unless": r"(?:장난|ㅋㅋ|게임에서|공을|공에|모기|농담|칭찬|베개|인형)",
            "keys": (
                "때리",
                "때렸",
                "때려",
                "때린",
                "때릴",
                "때림",
                "두들겨",
                "폭행",
                "밀쳤",
                "밀쳐",
                "졸",
                "걷어차",
                "발로",
                "가뒀",
                "가둬",
                "손찌검",
                "손을",
                "협박",
                "위협",
                "팼",
                "팬다",
                "패고",
                "할퀴",
                "맞았",
                "맞아",
                "맞고",
                "맞는",
                "맞음",
                "처맞",
                "학대",
            ),
        },
    ),
    (
        "ko.abuse.sexual",
        "abuse",
        "concern",
        r"(?:성추행|성폭행|성폭력|강간|추행|성희롱|불법촬영|몰카|데이트폭력|스토킹|그루밍|성착취"
        r"|성적학대)(?:을|를|에|도)?"
        r"(?:당|피해|받)|(?:억지로|강제로)(?:만졌|만지|만져|키스|관계를|벗기)|스토커(?:가|한테"
        r"|에게)"
        r"|(?:몸|가슴|엉덩이|허벅지)(?:을|를)?(?:만졌|만지|만져|더듬)",
        {
            "keys": (
                "성",
                "강간",
                "추행",
                "몰카",
                "스토",
                "그루밍",
                "억지로",
                "강제로",
                "만",
                "더듬",
            )
        },
    ),
    (
        "ko.abuse.bully",
        "abuse",
        "concern",
        r"(?:왕따|은따|bully|bullying|따돌림|괴롭힘|학폭|학교폭력|집단폭행|사이버폭력|폭언"
        r"|가스라이팅"
        r"|직장내괴롭힘|언어폭력|폭력|학대)"
        r"(?:을|를|에|도)?(?:당|받고|받았|받는|시달)|(?:애들|걔네|걔|쟤네|친구들|반애들|동기들"
        r"|선배들|사람들|팀장|상사"
        r"|부장)(?:이|가|은|는|들이)?(?:나를|날|저를|절|나만)(?:또|계속|매일)?(?:괴롭혀|괴롭히"
        r"|괴롭혔|따돌려|따돌리)",
        {"keys": ("왕따", "은따", "따돌", "괴롭", "학폭", "폭", "가스라이팅", "학대", "bully")},
    ),
    (
        "ko.abuse.threat",
        "abuse",
        "concern",
        r"(?:죽여버리겠다|죽이겠다|죽여버린다|죽인다|죽일거라|죽여버릴거라|가만안두겠다"
        r"|가만두지않겠다)(?:고|며|면서|는)"
        r"(?:협박|소리|했|하더|그랬|말했|위협|문자|카톡|톡|메시지|난리|소리쳤)",
        {"keys": ("죽", "가만"), "negatable": False, "personal": False},
    ),
    # --- eating disorder -----------------------------------------------------------------------
    (
        "ko.eating.purge",
        "eating_disorder",
        "concern",
        r"먹토|씹뱉|토하려고|억지로토|일부러토|손가락(?:을)?넣어(?:서)?토"
        r"|먹고(?:바로)?(?:다)?(?:토했|토하|게워)"
        r"|살찔까봐(?:토|굶|안먹|못먹|먹은걸)|변비약(?:을)?(?:\d+알|한통|몇알|왕창|잔뜩|먹고|털)"
        r"|이뇨제(?:를)?먹"
        r"|(?:며칠째|사흘째|일주일째|며칠동안|일주일동안|\d+일째|\d+일동안)(?:아무것도|물만"
        r"|일부러)?(?:안먹|굶)"
        r"|프로아나|뼈말라|개말라(?:가되|되고)|먹을자격|먹은걸(?:다)?토|(?:폭식|폭토)(?:하고|후에"
        r"|한뒤)(?:또|다시|바로)?(?:토|굶)",
        {
            "keys": (
                "토",
                "씹뱉",
                "살찔",
                "변비약",
                "이뇨제",
                "굶",
                "안먹",
                "프로아나",
                "말라",
                "먹을자격",
            ),
            "unless": r"(?:장염|체해서|체했|술|과음|숙취|멀미|입덧|임신|식중독|감기|독감|코로나"
            r"|부작용|위염|수술|금식"
            r"|내시경|검진|아기가|애기가|강아지|고양이|바빠서|아파서|노로)",
        },
    ),
    # --- hopelessness, burden, worthlessness (concern; they escalate together) -------------
    (
        "ko.hope.none",
        "hopelessness",
        "concern",
        r"(?:희망|미래|앞날|살아갈힘|삶의의미|사는의미|살아갈의미|인생의의미|살아있는의미"
        r"|사는이유)(?:이|가|도|은|는|이라곤|이라고는|이란|따위|같은건)?"
        r"(?:하나도|전혀|아무것도|아무런|더는|이제|더이상)?(?:없|안보|보이지않|안보여)",
        {"keys": ("희망", "미래", "앞날", "의미", "살아갈", "이유")},
    ),
    (
        "ko.hope.endure",
        "hopelessness",
        "concern",
        r"못버티|버틸수(?:가)?없|버틸힘(?:이|도)?(?:하나도|전혀|더는)?없|견딜수(?:가)?없"
        r"|견딜힘(?:이|도)?없|못견디"
        r"|감당이안|감당할수(?:가)?없"
        r"|(?:이젠|이제|정말|진짜)한계|사는게(?:너무)?(?:지겹|무의미|의미없|고통|지옥|버거|힘겹)"
        r"|살맛(?:이|도)?(?:안|없)"
        r"|살아서(?:뭐해|뭐하|뭐함|뭐하나|무슨의미)|살아봤자|숨쉬는것(?:조차|도)힘들",
        {
            "keys": (
                "버티",
                "버틸",
                "견딜",
                "견디",
                "감당",
                "한계",
                "사는게",
                "살맛",
                "살아서",
                "살아봤자",
                "숨쉬",
            ),
            "unless_before": r"(?:더워|추워|졸려|배고파|피곤해|다리가|허리가|궁금해|웃겨|화장실"
            r"|아파|가려워|간지러"
            r"|지루해|심심해|더위|추위|졸음|배고픔|설레|기대돼)(?:서)?$",
        },
    ),
    (
        "ko.hope.giveup",
        "hopelessness",
        "concern",
        rf"(?:다|모든걸|모든것을?|인생|삶|살기|사는것|전부)(?:을|를)?(?:포기하고{W}|포기할래"
        rf"|놓아버리고{W}|포기해버리고{W})",
        {"keys": ("포기", "놓아"), "unless": TASKS},
    ),
    (
        "ko.hope.burden",
        "hopelessness",
        "concern",
        r"(?:내가|나는|난|나만|나같은게|나같은건|나같은애|나란사람은?|제가|저는|저같은게|저같은건"
        r"|나란존재는?)"
        r"(?:그냥|항상|늘|맨날|계속|정말|진짜|결국|다들한테|모두에게|가족에게|가족한테|엄마한테"
        r"|부모님께|부모님한테"
        r"|다른사람한테|사람들한테|세상에|이세상에)*(?:짐|짐덩어리|짐만|민폐|폐만|걸림돌|방해만"
        r"|쓸모없|쓸모가없|쓰레기"
        r"|실패작|필요없는|없어도되는|없는게나|없는편이나|존재하면안|존재가치|살가치|살자격|가치없"
        r"|가치가없|태어나지말)",
        {"keys": ("내가", "나는", "난", "나만", "나같", "제가", "저는", "저같", "나란")},
    ),
    (
        "ko.suicide.absence_better",
        "suicide",
        "crisis",
        r"(?:내가|나만|나하나|나하나만|제가|저만|저하나|나같은건|나같은게|나)(?:없으면|없어지면"
        r"|사라지면|죽으면|없어도|없어져도"
        r"|사라져도|죽어도|떠나면|없었으면|없는게|없어야)(?:다들|모두|다|가족|가족들|엄마|아빠"
        r"|부모님|세상|아무도|누구도"
        r"|사람들|우리집|집안)?(?:은|는|이|가|도|들|들은|들도)?(?:더|훨씬|오히려|다|좀|조금은"
        r"|진짜)?(?:편하|편할|편해"
        r"|행복|나을|나아|좋아하|좋을|괜찮을|모를|신경안|슬퍼하지않|안슬퍼|상관없|달라지지"
        r"|아무렇지|모르겠|눈치채지|누가슬퍼|누가알|누가기억|누가울|누가찾)",
        {"keys": ("없", "사라", "죽", "떠나")},
    ),
    (
        "ko.hope.never_born",
        "hopelessness",
        "concern",
        r"태어나지(?:말|않|를말|도말)(?:았|걸|았어야|았으면|았더라면)|안태어났(?:으면|어야|더라면)"
        r"|왜태어났"
        r"|태어난게(?:죄|잘못|후회)",
        {"keys": ("태어",)},
    ),
    # --- signals: never a level on their own; they escalate other findings ------------------
    (
        "ko.signal.means",
        "suicide",
        "signal",
        r"번개탄|연탄|밧줄|목을매|목매|수면제|치사량|농약|옥상|다리위|대교|한강|투신|뛰어내|면도날"
        r"|커터칼|약을모|약을한꺼번"
        r"|약을왕창|높은곳|선로|유서",
        {"negatable": False, "personal": False, "historic": False},
    ),
    (
        "ko.signal.plan",
        "suicide",
        "signal",
        r"계획|날짜를|오늘밤|내일밤|디데이|결심했|결심이|준비(?:했|해뒀|해놨|다됐|중|다했|다해놨"
        r"|끝났|완료)|이번주말에"
        r"|방법(?:을)?(?:찾|검색|알아)|검색해봤"
        r"|(?:물건|짐|방|신변|주변)(?:을|를|도)?(?:다|미리)?정리(?:했|하고있|해두|해뒀|해놨|하는중)"
        r"|(?:다들|모두|모두들|그동안|지금까지|여태)(?:정말)?(?:고마웠|사랑했|미안했)",
        {"negatable": False, "personal": False, "historic": False},
    ),
    (
        "ko.signal.danger",
        "abuse",
        "signal",
        r"칼을들|칼로위협|흉기|목을졸|목졸|죽을것같|죽을뻔|집에가기(?:가)?무서|집에못가|도망쳐"
        r"|숨어있|피가났|피가나"
        r"|병원에실려|기절",
        {"negatable": False, "personal": False, "historic": False},
    ),
]


SELF_WORDS = r"(?:나는|난|내가|나같은|나란|저는|제가|저같은|나자신|나도|나만|왜나는|왜난|저도|저만)"
NOT_SELF_PARTICLE = r"(?<![나저내제])(?:가|이|은|는|만|도)$"

# Concept x concept rules, read within one sentence (the `also` pattern must co-occur).
GENERAL: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "ko.suicide.passive_morning",
        "suicide",
        "crisis",
        r"(?:아침|내일|눈)(?:이|은|을)?(?:안|다시는안|영영안)(?:왔|떴|떠졌|와)(?:으면|음)"
        r"|(?:아침|내일)(?:이|은)?오지않(?:았으면|으면|기를)|(?:내일|아침|미래)(?:이|은"
        r"|가)?(?:없었으면|없었음)",
        {"keys": ("아침", "내일", "눈")},
    ),
    (
        "ko.suicide.absence_resolves",
        "suicide",
        "crisis",
        r"(?:사라지면|없어지면|죽으면|떠나면|죽어버리면)(?:다|모든게|모든것이|전부|다들|모두"
        r"|가족들?이?)?"
        r"[^.]{0,12}?(?:해결|끝나|끝날|편해|편하|편할|괜찮아질|행복해|나아질|좋아질)",
        {"keys": ("사라지면", "없어지면", "죽으면", "떠나면"), "unless_before": NOT_SELF_PARTICLE},
    ),
    (
        "ko.suicide.nobody_would",
        "suicide",
        "crisis",
        r"(?:죽어도|없어져도|사라져도|떠나도|죽더라도|없어지더라도)[^.]{0,4}?(?:아무도|누구도"
        r"|아무렇지|세상은)",
        {
            "keys": ("도",),
            "unless_before": NOT_SELF_PARTICLE,
            "unless": r"(?:회사|팀|업무|가게|일은|돌아가)",
        },
    ),
    (
        "ko.suicide.fall_place",
        "suicide",
        "crisis",
        rf"(?:떨어지면|뛰어내리면|떨어질까|뛰어내릴까|떨어져볼까|뛰어내려볼까|떨어지고{W}"
        rf"|떨어져버리|몸을던지)",
        {
            "keys": ("떨어", "뛰어내", "몸을던"),
            "also": r"(?:베란다|난간|옥상|다리|창문|창밖|높은|아파트|건물|절벽|한강|대교|선로|철로"
            r"|지붕|층에서)",
            "unless": r"(?:번지|다이빙|낙하산|핸드폰|폰이|폰을|휴대폰|공이|컵|안경|열쇠|애기|아기"
            r"|강아지|고양이"
            r"|성적|점수|주가|가격|기온|온도|체력|시험)",
            "unless_after": r"^(?:봐|바)",
        },
    ),
    (
        "ko.suicide.overdose",
        "suicide",
        "crisis",
        rf"(?:삼키|삼켜|먹어|먹고|털어넣|털어|때려넣|들이부)(?:버리고{W}|버릴까|고{W}|볼까|버렸"
        rf"|버릴|야겠|려고|을까|을래|을거)",
        {
            "keys": ("삼키", "삼켜", "먹어", "먹고", "털어", "때려넣", "들이부"),
            "also": r"(?:약|알약|수면제|진통제|타이레놀|안정제|약통|약봉지)[^.]{0,12}?(?:전부|다"
            r"|한꺼번에|한번에"
            r"|몽땅|통째|왕창|있는거|있는걸|있는대로|모조리|한통|몇십|수십)",
            "unless": r"(?:처방|의사|영양제|비타민|유산균|감기약다|약다먹고나)",
        },
    ),
    (
        "ko.hope.life_pain",
        "hopelessness",
        "concern",
        r"(?:살아있는|사는|숨쉬는|살아가는|존재하는|살아있다는|눈뜨는)(?:게|것이|것도|거|것조차"
        r"|자체가|것자체가)"
        r"(?:너무|정말|진짜|매일|제일)?(?:괴로|고통|지겹|지옥|싫|힘들|버겁|무의미|의미없|무섭)",
        {"keys": ("살아", "사는", "숨쉬", "존재", "눈뜨")},
    ),
    (
        "ko.suicide.go_first",
        "suicide",
        "crisis",
        r"(?:먼저|나먼저|저먼저)(?:갈게|간다|가요|갑니다|떠날게|떠나요|가볼게|가있을게)",
        {
            "keys": ("먼저",),
            "also": r"(?:미안|죄송|안녕|잘있어|잘지내|사랑해|고마웠)",
            "unless": r"(?:수고|퇴근|집에|회식|모임|약속|내일봐|이따|학교|회사|자리|들어갈게|줄"
            r"|순서)",
        },
    ),
    (
        "ko.suicide.vehicle_jump",
        "suicide",
        "crisis",
        rf"뛰어들(?:까|고{W}|어버릴|어버리고|려고|어볼까|어버리|면)",
        {
            "keys": ("뛰어들",),
            "also": r"(?:차|트럭|버스|기차|지하철|열차|선로|철로|도로|찻길|횡단보도)",
        },
    ),
    (
        "ko.suicide.better_nonexistent",
        "suicide",
        "crisis",
        r"(?:없는|없어지는|사라지는|죽는|안태어나는)(?:게|것이|편이|거)(?:더|차라리)?(?:나아|나을"
        r"|낫|좋아|편해)",
        {
            "keys": ("없는", "없어지는", "사라지는", "죽는", "태어나는"),
            "also": SELF_WORDS + "|나같은|저같은",
        },
    ),
    (
        "ko.suicide.no_reason_endure",
        "suicide",
        "crisis",
        r"(?:버틸|견딜|계속살|살아있을|숨쉴|버텨야할|살아야할)이유(?:가|를|도)?(?:없|모르|못찾)",
        {"keys": ("이유",)},
    ),
    (
        "ko.suicide.stop_living",
        "suicide",
        "crisis",
        r"그만살(?:래|고|까|자|아야|겠|려|랍|았으면)",
        {
            "keys": ("그만살",),
            "unless": r"(?:이사|동네|집에서|에서그만|여기서그만|이집|자취|기숙사)",
        },
    ),
    (
        "ko.suicide.sleep_forever_2",
        "suicide",
        "crisis",
        rf"(?:영영|영원히|평생안|다시는안)(?:잠들|자고{W}|안깨|눈감|눈을감|깨지않)",
        {"keys": ("영영", "영원히", "평생안", "다시는안")},
    ),
    (
        "ko.self_harm.blade_body",
        "self_harm",
        "crisis",
        r"(?:손목|팔목|허벅지|팔뚝|팔에|팔을|살을|살에|몸에)",
        {
            "keys": ("손목", "팔목", "허벅지", "팔", "살을", "살에", "몸에"),
            "also": r"(?:칼|커터|면도날|면도칼|가위|유리조각|바늘|라이터)(?!로리|국수|집|질)",
            "unless": r"(?:보호대|시계|팔찌|타투|문신|주사|채혈|수술|네일|요리|칼질|과일|베였다"
            r"|실수로|모르고"
            r"|칼국수|칼로리|파스|마사지|운동)",
        },
    ),
    (
        "ko.third.note",
        "third_party",
        "concern",
        r"유서(?:같은|를|처럼|비슷한|라고)",
        {
            "keys": ("유서",),
            "personal": False,
            "also": r"(?:친구|걔|쟤|동생|언니|오빠|형|누나|엄마|아빠|남친|여친|동료|선배|후배|애가"
            r"|아이가)",
        },
    ),
    (
        "ko.suicide.past_overdose",
        "suicide",
        "concern",
        r"약을?(?:많이|한꺼번에|과다|왕창|잔뜩)(?:먹은|삼킨|복용한)적",
        {"keys": ("약",)},
    ),
    (
        "ko.hope.worthless",
        "hopelessness",
        "concern",
        r"(?:쓸모(?:가|도)?없|가치(?:가|도)?없는(?:사람|존재|인간)|필요없는존재|쓰레기같은(?:나"
        r"|인간|존재)"
        r"|한심한(?:나|인간|존재)|실패작|무가치|잉여인간|짐짝|짐덩어리|민폐덩어리)",
        {
            "keys": ("쓸모", "가치", "필요없는", "쓰레기", "한심", "실패작", "잉여", "짐"),
            "also": SELF_WORDS + "|왜이렇게",
            "unless": r"(?:물건|옷|앱|회의|정책|시간|정보|이거|그거|저거|이건|그건|선물|기능|수업"
            r"|강의|폰|가방|책"
            r"|자격증|스펙)",
        },
    ),
    (
        "ko.abuse.bully_made",
        "abuse",
        "concern",
        r"(?:나|날|나를|저를|저)(?:를)?(?:왕따|은따|따)(?:시키|시켜|시킴|당|를시)",
        {"keys": ("따",)},
    ),
    (
        "ko.abuse.hit_by_2",
        "abuse",
        "concern",
        r"(?:나를|날|저를|절|나한테|저한테)[^.]{0,6}?(?:밀친|밀치|밀칠|걷어찬|발로찬|때리고|때린"
        r"|때릴|목을조른"
        r"|목조른|던졌|던진다|던지고|할퀸|꼬집)",
        {
            "keys": ("나를", "날", "저를", "절", "나한테", "저한테"),
            "also": PERSON + r"(?:이|가|는|은|께서|도)?",
            "unless": r"(?:장난|ㅋㅋ|게임|농담|칭찬|베개|인형|공을|눈싸움|물총)",
        },
    ),
    # signals (escalate only)
    (
        "ko.signal.quit",
        "suicide",
        "signal",
        rf"(?:그만하고|끝내고|끝내버리고|끝장내고|놓아버리고|놓고|멈추고|다놓고|그만두고"
        rf"|쉬고)(?:{W}|십)",
        {"negatable": False, "personal": False, "historic": False, "unless": TASKS},
    ),
    (
        "ko.signal.farewell",
        "suicide",
        "signal",
        r"(?:다들|모두|모두들|엄마|아빠|가족들?|부모님)(?:한테|에게|께)?(?:정말|너무)?(?:미안해"
        r"|미안하다|미안합니다"
        r"|죄송해요|죄송합니다|고마웠|사랑해)|(?:편지|글|쪽지|메모)(?:를|도)?(?:남겼|남기고|써놨"
        r"|써뒀|남겨뒀)"
        r"|(?:이제|곧)(?:곧)?(?:편해질|끝날|끝이야|다끝나|만나러)|실행(?:하려|할거|할게|하기로"
        r"|할까)",
        {"negatable": False, "personal": False, "historic": False},
    ),
]

# Round-2 generalisations: euphemisms for dying, wishes about one's own existence, stockpiling,
# hopelessness about the future, and acts described with adverbs in between.
GENERAL_2: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "ko.suicide.euphemism_go",
        "suicide",
        "crisis",
        r"(?:조용히|편하게|아프지않게|고통없이|안아프게)(?:갈수있|가는법|가는방법|갈까|가고{W}"
        r"|갈방법|떠나는법|떠날까)"
        rf"|(?:떠나|사라지|가버리)(?:고{W}|ㄹ까|버리고{W}|고싶어)",
        {
            "keys": ("갈", "가는", "가고", "떠나", "사라지", "가버리"),
            "also": r"(?:영원히|영영|아무도모르게|이세상|세상에서|조용히|편하게|고통없이"
            r"|아프지않게)",
            "unless": r"(?:여행|휴가|유학|이민|시골|제주|바다|해외|이사|퇴사|회사)",
        },
    ),
    (
        "ko.suicide.own_existence_wish",
        "suicide",
        "crisis",
        r"(?:숨이|숨이그냥|심장이)(?:멎었|멎|멈췄|멈추|끊어졌|끊겼)(?:으면|음|길|기를)"
        r"|(?:나|내가|나란존재|나라는존재|내존재|저|제존재)(?:가|는|도)?(?:지워졌|지워지|없어졌"
        r"|사라졌|소멸했)"
        r"(?:으면|음|기를)",
        {"keys": ("숨이", "심장이", "지워", "없어졌", "사라졌", "소멸")},
    ),
    (
        "ko.suicide.death_answer",
        "suicide",
        "crisis",
        r"죽(?:음|는것|는거|는게)(?:이|만이|밖에|뿐|만)?(?:답|해결책|유일한|탈출구|방법밖에|길밖에)"
        r"|죽을용기(?:가|도|조차)?(?:없|나|생기|있었으면)",
        {"keys": ("죽",)},
    ),
    (
        "ko.self_harm.wound_wish",
        "self_harm",
        "crisis",
        rf"(?:상처|흉|피)(?:를|을)?(?:내고{W}|내버리고{W}|내야|낼까)|(?:팔|손목|팔목|허벅지"
        rf"|다리)(?:을|를|에)?"
        r"(?:또|다시|계속|자꾸|몰래|살짝|깊게|오늘도)+(?:긋|그었|그어|그을|그엇|그슨)",
        {
            "keys": (
                "상처",
                "흉",
                "피",
                "또",
                "다시",
                "계속",
                "자꾸",
                "몰래",
                "살짝",
                "깊게",
                "오늘도",
            )
        },
    ),
    (
        "ko.suicide.absence_eases",
        "suicide",
        "crisis",
        r"(?:사라지면|없어지면|죽으면|떠나면|없으면)[^.]{0,8}?(?:덜힘들|덜고생|덜괴롭|덜슬프"
        r"|짐을덜|편해지|행복해지"
        r"|걱정이없|고생안)",
        {"keys": ("면",), "unless_before": NOT_SELF_PARTICLE},
    ),
    (
        "ko.suicide.stockpile",
        "suicide",
        "crisis",
        r"(?:모으면|모아서|모았|모아두|모아놨|모을|쌓아|충분하겠|충분할|몇알이면|몇통이면)",
        {
            "keys": ("모", "쌓아", "충분", "몇알", "몇통"),
            "also": r"(?:수면제|수면유도제|진통제|타이레놀|안정제|신경안정제|항우울제|알약)",
            "unless": r"(?:포인트|쿠폰|스티커|도장|적립|마일리지)",
        },
    ),
    (
        "ko.hope.no_better",
        "hopelessness",
        "concern",
        r"(?:나아질|좋아질|달라질|바뀔)(?:것같지|거같지|리가|일은|수가|것같지가)(?:않|없)"
        r"|(?:다|모든게|모든것이|전부|인생이|삶이|사는게|요즘은다)(?:다)?(?:의미없|무의미|부질없"
        r"|허무하)"
        r"|(?:더는|더이상|도저히|이제는)못하겠",
        {
            "keys": ("나아질", "좋아질", "달라질", "바뀔", "의미", "부질", "허무", "못하겠"),
            "unless": TASKS,
        },
    ),
    (
        "ko.eating.water_only",
        "eating_disorder",
        "concern",
        r"물만(?:마시|먹)|(?:아무것도|하루종일)(?:안먹|안먹고)",
        {"keys": ("물만", "안먹"), "also": r"(?:살|체중|몸무게|다이어트|빠지|빼)"},
    ),
    (
        "ko.harm.hit_wish",
        "harm_to_others",
        "concern",
        rf"(?:한대|한방|주먹으로)(?:치|때리|갈기|패|쳐)(?:고{W}|주고{W}|버리고{W}|고싶)",
        {"keys": ("한대", "한방", "주먹")},
    ),
    (
        "ko.abuse.touched",
        "abuse",
        "concern",
        r"(?:나를|날|내몸을|저를|제몸을|내몸|나)(?:몰래|억지로|자꾸|계속)?(?:만졌|만지|만진|더듬)",
        {"keys": ("만졌", "만지", "만진", "더듬"), "also": PERSON, "personal": False},
    ),
    (
        "ko.signal.quit_plan",
        "suicide",
        "signal",
        r"(?:그만하|끝내|끝낼|그만둘|그만할)(?:려고|래|거야|기로|려구|랍니다|렵니다)",
        {"negatable": False, "personal": False, "historic": False, "unless": TASKS},
    ),
    (
        "ko.signal.burden",
        "hopelessness",
        "signal",
        r"(?:나|내가|저|나하나|저하나)(?:없어도|하나없어도)[^.]{0,4}?(?:세상|다들|모두|가족"
        r"|다)[^.]{0,4}?"
        r"(?:잘돌아|아무문제|상관없|괜찮|잘살)",
        {"negatable": False, "personal": False, "historic": False},
    ),
]

# Round-3 generalisations.
GENERAL_3: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "ko.hope.life_meaning",
        "hopelessness",
        "concern",
        r"(?:사는게|사는것이|살아서|인생이|삶이)[^.]{0,4}?(?:의미가(?:있나|없|뭐)|무슨의미|뭔의미"
        r"|뭐가의미)",
        {"keys": ("의미",)},
    ),
    (
        "ko.suicide.for_everyone",
        "suicide",
        "crisis",
        r"(?:없는|없어지는|사라지는|죽는|떠나는)(?:게|것이|편이)[^.]{0,4}?(?:모두를위한|모두를위해"
        r"|다들을위한"
        r"|가족을위한|가족을위해|모두에게좋|다들한테좋|모두한테좋|모두를위한거)",
        {"keys": ("위한", "위해", "좋")},
    ),
    (
        "ko.suicide.end_life_2",
        "suicide",
        "crisis",
        r"(?:인생|삶|목숨|내인생|이생|이번생)(?:을|를|은)?[^.]{0,6}?(?:끝내|끝장내|마감하|끊)"
        r"(?:려|ㄹ|을까|을거|겠|야겠|어야|기로|자|어버리|야지)",
        {
            "keys": ("끝내", "끝장", "마감", "끊"),
            "unless": r"(?:첫|마라톤|프로젝트|여행|숙제|일을)",
        },
    ),
    (
        "ko.suicide.pills_saved",
        "suicide",
        "crisis",
        r"약(?:을|들을|도|들)?(?:안먹고|안먹은채|몰래|하나씩|조금씩|계속)+모아|약(?:을"
        r"|들을)?모아(?:뒀|놨|두고|놓고|두는)",
        {"keys": ("모아",)},
    ),
    (
        "ko.suicide.method_thoughts",
        "suicide",
        "crisis",
        r"(?:죽을|죽는|자살할|자살하는)(?:방법|법|수있는방법)",
        {"keys": ("방법", "법")},
    ),
    (
        "ko.self_harm.hit_self_2",
        "self_harm",
        "crisis",
        r"나(?:를|자신을)(?:계속|자꾸|막|세게|또|마구|몇번이고)+(?:때리|때렸|때려|때린|꼬집|할퀴)",
        {"keys": ("나를", "나자신을"), "unless_before": r"(?<!내)(?<!제)(?:가|께서|들이)$"},
    ),
    (
        "ko.suicide.not_here_tomorrow",
        "suicide",
        "crisis",
        r"(?:내일이면|곧|오늘이지나면|다음주면)(?:난|나는|저는)?(?:여기|이세상에|세상에)?없을(?:거"
        r"|것|테|꺼)",
        {"keys": ("없을",), "unless": r"(?:출장|여행|휴가|이사|퇴사|유학|입대|비행기|귀국)"},
    ),
    (
        "ko.suicide.railing",
        "suicide",
        "crisis",
        r"(?:난간|창틀|난간위)(?:에|위에|위로)?(?:올라가|올라섰|올라갔|서있|걸터앉|매달)",
        {"keys": ("난간", "창틀"), "unless": r"(?:공사|청소|수리|사진|야경|전망대|고양이)"},
    ),
]

# Round-4 generalisations.
GENERAL_4: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "ko.suicide.absence_no_tears",
        "suicide",
        "crisis",
        r"(?:죽으면|없어지면|사라지면|떠나면)[^.]{0,16}?(?:울|고생할|걱정할|힘들|괴로울"
        r"|슬퍼할)일(?:도|은|이)?없",
        {"keys": ("일",), "unless_before": NOT_SELF_PARTICLE},
    ),
    (
        "ko.suicide.no_stay_world",
        "suicide",
        "crisis",
        r"(?:세상에|이세상에|여기에|이곳에)(?:더|더는|더이상)?(?:있고싶지않|머물고싶지않"
        r"|존재하고싶지않|남고싶지않)",
        {"keys": ("싶지않",)},
    ),
    (
        "ko.suicide.better_gone_2",
        "suicide",
        "crisis",
        r"(?:없는|없어지는|사라지는|죽는|떠나는)(?:게|것이|편이|거)[^.]{0,6}?(?:나을|나아|낫|좋을)",
        {
            "keys": ("없는", "없어지는", "사라지는", "죽는", "떠나는"),
            "also": SELF_WORDS + "|나같은|저같은",
        },
    ),
    (
        "ko.eating.laxatives",
        "eating_disorder",
        "concern",
        r"(?:변비약|이뇨제|설사약)(?:을|도|를)?[^.]{0,10}?(?:알씩|먹고|먹어|먹었|털)",
        {"keys": ("변비약", "이뇨제", "설사약"), "also": r"(?:살|체중|몸무게|빼|빠지|다이어트)"},
    ),
]

# Round-5 generalisations.
GENERAL_5: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "ko.suicide.should_vanish",
        "suicide",
        "crisis",
        r"(?:없어져야|사라져야|죽어야|없어지는게맞|사라지는게맞)(?:해|한다|돼|된다|할|마땅|겠|지)",
        {"keys": ("없어져야", "사라져야", "죽어야", "맞"), "also": SELF_WORDS + "|나같은|저같은"},
    ),
    (
        "ko.self_harm.burn",
        "self_harm",
        "crisis",
        r"(?:담뱃불|라이터|뜨거운)[^.]{0,10}?(?:지졌|지지|지져|데웠|태웠|갖다댔)",
        {
            "keys": ("담뱃불", "라이터", "뜨거운"),
            "unless": r"(?:요리|고기|다리미|실수로|모르고|커피)",
        },
    ),
    (
        "ko.suicide.not_open_again",
        "suicide",
        "crisis",
        r"(?:다시는|영영|영원히|그대로)안(?:떴|깼|깨어났|일어났)(?:으면|음)",
        {"keys": ("안",)},
    ),
    (
        "ko.abuse.stalking",
        "abuse",
        "concern",
        r"스토킹|스토커|집앞에(?:계속)?찾아와|따라다녀|따라와서",
        {
            "keys": ("스토", "찾아와", "따라"),
            "also": r"(?:무서|겁나|불안|전남친|전여친|모르는사람|신고)",
            "personal": False,
        },
    ),
]

# Round-6 generalisations.
GENERAL_6: list[tuple[str, str, str, str, dict[str, object]]] = [
    (
        "ko.hope.endure_tired",
        "hopelessness",
        "concern",
        r"버티는(?:것도|게|것|거)(?:이제|너무|정말)?(?:지쳤|힘들|지겹|못하겠|한계)",
        {"keys": ("버티는",)},
    ),
    (
        "ko.suicide.own_death_comfort",
        "suicide",
        "crisis",
        r"(?:내가|나)죽은(?:뒤|후|다음)|내장례식|내가없는세상|내가죽은(?:모습|장면)",
        {"keys": ("죽은", "장례식", "없는세상"), "also": r"(?:편하|편안|좋|위로|안심|후련|평화)"},
    ),
    (
        "ko.eating.fear_weight",
        "eating_disorder",
        "concern",
        r"살찔까(?:봐|바|싶어)",
        {"keys": ("살찔",), "also": r"(?:토했|토해|토하|굶|안먹|씹뱉|게워)"},
    ),
]

RULES: tuple[Rule, ...] = compile_rules(
    SPECS + GENERAL + GENERAL_2 + GENERAL_3 + GENERAL_4 + GENERAL_5 + GENERAL_6  # type: ignore[arg-type]
)

# --- context checks ------------------------------------------------------------------------

_SELF = re.compile(r"(?:내가|나는|난|나도|나만|제가|저는|전|저도|저만|나역시)")
_OTHER = re.compile(
    r"(?:친구|걔|쟤|얘|그애|그녀|그사람|그분|동생|언니|오빠|형|누나|엄마|어머니|아빠|아버지|남친"
    r"|여친|남자친구"
    r"|여자친구|남편|아내|와이프|아들|딸|동료|선배|후배|학생|환자|내담자|룸메|룸메이트|사촌|이모"
    r"|고모|삼촌|할머니"
    r"|할아버지|지인|누군가|누가|애들|사람들|반친구|친구들|조카|사장|팀장|연예인|배우|가수|주인공"
    r"|그놈|그새끼|그인간"
    r"|걔네|쟤네|다들|모두|전부|[가-힣]씨)(?:가|이|는|은|도|께서|들이|들은|들도)"
)
# Spoken Korean drops the subject particle: "그 새끼 그냥 죽었으면" still names who.
_OTHER_BARE = re.compile(
    r"(?:그새끼|그놈|그년|그인간|걔|쟤|그사람|팀장|부장|사장|상사|과장|선배|전남친|전여친|시어머니"
    r"|시엄마"
    r"|저새끼|저놈|이새끼|개새끼|걔네|쟤네|그자식|저자식)"
)
_OTHER_NOUN = re.compile(
    r"(?:친구|동생|언니|오빠|형|누나|엄마|아빠|남친|여친|동료|선배|후배|룸메|걔|쟤|애들|사람들"
    r"|지인|아들|딸"
    r"|학생|환자)"
)
_TIRED = re.compile(r"(?:피곤|졸려|졸리|주말|월요일|출근|야근|잠이부족|꿀잠)")
_SINCERE = re.compile(r"(?:진심|진짜로|농담아니|장난아니|레알)")
_PESTS = re.compile(r"(?:모기|벌레|바퀴|파리|좀비|몹|보스|날파리|쥐|개미)")
_REPORTED = re.compile(
    r"^[^.]{0,8}?(?:대|대요|래|래요|다더라|대더라|다네|단다|어하|어해|어했|어한|워하|워해|했대"
    r"|한대|다던데|다던|답니다"
    r"|다더라고|다고하더라|다고했대|다고한다|다고하네|다고해서|다는데|다길래|다며)"
)
_QUOTED = re.compile(r"^[^.]{0,8}?(?:다고|다는|라고|냐고|다며|단|라며)")
_NEG_AFTER = re.compile(
    r"^[^.]{0,3}?(?:지|진|지는|지도|지만은|지를|지가)(?:않|안|아니|말)"
    r"|^[^.]{0,6}?(?:건|게|거|것은|거는|다는건|다는게|단건|다는거|것)(?:은|는)?(?:아니|아냐|아님)"
    r"|^(?:은|는|이|가|도|까진|까지는|만큼은|를|을)?(?:전혀|별로|딱히|절대|하나도|결코)?(?:없|안했"
    r"|안해|안함|안할|않|아니|못했)"
    r"|^[^.]{0,10}?(?:생각|마음|계획|의도|충동|맘)(?:은|는|이|가|까진|까지는|도|을"
    r"|를)?(?:해본적)?(?:전혀|별로|딱히|절대|하나도)?"
    r"(?:없|안들|안해|안했|들지않|하지않|안나|나지않|안함|안듦)"
    r"|^[^.]{0,10}?적(?:이|은|도)?(?:한번도|단한번도)?없"
    r"|^(?:를|을)?(?:멈춘|끊은|안한|안하고|그만둔)지"
)
_NEG_BEFORE = re.compile(r"(?:안|절대안|결코|전혀)$")
_NEG_CANCEL = re.compile(
    r"^[^.]{0,16}?(?:날이없|날이하루도없|때가없|거짓말|면거짓|않은날이없|않은적이없|않은건아니"
    r"|않은게아니)"
)
_MEDIA = re.compile(
    r"(?:가사|노래|드라마|영화|웹툰|소설|책에서|책속|대사|주인공|캐릭터|뉴스|기사에서|기사를"
    r"|기사가|기사봤"
    r"|다큐|방송|유튜브|유튜버|연예인|배우가|배우의|배우들|여배우|가수|인터뷰|제목|줄거리|에피소드"
    r"|게임에서|작품|시에서읽|통계|자살률|언론|보도에따르|보도를봤|보도가나|보도됐|속보|sns에서"
    r"|커뮤니티에서"
    r"|댓글|강의|교육|세미나|논문|연구|캠페인|예방의날|예방교육|상담교육|ost)"
)
_DISTANT_PAST = re.compile(
    r"(?:예전에|예전엔|옛날에|옛날엔|한때|몇년전|몇달전|작년|재작년|학창시절|고등학교때|고딩때"
    r"|중학교때|중딩때"
    r"|초등학교때|초딩때|고등학생때|중학생때|초등학생때|학생때|대학생때|어릴때|어렸을때|대학교때"
    r"|대학때|20대때|10대때|십대때|그때는|그땐|당시"
    r"|과거에|사춘기때|군대에서"
    r"|이십대|십대|\d+년전|\d+살때|스무살때|입시때)"
)
_PAST_TENSE = re.compile(r"(?:었|았|했|던|웠|였|적이있|적있|한적|은적|던적)")
_RECUR = re.compile(
    r"(?:다시|요즘|또|지금도|아직도|요새|최근|오늘|어제|요즘도|여전히|또다시|이번에도|어젯밤)"
)
_RECOVERED = re.compile(r"(?:살만하|살만해|괜찮|나아졌|좋아졌|안그래|극복|견딜만|회복|치료받)")
_SCAR = re.compile(r"^[^.]{0,6}?(?:흉터|흔적|자국)")
_EMBARRASS = re.compile(r"(?:창피|쪽팔|부끄|민망|흑역사|이불킥|수치스|망신|오글)")
_LAUGH = re.compile(r"(?:ㅋㅋ|ㅎㅎ|😂|🤣|💀|lol|ㅋ{2,}|ㅎ{2,}|개웃|웃겨)")
_GENERIC = re.compile(
    r"^[^.]{0,2}?(?:을때|을땐|을때면|을때마다|다면|으면|을경우|는사람|는분|는이들|는친구)"
)
_MANNER = re.compile(r"(?:이렇게|그렇게|이런식으로|대충|이대로)$")
_HARM_MEANS = re.compile(
    r"(?:칼|흉기|망치|총|야구방망이|찾아가|기다렸다가|계획|오늘밤|내일|진짜로|정말로|실제로|방법"
    r"|주소)"
)
_JOKE = re.compile(r"(?:ㅋㅋ|ㅎㅎ|😂|🤣|농담|장난)")
_COMPLETED_OTHER = re.compile(r"^(?:을|를)?했(?:다|대|어|고|는데|다는|던|을)")


def _last_end(pattern: re.Pattern[str], text: str) -> int:
    end = -1
    for m in pattern.finditer(text):
        end = m.end()
    return end


def _about_other(match: Match, mode: str) -> bool:
    before, after = match.before, match.after
    last_self = _last_end(_SELF, before)
    last_other = _last_end(_OTHER, before)
    other_subject = last_other > last_self
    if mode == "desire":
        if _REPORTED.search(after):
            return last_self < 0 or other_subject
        return other_subject and bool(_QUOTED.search(after))
    if mode == "act":
        if other_subject:
            return True
        # "친구 인스타에 자해 사진이": a person named without a particle, and no "I".
        if _OTHER_NOUN.search(before) and not _SELF.search(match.sentence):
            return True
        # "자살했다" about nobody named: the writer is alive, so it is someone else's death.
        return (
            match.rule.id == "ko.suicide.word"
            and "시도" not in match.matched + after[:4]
            and bool(_COMPLETED_OTHER.search(match.matched[-1:] + after))
            and last_self < 0
        )
    if last_self < 0 and _OTHER_BARE.search(before):
        return True
    return other_subject  # "wish": the subject decides


_DESIRE_RULES = {"ko.suicide.want_die", "ko.suicide.disappear", "ko.suicide.no_live"}


def check(match: Match) -> Finding | None:
    rule = match.rule
    sentence, before, after = match.sentence, match.before, match.after
    level = rule.level
    if rule.level == "signal":
        return Finding(rule.id, rule.category, "signal", "self")

    if rule.negatable:
        negated = bool(_NEG_AFTER.search(after)) or bool(_NEG_BEFORE.search(before))
        if negated and not _NEG_CANCEL.search(after):
            return None

    if rule.category == "harm_to_others":
        # Threats received ("죽여버리겠다고 했다") are about the writer being harmed.
        if _QUOTED.search(after) and _last_end(_OTHER, before) > _last_end(_SELF, before):
            return Finding(rule.id, "abuse", "concern", "self", "threat received")
        if _JOKE.search(match.tail):
            return None
        if (
            _PESTS.search(match.text)
            and not _OTHER.search(sentence)
            and not _OTHER_BARE.search(sentence)
        ):
            return None
        lethal = any(stem in match.matched for stem in ("죽", "찔러", "없애", "묻어"))
        if lethal and _HARM_MEANS.search(sentence):
            return Finding(rule.id, rule.category, "crisis", "self", "means")
        return Finding(rule.id, rule.category, "concern", "self")

    about = "self"
    if rule.personal:
        if rule.id in _DESIRE_RULES or rule.id.startswith("ko.suicide.will"):
            mode = "desire"
        elif rule.id in ("ko.suicide.word", "ko.self_harm.word", "ko.self_harm.cut"):
            mode = "act"
        elif rule.category == "abuse":
            mode = "abuse"
        else:
            mode = "wish"
        if mode != "abuse" and _about_other(match, mode):
            about = "other"

    if rule.id == "ko.suicide.wish_dead" and about == "other":
        return Finding(rule.id, "harm_to_others", "concern", "self", "wish about another")
    if rule.id == "ko.suicide.means_vehicle" and about == "other":
        return Finding(rule.id, "harm_to_others", "concern", "self", "wish about another")

    if _MEDIA.search(sentence) and not _SELF.search(sentence) and rule.category != "abuse":
        return None  # news, lyrics, drama, statistics: not the writer

    if about == "other":
        if rule.category == "abuse":
            return Finding(rule.id, "abuse", "concern", "self")
        return Finding(rule.id, "third_party", "concern", "other")

    if rule.idiomatic and _EMBARRASS.search(sentence):
        return None
    if rule.id.startswith("ko.suicide.sleep_forever") and _TIRED.search(match.tail):
        return None  # "피곤해서 영원히 자고 싶다 ㅋㅋ 주말아 와라"
    if rule.idiomatic and _LAUGH.search(match.tail) and not _SINCERE.search(match.tail):
        level = "concern"
    if rule.id == "ko.suicide.no_live" and _MANNER.search(before):
        level = "concern"
    if level == "crisis" and _GENERIC.search(after):
        level = "concern"  # "죽고 싶을 때 듣는 노래", "자해하는 사람": general, not now

    if rule.historic and level == "crisis":
        scar = rule.category == "self_harm" and _SCAR.search(after)
        past = _DISTANT_PAST.search(sentence) and _PAST_TENSE.search(match.matched + after[:8])
        recurs = _RECUR.search(sentence) and not _RECOVERED.search(sentence)
        if (scar or past) and not recurs:
            level = "concern"
    return Finding(rule.id, rule.category, level, "self")
