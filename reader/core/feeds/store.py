"""Writing a feed's entries into a folder as records: new ones added, changed ones updated in place."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import frontmatter

from reader.core.feeds.model import Feed
from reader.core.feeds.records import (
    entry_identity,
    file_name,
    identity_hash,
    record_body,
    record_fields,
)
from reader.core.files import sync_folder, write_atomically

_TAGGED_NAME = re.compile(r"-([0-9a-f]{12})\.md$")


@dataclass
class Counts:
    """How the entries of one feed landed: new files, files changed in place, files left as they were."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: Counts) -> None:
        """Add `other`'s counts to these."""
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged

    def __str__(self) -> str:
        return f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"


def existing_records(folder: Path) -> dict[str, Path]:
    """The records this importer wrote in `folder`, by the identity tag in their names (one listing)."""
    if not folder.is_dir():
        return {}
    found = {}
    # scandir knows each entry's type from the listing: no stat per file in a folder of thousands.
    with os.scandir(folder) as entries:
        for item in entries:
            tagged = _TAGGED_NAME.search(item.name)
            if tagged and item.is_file(follow_symlinks=False):
                found[tagged.group(1)] = folder / item.name
    return found


def write_feed(feed: Feed, feed_url: str, folder: Path, fetched: datetime) -> Counts:
    """Write every entry of `feed` into `folder` as a record; an entry seen before updates its file."""
    folder.mkdir(parents=True, exist_ok=True)
    existing = existing_records(folder)
    counts = Counts()
    seen: set[str] = set()
    for entry in feed.entries:
        identity = entry_identity(entry, feed_url)
        tag = identity_hash(identity)
        if tag in seen:  # the same entry twice in one feed: the first one stands
            continue
        seen.add(tag)
        fields = record_fields(entry, feed, feed_url, fetched, identity)
        path = existing.get(tag)
        old_text = _read(path) if path else None
        if old_text is not None and entry.published is None and entry.updated is None:
            # No date in the feed: the first fetch time stays the date, or every fetch would "update" it.
            fields["publishedDateTime"] = _old_date(old_text) or fields["publishedDateTime"]
        post = frontmatter.Post(record_body(entry), **fields)
        text = frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n"
        if old_text == text:
            counts.unchanged += 1
            continue
        if path is None or old_text is None:
            moment = entry.published or entry.updated or fetched
            path = folder / file_name(entry, moment, identity)
            counts.new += 1
        else:
            counts.updated += 1
        # Records can be fetched again: skip the fsync per file, and make the folder durable once.
        write_atomically(path, text, durable=False)
        existing[tag] = path
    if counts.new or counts.updated:
        sync_folder(folder)
    return counts


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _old_date(text: str) -> str | None:
    try:
        value = frontmatter.loads(text).metadata.get("publishedDateTime")
    except Exception:  # a record edited by hand into bad YAML is rewritten, not a crash
        return None
    return value if isinstance(value, str) else None
