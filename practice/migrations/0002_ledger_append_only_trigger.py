"""On PostgreSQL the database itself refuses UPDATE and DELETE on ledger rows, so even
raw SQL or a bulk queryset call cannot rewrite practice points (corrections are new
rows). TRUNCATE (test flushes, deliberate wipes) is not a row change and still works.
SQLite relies on the model and queryset guards (a trigger there would block Django's
test flush, which deletes rows)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION practice_pointsentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'practice points entries are append-only; add a correction';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER practice_pointsentry_append_only
    BEFORE UPDATE OR DELETE ON practice_pointsentry
    FOR EACH ROW EXECUTE FUNCTION practice_pointsentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS practice_pointsentry_append_only ON practice_pointsentry;
DROP FUNCTION IF EXISTS practice_pointsentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_tasks_submissions_helpers_ledger")]

    operations = [migrations.RunPython(forwards, backwards)]
