"""The full article behind a record: its source page fetched, its main text extracted, kept in the cache.

The text is extracted with trafilatura (navigation, footers and ads left out), cleaned like record text
and cached by story key, so the second time is instant and works offline.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from reader.core.text import clean_text
from reader.core.urls import link_problem

MAX_PAGE_BYTES = 5 * 1024 * 1024
PAGE_TIMEOUT = 10.0


class ArticleError(Exception):
    """The article could not be had, with a one-line reason."""


@dataclass(frozen=True)
class Article:
    """The main text of a story's source page, where it came from and when it was fetched."""

    url: str
    fetched: float  # seconds since the epoch
    title: str
    text: str


def article_file(cache: Path, story: str) -> Path:
    """Where the article of a story is kept in the cache folder."""
    name = hashlib.sha256(story.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return cache / "articles" / f"{name}.json"


def cached_article(cache: Path, story: str) -> Article | None:
    """The article of a story as fetched before, or None (a damaged cache file counts as none)."""
    try:
        data = json.loads(article_file(cache, story).read_text(encoding="utf-8"))
        return Article(str(data["url"]), float(data["fetched"]), str(data["title"]), str(data["text"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save(cache: Path, story: str, article: Article) -> None:
    path = article_file(cache, story)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_text(json.dumps(asdict(article)), encoding="utf-8")
        scratch.replace(path)  # a reader never sees half a file
    except OSError:
        pass  # a cache that cannot be written only costs a fetch next time


def extract_article(html: bytes | str, url: str) -> tuple[str, str]:
    """The title and main text of an HTML page, without its boilerplate; ("", "") when none is found."""
    import trafilatura  # imported here: it takes a while, and only `R` needs it

    document = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
    if document is None:
        return "", ""
    text = getattr(document, "text", None) or ""
    title = getattr(document, "title", None) or ""
    # trafilatura puts each paragraph on a line of its own: a blank line between reads better.
    paragraphs = [line.strip() for line in clean_text(text).split("\n") if line.strip()]
    return " ".join(clean_text(title).split()), "\n\n".join(paragraphs)


def load_article(cache: Path, story: str, url: str, *, timeout: float = PAGE_TIMEOUT) -> Article:
    """The article of a story: from the cache, else fetched from `url` and extracted (runs off the UI)."""
    from reader.core.http import FetchError, fetch  # httpx takes a while to import: only when needed

    article = cached_article(cache, story)
    if article is not None:
        return article
    problem = link_problem(url)
    if problem:
        raise ArticleError(f"no page to fetch: {problem}")
    try:
        page = fetch(url, max_bytes=MAX_PAGE_BYTES, timeout=timeout, headers={"Accept": "text/html"})
    except FetchError as error:
        raise ArticleError(str(error)) from None
    kind = page.content_type.split(";")[0].strip().lower()
    if kind and "html" not in kind:
        raise ArticleError(f"the page is not HTML but {clean_text(kind)[:60]}")
    title, text = extract_article(page.content, page.url)
    if not text:
        raise ArticleError("no article text could be found on the page")
    article = Article(page.url, time.time(), title, text)
    _save(cache, story, article)
    return article
