"""The tables of the index, and the version that says a file holds them."""

SCHEMA_VERSION = 5

SCHEMA = """
CREATE TABLE files(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL
);
CREATE TABLE problems(file_id INTEGER NOT NULL, line INTEGER, reason TEXT NOT NULL);
CREATE INDEX problems_file ON problems(file_id);
CREATE TABLE records(
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    published REAL,
    provider TEXT NOT NULL,
    domain TEXT NOT NULL,
    category TEXT NOT NULL,
    type TEXT NOT NULL,
    quality INTEGER,
    heat INTEGER,
    topics TEXT NOT NULL,
    story TEXT NOT NULL,
    n_related INTEGER NOT NULL,
    n_images INTEGER NOT NULL,
    has_body INTEGER NOT NULL,
    source_url TEXT NOT NULL
);
CREATE TABLE record_keys(key TEXT NOT NULL, record_id INTEGER NOT NULL);
CREATE INDEX record_keys_key ON record_keys(key);
CREATE INDEX record_keys_record ON record_keys(record_id);
CREATE TABLE links(record_id INTEGER NOT NULL, position INTEGER NOT NULL, key TEXT NOT NULL);
CREATE INDEX links_key ON links(key);
CREATE INDEX links_record ON links(record_id);
CREATE TABLE story_graph(
    id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL, data BLOB NOT NULL
);
CREATE TABLE pending_text(id INTEGER PRIMARY KEY, title TEXT, excerpt TEXT, provider TEXT, body TEXT);
CREATE VIRTUAL TABLE search USING fts5(
    title, excerpt, provider, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""
