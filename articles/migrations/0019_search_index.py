import django.db.models.deletion
from django.db import migrations, models

# The full-text index is database specific (articles/search/backends/ reads it). Fill it with
# `manage.py rebuild_search_index` after migrating a database that already has articles.
#
# SQLite: an FTS5 table over articles_searchentry (external content), kept in step by triggers,
# so every write to an entry updates the index in the same transaction. A later migration that
# makes Django rebuild articles_searchentry on SQLite must create these triggers again.
SQLITE = [
    """CREATE VIRTUAL TABLE articles_search_fts USING fts5(
        title, summary, body, content='articles_searchentry', content_rowid='article_id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_search_fts_insert AFTER INSERT ON articles_searchentry BEGIN
        INSERT INTO articles_search_fts(rowid, title, summary, body)
        VALUES (new.article_id, new.title, new.summary, new.body);
    END""",
    """CREATE TRIGGER articles_search_fts_delete AFTER DELETE ON articles_searchentry BEGIN
        INSERT INTO articles_search_fts(articles_search_fts, rowid, title, summary, body)
        VALUES ('delete', old.article_id, old.title, old.summary, old.body);
    END""",
    """CREATE TRIGGER articles_search_fts_update AFTER UPDATE ON articles_searchentry BEGIN
        INSERT INTO articles_search_fts(articles_search_fts, rowid, title, summary, body)
        VALUES ('delete', old.article_id, old.title, old.summary, old.body);
        INSERT INTO articles_search_fts(rowid, title, summary, body)
        VALUES (new.article_id, new.title, new.summary, new.body);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_search_fts_update",
    "DROP TRIGGER IF EXISTS articles_search_fts_delete",
    "DROP TRIGGER IF EXISTS articles_search_fts_insert",
    "DROP TABLE IF EXISTS articles_search_fts",
]
# PostgreSQL: a stored tsvector column computed from the entry's columns (title weighs most, then
# the standfirst and key points) with a GIN index; ranking reads the stored vector.
POSTGRESQL = [
    """ALTER TABLE articles_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, summary), 'B')
        || setweight(to_tsvector('english'::regconfig, body), 'C')) STORED""",
    "CREATE INDEX articles_search_document_idx ON articles_searchentry USING gin (document)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS articles_search_document_idx",
    "ALTER TABLE articles_searchentry DROP COLUMN IF EXISTS document",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0018_primary_company_former_article_slugs'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='articles.article')),
                ('title', models.TextField()),
                ('summary', models.TextField(blank=True)),
                ('body', models.TextField(blank=True)),
            ],
            options={
                'verbose_name_plural': 'search entries',
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
