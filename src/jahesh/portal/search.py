"""Search over the public projects and news of one city.

Both sides go through ``persian.search_key``: the index stores the key of each entry, and every
query is keyed the same way before it reaches the database, so «شهرداری‌ها», «شهرداریها» and
«شهرداري ها» meet the same rows, and a compound typed with a space, a non-joiner or neither
(«بهره برداری») meets every spelling of it, its words asked for side by side. When
``search_key`` changes, stored keys are rekeyed by a migration (0004) or ``jahesh
portal_reindex``. SQLite answers from an FTS5 table, PostgreSQL from a GIN index
over ``to_tsvector('simple', key)`` of a narrow copy of the keys that triggers keep (migration
0003); each query word matches as a prefix. Up to RANKED_AT_MOST matches are ranked by the
engine's relevance (bm25, ts_rank) and then by date; more come newest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jahesh import persian
from jahesh.portal.models import SearchEntry

# Longer queries are cut, not refused: a pasted paragraph still finds something.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
MAX_RESULTS = 1000
# Above this many matches, hits come newest first instead of by relevance (see _newest_ids).
RANKED_AT_MOST = 400
PAGE_SIZE = 20

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    title: str
    summary: str
    url: str
    title_html: SafeString
    summary_html: SafeString


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    words: tuple[str, ...]
    hits: list[SearchHit]
    total: int
    number: int
    page_count: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count


def query_words(raw: str) -> tuple[str, ...]:
    """Key the query the way entries were keyed, then keep only word characters, so nothing the
    person typed (quotes, operators, markup, SQL) reaches the engine's query language."""
    key = persian.search_key(raw[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]
    words: list[str] = []
    for word in _WORD.findall(key):
        if word not in words:
            words.append(word)
    return tuple(words[:MAX_QUERY_WORDS])


def search(*, municipality_id: int, raw_query: str, page: int = 1) -> SearchPage:
    """Return one page of ranked hits; an empty or meaningless query gives an empty page."""
    words = query_words(raw_query)
    if not words:
        return SearchPage(raw_query, (), [], 0, 1, 1)
    total = min(_count(municipality_id, words), MAX_RESULTS)
    page_count = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, page), page_count)
    offset = (number - 1) * PAGE_SIZE
    if total <= RANKED_AT_MOST:
        chosen = _ranked_ids(municipality_id, words)[offset : offset + PAGE_SIZE]
    else:
        chosen = _newest_ids(municipality_id, words, offset)
    rows = SearchEntry.objects.in_bulk(chosen)
    hits = [_hit(rows[pk], words) for pk in chosen if pk in rows]
    return SearchPage(raw_query, words, hits, total, number, page_count)


# SQLite: the FTS5 table (migration 0002) drives; CROSS JOIN makes SQLite's planner start from
# the full-text match, not the city.
_SQLITE_MATCHES = (
    "FROM portal_searchentry_fts f CROSS JOIN portal_searchentry e ON e.id = f.rowid "
    "WHERE portal_searchentry_fts MATCH %s AND e.municipality_id = %s"
)
# PostgreSQL: the narrow table of stored tsvectors (migration 0003), through its GIN index.
# OFFSET 0 fences the match off from the outer query, whose LIMIT or ORDER BY would otherwise
# tempt the planner into walking the table instead of using the index.
_POSTGRESQL_MATCHES = (
    "FROM (SELECT t.id, t.municipality_id, t.dated, t.tsv FROM portal_searchentry_terms t "
    "WHERE t.tsv @@ to_tsquery('simple', %s) OFFSET 0) e WHERE e.municipality_id = %s"
)


def _engine_query(words: tuple[str, ...]) -> str:
    """Every word as a prefix, in the engine's query language; the words hold only word
    characters (query_words), so nothing else reaches it.

    The words of one compound (بهره برداری, however it was typed: keys part compounds) must
    stand side by side, the last as a prefix, so that a compound does not match its two words
    scattered over a text; other words may stand anywhere.
    """
    phrases = persian.search_phrases(" ".join(words))
    if connection.vendor == "postgresql":
        return " & ".join(" <-> ".join(phrase) + ":*" for phrase in phrases)
    return " ".join(" + ".join(f'"{word}"' for word in phrase) + "*" for phrase in phrases)


def _count(municipality_id: int, words: tuple[str, ...]) -> int:
    matches = _POSTGRESQL_MATCHES if connection.vendor == "postgresql" else _SQLITE_MATCHES
    with connection.cursor() as cursor:
        # Counting stops past MAX_RESULTS: a one-letter query must not count the whole index.
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 {matches} LIMIT %s) AS found",
            [_engine_query(words), municipality_id, MAX_RESULTS + 1],
        )
        return int(cursor.fetchone()[0])


def _ranked_ids(municipality_id: int, words: tuple[str, ...]) -> list[int]:
    """Every match ordered by relevance, then date; only asked when matches are few, because
    ranking costs time in proportion to the number of matches."""
    query = _engine_query(words)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT e.id {_POSTGRESQL_MATCHES} "
                "ORDER BY ts_rank(e.tsv, to_tsquery('simple', %s)) DESC, "
                "e.dated DESC NULLS LAST, e.id DESC LIMIT %s",
                [query, municipality_id, query, MAX_RESULTS],
            )
        else:
            cursor.execute(
                f"SELECT e.id {_SQLITE_MATCHES} "
                "ORDER BY bm25(portal_searchentry_fts), e.dated DESC, e.id DESC LIMIT %s",
                [query, municipality_id, MAX_RESULTS],
            )
        return [row[0] for row in cursor.fetchall()]


def _newest_ids(municipality_id: int, words: tuple[str, ...], offset: int) -> list[int]:
    """One page of a broad query's matches, newest entry first: every hit holds every word, and
    ranking thousands of them would cost more than it tells."""
    query = _engine_query(words)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id {_SQLITE_MATCHES} ORDER BY f.rowid DESC LIMIT %s OFFSET %s",
                [query, municipality_id, PAGE_SIZE, offset],
            )
            return [row[0] for row in cursor.fetchall()]
    # Hundreds of matches or more: walking the city's entries from the newest (by the (city, id)
    # index, or the primary key while there is one city) and testing each stored tsvector reaches
    # a page after a few hundred rows, where the GIN index would fetch every match first. The
    # planner cannot tell a broad word from a rare one (it guesses the same share for both), so
    # the index scan is asked for, for this statement only.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_bitmapscan'), "
            "set_config('enable_bitmapscan', 'off', true)"
        )
        previous = cursor.fetchone()[0]
        cursor.execute(
            "SELECT t.id FROM portal_searchentry_terms t "
            "WHERE t.tsv @@ to_tsquery('simple', %s) AND t.municipality_id = %s "
            "ORDER BY t.id DESC LIMIT %s OFFSET %s",
            [query, municipality_id, PAGE_SIZE, offset],
        )
        found = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT set_config('enable_bitmapscan', %s, true)", [previous])
        return found


def highlight(text: str, words: tuple[str, ...]) -> SafeString:
    """Escape ``text`` and mark each of its words whose key starts with a query word.

    Matching happens on keys, word by word, so a match is marked as written in the original text
    (with its own ZWNJ or Arabic letters) even though it was found by its normalised form.
    """
    out: list[str] = []
    for piece in re.split(r"(\s+)", text):
        if not piece or piece.isspace():
            out.append(escape(piece))
            continue
        if any(key.startswith(word) for key in _piece_keys(piece) for word in words):
            out.append(f"<mark>{escape(piece)}</mark>")
        else:
            out.append(escape(piece))
    return mark_safe("".join(out))


@lru_cache(maxsize=50_000)
def _piece_keys(piece: str) -> tuple[str, ...]:
    # Titles and summaries repeat their words; keying each distinct word once keeps highlighting
    # cheap beside the query.
    return tuple(_WORD.findall(persian.search_key(piece)))


def _hit(entry: SearchEntry, words: tuple[str, ...]) -> SearchHit:
    return SearchHit(
        kind=entry.kind,
        title=entry.title,
        summary=entry.summary,
        url=entry.url,
        title_html=highlight(entry.title, words),
        summary_html=highlight(entry.summary, words),
    )
