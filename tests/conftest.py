"""Shared fixtures: every folder the app writes to points into tmp_path; records are built here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.records import write_record


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real config, data or cache folders of whoever runs the tests."""
    home = tmp_path / "home"
    monkeypatch.setenv("READER_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("READER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("READER_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    return home


@pytest.fixture
def story_folder(tmp_path: Path) -> Path:
    """A small folder of records that link to each other, with hostile text in places."""
    folder = tmp_path / "records"
    folder.mkdir()
    write_record(
        folder / "a.md",
        title="Alpha story",
        date="2020-01-05T10:00:00Z",
        url="https://www.example.com/alpha",
        provider="Alpha Times",
        topics=["AI", "Policy"],
        related=[
            {"title": "Beta story", "sourceUrl": "http://example.com/beta/?ocid=BingNews"},
            {
                "title": "Outside story",
                "sourceUrl": "https://elsewhere.example.org/outside",
                "excerpt": "Not a record here.",
                "provider": {"name": "Elsewhere"},
            },
            {"title": "Gamma story", "ampUrl": "https://www.example.com/gamma.amp"},
        ],
        body="Some **bold** words and a [link](https://example.com/x).",
    )
    write_record(
        folder / "b.md",
        title="Beta story",
        date="2020-01-04T10:00:00Z",
        url="https://example.com/beta",
        provider="Beta Daily",
        topics=["AI"],
        related=[{"title": "Alpha story", "sourceUrl": "https://example.com/alpha?utm_source=feed"}],
    )
    write_record(
        folder / "sub" / "c.txt",
        title="Gamma story",
        date="2020-01-03T10:00:00Z",
        url="https://example.com/gamma",
        amp="https://example.com/gamma.amp",
        provider="Gamma Post",
        topics=["Space"],
    )
    write_record(
        folder / "d.md",
        title="[b]Delta[/b] [@click=app.quit]x[/] \x1b]0;pwned\x07$title",
        date="2020-01-02T10:00:00Z",
        url="javascript:alert(1)",
        provider="[red]Evil[/red]",
        topics=["AI"],
    )
    return folder


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fetches reach only servers the test started on this machine (records carry real image addresses)."""
    from urllib.parse import urlsplit

    from reader.core import http

    real_fetch = http.fetch

    def local_fetch(url: str, **options):  # type: ignore[no-untyped-def]
        if urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
            raise http.FetchError("tests do not reach the internet")
        return real_fetch(url, **options)

    monkeypatch.setattr(http, "fetch", local_fetch)
