"""The core never imports Textual: it must stay usable from scripts and other front ends.

(Rich is not checked: httpx, which the core fetches feeds with, imports it for its own command line.)

The one import-hygiene test: every module under `reader.core`, imported in a fresh interpreter.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reader.core

CORE_MODULES = sorted(m.name for m in pkgutil.walk_packages(reader.core.__path__, prefix="reader.core."))


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in CORE_MODULES)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert {
        "reader.core.graph",
        "reader.core.state",
        "reader.core.history",
        "reader.core.config",
    } <= set(CORE_MODULES)
    assert len(CORE_MODULES) >= 8
