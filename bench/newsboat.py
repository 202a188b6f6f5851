"""newsboat on the same stories: the comparison a terminal news reader is measured against.

The generated records become one RSS file (one item per record: title, link, excerpt, date,
topics, provider) read through a `file://` feed URL, with a throwaway config, cache and HOME under
the benchmark's output folder. `newsboat -x reload` fills its cache once (its own cold load);
a start is then timed until the big feed's article list shows, as a user would open it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from baseline import load, record_files
from terminal import MemoryWatch, Tmux, key_latencies, shell_command, watch_screen

CONFIG = "auto-reload no\nshow-read-feeds yes\nmax-items 0\nconfirm-exit no\nshow-keymap-hint yes\n"


def available() -> bool:
    """Whether newsboat is installed."""
    return shutil.which("newsboat") is not None


def _text(value: object) -> str:
    return escape(str(value)) if value is not None else ""


def write_rss(folder: str, path: Path) -> int:
    """Write every record under `folder` as an item of one RSS 2.0 feed; return the item count."""
    count = 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n')
        out.write("<title>All stories</title><link>https://example.org/</link>")
        out.write("<description>Generated benchmark stories</description>\n")
        for file in record_files(folder):
            meta = load(file)
            if not isinstance(meta, dict):
                continue
            published = meta.get("publishedDateTime")
            if isinstance(published, dt.datetime):
                if published.tzinfo is None:
                    published = published.replace(tzinfo=dt.UTC)
                date = f"<pubDate>{format_datetime(published)}</pubDate>"
            else:
                date = ""
            provider = meta.get("provider") if isinstance(meta.get("provider"), dict) else {}
            topics = "".join(f"<category>{_text(t)}</category>" for t in meta.get("topics") or ())
            link = _text(meta.get("sourceUrl"))
            out.write(
                f"<item><title>{_text(meta.get('title'))}</title><link>{link}</link>"
                f"<guid>{link}</guid><description>{_text(meta.get('excerpt'))}</description>"
                f"{date}<author>{_text(provider.get('name'))}</author>{topics}</item>\n"
            )
            count += 1
        out.write("</channel></rss>\n")
    os.replace(tmp, path)
    return count


class Newsboat:
    """One newsboat setup (feed, urls, config, cache, HOME) for one generated folder."""

    def __init__(self, folder: str, work: Path) -> None:
        self.folder = folder
        self.work = work.resolve()
        self.feed = work / "feed.xml"
        self.urls = work / "urls"
        self.config = work / "config"
        self.cache = work / "cache.db"
        self.home = work / "home"

    def argv(self, *extra: str) -> list[str]:
        """The newsboat command line for this setup."""
        return ["newsboat", "-u", str(self.urls), "-c", str(self.cache), "-C", str(self.config), *extra]

    def env(self) -> dict[str, str]:
        """A HOME of its own: newsboat keeps a lock file and history there."""
        return {"HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home), "XDG_DATA_HOME": str(self.home)}

    def prepare(self, timeout: float) -> dict:
        """Write the feed (once) and fill newsboat's cache from it; return the reload's time."""
        self.work.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(exist_ok=True)
        items = None
        if not self.feed.exists():
            items = write_rss(self.folder, self.feed)
        self.urls.write_text(f"file://{self.feed}\n")
        self.config.write_text(CONFIG)
        self.cache.unlink(missing_ok=True)
        started = time.perf_counter()
        done = subprocess.run(
            self.argv("-x", "reload"),
            env={**os.environ, **self.env()},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"newsboat -x reload failed: {done.stderr.strip()[:300]}")
        return {"reload_s": seconds, "items": items}

    def start(self, count: int, timeout: float, keys: int) -> dict:
        """Start newsboat in tmux; time the feed list, then the big feed's article list, then keys."""
        tmux = Tmux("newsboat")
        total = f"{count} total"
        started = time.perf_counter()
        tmux.start(shell_command(self.argv(), self.env()))
        memory = MemoryWatch(tmux.pid())
        try:
            feeds = watch_screen(tmux, started, {"feeds": lambda s: "Your feeds" in s}, timeout, memory)
            if feeds.timed_out:
                return {"error": "the feed list did not show", "screen": feeds.last_screen}
            opened = time.perf_counter()
            tmux.send("Enter")
            articles = watch_screen(
                tmux,
                opened,
                {"list": lambda s: "Articles in feed" in s and total in s and "   1 " in s},
                timeout,
                memory,
            )
            if articles.timed_out:
                return {"error": "the article list did not show", "screen": articles.last_screen}
            latencies = key_latencies(tmux, "Down", keys) if keys else []
            memory.sample()
            return {
                "feeds_s": feeds.marks["feeds"],
                "open_s": articles.marks["list"],
                "full_list_s": feeds.marks["feeds"] + articles.marks["list"],
                "key_s": latencies,
                "rss_mb": memory.root_mb,
            }
        finally:
            tmux.stop(("q", "q"))
