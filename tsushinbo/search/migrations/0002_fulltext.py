"""The full-text half of the index, per database; the model stays portable.

SQLite: an external-content FTS5 table over search_searchdocument.tokens, kept
in sync by triggers (tokens are ASCII, see tsushinbo/lib/bigrams.py; prefix=5
indexes the 1-character CJK prefix "c" + 4 digits used by 1-character queries).

PostgreSQL: a GIN index on exactly the expression Django renders for
SearchVector("tokens", config="simple"); an index on to_tsvector('simple', tokens)
without the cast and COALESCE would not be used.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        tokens,
        content='search_searchdocument',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 0',
        prefix='5'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF tokens ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_CREATE = [
    """CREATE INDEX search_tokens_gin ON search_searchdocument
       USING gin (to_tsvector('simple'::regconfig, COALESCE("tokens", '')))""",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS search_tokens_gin"]


def _run(schema_editor: BaseDatabaseSchemaEditor, by_vendor: dict[str, list[str]]) -> None:
    for statement in by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_documents")]

    operations = [migrations.RunPython(create, drop)]
