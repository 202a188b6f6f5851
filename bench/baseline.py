"""The baseline: what loading the same folder costs with plain PyYAML, one process, no index.

`python bench/baseline.py FOLDER` splits every record file at its `---` lines, loads the front
matter with `yaml.CSafeLoader` (libyaml, the fastest loader PyYAML has), keeps every mapping in a
list as a naive reader would, and prints one JSON line: wall seconds, files, peak RSS in MB.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Iterator

import yaml

SUFFIXES = (".md", ".markdown", ".txt")


def record_files(folder: str) -> Iterator[str]:
    """Every record file under `folder`, in directory order."""
    for parent, _dirs, names in os.walk(folder):
        for name in names:
            if name.lower().endswith(SUFFIXES):
                yield os.path.join(parent, name)


def front_matter(text: str) -> str:
    """The YAML between the opening `---` line and the next `---` line ("" when there is none)."""
    if not text.startswith("---\n"):
        return ""
    end = text.find("\n---\n", 3)
    return text[4:end] if end >= 0 else text[4:]


def load(path: str) -> object:
    """The front matter of one file, loaded with the C loader."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(front_matter(handle.read()), Loader=yaml.CSafeLoader)


def main(argv: list[str] | None = None) -> int:
    """Load every record under the folder and report the time and memory it took."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: baseline.py FOLDER", file=sys.stderr)
        return 2
    started = time.perf_counter()
    loaded = [load(path) for path in record_files(args[0])]
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "files": len(loaded), "peak_rss_mb": peak_kb / 1024}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
