"""Full-text search over cases, search-as-you-type, newest case first.

The user's words are never passed to the full-text engine as syntax. They are cut into the
same alphanumeric tokens the index holds and rebuilt as quoted terms, so "O'Brien", "ASB-2026-00042",
a stray quote, ``*``, ``OR``, ``NEAR(`` or ``:*`` are all just text. Every word must match, each as
a prefix (the officer may still be typing) once it has two or more characters: a single letter
matches only a whole word, because expanding "s" to every word starting with s costs tens of
milliseconds and finds everything. The tokens of one word must be adjacent, so a reference finds its
own case rather than every case that mentions 2026.

Both the indexed text and the query are folded (``fold``): lower case, accents removed and letters
that Unicode does not decompose spelled out (Ł as l, ß as ss, Ø as o), so "Lukasiewicz" finds
"Łukasiewicz" and "Zoe" finds "Zoë" on both back ends.

SQLite: FTS5 ``MATCH`` on ``case_search_fts`` (rowid = case id, diacritics removed by the
tokenizer, so "Zoe" finds "Zoë"), walking the index newest first and stopping at ``limit``.
PostgreSQL: the generated ``case_search.tsv`` column (GIN) with ``to_tsquery('simple', ...)``; the
planner picks the GIN index or a backward walk over case ids. On both, the caller's ``where`` (e.g.
role visibility) is part of the same query, so a page holds ``limit`` cases the caller may see.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnElement, Integer, Select, column, select, table, text
from sqlalchemy.orm import Session

from .orm import Case, SearchDocument

_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: what FTS5 unicode61 and PG's parser keep
_PG_WHOLE = re.compile(r"\w[@./]\w")  # PostgreSQL keeps e-mails, hosts, paths and decimals as one lexeme
MAX_WORDS = 12  # a pasted paragraph is not a search; bound the query's size
MIN_PREFIX = 2  # "s*" would expand to every word starting with s: tens of ms on SQLite for no useful answer

_fts = table("case_search_fts", column("rowid", Integer))
_sqlite_match = text("case_search_fts MATCH :q")
_pg_match = text("case_search.tsv @@ to_tsquery('simple', :q)")
_pg_custom_plans = text("SET LOCAL plan_cache_mode = force_custom_plan")


# Letters with no Unicode decomposition into a base letter and an accent.
_SPELLED = {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th",
            "Þ": "th", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ħ": "h", "Ħ": "h",
            "ŋ": "n", "Ŋ": "n"}


class _FoldTable(dict[int, str]):
    """A str.translate table that works out each character's folded form once, when first seen."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = _SPELLED.get(ch)
        if folded is None:
            folded = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        self[code] = folded
        return folded


_FOLD = _FoldTable()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Text as the search index holds it: lower case, without accents (see the module docstring)."""
    if text.isascii():  # the common case
        return text.lower()
    return _NON_ASCII.sub(lambda m: _FOLD[ord(m.group())], text).casefold()


def words(query: str) -> list[tuple[str, list[str]]]:
    """The query's folded words with their alphanumeric tokens; words without any (``"``, ``*``) are dropped."""
    out = []
    for word in fold(query).split():
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
        phrases.append(f'"{body}"*' if len(tokens[-1]) >= MIN_PREFIX else f'"{body}"')
    return " AND ".join(phrases)


def _pg_lexeme(token: str, prefix: bool) -> str:
    star = ":*" if prefix else ""
    if token.isdigit():
        # PostgreSQL's parser reads "ASB-2026-00042" as asb, -2026, -00042 (signed integers).
        return f"('{token}'{star} | '-{token}'{star})"
    return f"'{token}'{star}"


def _pg_native(word: str) -> str:
    """The word as PostgreSQL's own parser splits it (e-mails, hosts, "14/123456/26" stay whole
    lexemes there), single-quoted with quotes and backslashes escaped."""
    escaped = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}':*"


def tsquery(query: str) -> str:
    """``to_tsquery`` syntax: per word, its tokens as a phrase (last one a prefix) or the word as
    PostgreSQL parses it; words ANDed. Every operand is single-quoted, so nothing is an operator."""
    parts = []
    for raw, tokens in words(query):
        last = len(tokens) - 1
        phrase = " <-> ".join(_pg_lexeme(t, i == last and len(t) >= MIN_PREFIX) for i, t in enumerate(tokens))
        parts.append(f"({phrase} | {_pg_native(raw)})" if _PG_WHOLE.search(raw) else phrase)
    return " & ".join(parts)


def search_statement(dialect: str, text: str, limit: int = 50, offset: int = 0,
                     where: ColumnElement[bool] | None = None) -> Select[tuple[int]] | None:
    """The query behind ``search_case_ids`` (None when ``text`` has nothing to search for)."""
    if limit <= 0 or not words(text):
        return None
    if dialect == "sqlite":
        stmt = (select(_fts.c.rowid).join(Case, Case.id == _fts.c.rowid)
                .where(_sqlite_match.bindparams(q=fts5_query(text))).order_by(_fts.c.rowid.desc()))
    else:
        doc = SearchDocument.__table__
        stmt = (select(doc.c.case_id).join(Case, Case.id == doc.c.case_id)
                .where(_pg_match.bindparams(q=tsquery(text))).order_by(doc.c.case_id.desc()))
    if where is not None:
        stmt = stmt.where(where)
    return stmt.limit(limit).offset(max(offset, 0))


def search_case_ids(session: Session, text: str, limit: int = 50, offset: int = 0,
                    where: ColumnElement[bool] | None = None) -> list[int]:
    """Ids of the cases matching every word of ``text``, newest (highest id) first.

    ``where`` is an extra clause on ``cases`` applied inside the same query. A query with no
    letters or digits returns no ids.
    """
    dialect = session.get_bind().dialect.name
    stmt = search_statement(dialect, text, limit, offset, where)
    if stmt is None:
        return []
    if dialect == "postgresql":
        # psycopg prepares a statement run five times, and PostgreSQL may then plan it once for any
        # tsquery: "smith" and "asb" need opposite plans (GIN lookup vs. walking ids backwards).
        session.execute(_pg_custom_plans)
    return list(session.scalars(stmt))
