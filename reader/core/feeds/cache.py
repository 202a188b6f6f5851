"""What each feed address answered last time: its validators for a conditional GET and the last result.

It lives in the cache folder: deleting it costs one full download per feed and loses nothing else.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from reader.core.files import write_atomically


@dataclass
class FeedStatus:
    """The last fetch of one address: when, what it said (for `reader feeds`) and its validators."""

    checked: str = ""
    result: str = ""
    ok: bool = True
    etag: str | None = None
    last_modified: str | None = None


class FeedCache:
    """The statuses of every fetched address, kept in one JSON file; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._statuses = self._load()

    def _load(self) -> dict[str, FeedStatus]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        statuses = {}
        for url, fields in data.items() if isinstance(data, dict) else ():
            if isinstance(fields, dict):
                known = {k: v for k, v in fields.items() if k in FeedStatus.__dataclass_fields__}
                try:
                    statuses[url] = FeedStatus(**known)
                except TypeError:
                    continue
        return statuses

    def get(self, url: str) -> FeedStatus:
        """The last status of `url`, an empty one if it was never fetched."""
        with self._lock:
            return self._statuses.get(url, FeedStatus())

    def put(self, url: str, status: FeedStatus) -> None:
        """Remember `status` for `url` (call `save` to keep it)."""
        with self._lock:
            self._statuses[url] = status

    def save(self) -> None:
        """Write the statuses to the cache file atomically."""
        with self._lock:
            text = json.dumps({url: asdict(s) for url, s in self._statuses.items()}, indent=1)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, text + "\n")
