"""Seed data: prompt versions v1, AI policies ethics/tone/mode v1 (diaries seeds slip), the AI
service catalogue (seed 004) and the beat schedules."""

from django.db import migrations

SYSTEM_RULES = (
    "You are Haru, a warm wellness companion for Korean and English speakers. Rules that always "
    "hold: never diagnose; never advise on medication or dosage; never mention a method, means "
    "or place of self-harm; follow Korean suicide-reporting guidance (never write '극단적 선택', "
    "never romanticise or sound fatalistic); where distress shows, offer hope and say that help "
    "is available (Korea: 109, 1577-0199, 112/119). Personal details appear masked as [NAME], "
    "[PHONE], [EMAIL]; never try to guess them. Answer in the user's language ({{ language }} "
    "when given) and only in the requested JSON shape."
)
READING_RULES = (
    SYSTEM_RULES + " This is an entertainment reading: keep it kind, hopeful and light; never "
    "predict death, illness, accidents or disasters; never tell the user to make medical, "
    "legal or financial decisions from it."
)

PROMPTS = [
    # name, model, system, user template, variables, parameters, description
    (
        "journal_analysis",
        "gpt-4o-mini",
        SYSTEM_RULES.replace("({{ language }} when given)", ""),
        "Language: {{ language }}\nAnalyse this journal entry. Give a one or two sentence "
        "summary of the day's scene, the emotion flow (beginning/middle/end with intensity "
        "0-1), emotion scores (0-1), the primary emotion, up to five keywords, the most "
        "representative sentence quoted from the text, one gentle reflection question, a kind "
        "interpretation, tier_a (emotional intensity 0.1-4.0, 1.0 ordinary) and tier_m "
        "(immersion 0.1-4.0).\n\nEntry:\n{{ text }}",
        ["language", "text"],
        {"temperature": 0.3, "max_tokens": 900},
        "Diary analysis (seed 002 analysis_results).",
    ),
    (
        "coaching_message",
        "gpt-4o-mini",
        SYSTEM_RULES.replace("({{ language }} when given)", ""),
        "Language: {{ language }}\nWrite one short {{ message_type }} coaching message (at most "
        "three sentences) in a {{ tone }} tone for someone whose recent activity is: "
        "{{ activity }}. Rate how personalised it is (0-1).",
        ["language", "message_type", "tone", "activity"],
        {"temperature": 0.7, "max_tokens": 300},
        "Daily coaching message (seed 000).",
    ),
    (
        "chat",
        "gpt-4o-mini",
        SYSTEM_RULES.replace("({{ language }} when given)", ""),
        "Language: {{ language }}\n{{ message }}",
        ["language", "message"],
        {"temperature": 0.7, "max_tokens": 600},
        "AI chat reply (seed 004 chat service).",
    ),
]
SERVICE_PROMPTS = {
    "saju": "Give a Four Pillars (saju) reading for someone born on {{ birth_date }} "
    "(hour: {{ birth_hour }}). Computed pillars: {{ pillars }}.",
    "tarot": "Give a tarot reading for the question '{{ question }}'. Cards drawn: {{ cards }}.",
    "dream-interpretation": "Interpret this dream in the Korean 해몽 tradition, gently: "
    "{{ dream }}",
    "name-analysis": "Analyse the name '{{ name }}' by its sounds and their five elements: "
    "{{ elements }}.",
    "tojeong": "Give a Tojeong Bigyeol outlook for {{ year }} for someone born on "
    "{{ birth_date }}; hexagram numbers {{ numbers }}.",
    "face-reading": "Give a face reading (gwansang) from this self-description: {{ features }}.",
    "story": "Write a short {{ genre }} story (under 400 words) about: {{ theme }}.",
}

SERVICES = [
    # category, type, ko, en, desc ko, desc en, cost, entertainment, form
    (
        "fortune",
        "saju",
        "사주팔자",
        "Four Pillars (Saju)",
        "태어난 날과 시간으로 사주의 기운을 풀어 드려요.",
        "A reading of the Four Pillars from your birth date and hour.",
        25,
        True,
        [
            {
                "name": "birth_date",
                "type": "date",
                "label_ko": "생년월일",
                "label_en": "Birth date",
                "required": True,
            },
            {
                "name": "birth_hour",
                "type": "choice",
                "label_ko": "태어난 시간",
                "label_en": "Birth hour",
                "required": False,
                "choices": [
                    "unknown",
                    "23-01",
                    "01-03",
                    "03-05",
                    "05-07",
                    "07-09",
                    "09-11",
                    "11-13",
                    "13-15",
                    "15-17",
                    "17-19",
                    "19-21",
                    "21-23",
                ],
            },
        ],
    ),
    (
        "fortune",
        "tarot",
        "타로 카드",
        "Tarot",
        "궁금한 질문 하나에 세 장의 카드로 답해 드려요.",
        "Three cards answer the one question on your mind.",
        20,
        True,
        [
            {
                "name": "question",
                "type": "textarea",
                "label_ko": "질문",
                "label_en": "Your question",
                "required": True,
                "max_length": 300,
            }
        ],
    ),
    (
        "fortune",
        "dream-interpretation",
        "꿈 해몽",
        "Dream interpretation",
        "간밤의 꿈이 어떤 의미일지 함께 풀어 봐요.",
        "What last night's dream might mean, in the Korean tradition.",
        15,
        True,
        [
            {
                "name": "dream",
                "type": "textarea",
                "label_ko": "꿈 내용",
                "label_en": "Your dream",
                "required": True,
                "max_length": 1000,
            }
        ],
    ),
    (
        "fortune",
        "name-analysis",
        "성명학 분석",
        "Name analysis",
        "이름의 소리와 오행으로 이름에 담긴 기운을 살펴봐요.",
        "The sounds of a name and their five elements.",
        10,
        True,
        [
            {
                "name": "name",
                "type": "text",
                "label_ko": "이름",
                "label_en": "Name",
                "required": True,
                "max_length": 20,
            }
        ],
    ),
    (
        "fortune",
        "tojeong",
        "토정비결",
        "Tojeong Bigyeol",
        "한 해의 흐름을 달마다 짚어 드려요.",
        "Your year ahead, month by month.",
        15,
        True,
        [
            {
                "name": "birth_date",
                "type": "date",
                "label_ko": "생년월일",
                "label_en": "Birth date",
                "required": True,
            }
        ],
    ),
    (
        "fortune",
        "face-reading",
        "관상 분석",
        "Face reading",
        "얼굴의 특징을 골라 주시면 관상으로 풀어 드려요. 사진은 받지 않아요.",
        "Pick your features and get a gwansang reading. No photo needed.",
        25,
        True,
        [
            {
                "name": "face_shape",
                "type": "choice",
                "label_ko": "얼굴형",
                "label_en": "Face shape",
                "required": True,
                "choices": ["round", "oval", "square", "long", "heart"],
            },
            {
                "name": "eyes",
                "type": "choice",
                "label_ko": "눈",
                "label_en": "Eyes",
                "required": True,
                "choices": ["large", "narrow", "round", "upturned", "downturned"],
            },
            {
                "name": "nose",
                "type": "choice",
                "label_ko": "코",
                "label_en": "Nose",
                "required": True,
                "choices": ["high", "rounded", "straight", "small"],
            },
        ],
    ),
    (
        "entertainment",
        "story",
        "이야기 생성",
        "Story",
        "주제를 주시면 짧은 이야기를 지어 드려요.",
        "Give a theme and get a short story.",
        20,
        True,
        [
            {
                "name": "theme",
                "type": "text",
                "label_ko": "주제",
                "label_en": "Theme",
                "required": True,
                "max_length": 200,
            },
            {
                "name": "genre",
                "type": "choice",
                "label_ko": "장르",
                "label_en": "Genre",
                "required": False,
                "choices": ["fairy_tale", "adventure", "healing", "mystery"],
            },
        ],
    ),
    (
        "utility",
        "chat",
        "AI 채팅",
        "AI chat",
        "하루와 편하게 이야기 나눠요. 메시지마다 크레딧이 사용돼요.",
        "Talk with Haru. Each message uses credits.",
        5,
        False,
        [
            {
                "name": "message",
                "type": "textarea",
                "label_ko": "메시지",
                "label_en": "Message",
                "required": True,
                "max_length": 2000,
            }
        ],
    ),
]

POLICIES = {
    "ethics": (
        {
            "terms": {
                "violence": ["죽여버리", "때려죽", "패버리", "kill you", "beat you up"],
                "harassment": ["성희롱", "몰카", "sexual harassment"],
                "illegal": ["마약", "필로폰", "대마", "불법 도박", "buy drugs"],
            },
            "no_diagnosis": True,
            "no_medication_advice": True,
        },
        "Tags harmful content; the output rules (no diagnosis, no medication) hold always.",
    ),
    "tone": (
        {"tone": "gentle", "allowed": ["encouraging", "gentle", "energetic", "thoughtful"]},
        "Default coaching tone; a user's own choice wins.",
    ),
    "mode": (
        {"mode": "mirror", "options": ["mirror", "coach", "quiet"]},
        "mirror reflects feelings back, coach suggests one small action, quiet keeps it short.",
    ),
}

TASKS = {
    # name: (task, crontab minute, hour)
    "coaching.send_coaching_messages": ("coaching.send_coaching_messages", "5", "*"),
    "coaching.expire_service_results": ("coaching.expire_service_results", "20", "3"),
    "coaching.purge_expired_overrides": ("coaching.purge_expired_overrides", "25", "3"),
}


def seed(apps, schema_editor):
    from coaching.llm.schemas import schema_for

    PromptTemplate = apps.get_model("coaching", "PromptTemplate")
    AIService = apps.get_model("coaching", "AIService")
    PolicyVersion = apps.get_model("coaching", "PolicyVersion")
    PolicyActive = apps.get_model("coaching", "PolicyActive")

    rows = list(PROMPTS)
    for service_type, template in SERVICE_PROMPTS.items():
        variables = sorted(set(__import__("re").findall(r"\{\{\s*(\w+)\s*\}\}", template)))
        rows.append(
            (
                service_type,
                "gpt-4o-mini",
                READING_RULES.replace("({{ language }} when given)", ""),
                "Language: {{ language }}\n" + template,
                sorted({"language", *variables}),
                {"temperature": 0.8, "max_tokens": 1200},
                f"AI service reading: {service_type} (seed 004).",
            )
        )
    for name, model, system, user_template, variables, parameters, description in rows:
        PromptTemplate.objects.update_or_create(
            name=name,
            version=1,
            defaults={
                "model": model,
                "system_prompt": system,
                "user_template": user_template,
                "variables": variables,
                "parameters": parameters,
                "output_format": "json",
                "json_schema": schema_for(name).model_json_schema(),
                "description": description,
                "author": "haru",
                "is_active": True,
            },
        )
    for order, (category, kind, ko, en, dko, den, cost, fun, form) in enumerate(SERVICES):
        AIService.objects.update_or_create(
            service_type=kind,
            defaults={
                "category": category,
                "name_ko": ko,
                "name_en": en,
                "description_ko": dko,
                "description_en": den,
                "credit_cost": cost,
                "is_entertainment": fun,
                "input_schema": form,
                "order": (order + 1) * 10,
                "is_active": True,
            },
        )
    for name, (rules, description) in POLICIES.items():
        version, _ = PolicyVersion.objects.update_or_create(
            name=name, version=1, defaults={"rules": rules, "description": description}
        )
        PolicyActive.objects.update_or_create(
            name=name, user=None, defaults={"scope": "global", "version": version}
        )

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, minute, hour) in TASKS.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Seoul",
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "crontab": crontab, "interval": None, "enabled": True},
        )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=TASKS).delete()
    apps.get_model("coaching", "PolicyActive").objects.all().delete()
    apps.get_model("coaching", "PolicyVersion").objects.filter(name__in=POLICIES).delete()
    apps.get_model("coaching", "AIService").objects.all().delete()
    apps.get_model("coaching", "PromptTemplate").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0001_ai_layer"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
