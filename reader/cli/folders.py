"""Which folders a command reads: the ones named, the config's, or the bundled samples."""

from __future__ import annotations

from pathlib import Path

from reader.cli.output import shown, warn


def bundled_seeds() -> Path:
    """The sample records: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the reader package
    installed = here / "seeds"
    return installed if installed.is_dir() else here.parent / "seeds"


def default_paths(folders: list[str] | None = None) -> list[str]:
    return folders or [str(bundled_seeds())]


def configured_paths() -> list[str]:
    """What the app opens with no PATH: the config's folders, else the samples."""
    from reader.core.config import load_config

    config, messages = load_config()
    for message in messages:
        warn(message)
    return default_paths(config.folders)


def missing(paths: list[str]) -> bool:
    """Say which of `paths` do not exist; True if any."""
    missing = [path for path in paths if not Path(path).exists()]
    for path in missing:
        warn(f"{shown(path)}: no such file or folder")
    return bool(missing)
