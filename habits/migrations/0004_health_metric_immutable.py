"""Seed 001: health metrics are immutable after recording. The database itself refuses UPDATE
on habits_healthmetric (rows may still be deleted with their owner)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION habits_healthmetric_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'health metrics are immutable once recorded'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER habits_healthmetric_immutable
    BEFORE UPDATE ON habits_healthmetric
    FOR EACH ROW EXECUTE FUNCTION habits_healthmetric_refuse_update();
"""

DROP = """
DROP TRIGGER IF EXISTS habits_healthmetric_immutable ON habits_healthmetric;
DROP FUNCTION IF EXISTS habits_healthmetric_refuse_update();
"""


class Migration(migrations.Migration):
    dependencies = [("habits", "0003_exercises_achievements_trainers_reminders")]

    operations = [migrations.RunSQL(CREATE, DROP)]
