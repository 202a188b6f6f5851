"""Importing sources (feed files, feed addresses, OPML lists) into folders of records, several at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reader.core.feeds.cache import FeedCache, FeedStatus
from reader.core.feeds.model import FeedError
from reader.core.feeds.opml import looks_like_opml, read_opml
from reader.core.feeds.parse import parse_feed
from reader.core.feeds.records import utc_stamp
from reader.core.feeds.store import Counts, write_feed
from reader.core.http import FetchError, fetch

MAX_FEED_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT = 20.0
WORKERS = 6
_RECORD_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
_FOLDER_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


@dataclass(frozen=True)
class Job:
    """One feed to import: a file path or an http(s) address, and the folder its records go to."""

    source: str
    folder: Path
    name: str = ""
    """What the user calls it (a subscription's title), for messages; the feed's own title otherwise."""


@dataclass
class Outcome:
    """What importing one feed did: its counts, or the one-line reason it failed."""

    source: str
    counts: Counts = field(default_factory=Counts)
    error: str = ""
    not_modified: bool = False
    title: str = ""

    def summary(self) -> str:
        """The line `reader import` prints for this feed, without its name."""
        if self.error:
            return f"failed: {self.error}"
        if self.not_modified:
            return "not modified"
        return str(self.counts)


def is_address(source: str) -> bool:
    """Say whether a source is an address (scheme://...) rather than a file."""
    return "://" in source


def feed_files(folder: Path) -> list[Path]:
    """The files under `folder` that may be feeds: every file but records, hidden files and READMEs."""
    found = []
    for path in sorted(folder.rglob("*")):
        name = path.name.lower()
        if name.startswith(".") or name.startswith("readme") or path.suffix.lower() in _RECORD_SUFFIXES:
            continue
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found


def expand(sources: list[str], folder: Path) -> tuple[list[Job], list[Outcome]]:
    """Jobs for `sources`, an OPML file becoming one job per feed; the OPML files that failed."""
    jobs: list[Job] = []
    failed: list[Outcome] = []
    for source in sources:
        if is_address(source):
            jobs.append(Job(source, folder))
            continue
        if Path(source).is_dir():
            jobs.extend(Job(str(path), folder) for path in feed_files(Path(source)))
            continue
        try:
            data = _read_file(Path(source))
            if looks_like_opml(data):
                jobs.extend(Job(outline.url, folder) for outline in read_opml(data))
            else:
                jobs.append(Job(source, folder))
        except FeedError as exc:
            failed.append(Outcome(source, error=str(exc)))
    return jobs, failed


def import_jobs(
    jobs: list[Job],
    cache: FeedCache | None = None,
    *,
    workers: int = WORKERS,
    on_done: Callable[[Outcome], None] | None = None,
    now: datetime | None = None,
) -> list[Outcome]:
    """Import every job, `workers` at a time; return the outcomes in the order of `jobs`.

    A failing feed never stops the others: its outcome carries the reason. `on_done` is called (from
    a worker thread) as each one finishes, for progress.
    """
    fetched = now or datetime.now(UTC)

    def run(job: Job) -> Outcome:
        outcome = import_one(job, cache, fetched)
        if on_done is not None:
            on_done(outcome)
        return outcome

    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as pool:
        outcomes = list(pool.map(run, jobs))
    if cache is not None:
        cache.save()
    return outcomes


def import_one(job: Job, cache: FeedCache | None, fetched: datetime) -> Outcome:
    """Import one feed into its folder, remembering what it answered in `cache`."""
    outcome = Outcome(job.source, title=job.name)
    previous = cache.get(job.source) if cache is not None else FeedStatus()
    status = FeedStatus(checked=utc_stamp(fetched), etag=previous.etag, last_modified=previous.last_modified)
    try:
        if is_address(job.source):
            result = fetch(
                job.source,
                max_bytes=MAX_FEED_BYTES,
                timeout=FETCH_TIMEOUT,
                etag=previous.etag,
                last_modified=previous.last_modified,
                headers={"Accept": "application/rss+xml, application/atom+xml, application/feed+json, */*"},
            )
            status.etag, status.last_modified = result.etag, result.last_modified
            if result.not_modified:
                outcome.not_modified = True
                status.result = "not modified"
                return outcome
            data, feed_url = result.content, job.source
        else:
            path = Path(job.source)
            data, feed_url = _read_file(path), ""
        feed = parse_feed(data, url=feed_url)
        if not feed_url:
            # A file's identity is the feed's own home page, so importing a moved copy updates in place.
            feed_url = feed.link or str(Path(job.source).resolve())
        outcome.title = job.name or feed.title
        # Two feeds may hold the same entries (a feed listed twice): one writer per folder at a time.
        with _folder_lock(job.folder):
            outcome.counts = write_feed(feed, feed_url, job.folder, fetched)
        status.result = str(outcome.counts)
    except (FetchError, FeedError) as exc:
        outcome.error = str(exc)
    except OSError as exc:
        outcome.error = f"could not write the records ({exc.strerror or exc})"
    finally:
        if outcome.error:
            status.ok, status.result = False, outcome.error
            # A failed fetch keeps no validators: the next one must download the feed in full.
            status.etag = status.last_modified = None
        if cache is not None:
            cache.put(job.source, status)
    return outcome


def _folder_lock(folder: Path) -> threading.Lock:
    with _LOCKS_LOCK:
        return _FOLDER_LOCKS.setdefault(folder.resolve(), threading.Lock())


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FEED_BYTES:
            raise FeedError(f"larger than the {MAX_FEED_BYTES // (1024 * 1024)} MB limit")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise FeedError("no such file") from exc
    except IsADirectoryError as exc:
        raise FeedError("a folder, not a feed file") from exc
    except OSError as exc:
        raise FeedError(f"could not read it ({exc.strerror or exc})") from exc
