"""Issue 10 item 14: a query too large for SQLite says so, in the CLI and in the app."""

from __future__ import annotations

import sqlite3

import pytest

from reader.core.index import Index
from reader.core.query import MAX_TERMS, QueryError, parse_query, run_query


@pytest.mark.parametrize("term", ["provider:a", "heat>1", "topic:x", "word", "-title:w"])
def test_more_terms_than_the_limit_is_a_clear_query_error(term):
    with pytest.raises(QueryError) as caught:
        parse_query(" ".join([term] * (MAX_TERMS + 1)))
    assert f"at most {MAX_TERMS}" in caught.value.message
    assert caught.value.position > 0  # the caret points at the first term past the limit


def test_the_limit_itself_runs(tmp_path):
    index = Index(tmp_path / "index.sqlite")
    query = parse_query(" ".join(["provider:a"] * MAX_TERMS))
    assert run_query(index.db, query) == set()
    ors = parse_query(" OR ".join(f"title:w{i}" for i in range(MAX_TERMS)))
    assert run_query(index.db, ors) == set()


def test_an_sqlite_refusal_becomes_a_query_error(tmp_path, monkeypatch):
    index = Index(tmp_path / "index.sqlite")

    class Refusing:
        def execute(self, *args):
            raise sqlite3.OperationalError("Expression tree is too large (maximum depth 1000)")

    with pytest.raises(QueryError) as caught:
        run_query(Refusing(), parse_query("provider:a"))  # type: ignore[arg-type]
    assert "too large" in caught.value.message
    index.close()
