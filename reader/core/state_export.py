"""The saved-state export format (`reader state export` / `import`): its version and its validation."""

from __future__ import annotations

from typing import Any

EXPORT_VERSION = 1
# A story key is a normalised URL; anything far longer is not one and would only bloat the file.
MAX_KEY_CHARS = 8192


def validate_export(data: Any) -> tuple[list[str], list[str]]:
    """The read and starred keys of an export, or ValueError naming the first thing wrong with it."""
    if not isinstance(data, dict):
        raise ValueError(f"saved state must be a JSON object, not {_kind(data)}")
    if "version" not in data:
        raise ValueError('saved state has no "version"; is this an export of this reader?')
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(f'"version" must be a whole number, not {_kind(version)}')
    if version != EXPORT_VERSION:
        raise ValueError(f"saved state version {version} is not supported (only {EXPORT_VERSION} is)")
    lists = []
    for field in ("read", "starred"):
        keys = data.get(field, [])
        if not isinstance(keys, list):
            raise ValueError(f'"{field}" must be a list of story keys, not {_kind(keys)}')
        for i, key in enumerate(keys):
            if not isinstance(key, str):
                raise ValueError(f'"{field}" item {i} must be a story key (a string), not {_kind(key)}')
            if not key:
                raise ValueError(f'"{field}" item {i} is an empty story key')
            if len(key) > MAX_KEY_CHARS:
                raise ValueError(f'"{field}" item {i} is longer than {MAX_KEY_CHARS} characters')
        lists.append(keys)
    return lists[0], lists[1]


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else type(value).__name__)
