"""The reader's query language: what a user types in the search box or after `reader list --query`.

Plain words and "quoted phrases" search the title, excerpt, provider and body through the FTS5
table; `-` excludes; fields (`title:`, `topic:`, `provider:`, `domain:`, `category:`, `type:`,
`since:`, `until:`, `heat>N`, `quality<=N`, `is:unread`, `has:image`, ...) filter columns. Every
term must hold, except that `OR` between terms makes one term of them that holds when any does.
OR binds tighter than the implicit AND, as in web search engines: `facial bans OR china` is
`facial AND (bans OR china)`, because a query is typed as a list of things wanted, and an
alternative is nearly always meant for the one word beside it.

A query compiles to one SQL statement with bound parameters, and every user token reaches FTS5 as a
quoted string, so no input can inject SQL or break FTS5's own syntax.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
import unicodedata
from urllib.parse import urlsplit

from reader.core import query_dates
from reader.core.query_sql import CompiledQuery, compile_query, run_query
from reader.core.query_terms import (
    FIELDS,
    HAS_VALUES,
    IS_VALUES,
    NUMERIC_FIELDS,
    Query,
    QueryError,
    Term,
)

MIN_PREFIX = 3  # the shortest last word that, while typing, also matches longer words
# SQLite refuses an expression nested deeper than 1,000, and each term is a level or two of one.
MAX_TERMS = 250

# A field is a run of ASCII letters right before an operator; `10:30` or `:x` stay plain words.
_FIELD = re.compile(r"([A-Za-z_]+)(>=|<=|:|>|<|=)")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
# C0/C1 controls and DEL cannot be typed on purpose; NUL would also cut an FTS5 string short.
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


# -- parsing -----------------------------------------------------------------------------------


def parse_query(
    text: str, *, typing: bool = False, now: dt.datetime | None = None, zone: dt.tzinfo | None = None
) -> Query:
    """Parse a query; with `typing`, the last bare word also matches words it begins.

    Days in `since:`/`until:` are days in `zone` (the local zone when None); `12h`, `7d` and `today`
    count back from `now` (the clock when None).
    """
    text = _clean(text)
    clauses: list[list[Term]] = []
    joined = False  # an OR came since the last term: the next one joins the last clause
    last_end = -1  # where the last term kept ends: only a term that ends the text is being typed
    terms = 0
    position = 0
    length = len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        start = position
        if _is_or(text, position):
            # OR with nothing before it or nothing yet after it joins nothing: the user is still typing.
            joined = bool(clauses)
            position += 2
            continue
        negated = text[position] == "-"
        if negated:
            position += 1
            if position == length or text[position].isspace():
                continue  # a lone "-" excludes nothing yet: the user is about to type the word
        field_match = _FIELD.match(text, position)
        if field_match and _is_field(
            field_match.group(1).lower(), field_match.group(2), text, field_match.end()
        ):
            name, op = field_match.group(1).lower(), field_match.group(2)
            if name not in FIELDS:
                raise QueryError(_unknown_field(field_match.group(0)), field_match.start())
            value, phrase, position = _read_value(text, field_match.end(), f"{name}{op}", start)
            at_end = position == length
            term = _field_term(name, op, value, phrase, negated, start, now, zone, at_end)
        elif text[position] == '"':
            value, _, position = _read_value(text, position, "", start)
            term = Term("", value, negated=negated, phrase=True, position=start)
        else:
            value, _, position = _read_value(text, position, "", start)
            term = Term("", value, negated=negated, position=start)
        if term.field in ("", "title") and not _has_token(str(term.value)):
            continue  # no letter or digit: FTS5 would see no word in it, so it cannot narrow anything
        terms += 1
        if terms > MAX_TERMS:
            raise QueryError(f"too many terms: a query can have at most {MAX_TERMS}", start)
        if joined:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        joined = False
        last_end = position
    if typing and clauses and last_end == length:
        last = clauses[-1][-1]
        # A prefix of one or two letters matches nearly every record and costs FTS5 the most.
        long_enough = len(str(last.value)) >= MIN_PREFIX
        if last.field in ("", "title") and not last.phrase and not last.negated and long_enough:
            clauses[-1][-1] = Term(last.field, last.value, last.op, last.negated, False, True, last.position)
    return Query(text, tuple(tuple(clause) for clause in clauses))


def _is_or(text: str, position: int) -> bool:
    # Only a capital OR standing alone: "or" and "ORACLE" are words, and "OR" in quotes is text.
    return text.startswith("OR", position) and (position + 2 == len(text) or text[position + 2].isspace())


def _is_field(name: str, op: str, text: str, value_at: int) -> bool:
    # `word:` is meant as a field, unless it begins an address (`https://…`, searched as text);
    # `word>` when it is (or nearly is) a numeric field or compares with a number, so that `a>b`
    # stays text while `haet>5` and `foo>5` are reported rather than searched for.
    if op == ":":
        return not text.startswith("//", value_at)
    if name in FIELDS or difflib.get_close_matches(name, NUMERIC_FIELDS, n=1, cutoff=0.6):
        return True
    return bool(_NUMBER.match(text, value_at))


def _clean(text: str) -> str:
    # Lone surrogates (from a broken paste) cannot be encoded for SQLite; controls become spaces.
    text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROLS.sub(" ", text)


def _read_value(text: str, position: int, name: str, start: int) -> tuple[str, bool, int]:
    """Read a bare word or a quoted phrase at `position`; return it, whether quoted, and where it ends."""
    length = len(text)
    if position < length and text[position] == '"':
        end = text.find('"', position + 1)
        if end < 0:
            raise QueryError("unclosed quote", position, incomplete=True)
        return text[position + 1 : end], True, end + 1
    end = position
    while end < length and not text[end].isspace():
        end += 1
    if end == position and name:
        what = "a number" if name.rstrip(":=<>") in NUMERIC_FIELDS else _expects(name.rstrip(":=<>"))
        raise QueryError(f"{name} expects {what}", start, incomplete=end == length)
    return text[position:end], False, end


def _expects(name: str) -> str:
    if name in ("since", "until"):
        return query_dates.EXPECTS
    if name == "is":
        return "read, unread or starred"
    if name == "has":
        return "related, image or body"
    return "a word or a quoted phrase"


def _unknown_field(written: str) -> str:
    name = written.rstrip(":=<>")
    op = written[len(name) :]
    known = ", ".join(FIELDS)
    guesses = difflib.get_close_matches(name.lower(), list(FIELDS), n=1, cutoff=0.6)
    if guesses:
        # Keep the operator the user typed: `haet>5` was meant as `heat>5`.
        hint = guesses[0] + (op if guesses[0] in NUMERIC_FIELDS else ":")
        return f"unknown field {written} — did you mean {hint}? Fields: {known}"
    return f"unknown field {written} — fields are {known}; put text with a colon in quotes"


def _field_term(
    name: str,
    op: str,
    value: str,
    phrase: bool,
    negated: bool,
    start: int,
    now: dt.datetime | None = None,
    zone: dt.tzinfo | None = None,
    at_end: bool = False,
) -> Term:
    """Check one field's value and turn it into a term."""
    value_at = start + (1 if negated else 0) + len(name) + len(op)
    if name in NUMERIC_FIELDS:
        if not _NUMBER.fullmatch(value):
            raise QueryError(f"{name}{op} expects a number", value_at)
        return Term(name, float(value), "=" if op == ":" else op, negated, phrase, position=start)
    if op != ":":
        raise QueryError(f"{name}: compares with ':', not '{op}' — write {name}:…", start)
    if name in ("since", "until"):
        try:
            bound = query_dates.date_bound(name, value, zone, now)
        except ValueError:
            incomplete = at_end and not phrase and query_dates.could_become_a_date(value)
            raise QueryError(f"{name}: expects {query_dates.EXPECTS}", value_at, incomplete) from None
        return Term(name, bound, op, negated, phrase, position=start)
    folded = value.lower()
    if name == "is" and folded not in IS_VALUES:
        raise QueryError(f"is: expects read, unread or starred, not '{value}'", value_at)
    if name == "has" and folded not in HAS_VALUES:
        raise QueryError(f"has: expects related, image or body, not '{value}'", value_at)
    if name in ("is", "has"):
        value = folded
    elif name == "domain":
        value = _bare_domain(value)
    if not value.strip() and name != "title":
        raise QueryError(f"{name}: expects {_expects(name)}", start)
    return Term(name, value, op, negated, phrase, position=start)


def _bare_domain(value: str) -> str:
    # People paste addresses; the index keeps bare host names like "axios.com".
    # Not an address after all (an unclosed "[" host, say): then it is kept as typed.
    with contextlib.suppress(ValueError):
        if "//" in value:
            value = urlsplit(value).hostname or value
    value = value.strip().strip("/").lower()
    return value[4:] if value.startswith("www.") else value


def _has_token(text: str) -> bool:
    # The index's unicode61 tokenizer keeps letters, digits and private-use characters only.
    return any(unicodedata.category(char)[0] in "LN" or unicodedata.category(char) == "Co" for char in text)


__all__ = [
    "FIELDS",
    "CompiledQuery",
    "Query",
    "QueryError",
    "Term",
    "compile_query",
    "parse_query",
    "run_query",
]
