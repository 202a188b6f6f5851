"""The corpus: the records under the folders a user opened, kept in step with the index.

`sync` walks the folders, parses only files that are new or changed (in worker processes when
there are many) and yields progress as it goes, so a user sees the first records at once and the
rest stream in. Everything here runs off the UI thread; nothing here knows about the terminal.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
import sys
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import resource_tracker
from pathlib import Path

from reader.core.digest import Digest, Summary, digest_files
from reader.core.index import Index
from reader.core.model import ParseResult, Problem
from reader.core.parse import read_file
from reader.core.scan import is_record_file, iter_record_files

FIRST_BATCH = 48  # small, parsed in this thread: the first screen must not wait for a pool
BATCH = 400
POOL_THRESHOLD = 2 * FIRST_BATCH  # fewer files than this never start worker processes


@dataclass
class SyncProgress:
    """One step of a sync: what changed since the last step, and how far it has got."""

    added: list[Summary] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    parsed: int = 0  # files parsed so far in this sync
    to_parse: int = 0  # files found so far that need parsing
    scanning: bool = True  # still walking the folders
    listed: bool = False  # every record is in the list (search text may still be indexing)
    finished: bool = False


def index_path_for(roots: list[str], cache_dir: Path) -> Path:
    """The index file for a set of folders: one per set, so opening one folder never rescans another."""
    joined = "\n".join(sorted(os.path.abspath(root) for root in roots))
    return cache_dir / "index" / f"{hashlib.sha256(joined.encode()).hexdigest()[:24]}.sqlite"


class Corpus:
    """The records under a set of files and folders, backed by a persistent index."""

    def __init__(self, roots: list[str], index: Index) -> None:
        self.roots = [os.path.abspath(root) for root in roots]
        self.index = index
        self._known: dict[str, tuple[int, int, int]] | None = None
        self._defer_text = False

    @classmethod
    def open(cls, roots: list[str], cache_dir: Path) -> Corpus:
        """Open (or create) the index for `roots` under `cache_dir`."""
        return cls(roots, Index(index_path_for(roots, cache_dir)))

    def cached(self) -> list[Summary]:
        """What the index already knows: shown at once, before any file is read.

        A damaged page here means the index cannot be trusted: it is rebuilt from the files,
        and `index.recovered` says so.
        """
        try:
            return self.index.summaries()
        except sqlite3.DatabaseError as error:
            self.index.rebuild(error)
            return []

    def load(self, record_id: int) -> ParseResult:
        """Read the full record from its file, as it is now."""
        path = self.index.path_of(record_id)
        if path is None:
            return ParseResult(None, (Problem(f"record {record_id}", "no longer in the index"),))
        return read_file(path)

    def problems(self) -> list[Problem]:
        """Every problem of the indexed files."""
        return self.index.problems()

    def sync(self, workers: int | None = None) -> Iterator[SyncProgress]:
        """Bring the index in step with the folders, yielding progress after every batch.

        A damaged page met on the way rebuilds the index from the files (a full cache folder
        moves it into memory) and starts again once: the first step then takes back every
        record handed out so far, since the new index numbers them afresh.
        """
        handed_out: set[int] = set()
        try:
            for progress in self._sync(workers):
                handed_out.update(summary.id for summary in progress.added)
                handed_out.difference_update(progress.removed)
                yield progress
        except sqlite3.DatabaseError as error:
            if not index_fault(error) or self.index.in_memory:
                raise
            handed_out.update(file_id for file_id, _, _ in (self._known or {}).values())
            self.index.rebuild(error)
            yield SyncProgress(removed=sorted(handed_out))
            yield from self._sync(workers)

    def _sync(self, workers: int | None) -> Iterator[SyncProgress]:
        try:
            known = self.index.known_files()
        except sqlite3.DatabaseError as error:
            self.index.rebuild(error)
            known = self.index.known_files()
        self._known = known
        self.index.write_with_small_cache()
        # A big first read defers search text until the list is complete; a few files do not.
        self._defer_text = len(known) < 1000
        # A first read also leaves the look-up indexes until every record is in; any other read
        # makes sure they are there (a first read that was stopped half-way left them out).
        if known or not self.index.defer_lookups():
            self.index.build_lookups()
        seen: set[str] = set()
        pending: list[tuple[str, int, int]] = []
        progress = SyncProgress()
        pool: ProcessPoolExecutor | None = None
        in_flight: dict[Future[list[Digest]], list[tuple[str, int, int]]] = {}
        workers = workers or os.cpu_count() or 1
        pool_failed = False
        try:
            # The folders are listed before any file is read (0.23 s for 100,000 files), so the
            # progress shown has the real total from the first step, not a count that keeps growing.
            todo: list[tuple[str, int, int]] = []
            for path, size, mtime_ns in iter_record_files(self.roots, progress.problems):
                if not _storable(path):
                    # SQLite keeps text as UTF-8; such a name cannot be indexed (or shown) as it is.
                    name = os.fsencode(path).decode("utf-8", "backslashreplace")
                    progress.problems.append(
                        Problem(name, "the file name is not valid UTF-8; rename it to read it")
                    )
                    continue
                seen.add(path)
                old = known.get(path)
                if old is None or old[1] != size or old[2] != mtime_ns:
                    todo.append((path, size, mtime_ns))
            progress.scanning = False
            progress.to_parse = len(todo)
            for path, size, mtime_ns in todo:
                pending.append((path, size, mtime_ns))
                if progress.parsed == 0 and not in_flight and len(pending) >= FIRST_BATCH:
                    yield self._store(digest_files(pending), progress)
                    pending = []
                elif len(pending) >= BATCH:
                    if pool is None and not pool_failed:
                        pool = _start_pool(workers)
                        pool_failed = pool is None
                    if pool is None or not _submit(pool, in_flight, pending):
                        # No worker processes here (or they died): parse in this thread.
                        yield self._store(digest_files(pending), progress)
                    pending = []
                    # Keep every worker busy but do not queue the whole folder in memory.
                    while len(in_flight) > 2 * workers:
                        yield from self._collect(in_flight, progress, FIRST_COMPLETED)
            progress.scanning = False
            if pending:
                if pool is None and not pool_failed and len(pending) >= POOL_THRESHOLD:
                    pool = _start_pool(workers)
                step = max(1, BATCH // workers)
                for start in range(0, len(pending), step):
                    batch = pending[start : start + step]
                    if pool is None or not _submit(pool, in_flight, batch):
                        yield self._store(digest_files(batch), progress)
            while in_flight:
                yield from self._collect(in_flight, progress, FIRST_COMPLETED)
        finally:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        self.index.build_lookups()
        gone = [path for path in known if path not in seen]
        progress.scanning = False
        if gone:
            progress.removed = self.index.remove(gone)
        progress.listed = True
        if self._defer_text:
            yield progress
            progress = SyncProgress(
                parsed=progress.parsed, to_parse=progress.to_parse, scanning=False, listed=True
            )
        # Also finishes text left over by a first read that was stopped half-way.
        for _left in self.index.flush_text():
            pass
        self._known, self._defer_text = None, False
        progress.finished = True
        yield progress

    def apply_changes(self, changed: set[str], deleted: set[str]) -> SyncProgress:
        """Take in what a file watcher saw: changed or added paths, and deleted ones.

        A path may be a folder (added: its records are read; deleted: every record under it goes).
        Cheaper than a full sync, so a file dropped into a folder of 100,000 shows at once.
        """
        known = self.index.known_files()
        to_parse: list[tuple[str, int, int]] = []
        gone: set[str] = set()
        for path in sorted(changed):
            if os.path.isdir(path):
                to_parse += [f for f in iter_record_files([path]) if _is_new(f, known)]
            elif is_record_file(os.path.basename(path)):
                try:
                    info = os.stat(path)
                except OSError:
                    gone.add(path)
                    continue
                entry = (path, info.st_size, info.st_mtime_ns)
                if _is_new(entry, known):
                    to_parse.append(entry)
        for path in deleted:
            if path in known:
                gone.add(path)
            else:  # a folder went: everything under it goes
                prefix = path.rstrip(os.sep) + os.sep
                gone.update(p for p in known if p.startswith(prefix))
        gone = {path for path in gone if not os.path.exists(path)}
        added, replaced, problems = self.index.store(digest_files(to_parse)) if to_parse else ([], [], [])
        removed = self.index.remove(gone) if gone else []
        return SyncProgress(
            added=added,
            removed=replaced + removed,
            problems=problems,
            parsed=len(to_parse),
            to_parse=len(to_parse),
            scanning=False,
            finished=True,
        )

    def _collect(self, in_flight: dict, progress: SyncProgress, when: str) -> Iterator[SyncProgress]:
        done, _ = wait(in_flight, return_when=when)
        for future in done:
            batch = in_flight.pop(future)
            try:
                digests = future.result()
            except Exception:
                # A worker that died (killed, out of memory, could not start) must not lose
                # its batch: parse it here instead.
                digests = digest_files(batch)
            yield self._store(digests, progress)

    def _store(self, digests: list[Digest], progress: SyncProgress) -> SyncProgress:
        added, replaced, problems = self.index.store(digests, self._known, self._defer_text)
        progress.parsed += len(digests)
        step = SyncProgress(
            added=added,
            removed=replaced,
            problems=progress.problems + problems,
            parsed=progress.parsed,
            to_parse=progress.to_parse,
            scanning=progress.scanning,
        )
        progress.problems = []
        return step


def index_fault(error: sqlite3.Error) -> bool:
    """Say whether an SQLite error means the index file is damaged, read-only or full.

    Such an index is a cache to rebuild; "database is locked" (another reader busy for longer
    than the timeout) is not, and moving a file another process is writing would lose its work.
    """
    name = getattr(error, "sqlite_errorname", "")
    if not isinstance(error, sqlite3.OperationalError):
        return True
    return name.startswith(
        ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR")
    )


def _storable(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_new(entry: tuple[str, int, int], known: dict[str, tuple[int, int, int]]) -> bool:
    old = known.get(entry[0])
    return old is None or old[1] != entry[1] or old[2] != entry[2]


def _submit(pool: ProcessPoolExecutor, in_flight: dict, batch: list) -> bool:
    """Hand a batch to the pool; False when the pool cannot take work."""
    try:
        in_flight[pool.submit(digest_files, batch)] = batch
    except Exception:  # a broken pool, or one that cannot spawn here
        return False
    return True


def _start_pool(workers: int) -> ProcessPoolExecutor | None:
    """Start the parser processes, or return None when this process cannot start them."""
    # multiprocessing's resource tracker passes sys.stderr's descriptor to its process; a UI
    # that captures stderr has none, so the tracker is started with the real one.
    saved = sys.stderr
    try:
        sys.stderr = sys.__stderr__ or saved
        resource_tracker.ensure_running()
        # Spawned, not forked: the app has threads running, and a fork copies their held locks.
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError, RuntimeError):
        return None
    finally:
        sys.stderr = saved
