"""Building a folder of hostile files: one of each bad kind a real folder of records contains.

Each file is written into the test's own folder; nothing here needs ../shared. The kinds are the
ones FORMAT.md lists under "What real folders contain", plus valid records whose text is hostile.
"""

from __future__ import annotations

import os
from pathlib import Path

RECORD = "record"  # loads, with no problem
PROBLEM = "problem"  # does not load, with at least one problem
RECORD_AND_PROBLEM = "record+problem"  # loads, and says what was wrong

# Markup and escapes a title must show literally and never act on.
MARKUP = "[b]x[/b] [@click=app.quit] [link=file:///etc/passwd]x[/link] $variable"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # sets the clipboard of the terminal
OSC_TITLE = "\x1b]0;pwned\x07"  # sets the window title
CSI_RED = "\x1b[31m"
C1_CSI = "\x9b31m"
BIDI = "\u202e"
ESCAPES = OSC52 + OSC_TITLE + CSI_RED + C1_CSI + BIDI

HUGE_BODY_BYTES = 5 * 1024 * 1024


def _alias_bomb() -> str:
    """The classic billion laughs: nine levels of nine aliases, 9**9 strings when expanded."""
    lines = [
        "---",
        "title: Billion laughs",
        'lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    previous = "a"
    for name in "bcdefghi":
        refs = ", ".join(f"*{previous}" for _ in range(9))
        lines.append(f"{name}: &{name} [{refs}]")
        previous = name
    return "\n".join([*lines, "---", ""])


def _merge_bomb() -> str:
    """The same growth through `<<` merge keys, which some PyYAML versions copy eagerly."""
    pairs = ", ".join(f"k{i}: {i}" for i in range(9))
    lines = ["---", "title: Merge bomb", f"m0: &m0 {{{pairs}}}"]
    for level in range(1, 9):
        refs = ", ".join(f"*m{level - 1}" for _ in range(9))
        lines.append(f"m{level}: &m{level} {{<<: [{refs}], own{level}: 1}}")
    return "\n".join([*lines, "---", ""])


def _hostile_text_record() -> str:
    """A valid record with escape sequences (as YAML escapes) in every text field."""
    esc = "\\e]52;c;ZXZpbA==\\a\\e]0;pwned\\a\\e[31m\\x9b31m\\u202e"
    return f"""---
title: "{esc}Escaped title"
excerpt: "An excerpt{esc} with escapes"
publishedDateTime: 2020-01-05T17:43:53Z
sourceUrl: "https://example.com/escaped"
provider:
  name: "Provider{esc}"
  domain: example.com
topics:
  - "Topic{esc}"
images:
  - url: https://example.com/i.png
    title: "Image{esc}"
related:
  - title: "Related{esc}"
    sourceUrl: https://example.com/related
---
Body with raw escapes {ESCAPES} in it.
"""


def _markup_record() -> str:
    """A valid record with square-bracket markup and a template variable in its text."""
    return f"""---
title: '{MARKUP}'
excerpt: '{MARKUP}'
sourceUrl: "javascript:alert(document.cookie)"
ampUrl: "file:///etc/passwd"
provider:
  name: '[bold red]Provider[/]'
topics:
  - '[@click=app.quit]quit[/]'
related:
  - title: '[link=file:///etc/passwd]related[/link]'
    sourceUrl: "data:text/html,<script>alert(1)</script>"
---
# {MARKUP}
"""


def _shell_record() -> str:
    """A valid record with raw escape bytes in its title and a sourceUrl made for a shell."""
    return f"""---
title: "Raw{OSC52}{OSC_TITLE} escapes{CSI_RED} and bidi{BIDI} in a title"
sourceUrl: "https://example.com/$(touch /tmp/x);`id`&rm -rf ~|cat 'a' \\"b\\""
topics: AI
---
"""


def _files() -> dict[str, tuple[bytes, str]]:
    """File name -> (bytes, expectation) for every plain (non-link) hostile file."""
    valid = "---\ntitle: A valid record\n---\nBody.\n"
    deep = "[" * 10_000 + "]" * 10_000
    huge_front = "---\ntitle: Huge front matter\npadding: '" + "x" * (1_100_000) + "'\n---\n"
    return {
        "invalid_yaml.md": (b"---\ntitle: Invalid\nkey: [unclosed, list\nother: value\n---\n", PROBLEM),
        "no_front_matter.md": (b"# Just some markdown\n\nNo front matter here.\n", PROBLEM),
        "front_matter_list.md": (b"---\n- a\n- list\n---\n", PROBLEM),
        "front_matter_string.md": (b"---\njust a string\n---\n", PROBLEM),
        "unclosed.md": (b"---\ntitle: Never closed\nexcerpt: The closing line is missing\n", PROBLEM),
        "empty.md": (b"", PROBLEM),
        "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, PROBLEM),
        "latin1.md": ("---\ntitle: Caf\u00e9 latin-1\n---\n".encode("latin-1"), PROBLEM),
        "bom.md": (b"\xef\xbb\xbf" + valid.encode(), RECORD),
        "crlf.md": (valid.replace("\n", "\r\n").encode(), RECORD),
        "huge_body.md": (
            b"---\ntitle: Huge body\n---\n" + b"A long line of body text.\n" * (HUGE_BODY_BYTES // 26),
            RECORD,
        ),
        "huge_front_matter.md": (huge_front.encode(), PROBLEM),
        "wrong_types.md": (
            b"---\n"
            b"title: 42\n"
            b"topics: AI\n"
            b"quality: high\n"
            b"heat: [1, 2]\n"
            b"publishedDateTime: not a date\n"
            b"provider: [a, list]\n"
            b"images: 5\n"
            b"excerpt: {a: mapping}\n"
            b"---\n",
            RECORD_AND_PROBLEM,
        ),
        "missing_title.md": (
            b"---\nexcerpt: No title here\nsourceUrl: https://example.com/x\n---\n",
            PROBLEM,
        ),
        "duplicate_keys.md": (b"---\ntitle: First\nexcerpt: x\ntitle: Second\n---\n", RECORD_AND_PROBLEM),
        "python_tag.md": (
            b"---\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n",
            PROBLEM,
        ),
        "alias_bomb.md": (_alias_bomb().encode(), PROBLEM),
        "merge_bomb.md": (_merge_bomb().encode(), PROBLEM),
        "deep_nesting.md": (f"---\ntitle: Deep\nkey: {deep}\n---\n".encode(), PROBLEM),
        "hostile_escapes.md": (_hostile_text_record().encode(), RECORD),
        "hostile_markup.txt": (_markup_record().encode(), RECORD),
        "hostile_shell.markdown": (_shell_record().encode(), RECORD),
        "nested/deeper/valid.md": (valid.encode(), RECORD),
    }


def write_hostile_corpus(folder: Path) -> dict[str, str]:
    """Write one file of each hostile kind under `folder`; return file name -> expectation.

    Names are relative to `folder`. Besides the files named, the folder holds things a scan
    must pass over: a folder link that loops back to its parent (`loop/`), files with other
    endings, and a hidden folder. Links are left out where the system cannot make them.
    """
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    for name, (data, expectation) in _files().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = expectation
    (folder / "notes.json").write_text('{"not": "a record"}')
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "secret.md").write_text("---\ntitle: Hidden\n---\n")
    try:
        os.symlink("..", folder / "nested" / "loop", target_is_directory=True)
        os.symlink("missing-target.md", folder / "dangling.md")
        os.symlink("link_loop_b.md", folder / "link_loop_a.md")
        os.symlink("link_loop_a.md", folder / "link_loop_b.md")
    except (OSError, NotImplementedError):
        return expected
    expected["dangling.md"] = PROBLEM
    expected["link_loop_a.md"] = PROBLEM
    expected["link_loop_b.md"] = PROBLEM
    return expected
