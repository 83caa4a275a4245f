"""The full-text index over SearchEntry.key: FTS5 on SQLite, a GIN tsvector index on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE portal_searchentry_fts USING fts5("
    "key, content='portal_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "CREATE TRIGGER portal_searchentry_ai AFTER INSERT ON portal_searchentry BEGIN "
    "INSERT INTO portal_searchentry_fts(rowid, key) VALUES (new.id, new.key); END",
    "CREATE TRIGGER portal_searchentry_ad AFTER DELETE ON portal_searchentry BEGIN "
    "INSERT INTO portal_searchentry_fts(portal_searchentry_fts, rowid, key) "
    "VALUES ('delete', old.id, old.key); END",
    "CREATE TRIGGER portal_searchentry_au AFTER UPDATE ON portal_searchentry BEGIN "
    "INSERT INTO portal_searchentry_fts(portal_searchentry_fts, rowid, key) "
    "VALUES ('delete', old.id, old.key); "
    "INSERT INTO portal_searchentry_fts(rowid, key) VALUES (new.id, new.key); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS portal_searchentry_au",
    "DROP TRIGGER IF EXISTS portal_searchentry_ad",
    "DROP TRIGGER IF EXISTS portal_searchentry_ai",
    "DROP TABLE IF EXISTS portal_searchentry_fts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX portal_searchentry_key_tsv ON portal_searchentry "
    "USING GIN (to_tsvector('simple', key))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS portal_searchentry_key_tsv"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
