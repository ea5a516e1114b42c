"""A GIN index on the document the PostgreSQL search backend matches.

Wagtail's backend matches `title || body` (the two tsvectors joined), which
its own indexes on each column cannot serve; so every search read the
whole index table, and the planner, knowing nothing of the expression,
guessed one match and could pick a nested loop over all pages (2.9 s for
"data engineer" over 14,005 pages before statistics caught up). The
expression index serves the match and gives ANALYZE the expression's
statistics. Other databases have their own full-text tables: nothing to do.
"""

from django.db import migrations

INDEX = "search_indexentry_document_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
