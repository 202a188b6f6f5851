"""The words of the query language: its fields, a parsed term and query, and the error it reports.

Shared by the parser (`query`) and the SQL it compiles to (`query_sql`), neither of which needs the other.
"""

from __future__ import annotations

from dataclasses import dataclass

# Every field, with what it is for in a user's words: for help texts and completion.
FIELDS: dict[str, str] = {
    "title": "a word or a quoted phrase in the title",
    "topic": "a whole topic, any case",
    "provider": "part of the provider's name",
    "domain": "the provider's domain or one under it",
    "category": "the category, any case",
    "type": "the type, any case",
    "since": "published on or after a day (2020-01-05, today, yesterday) or within 12h, 7d, 2w",
    "until": "published on or before a day (2020-01-05, today, yesterday) or before 12h, 7d, 2w ago",
    "heat": "a heat score compared with a number: heat>0, heat<=40",
    "quality": "a quality score compared with a number: quality>=50",
    "is": "read, unread or starred",
    "has": "related, image or body",
}
NUMERIC_FIELDS = ("heat", "quality")
IS_VALUES = ("read", "unread", "starred")
HAS_VALUES = {
    "related": "n_related > 0",
    "image": "n_images > 0",
    "images": "n_images > 0",
    "body": "has_body = 1",
}


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
    """A parsed query: clauses that must all hold, each a term or terms joined by OR (any one holds)."""

    text: str
    clauses: tuple[tuple[Term, ...], ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term of every clause, in the order written."""
        return tuple(term for clause in self.clauses for term in clause)

    @property
    def is_empty(self) -> bool:
        """True when the query asks for nothing, so every record matches."""
        return not self.clauses

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
