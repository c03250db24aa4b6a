"""Full-text search over cases, search-as-you-type, newest case first.

The user's words are never passed to the full-text engine as syntax. They are cut into the
same alphanumeric tokens the index holds and rebuilt as quoted terms, so "O'Brien", "ASB-2026-00042",
a stray quote, ``*``, ``OR``, ``NEAR(`` or ``:*`` are all just text. Every word must match, each as
a prefix (the officer may still be typing); the tokens of one word must be adjacent, so a reference
finds its own case rather than every case that mentions 2026.

SQLite: FTS5 ``MATCH`` on ``case_search_fts`` (rowid = case id, diacritics removed by the
tokenizer, so "Zoe" finds "Zoë"). PostgreSQL: the generated ``case_search.tsv`` column with
``to_tsquery('simple', ...)``. Both walk the index in case-id order and stop at ``limit``, and the
caller's ``where`` (e.g. role visibility) is part of the same query, so a page holds ``limit``
cases the caller may see.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnElement, Integer, column, select, table, text
from sqlalchemy.orm import Session

from .orm import Case, SearchDocument

_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: what FTS5 unicode61 and PG's parser keep
MAX_WORDS = 12  # a pasted paragraph is not a search; bound the query's size

_fts = table("case_search_fts", column("rowid", Integer))
_sqlite_match = text("case_search_fts MATCH :q")
_pg_match = text("case_search.tsv @@ to_tsquery('simple', :q)")


def words(query: str) -> list[tuple[str, list[str]]]:
    """The query's words with their alphanumeric tokens; words without any (``"``, ``*``) are dropped."""
    out = []
    for word in unicodedata.normalize("NFC", query).split():
        tokens = _TOKEN.findall(word)
        if tokens:
            out.append((word, tokens))
    return out[:MAX_WORDS]


def fts5_query(query: str) -> str:
    """FTS5 syntax: each word a quoted phrase with its last token a prefix, words ANDed.

    Tokens hold only letters and digits, so a double quote can never appear inside one; it is
    doubled anyway in case the token pattern is ever widened.
    """
    phrases = []
    for _word, tokens in words(query):
        body = " ".join(t.replace('"', '""') for t in tokens)
        phrases.append(f'"{body}"*')
    return " AND ".join(phrases)


def _pg_lexeme(token: str, prefix: bool) -> str:
    star = ":*" if prefix else ""
    if token.isdigit():
        # PostgreSQL's parser reads "ASB-2026-00042" as asb, -2026, -00042 (signed integers).
        return f"('{token}'{star} | '-{token}'{star})"
    return f"'{token}'{star}"


def _pg_native(word: str) -> str:
    """The word as PostgreSQL's own parser splits it (emails, "14/123456/26"), quoted and escaped."""
    escaped = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}':*"


def tsquery(query: str) -> str:
    """``to_tsquery`` syntax: per word, its tokens as a phrase (last one a prefix) or the word as
    PostgreSQL parses it; words ANDed. Every operand is single-quoted, so nothing is an operator."""
    parts = []
    for raw, tokens in words(query):
        phrase = " <-> ".join(_pg_lexeme(t, i == len(tokens) - 1) for i, t in enumerate(tokens))
        parts.append(phrase if [raw] == tokens else f"({phrase} | {_pg_native(raw)})")
    return " & ".join(parts)


def search_case_ids(session: Session, text: str, limit: int = 50, offset: int = 0,
                    where: ColumnElement[bool] | None = None) -> list[int]:
    """Ids of the cases matching every word of ``text``, newest (highest id) first.

    ``where`` is an extra clause on ``cases`` applied inside the same query. A query with no
    letters or digits returns no ids.
    """
    if limit <= 0 or not words(text):
        return []
    if session.get_bind().dialect.name == "sqlite":
        stmt = (select(_fts.c.rowid).join(Case, Case.id == _fts.c.rowid)
                .where(_sqlite_match.bindparams(q=fts5_query(text))).order_by(_fts.c.rowid.desc()))
    else:
        doc = SearchDocument.__table__
        stmt = (select(doc.c.case_id).join(Case, Case.id == doc.c.case_id)
                .where(_pg_match.bindparams(q=tsquery(text))).order_by(doc.c.case_id.desc()))
    if where is not None:
        stmt = stmt.where(where)
    stmt = stmt.limit(limit).offset(max(offset, 0))
    return list(session.scalars(stmt))
