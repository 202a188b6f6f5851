"""A helper process for the kill test: marks key-0001, key-0002, ... read, printing each number once saved.

Usage: python tests/state_writer.py STATE_FILE [PREFIX]. Runs until killed; a number on stdout is a promise
that its action was committed, which the test checks after killing this process with SIGKILL.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script from anywhere: the package is the folder above tests/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.state import StateStore


def main() -> None:
    """Open the store and commit numbered actions forever, announcing each after its commit."""
    path, prefix = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "key"
    store = StateStore.open(path)
    if store.warning:
        print(f"warning: {store.warning}", file=sys.stderr, flush=True)
        sys.exit(2)
    n = 0
    while True:
        n += 1
        key = f"{prefix}-{n:04d}"
        # Mix in the many-keys transaction so both kinds of commit are killed mid-way.
        if n % 5 == 0:
            store.set_read_many([key, f"{key}-b"], True)
        else:
            store.set_read(key, True)
        print(n, flush=True)


if __name__ == "__main__":
    main()
