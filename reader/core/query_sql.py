"""A parsed query as SQL over the index, and running it: the other half of the query language.

Every user value is a bound parameter and every user word reaches FTS5 as a quoted string. Plain
words and `OR` groups of plain words go into the one full-text MATCH that drives the statement; an
`OR` group that mixes words with fields becomes an SQL `OR` of conditions, its words each a
subquery on the full-text table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Set
from dataclasses import dataclass

from reader.core.index_rows import TOPIC_SEPARATOR
from reader.core.query_terms import HAS_VALUES, NUMERIC_FIELDS, Query, QueryError, Term

# Up to this many wanted read or starred stories are looked up by index; more are checked in Python.
LOOKUP_LIMIT = 10_000
_TEXT_FIELDS = ("", "title")


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """A query as one SQL statement over the index, plus the read and starred checks left to Python."""

    sql: str  # selects records.id, and records.story when there are story checks
    params: tuple
    # (keys, wanted): a row is kept when (its story is in keys) == wanted. Membership in a large set
    # is cheaper in Python, on the rows SQL returns, than as a subquery SQLite probes once per row.
    story_checks: tuple[tuple[Set[str], bool], ...] = ()


def compile_query(
    query: Query, read_keys: Set[str] = frozenset(), starred_keys: Set[str] = frozenset()
) -> CompiledQuery:
    """Turn a query into SQL with bound parameters (and story checks) for `run_query`."""
    matches: list[str] = []
    excludes: list[str] = []
    conditions: list[str] = []
    params: list = []
    checks: list[tuple[Set[str], bool]] = []
    for clause in query.clauses:
        if len(clause) > 1:
            if all(term.field in _TEXT_FIELDS and not term.negated for term in clause):
                matches.append("(" + " OR ".join(_fts_term(term) for term in clause) + ")")
            else:
                sql, values = _any_of(clause, read_keys, starred_keys)
                conditions.append(sql)
                params.extend(values)
            continue
        term = clause[0]
        if term.field in _TEXT_FIELDS:
            (excludes if term.negated else matches).append(_fts_term(term))
            continue
        if term.field == "is":
            keys = starred_keys if term.value == "starred" else read_keys
            wanted = (term.value != "unread") != term.negated
            if wanted and len(keys) <= LOOKUP_LIMIT and not any(k.startswith("file:") for k in keys):
                # A few wanted stories are found through record_keys' index without reading every
                # record; `r.story = k.key` keeps it exact, as a record's other addresses are keys too.
                # (A story named after its file has no address and so is not in record_keys.)
                conditions.append(f"records.id IN ({_RECORDS_OF_STORIES})")
                # One JSON parameter carries any number of keys; `IN (?, ?, ...)` has a limit.
                params.append(json.dumps(list(keys)))
            else:
                checks.append((keys, wanted))
            continue
        sql, values = _condition(term)
        # A negated condition keeps rows where it is false or unknown: the exact complement.
        conditions.append(f"coalesce(({sql}), 0) = 0" if term.negated else sql)
        params.extend(values)
    columns = "records.id, records.story" if checks else "records.id"
    if matches:
        expression = " AND ".join(matches)
        if excludes:
            expression = f"({expression}) NOT ({' OR '.join(excludes)})"
        # Driving from the full-text index touches only the rows that hold the words.
        sql = f"SELECT {columns} FROM search JOIN records ON records.id = search.rowid WHERE search MATCH ?"
        return CompiledQuery(" AND ".join([sql, *conditions]), (expression, *params), tuple(checks))
    if excludes:
        conditions.append("records.id NOT IN (SELECT rowid FROM search WHERE search MATCH ?)")
        params.append(" OR ".join(excludes))
    where = " AND ".join(conditions) or "1"
    return CompiledQuery(f"SELECT {columns} FROM records WHERE {where}", tuple(params), tuple(checks))


def run_query(
    db: sqlite3.Connection,
    query: Query,
    read_keys: Set[str] = frozenset(),
    starred_keys: Set[str] = frozenset(),
) -> set[int]:
    """The ids of the records that match `query`; an empty query matches every record."""
    compiled = compile_query(query, read_keys, starred_keys)
    try:
        rows = db.execute(compiled.sql, compiled.params)
        if not compiled.story_checks:
            return {row[0] for row in rows}
        if len(compiled.story_checks) == 1:
            keys, wanted = compiled.story_checks[0]
            if wanted:
                return {record_id for record_id, story in rows if story in keys}
            return {record_id for record_id, story in rows if story not in keys}
        checks = compiled.story_checks
        return {row[0] for row in rows if all((row[1] in keys) == wanted for keys, wanted in checks)}
    except sqlite3.OperationalError as error:
        # Every token is quoted and terms are counted, so this should never happen; if SQLite
        # still objects (FTS5, an expression too large), the user gets a message, not a dead worker.
        raise QueryError(f"cannot run that search ({error})", 0) from error


def _fts_string(text: str) -> str:
    # An FTS5 string: every character inside is literal, a quote is written twice.
    return '"' + text.replace('"', '""') + '"'


def _fts_term(term: Term) -> str:
    string = _fts_string(str(term.value))
    if term.prefix:
        string += " *"
    return f"title : {string}" if term.field == "title" else string


_RECORDS_OF_STORIES = (
    "SELECT k.record_id FROM record_keys k JOIN records r ON r.id = k.record_id "
    "WHERE k.key IN (SELECT value FROM json_each(?)) AND r.story = k.key"
)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _condition(term: Term) -> tuple[str, list]:
    """The SQL condition of one field term, over the records table."""
    name, value = term.field, term.value
    if name in NUMERIC_FIELDS:
        return f"records.{name} {term.op} ?", [value]
    if name == "since":
        return "records.published >= ?", [value]
    if name == "until":
        return "records.published < ?", [value]
    if name == "has":
        return f"records.{HAS_VALUES[str(value)]}", []
    text = str(value)
    if name == "topic":
        # Topics are joined by a separator; framing both sides with it matches whole topics only.
        sep = TOPIC_SEPARATOR
        return (
            "(char(31) || records.topics || char(31)) LIKE ? ESCAPE '\\'",
            [f"%{sep}{_like(text.strip())}{sep}%"],
        )
    if name == "provider":
        return "records.provider LIKE ? ESCAPE '\\'", [f"%{_like(text.strip())}%"]
    if name == "domain":
        return "(records.domain = ? COLLATE NOCASE OR records.domain LIKE ? ESCAPE '\\')", [
            text,
            f"%.{_like(text)}",
        ]
    # category and type
    return f"records.{name} = ? COLLATE NOCASE", [text.strip()]


def _any_of(clause: tuple[Term, ...], read_keys: Set[str], starred_keys: Set[str]) -> tuple[str, list]:
    """One SQL condition that holds when any term of an OR group does."""
    parts: list[str] = []
    params: list = []
    for term in clause:
        if term.field in _TEXT_FIELDS:
            not_ = "NOT " if term.negated else ""
            parts.append(f"records.id {not_}IN (SELECT rowid FROM search WHERE search MATCH ?)")
            params.append(_fts_term(term))
        elif term.field == "is":
            keys = starred_keys if term.value == "starred" else read_keys
            wanted = (term.value != "unread") != term.negated
            # The subquery runs once into a temporary index, whatever the number of keys.
            parts.append(f"records.story {'' if wanted else 'NOT '}IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(keys)))
        else:
            sql, values = _condition(term)
            parts.append(f"coalesce(({sql}), 0) = 0" if term.negated else f"({sql})")
            params.extend(values)
    return "(" + " OR ".join(parts) + ")", params
