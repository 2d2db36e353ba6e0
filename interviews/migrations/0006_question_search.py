"""Each published question's lemmas (nipa_reviews.search), with a GIN index on PostgreSQL."""

import nipa_reviews.search.fields
from django.db import migrations


def create_gin_index(apps, schema_editor):
    # The question bank and the site-wide search match lemmas with @@; without this
    # index every search reads every question. SQLite stores the lemmas as text and scans.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS question_search_gin "
        "ON interviews_interviewquestion USING gin (search)"
    )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS question_search_gin")


class Migration(migrations.Migration):

    dependencies = [
        ('interviews', '0005_signals'),
    ]

    operations = [
        migrations.AddField(
            model_name='interviewquestion',
            name='search',
            field=nipa_reviews.search.fields.LemmaVectorField(editable=False, null=True, verbose_name='검색 색인'),
        ),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
