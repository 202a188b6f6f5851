"""The core never imports Textual: it must stay usable from scripts and other front ends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import reader.core

CORE_FOLDER = Path(reader.core.__file__).parent
# Sub-packages (reader.core.feeds) count too: every module file below reader/core.
CORE_MODULES = sorted(
    "reader.core." + ".".join(p.relative_to(CORE_FOLDER).with_suffix("").parts)
    for p in CORE_FOLDER.rglob("*.py")
    if p.stem != "__init__"
)


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in CORE_MODULES)
        + "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'rich'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert len(CORE_MODULES) >= 8
