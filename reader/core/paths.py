"""Where the reader keeps its config, saved state and caches; each overridable by an environment variable.

Nothing here creates a folder: finding a path must never touch the disk. Writers call `ensure_dir`.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "news-reader"

CONFIG_ENV = "READER_CONFIG"
DATA_DIR_ENV = "READER_DATA_DIR"
CACHE_DIR_ENV = "READER_CACHE_DIR"


def _from_env(name: str) -> Path | None:
    # An empty variable counts as unset, so `READER_CONFIG= reader` does not mean "the current folder".
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def config_file() -> Path:
    """The TOML config file: $READER_CONFIG, else config.toml in the user's config folder."""
    return _from_env(CONFIG_ENV) or platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def data_dir() -> Path:
    """The folder of saved state (read marks, stars): $READER_DATA_DIR, else the user's data folder."""
    return _from_env(DATA_DIR_ENV) or platformdirs.user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """The folder of caches, safe to delete at any time: $READER_CACHE_DIR, else the user's cache folder."""
    return _from_env(CACHE_DIR_ENV) or platformdirs.user_cache_path(APP_NAME, appauthor=False)


def state_file() -> Path:
    """The SQLite file of the user's read marks, stars and settings."""
    return data_dir() / "state.sqlite"


def ensure_dir(path: Path) -> Path:
    """Create folder `path` (and its parents) if missing, and return it."""
    path.mkdir(parents=True, exist_ok=True)
    return path
