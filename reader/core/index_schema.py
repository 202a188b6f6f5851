"""The tables of the index, their secondary indexes, and the version that says a file holds them."""

SCHEMA_VERSION = 5

SCHEMA = """
CREATE TABLE files(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL
);
CREATE TABLE problems(file_id INTEGER NOT NULL, line INTEGER, reason TEXT NOT NULL);
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
CREATE TABLE links(record_id INTEGER NOT NULL, position INTEGER NOT NULL, key TEXT NOT NULL);
CREATE TABLE story_graph(
    id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL, data BLOB NOT NULL
);
CREATE TABLE pending_text(id INTEGER PRIMARY KEY, title TEXT, excerpt TEXT, provider TEXT, body TEXT);
CREATE VIRTUAL TABLE search USING fts5(
    title, excerpt, provider, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""

# Look-up indexes over the tables above. A cold start drops them and builds them once the list is
# complete: inserting 100,000 records' random URL keys into a B-tree costs more per row the larger
# it grows (42 µs a record at the start, 94 at the end), while building them at the end is one
# sort. `CREATE ... IF NOT EXISTS` keeps building them idempotent.
SECONDARY_INDEXES = {
    "problems_file": "problems(file_id)",
    "record_keys_key": "record_keys(key)",
    "record_keys_record": "record_keys(record_id)",
    "links_key": "links(key)",
    "links_record": "links(record_id)",
}
SCHEMA += "".join(f"CREATE INDEX {name} ON {target};\n" for name, target in SECONDARY_INDEXES.items())
