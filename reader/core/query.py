"""The reader's query language: what a user types in the search box or after `reader list --query`.

Plain words and "quoted phrases" search the title, excerpt, provider and body through the FTS5
table; `-` excludes; fields (`title:`, `topic:`, `provider:`, `domain:`, `category:`, `type:`,
`since:`, `until:`, `heat>N`, `quality<=N`, `is:unread`, `has:image`, ...) filter columns. Every
term must hold. A query compiles to one SQL statement with bound parameters, and every user token
reaches FTS5 as a quoted string, so no input can inject SQL or break FTS5's own syntax.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Set
from dataclasses import dataclass
from urllib.parse import urlsplit

# Every field, with what it is for in a user's words: for help texts and completion.
FIELDS: dict[str, str] = {
    "title": "a word or a quoted phrase in the title",
    "topic": "a whole topic, any case",
    "provider": "part of the provider's name",
    "domain": "the provider's domain or one under it",
    "category": "the category, any case",
    "type": "the type, any case",
    "since": "published on or after a date like 2020-01-05",
    "until": "published on or before a date like 2020-01-05",
    "heat": "a heat score compared with a number: heat>0, heat<=40",
    "quality": "a quality score compared with a number: quality>=50",
    "is": "read, unread or starred",
    "has": "related, image or body",
}
# Up to this many wanted read or starred stories are looked up by index; more are checked in Python.
LOOKUP_LIMIT = 10_000
MIN_PREFIX = 3  # the shortest last word that, while typing, also matches longer words
NUMERIC_FIELDS = ("heat", "quality")
IS_VALUES = ("read", "unread", "starred")
HAS_VALUES = {
    "related": "n_related > 0",
    "image": "n_images > 0",
    "images": "n_images > 0",
    "body": "has_body = 1",
}

# A field is a run of ASCII letters right before an operator; `10:30` or `:x` stay plain words.
_FIELD = re.compile(r"([A-Za-z_]+)(>=|<=|:|>|<|=)")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_TOPIC_SEPARATOR = "\x1f"
# C0/C1 controls and DEL cannot be typed on purpose; NUL would also cut an FTS5 string short.
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


class QueryError(ValueError):
    """A query that cannot be understood, with where in the text the trouble starts."""

    def __init__(self, message: str, position: int, incomplete: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        # True when typing on could fix it (an open quote, a field with no value yet at the end):
        # a search box can show a hint instead of an error while the user is still typing.
        self.incomplete = incomplete


@dataclass(frozen=True, slots=True)
class Term:
    """One condition of a query: free text (field "") or a field compared with a value."""

    field: str  # "" for free text, else a key of FIELDS
    value: str | float
    op: str = ":"  # ":", "=", ">", "<", ">=" or "<="
    negated: bool = False
    phrase: bool = False  # the value was quoted
    prefix: bool = False  # the last word, still being typed: match words that start with it
    position: int = 0  # where the term starts in the query text


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: terms that must all hold."""

    text: str
    terms: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the query asks for nothing, so every record matches."""
        return not self.terms

    @property
    def uses_state(self) -> bool:
        """True when the result depends on read or starred state, so it changes when that does."""
        return any(term.field == "is" for term in self.terms)

    @property
    def words(self) -> tuple[str, ...]:
        """The free-text words and phrases searched for (not excluded): what to highlight."""
        return tuple(
            str(term.value) for term in self.terms if term.field in ("", "title") and not term.negated
        )


# -- parsing -----------------------------------------------------------------------------------


def parse_query(text: str, *, typing: bool = False) -> Query:
    """Parse a query; with `typing`, the last bare word also matches words it begins."""
    text = _clean(text)
    terms: list[Term] = []
    position = 0
    length = len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        start = position
        negated = text[position] == "-"
        if negated:
            position += 1
            if position == length or text[position].isspace():
                continue  # a lone "-" excludes nothing yet: the user is about to type the word
        field_match = _FIELD.match(text, position)
        if field_match and _is_field(field_match.group(1).lower(), field_match.group(2)):
            name, op = field_match.group(1).lower(), field_match.group(2)
            if name not in FIELDS:
                raise QueryError(_unknown_field(field_match.group(0)), field_match.start())
            value, phrase, position = _read_value(text, field_match.end(), f"{name}{op}", start)
            term = _field_term(name, op, value, phrase, negated, start)
        elif text[position] == '"':
            value, _, position = _read_value(text, position, "", start)
            term = Term("", value, negated=negated, phrase=True, position=start)
        else:
            value, _, position = _read_value(text, position, "", start)
            term = Term("", value, negated=negated, position=start)
        if term.field in ("", "title") and not _has_token(str(term.value)):
            continue  # no letter or digit: FTS5 would see no word in it, so it cannot narrow anything
        terms.append(term)
    if typing and terms and not text[-1:].isspace():
        last = terms[-1]
        # A prefix of one or two letters matches nearly every record and costs FTS5 the most.
        long_enough = len(str(last.value)) >= MIN_PREFIX
        if last.field in ("", "title") and not last.phrase and not last.negated and long_enough:
            terms[-1] = Term(last.field, last.value, last.op, last.negated, False, True, last.position)
    return Query(text, tuple(terms))


def _is_field(name: str, op: str) -> bool:
    # `word:` is always meant as a field; `word>` only when it is (or nearly is) a numeric field,
    # so that `a>b` stays text while the typo `haet>5` is reported rather than searched for.
    if op == ":" or name in FIELDS:
        return True
    return bool(difflib.get_close_matches(name, NUMERIC_FIELDS, n=1, cutoff=0.6))


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
        return "a date like 2020-01-05"
    if name == "is":
        return "read, unread or starred"
    if name == "has":
        return "related, image or body"
    return "a word or a quoted phrase"


def _unknown_field(written: str) -> str:
    name = written.rstrip(":=<>")
    op = written[len(name) :]
    guesses = difflib.get_close_matches(name.lower(), list(FIELDS), n=1, cutoff=0.6)
    if guesses:
        # Keep the operator the user typed: `haet>5` was meant as `heat>5`.
        hint = guesses[0] + (op if guesses[0] in NUMERIC_FIELDS else ":")
        return f"unknown field '{written}' — did you mean {hint}?"
    return f"unknown field '{written}' — put it in quotes to search for the text"


def _field_term(name: str, op: str, value: str, phrase: bool, negated: bool, start: int) -> Term:
    """Check one field's value and turn it into a term."""
    value_at = start + (1 if negated else 0) + len(name) + len(op)
    if name in NUMERIC_FIELDS:
        if not _NUMBER.fullmatch(value):
            raise QueryError(f"{name}{op} expects a number", value_at)
        return Term(name, float(value), "=" if op == ":" else op, negated, phrase, position=start)
    if op != ":":
        raise QueryError(f"{name}: compares with ':', not '{op}' — write {name}:…", start)
    if name in ("since", "until"):
        return Term(name, _day_bound(name, value, value_at), op, negated, phrase, position=start)
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


def _day_bound(name: str, value: str, position: int) -> float:
    """The epoch second a since:/until: date stands for: a whole year, month or day, both ends included."""
    match = _DATE.fullmatch(value)
    try:
        if not match:
            raise ValueError(value)
        year, month, day = int(match.group(1)), match.group(2), match.group(3)
        if day is not None:
            first = dt.date(year, int(month), int(day))
            after = first + dt.timedelta(days=1)
        elif month is not None:
            first = dt.date(year, int(month), 1)
            after = dt.date(year + int(month) // 12, int(month) % 12 + 1, 1)
        else:
            first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    except (ValueError, OverflowError):
        raise QueryError(f"{name}: expects a date like 2020-01-05", position) from None
    # until: is inclusive, so it bounds by the start of the following period (compared with <).
    bound = first if name == "since" else after
    return dt.datetime(bound.year, bound.month, bound.day, tzinfo=dt.timezone.utc).timestamp()


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


# -- compiling ---------------------------------------------------------------------------------


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
    for term in query.terms:
        if term.field in ("", "title"):
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
        # Every token is quoted, so this should never happen; if FTS5 still objects, the user
        # gets a message, not a crashed worker.
        if "fts5" not in str(error).lower():
            raise
        raise QueryError(f"cannot search for that text ({error})", 0) from error


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
        sep = _TOPIC_SEPARATOR
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
