"""Which folders a command reads: the ones named, the config's, or the bundled samples."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.output import shown, warn

if TYPE_CHECKING:
    from reader.core.config import Subscription


def bundled_seeds() -> Path:
    """The sample records: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the reader package
    installed = here / "seeds"
    return installed if installed.is_dir() else here.parent / "seeds"


def default_paths(folders: list[str] | None = None, feeds: list[Subscription] | None = None) -> list[str]:
    """The configured folders and the subscribed feeds' folders that exist; with neither, the samples."""
    paths = list(folders or [])
    if feeds:
        from reader.core.feeds.subscriptions import folder_of

        for folder in dict.fromkeys(str(folder_of(feed)) for feed in feeds):
            # A subscription never fetched has no folder yet: opening it would fail as "no such folder".
            if folder not in paths and Path(folder).is_dir():
                paths.append(folder)
    return paths or [str(bundled_seeds())]


def configured_paths() -> list[str]:
    """What the app opens with no PATH: the config's folders and feeds' folders, else the samples."""
    from reader.core.config import load_config

    config, messages = load_config()
    for message in messages:
        warn(message)
    return default_paths(config.folders, config.feeds)


def missing(paths: list[str]) -> bool:
    """Say which of `paths` do not exist; True if any."""
    missing = [path for path in paths if not Path(path).exists()]
    for path in missing:
        warn(f"{shown(path)}: no such file or folder")
    return bool(missing)
