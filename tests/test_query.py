"""Tests of the query language: parsing, error messages, and what each query finds in a small index."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import query_sql
from reader.core.digest import digest_record, record_story
from reader.core.index import Index
from reader.core.model import Image, Provider, Record, RelatedItem
from reader.core.query import Query, QueryError, compile_query, parse_query, run_query

UTC = dt.UTC
DATES = "a date like 2020-01-05, 7d, 2w, 12h, today or yesterday"


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


RECORDS = {
    "bans": Record(
        path="/r/bans.md",
        title="Facial recognition bans spread",
        excerpt="Cities debate export restrictions on cameras.",
        published=_at("2020-01-05T10:00:00"),
        source_url="https://www.msn.com/news/bans",
        category="news",
        type="article",
        quality=100,
        heat=40,
        provider=Provider("MSN", "msn.com"),
        topics=("AI", "Computer Vision"),
        images=(Image("https://msn.com/a.jpg"),),
        related=(RelatedItem(title="Other", source_url="https://example.com/other"),),
        body="A body with [b]markup[/b] and a café, see https://example.org/cafe-report?x=1.",
    ),
    "china": Record(
        path="/r/china.md",
        title="China expands facial recognition",
        excerpt="Restrictions on export are discussed.",
        published=_at("2020-01-04T23:59:59"),
        source_url="https://www.forbes.com/china",
        category="News",
        type="video",
        quality=None,
        heat=-1,
        provider=Provider("Forbes", "forbes.com"),
        topics=("AI", "Facebook AI"),
    ),
    "pytorch": Record(
        path="/r/pytorch.md",
        title="Facebook AI releases PyTorch tools",
        excerpt='An "export" tool for models, [red]not markup[/red].',
        published=_at("2020-01-06T00:00:00"),
        source_url="https://news.bbc.co.uk/pytorch",
        category="Research",
        type="article",
        quality=50,
        heat=0,
        provider=Provider("BBC News", "news.bbc.co.uk"),
        topics=("Facebook AI",),
        images=(Image("https://bbc.co.uk/1.jpg"), Image("https://bbc.co.uk/2.jpg")),
        related=(
            RelatedItem(title="One", source_url="https://example.com/1"),
            RelatedItem(title="Two", source_url="https://example.com/2"),
        ),
        body='NEAR(x, y) a:b:c "quoted" -dash *star [b]bold[/b]',
    ),
    "unicode": Record(
        path="/r/unicode.md",
        title="Ünïcode naïve café story",
        excerpt="日本語のテキスト and emoji 🎉",
        provider=Provider("Le Monde", "lemonde.fr"),
        topics=("Europe AI", "AI"),
    ),
    "research": Record(
        path="/r/research.md",
        title="Topic boundaries matter",
        excerpt="Self-driving cars and 100% of 5_000 widgets.",
        published=_at("2020-01-05T00:00:00"),
        source_url="https://msnbc.com/research",
        category="news",
        type="article",
        quality=10,
        heat=90,
        provider=Provider("msnbc", "msnbc.com"),
        topics=("Facebook AI Research",),
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Index, dict[str, int]]:
    """A small index of the hand-written records, and each record's id by name."""
    index = Index(tmp_path_factory.mktemp("query") / "index.sqlite")
    names = list(RECORDS)
    added, _, _ = index.store(digest_record(RECORDS[name], 100, 1) for name in names)
    ids = {name: summary.id for name, summary in zip(names, added, strict=True)}
    yield index, ids
    index.close()


def story(name: str) -> str:
    """The story key of one of the hand-written records."""
    return record_story(RECORDS[name])


@pytest.fixture
def find(corpus: tuple[Index, dict[str, int]]):
    """Run a query and answer the names of the records it matches."""
    index, ids = corpus
    names = {record_id: name for name, record_id in ids.items()}

    def run(
        text: str, typing: bool = False, read=frozenset(), starred=frozenset(), now=None, zone=UTC
    ) -> set[str]:
        query = parse_query(text, typing=typing, now=now, zone=zone)
        found = run_query(index.db, query, read_keys=read, starred_keys=starred)
        return {names[record_id] for record_id in found}

    return run


ALL = set(RECORDS)


# -- free text ---------------------------------------------------------------------------------


def test_words_match_title_excerpt_provider_and_body(find) -> None:
    assert find("facial") == {"bans", "china"}
    assert find("cameras") == {"bans"}  # excerpt
    assert find("forbes") == {"china"}  # provider
    assert find("markup") == {"bans", "pytorch"}  # body, and an excerpt holding markup-like text
    assert find("FACIAL Recognition") == {"bans", "china"}


def test_words_combine_with_and(find) -> None:
    assert find("facial bans") == {"bans"}
    assert find("facial pytorch") == set()


def test_quoted_phrase_needs_the_words_in_order(find) -> None:
    assert find('"export restrictions"') == {"bans"}
    assert find('"restrictions export"') == set()
    assert find("restrictions export") == {"bans", "china"}


def test_diacritics_and_unicode_words(find) -> None:
    assert find("cafe") == {"bans", "unicode"}
    assert find("naive") == {"unicode"}
    assert find("Ünïcode") == {"unicode"}
    assert find("日本語のテキスト") == {"unicode"}


def test_hyphenated_words_search_as_a_phrase(find) -> None:
    assert find("self-driving") == {"research"}


def test_last_word_is_a_prefix_only_while_typing(find) -> None:
    assert find("recog") == set()
    assert find("recog", typing=True) == {"bans", "china"}
    assert find("facial recog", typing=True) == {"bans", "china"}
    assert find("recog ", typing=True) == set()  # a space ends the word
    assert find('"recog"', typing=True) == set()  # a phrase is never a prefix


def test_a_very_short_prefix_is_not_expanded() -> None:
    assert not parse_query("re", typing=True).terms[0].prefix
    assert parse_query("rec", typing=True).terms[0].prefix


def test_exclusions(find) -> None:
    assert find("facial -china") == {"bans"}
    assert find("-china") == ALL - {"china"}
    assert find('-"export restrictions"') == ALL - {"bans"}
    assert find('export -"export restrictions"') == {"china", "pytorch"}


# -- fields ------------------------------------------------------------------------------------


def test_title(find) -> None:
    assert find("title:facial") == {"bans", "china"}
    assert find("title:cameras") == set()  # only in an excerpt
    assert find('title:"facebook ai"') == {"pytorch"}
    assert find("-title:facial") == ALL - {"bans", "china"}
    assert find("Title:Facial") == {"bans", "china"}
    assert find("title:recog", typing=True) == {"bans", "china"}


def test_topic_matches_whole_topics_in_any_case(find) -> None:
    assert find('topic:"Facebook AI"') == {"china", "pytorch"}
    assert find('topic:"facebook ai"') == {"china", "pytorch"}
    assert find('topic:"Facebook AI Research"') == {"research"}
    assert find("topic:facebook") == set()
    assert find("topic:ai") == {"bans", "china", "unicode"}
    assert find('-topic:"facebook ai"') == {"bans", "unicode", "research"}


def test_topic_with_like_wildcards_is_literal(find) -> None:
    assert find("topic:%") == set()
    assert find("topic:_I") == set()


def test_provider_is_a_substring_in_any_case(find) -> None:
    assert find("provider:msn") == {"bans", "research"}
    assert find("provider:MSNBC") == {"research"}
    assert find('provider:"bbc news"') == {"pytorch"}
    assert find("-provider:msn") == {"china", "pytorch", "unicode"}
    assert find("provider:%") == set()


def test_domain_matches_the_domain_and_those_under_it(find) -> None:
    assert find("domain:forbes.com") == {"china"}
    assert find("domain:FORBES.com") == {"china"}
    assert find("domain:www.forbes.com") == {"china"}
    assert find("domain:https://www.forbes.com/some/page") == {"china"}
    assert find("domain:bbc.co.uk") == {"pytorch"}
    assert find("domain:bc.co.uk") == set()
    assert find("domain:msn.com") == {"bans"}
    assert find("-domain:msn.com") == ALL - {"bans"}


def test_category_and_type_are_equal_in_any_case(find) -> None:
    assert find("category:news") == {"bans", "china", "research"}
    assert find("category:research") == {"pytorch"}
    assert find("category:new") == set()
    assert find("type:VIDEO") == {"china"}
    assert find("type:vid") == set()
    assert find("-type:article") == {"china", "unicode"}


def test_since_and_until_include_the_whole_day(find) -> None:
    assert find("since:2020-01-05") == {"bans", "pytorch", "research"}
    assert find("until:2020-01-05") == {"bans", "china", "research"}
    assert find("since:2020-01-05 until:2020-01-05") == {"bans", "research"}
    assert find("until:2020-01-04") == {"china"}
    assert find("since:2020-01-07") == set()


def test_since_and_until_take_a_month_or_a_year(find) -> None:
    assert find("since:2020-01 until:2020-01") == {"bans", "china", "pytorch", "research"}
    assert find("until:2019") == set()
    assert find("since:2020") == {"bans", "china", "pytorch", "research"}
    assert find("since:2020-1-5") == {"bans", "pytorch", "research"}


def test_negated_dates_keep_undated_records(find) -> None:
    assert find("-since:2020-01-05") == {"china", "unicode"}


def test_numeric_comparisons(find) -> None:
    assert find("heat>0") == {"bans", "research"}  # -1 (unscored) and NULL are excluded
    assert find("heat>=0") == {"bans", "pytorch", "research"}
    assert find("heat<0") == {"china"}
    assert find("heat<=40") == {"bans", "china", "pytorch"}
    assert find("heat:-1") == {"china"}
    assert find("heat=90") == {"research"}
    assert find("quality>=50") == {"bans", "pytorch"}
    assert find("quality<50") == {"research"}
    assert find("quality>0.5") == {"bans", "pytorch", "research"}


def test_negated_comparison_is_the_exact_complement(find) -> None:
    assert find("-heat>0") == ALL - find("heat>0")
    assert find("-quality>=50") == {"china", "unicode", "research"}


def test_has(find) -> None:
    assert find("has:related") == {"bans", "pytorch"}
    assert find("has:image") == {"bans", "pytorch"}
    assert find("has:images") == {"bans", "pytorch"}
    assert find("has:body") == {"bans", "pytorch"}
    assert find("-has:body") == {"china", "unicode", "research"}


def test_is_read_unread_and_starred(find) -> None:
    read = {story("bans"), story("china")}
    starred = {story("pytorch")}
    assert find("is:read", read=read) == {"bans", "china"}
    assert find("is:unread", read=read) == {"pytorch", "unicode", "research"}
    assert find("-is:read", read=read) == {"pytorch", "unicode", "research"}
    assert find("-is:unread", read=read) == {"bans", "china"}
    assert find("is:starred", starred=starred) == {"pytorch"}
    assert find("-is:starred", starred=starred) == ALL - {"pytorch"}
    assert find("is:unread is:starred", read=read, starred=starred) == {"pytorch"}
    assert find("facial is:unread", read={story("bans")}) == {"china"}
    assert find("is:read") == set()
    assert find("is:unread") == ALL


def test_is_read_counts_a_story_by_its_story_key_only(find) -> None:
    # Another address of a record (an amp page, say) is a key too, but read state is per story key.
    assert find("is:read", read={"example.com/other"}) == set()
    assert find("is:read", read={story("unicode")}) == {"unicode"}  # a story named after its file


@pytest.mark.parametrize("limit", [0, 10_000])
def test_large_and_small_key_sets_agree(find, monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    # Large sets are checked in Python, small ones through the index: both must say the same.
    monkeypatch.setattr(query_sql, "LOOKUP_LIMIT", limit)
    read = {story("bans"), story("unicode"), "not/a/story"}
    starred = {story("bans"), story("research")}
    assert find("is:read", read=read) == {"bans", "unicode"}
    assert find("is:read is:starred", read=read, starred=starred) == {"bans"}
    assert find("-is:unread -is:starred", read=read, starred=starred) == {"unicode"}
    assert find("facial is:starred", starred=starred) == {"bans"}


def test_combinations(find) -> None:
    assert find('topic:"Facebook AI" -china') == {"pytorch"}
    assert find("provider:msn since:2020-01-05") == {"bans", "research"}
    assert find("facial heat>0 has:image") == {"bans"}
    assert find('export -title:facial topic:"facebook ai" type:article') == {"pytorch"}
    assert find("-china -pytorch -has:body") == {"unicode", "research"}


# -- OR --------------------------------------------------------------------------------------------


def test_or_between_words(find) -> None:
    assert find("cameras OR forbes") == {"bans", "china"}
    assert find("cameras OR forbes OR pytorch") == {"bans", "china", "pytorch"}
    assert find('"export restrictions" OR naive') == {"bans", "unicode"}
    assert find("title:pytorch OR cameras") == {"pytorch", "bans"}


def test_or_binds_tighter_than_the_implicit_and(find) -> None:
    # facial AND (bans OR pytorch), not (facial AND bans) OR pytorch.
    assert find("facial bans OR pytorch") == {"bans"}
    assert find("bans OR pytorch facial") == {"bans"}
    assert find("restrictions facial OR tools") == {"bans", "china"}
    assert find("cameras OR forbes export") == {"bans", "china"}


def test_or_between_fields(find) -> None:
    assert find('topic:"Computer Vision" OR topic:"Facebook AI Research"') == {"bans", "research"}
    assert find("type:video OR heat>50") == {"china", "research"}
    assert find("provider:forbes OR domain:bbc.co.uk facial") == {"china"}
    assert find("since:2020-01-06 OR until:2020-01-04") == {"pytorch", "china"}
    assert find("has:body OR cameras") == {"bans", "pytorch"}


def test_or_mixes_words_and_fields(find) -> None:
    assert find("pytorch OR type:video") == {"pytorch", "china"}
    assert find("naive OR heat>50 OR forbes") == {"unicode", "research", "china"}


def test_or_with_exclusions(find) -> None:
    assert find("-facial OR forbes") == ALL - {"bans"}
    assert find("-type:article OR heat>50") == {"china", "unicode", "research"}
    assert find("facial -china OR -bans") == {"bans", "china"}


def test_or_with_read_and_starred(find) -> None:
    read = {story("bans")}
    starred = {story("pytorch")}
    assert find("is:read OR is:starred", read=read, starred=starred) == {"bans", "pytorch"}
    assert find("is:starred OR forbes", starred=starred) == {"pytorch", "china"}
    assert find("-is:unread OR type:video", read=read) == {"bans", "china"}


@pytest.mark.parametrize("limit", [0, 10_000])
def test_or_with_state_agrees_for_large_and_small_key_sets(find, monkeypatch, limit: int) -> None:
    monkeypatch.setattr(query_sql, "LOOKUP_LIMIT", limit)
    read = {story("bans"), story("unicode")}
    assert find("is:read OR heat>50", read=read) == {"bans", "unicode", "research"}
    assert find("is:unread OR heat>50", read=read) == {"china", "pytorch", "research"}


def test_only_a_capital_or_between_terms_is_the_operator(find) -> None:
    assert find("cameras or forbes") == set()  # "or" is a word like any other
    assert find('cameras "OR" forbes') == set()
    assert find("cameras OR") == {"bans"}  # nothing to join yet: the user is still typing
    assert find("OR cameras") == {"bans"}
    assert find("cameras OR OR forbes") == {"bans", "china"}
    assert find("forbes OR recog", typing=True) == {"bans", "china"}


def test_only_the_word_being_typed_is_a_prefix() -> None:
    assert parse_query("facial", typing=True).terms[0].prefix
    assert not parse_query("facial OR", typing=True).terms[0].prefix
    assert not parse_query("facial -", typing=True).terms[0].prefix
    assert parse_query("facial OR recog", typing=True).terms[1].prefix


def test_or_terms_are_kept_together() -> None:
    query = parse_query("facial bans OR -title:x OR heat>5")
    assert [[term.field for term in clause] for clause in query.clauses] == [[""], ["", "title", "heat"]]
    assert [term.value for term in query.terms] == ["facial", "bans", "x", 5.0]
    assert query.words == ("facial", "bans")


def test_or_stays_safe_in_fts() -> None:
    compiled = compile_query(parse_query("NEAR( OR a*b c"))
    assert compiled.params[0] == '("NEAR(" OR "a*b") AND "c"'


# -- relative dates -------------------------------------------------------------------------------

# The records are from 2020-01-04 23:59:59 (china) to 2020-01-06 00:00 UTC (pytorch).
NOW = dt.datetime(2020, 1, 6, 12, 0, tzinfo=UTC)


def test_since_a_number_of_hours_days_or_weeks(find) -> None:
    assert find("since:12h", now=NOW) == {"pytorch"}
    assert find("since:13h", now=NOW) == {"pytorch"}
    assert find("since:1d", now=NOW) == {"pytorch"}
    assert find("since:26h", now=NOW) == {"pytorch", "bans"}
    assert find("since:36h", now=NOW) == {"pytorch", "bans", "research"}
    assert find("since:2d", now=NOW) == {"pytorch", "bans", "research", "china"}
    assert find("since:1w", now=NOW) == {"pytorch", "bans", "research", "china"}
    assert find("since:2w", now=NOW + dt.timedelta(days=13)) == {"pytorch"}
    assert find("since:7D", now=NOW + dt.timedelta(days=8)) == set()


def test_until_a_number_of_days_is_older_than_that(find) -> None:
    assert find("until:1d", now=NOW) == {"bans", "research", "china"}
    assert find("until:36h", now=NOW) == {"china"}
    assert find("until:12h", now=NOW) == {"bans", "research", "china"}


def test_today_and_yesterday(find) -> None:
    assert find("since:today", now=NOW) == {"pytorch"}
    assert find("since:yesterday", now=NOW) == {"pytorch", "bans", "research"}
    assert find("until:yesterday", now=NOW) == {"bans", "research", "china"}
    assert find("until:today", now=NOW) == {"pytorch", "bans", "research", "china"}
    assert find("since:yesterday until:yesterday", now=NOW) == {"bans", "research"}
    assert find("since:Today", now=NOW) == {"pytorch"}


def test_days_are_days_in_the_zone(find) -> None:
    # In New York (UTC-5) "now" is 2020-01-06 07:00: today began at 05:00 UTC, so pytorch (00:00 UTC) is
    # yesterday's, and yesterday began at 2020-01-05 05:00 UTC, after research and bans' 00:00 and 10:00.
    new_york = ZoneInfo("America/New_York")
    assert find("since:today", now=NOW, zone=new_york) == set()
    assert find("since:yesterday", now=NOW, zone=new_york) == {"pytorch", "bans"}
    assert find("since:2020-01-05", zone=new_york) == {"pytorch", "bans"}
    assert find("until:2020-01-04", zone=new_york) == {"china", "research"}
    tokyo = ZoneInfo("Asia/Tokyo")  # UTC+9: pytorch is at 09:00 on the 6th there
    assert find("since:2020-01-06 until:2020-01-06", zone=tokyo) == {"pytorch"}


def test_relative_dates_use_the_clock_when_no_now_is_given(find) -> None:
    assert find("since:today", zone=UTC) == set()
    assert find("until:today", zone=UTC) == ALL - {"unicode"}


def test_the_local_zone_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    tokyo = parse_query("since:2020-01-06").terms[0].value
    assert tokyo == dt.datetime(2020, 1, 6, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp()


# -- text that looks like a field -----------------------------------------------------------------


def test_an_address_is_text_quoted_or_not(find) -> None:
    assert find('"https://example.org/cafe-report?x=1"') == {"bans"}
    assert find("https://example.org/cafe-report?x=1") == {"bans"}
    assert find("http://example.org/cafe-report") == set()  # the scheme is a word of the address
    assert find("example.org/cafe-report") == {"bans"}


def test_quoted_text_with_a_colon_or_an_operator_is_text(find) -> None:
    assert find('"a:b:c"') == {"pytorch"}
    assert find('"foo:bar"') == set()
    assert find('"heat>5"') == set()
    assert find("a>b") == {"pytorch"}  # not a number after it: text, the words "a b" of pytorch's body


# -- empty and hostile input ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "-", "- -", "*", '""', '"   "', "title:*", "\x00\x1b"])
def test_queries_that_ask_for_nothing_match_everything(find, text: str) -> None:
    assert parse_query(text).is_empty
    assert find(text) == ALL


HOSTILE = [
    '"',
    '""""',
    '"a""b"',
    "-",
    "--",
    "-*",
    "*",
    "**a",
    "a*",
    "NEAR(",
    "NEAR(a b, 3)",
    "a NEAR b",
    "a OR b",
    "a AND NOT b",
    "(a",
    "a)",
    "[b]",
    "[b]bold[/b]",
    "{title}: x",
    "title : x",
    "^a",
    "a:b:c",
    ":a",
    "a:",
    "10:30",
    "x>5",
    "heat>>5",
    "heat>=",
    "heat<=x",
    "title>5",
    "since:",
    "since:9999-12-31",
    "until:9999-12-31",
    "since:0000-01-01",
    "since:2020-13-01",
    "is:",
    "has:",
    "'; DROP TABLE records; --",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "\x00",
    "\ud800",
    "🎉",
    "日本語",
    "e\u0301",
    "\u200b",
    "a\tb\nc",
    "-title:",
    'title:"',
    '-"',
    "http://example.com/a?b=c",
    "domain:http://[",
    "domain://",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("typing", [False, True])
def test_hostile_input_raises_only_query_errors(corpus, text: str, typing: bool) -> None:
    index, _ = corpus
    try:
        query = parse_query(text, typing=typing)
    except QueryError as error:
        assert error.message
        assert 0 <= error.position <= len(text)
        return
    run_query(index.db, query, read_keys={"x"}, starred_keys={"file:y"})


# Pieces that mean something to the query language or to FTS5, mixed with any character at all.
_PIECES = st.one_of(
    st.sampled_from(
        [*"\"-*:()[]{}^<>=+ \\%_'", "NEAR", "OR", "AND", "NOT", "title:", "heat>", "is:", "domain:", "//"]
    ),
    st.characters(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(_PIECES, max_size=20).map("".join), typing=st.booleans())
def test_any_text_raises_only_query_errors(corpus, text: str, typing: bool) -> None:
    index, _ = corpus
    try:
        query = parse_query(text, typing=typing)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        return
    assert isinstance(run_query(index.db, query), set)


def test_user_text_never_reaches_the_sql() -> None:
    compiled = compile_query(
        parse_query('zqx\'"" -zqy title:zqz topic:zqa provider:zqb domain:zqc category:zqd type:zqe'),
        read_keys={"zqf"},
    )
    assert "zq" not in compiled.sql
    assert any("zqx" in str(param) for param in compiled.params)


def test_fts_tokens_are_quoted() -> None:
    compiled = compile_query(parse_query("NEAR( a*b"))
    assert compiled.params[0] == '"NEAR(" AND "a*b"'
    # A quote inside a word is a character of the word, written twice inside the FTS5 string.
    compiled = compile_query(parse_query('5"11 -x"y'))
    assert compiled.params[0] == '("5""11") NOT ("x""y")'


# -- errors --------------------------------------------------------------------------------------


KNOWN = "title, topic, provider, domain, category, type, since, until, heat, quality, is, has"


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("tilte:x", f"unknown field tilte: — did you mean title:? Fields: {KNOWN}", 0),
        ("facial tilte:x", f"unknown field tilte: — did you mean title:? Fields: {KNOWN}", 7),
        ("-tpoic:x", f"unknown field tpoic: — did you mean topic:? Fields: {KNOWN}", 1),
        ("haet>5", f"unknown field haet> — did you mean heat>? Fields: {KNOWN}", 0),
        ("heta>5", f"unknown field heta> — did you mean heat>? Fields: {KNOWN}", 0),
        ("a:b:c", f"unknown field a: — fields are {KNOWN}; put text with a colon in quotes", 0),
        ("foo:bar", f"unknown field foo: — fields are {KNOWN}; put text with a colon in quotes", 0),
        ("x foo>5", f"unknown field foo> — fields are {KNOWN}; put text with a colon in quotes", 2),
        ("Foo<=2.5", f"unknown field Foo<= — fields are {KNOWN}; put text with a colon in quotes", 0),
        ('"open', "unclosed quote", 0),
        ('a "open', "unclosed quote", 2),
        ('title:"open', "unclosed quote", 6),
        ("since:tomorrow", f"since: expects {DATES}", 6),
        ("since:7", f"since: expects {DATES}", 6),
        ("since:7m", f"since: expects {DATES}", 6),
        ("until:-2d", f"until: expects {DATES}", 6),
        ("until:2020-02-30", f"until: expects {DATES}", 6),
        ("heat>x", "heat> expects a number", 5),
        ("quality<=1e5", "quality<= expects a number", 9),
        ("is:new", "is: expects read, unread or starred, not 'new'", 3),
        ("has:video", "has: expects related, image or body, not 'video'", 4),
        ("title>5", "title: compares with ':', not '>' — write title:…", 0),
        ("topic:   x", "topic: expects a word or a quoted phrase", 0),
        ('topic:""', "topic: expects a word or a quoted phrase", 0),
    ],
)
def test_error_messages_and_positions(text: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert caught.value.message == message
    assert str(caught.value) == message
    assert caught.value.position == position


@pytest.mark.parametrize(
    ("text", "incomplete"),
    [
        ('"open', True),
        ("heat>", True),
        ("title:", True),
        ("since:", True),
        ("heat>x", False),
        ("tilte:x", False),
        ("since:yest", True),
        ("until:to", True),
        ("since:12", True),
        ("since:2020-01-", True),
        ("since:yest x", False),
        ("since:tomorrow", False),
        ("since:12x", False),
    ],
)
def test_errors_say_whether_typing_on_could_fix_them(text: str, incomplete: bool) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert caught.value.incomplete is incomplete


def test_empty_value_messages() -> None:
    with pytest.raises(QueryError, match="heat> expects a number"):
        parse_query("heat>")
    with pytest.raises(QueryError, match="since: expects a date like 2020-01-05, 7d"):
        parse_query("since:")
    with pytest.raises(QueryError, match="is: expects read, unread or starred"):
        parse_query("is: x")


# -- the Query object ----------------------------------------------------------------------------


def test_query_properties() -> None:
    query = parse_query('facial "export rules" -china title:bans is:unread heat>0')
    assert isinstance(query, Query)
    assert not query.is_empty
    assert query.uses_state
    assert query.words == ("facial", "export rules", "bans")
    assert not parse_query("facial").uses_state
    assert [term.field for term in query.terms] == ["", "", "", "title", "is", "heat"]
    assert [term.position for term in query.terms] == [0, 7, 22, 29, 40, 50]
