"""Search and keywords (nipa_reviews.search): a published review's lemmas and keyword
nouns, the companies' keyword counts, the site-wide search's order as an index, and on
PostgreSQL a GIN index over (company, lemmas).

After this migration existing reviews have no lemmas: `manage.py rebuild_search_index`
analyses them (README, Search)."""

import django.db.models.deletion
import nipa_reviews.search.fields
from django.db import migrations, models


def create_gin_index(apps, schema_editor):
    # One index serves both searches: a company's reviews (company_id = x AND @@) and the
    # site-wide one (@@ alone; a multicolumn GIN index answers any subset of its
    # columns). btree_gin lets GIN hold the company id beside the lemmas, so a search in
    # the 100,000-review company reads only that company's matches.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS review_search_gin "
        "ON reviews_review USING gin (company_id, search)"
    )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS review_search_gin")


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0003_employment_verification'),
        ('reviews', '0010_monthly_scores'),
    ]

    operations = [
        migrations.CreateModel(
            name='CompanyKeywords',
            fields=[
                ('company', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='keywords', serialize=False, to='companies.company')),
                ('review_count', models.PositiveIntegerField(default=0, verbose_name='분석된 게시 리뷰 수')),
                ('pros', models.JSONField(default=list, verbose_name='장점 키워드')),
                ('cons', models.JSONField(default=list, verbose_name='단점 키워드')),
            ],
            options={
                'verbose_name': '기업 키워드',
                'verbose_name_plural': '기업 키워드',
            },
        ),
        migrations.AddField(
            model_name='review',
            name='keywords',
            field=models.JSONField(editable=False, null=True, verbose_name='키워드'),
        ),
        migrations.AddField(
            model_name='review',
            name='search',
            field=nipa_reviews.search.fields.LemmaVectorField(editable=False, null=True, verbose_name='검색 색인'),
        ),
        migrations.CreateModel(
            name='KeywordCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('side', models.CharField(choices=[('pros', '장점'), ('cons', '단점')], max_length=4, verbose_name='구분')),
                ('lemma', models.CharField(max_length=50, verbose_name='키워드')),
                ('count', models.PositiveIntegerField(verbose_name='리뷰 수')),
                ('company', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='companies.company')),
            ],
            options={
                'verbose_name': '키워드 빈도',
                'verbose_name_plural': '키워드 빈도',
                'indexes': [models.Index(fields=['company', 'side', '-count', 'lemma'], name='keyword_top')],
                'constraints': [models.UniqueConstraint(fields=('company', 'side', 'lemma'), name='keyword_once')],
            },
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['status', '-helpful_count', '-published_at'], name='review_helpful'),
        ),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
