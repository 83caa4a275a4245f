"""PostgreSQL: search a narrow table of stored tsvectors, kept by triggers, not the entries.

A frequent word («پل») matches thousands of entries. Read from the entries themselves, each match
costs a visit to a wide row (title, summary, address) and its tsvector is computed again; the
narrow table holds only what the search reads (id, city, date, the stored tsvector of the key),
so a broad query's newest page can walk the primary key backwards and test a few hundred rows
instead of fetching every match (see jahesh.portal.search). Like SQLite's FTS5 table (0002), it
is an index the database keeps: statement-level triggers copy every insert, update, delete and
truncate of portal_searchentry.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE TABLE portal_searchentry_terms ("
    " id bigint PRIMARY KEY, municipality_id bigint NOT NULL,"
    " dated timestamp with time zone NULL, tsv tsvector NOT NULL)",
    "INSERT INTO portal_searchentry_terms (id, municipality_id, dated, tsv)"
    " SELECT id, municipality_id, dated, to_tsvector('simple', key) FROM portal_searchentry",
    # No fast-update pending list: it holds recent entries unindexed until a vacuum, and every
    # search scans it (a few thousand pending entries after a bulk reindex made a search for a
    # word without matches take 30 ms instead of 0.5). Writes are slower, searches stay fast.
    "CREATE INDEX portal_searchentry_terms_tsv ON portal_searchentry_terms USING GIN (tsv)"
    " WITH (fastupdate = off)",
    # A broad query's newest page walks one city's entries backwards, not every city's.
    "CREATE INDEX portal_searchentry_terms_city ON portal_searchentry_terms (municipality_id, id)",
    """
    CREATE FUNCTION portal_searchentry_terms_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO portal_searchentry_terms (id, municipality_id, dated, tsv)
          SELECT id, municipality_id, dated, to_tsvector('simple', key) FROM new_rows;
      ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM portal_searchentry_terms t USING old_rows o WHERE t.id = o.id;
        INSERT INTO portal_searchentry_terms (id, municipality_id, dated, tsv)
          SELECT id, municipality_id, dated, to_tsvector('simple', key) FROM new_rows;
      ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM portal_searchentry_terms t USING old_rows o WHERE t.id = o.id;
      ELSE
        TRUNCATE portal_searchentry_terms;
      END IF;
      RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER portal_searchentry_terms_ai AFTER INSERT ON portal_searchentry"
    " REFERENCING NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION portal_searchentry_terms_sync()",
    "CREATE TRIGGER portal_searchentry_terms_au AFTER UPDATE ON portal_searchentry"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION portal_searchentry_terms_sync()",
    "CREATE TRIGGER portal_searchentry_terms_ad AFTER DELETE ON portal_searchentry"
    " REFERENCING OLD TABLE AS old_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION portal_searchentry_terms_sync()",
    # Django's flush (and the tests that use it) empties tables with TRUNCATE.
    "CREATE TRIGGER portal_searchentry_terms_at AFTER TRUNCATE ON portal_searchentry"
    " FOR EACH STATEMENT EXECUTE FUNCTION portal_searchentry_terms_sync()",
    "DROP INDEX IF EXISTS portal_searchentry_key_tsv",
]
POSTGRES_BACKWARD = [
    "CREATE INDEX IF NOT EXISTS portal_searchentry_key_tsv ON portal_searchentry"
    " USING GIN (to_tsvector('simple', key))",
    "DROP TRIGGER IF EXISTS portal_searchentry_terms_at ON portal_searchentry",
    "DROP TRIGGER IF EXISTS portal_searchentry_terms_ad ON portal_searchentry",
    "DROP TRIGGER IF EXISTS portal_searchentry_terms_au ON portal_searchentry",
    "DROP TRIGGER IF EXISTS portal_searchentry_terms_ai ON portal_searchentry",
    "DROP FUNCTION IF EXISTS portal_searchentry_terms_sync()",
    "DROP TABLE IF EXISTS portal_searchentry_terms",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_search_index")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
