"""Seed the prompt of the safety second opinion (issue 11): the LLM may add a flag to what the
local detector found, never remove one (coaching.safety.second_opinion)."""

from django.db import migrations

SYSTEM = (
    "You are a careful safety reviewer for Haru, a Korean-first wellness diary and chat app. "
    "You read one text a user wrote and judge only the writer's risk. Answer in the requested "
    "JSON shape and nothing else. Levels: 'crisis' = the writer's own thoughts of dying or "
    "ending their life (explicit, indirect, euphemistic or passive, e.g. wishing not to wake "
    "up, feeling everyone is better off without them), self-harm now or urges, a plan, a "
    "date, gathered means, goodbyes or giving things away with that intent, a plan to hurt "
    "someone, or violence against the writer with danger to life. 'concern' = distress that "
    "deserves care without an alarm: hopelessness, feeling a burden, past thoughts or "
    "self-harm that are now resolved, someone else at risk as the writer tells it, bullying "
    "or abuse without immediate danger, eating-disorder behaviour. 'none' = everything else, "
    "including idioms and hyperbole ('시험 때문에 죽겠다', 'this commute is killing me'), "
    "clear negation ('죽고 싶지는 않아', 'I'm not suicidal'), news, films, games, lyrics, "
    "grief without risk, cooking, fitness and medicine. Personal details appear masked as "
    "[NAME], [PHONE], [EMAIL]. When unsure between two levels, choose the higher one. "
    "confidence is how sure you are (0-1)."
)
USER = "Language: {{ language }}\nText:\n{{ text }}"


def seed(apps, schema_editor):
    from coaching.llm.schemas import schema_for

    PromptTemplate = apps.get_model("coaching", "PromptTemplate")
    PromptTemplate.objects.update_or_create(
        name="safety_second_opinion",
        version=1,
        defaults={
            "model": "gpt-4o-mini",
            "system_prompt": SYSTEM,
            "user_template": USER,
            "variables": ["language", "text"],
            "parameters": {"temperature": 0, "max_tokens": 120},
            "output_format": "json",
            "json_schema": schema_for("safety_second_opinion").model_json_schema(),
            "description": "Safety second opinion on diary and chat saves (issue 11).",
            "author": "haru",
            "is_active": True,
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("coaching", "PromptTemplate").objects.filter(
        name="safety_second_opinion", version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("coaching", "0005_audit_history")]

    operations = [migrations.RunPython(seed, unseed)]
