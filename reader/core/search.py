"""Running a search of the query language over a corpus's index."""

from __future__ import annotations

from reader.core.corpus import Corpus
from reader.core.query import Query, run_query


def search(corpus: Corpus, query: Query, read: frozenset[str], starred: frozenset[str]) -> set[int]:
    """The ids of the records that match `query`, given the user's read and starred stories."""
    return run_query(corpus.index.db, query, read, starred)
