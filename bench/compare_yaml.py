"""Compare other YAML parsers with PyYAML's CSafeLoader on every record of a folder.

A throwaway benchmark, not part of the app: nothing in `reader/` or `tests/` imports it, and the
app does not depend on any parser it tries. Run it in a separate venv that has PyYAML plus whichever
candidates you want; one that is not installed (or fails to import) is listed and skipped:

    python3 -m venv /tmp/yamlvenv
    /tmp/yamlvenv/bin/pip install pyyaml rapidyaml yaml-rs ruamel.yaml fastyaml-rs oryaml py-yaml12 \
        pyrs-yaml pyyaml-rs rs-turboyaml rustyyaml ryaml xoryaml libfyaml pyfastyaml yamlium
    /tmp/yamlvenv/bin/python bench/compare_yaml.py ../shared/corpora/ai-news-2020 [MORE_FOLDERS...] \
        [--edge-cases] [--fuzz 100000] [--repeat 5] [--only yaml-rs]

For every record file (`.md`, `.markdown`, `.txt`, found recursively) it takes the text between
the first `---` line and the next `---` line, loads it with `yaml.load(..., Loader=yaml.CSafeLoader)`
as the reference, loads it with each candidate (plus the post-processing that candidate needs to
give PyYAML's types, such as turning timestamp strings into datetimes), and compares the two
record by record: same types, same values, same key order, same time zone offset and name. Times
are the best of `--repeat` (default 5) passes over all records in this one process, reading and
splitting the files excluded (done once, up front), post-processing included.

`--edge-cases` loads a few hostile or YAML-1.1-only inputs with every parser, each in a child
process with a time and memory limit. `--fuzz N` checks the guarded yaml-rs loader against PyYAML
on N random small documents of tricky scalars; the exit status is 1 if any reads differently.
See bench/YAML_PARSERS.md for the results and the decision.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib
import importlib.metadata
import math
import os
import re
import sys
import time
from collections.abc import Callable
from typing import Any

import yaml

SUFFIXES = (".md", ".markdown", ".txt")
_FENCE = re.compile(r"^---[ \t]*\r?$")

# -- reading -----------------------------------------------------------------------------------


def record_files(folder: str) -> list[str]:
    """Every record file under `folder`, sorted, so that runs are repeatable."""
    found = []
    for parent, _dirs, names in os.walk(folder):
        for name in names:
            if name.lower().endswith(SUFFIXES):
                found.append(os.path.join(parent, name))
    return sorted(found)


def front_matter(text: str) -> str | None:
    """The text between the first `---` line and the next `---` line; None when there is none."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\n")):
        return None
    for number in range(1, len(lines)):
        if _FENCE.match(lines[number].rstrip("\n")):
            return "".join(lines[1:number])
    return None


def read_corpus(folder: str) -> tuple[list[str], list[str], int]:
    """The names and front matters of the folder's records, and how many files had none (or no text)."""
    names, fronts, skipped = [], [], 0
    for path in record_files(folder):
        try:
            with open(path, encoding="utf-8-sig") as handle:
                front = front_matter(handle.read())
        except (OSError, UnicodeDecodeError):
            front = None
        if front is None:
            skipped += 1
            continue
        names.append(os.path.relpath(path, folder))
        fronts.append(front)
    return names, fronts, skipped


# -- post-processing shared by YAML 1.2 parsers -------------------------------------------------

_SAFE = yaml.constructor.SafeConstructor()
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_TIMESTAMP = next(rx for tag, rx in _IMPLICIT["0"] if tag == "tag:yaml.org,2002:timestamp")
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _timestamp(text: str) -> Any:
    return _SAFE.construct_yaml_timestamp(yaml.ScalarNode(_TIMESTAMP_TAG, text))


def fix_timestamps(value: Any) -> Any:
    """Turn strings that PyYAML would read as timestamps into dates and datetimes, in place.

    It cannot tell `2020-01-22T10:42:00Z` from `"2020-01-22T10:42:00Z"` (PyYAML keeps the quoted
    one a string): the parsers that need it lose that distinction before Python sees the value.
    """
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                if item[:1].isdigit() and _TIMESTAMP.match(item):
                    value[key] = _timestamp(item)
            elif isinstance(item, (dict, list)):
                fix_timestamps(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                if item[:1].isdigit() and _TIMESTAMP.match(item):
                    value[index] = _timestamp(item)
            elif isinstance(item, (dict, list)):
                fix_timestamps(item)
    elif isinstance(value, str) and value[:1].isdigit() and _TIMESTAMP.match(value):
        return _timestamp(value)
    return value


# -- rapidyaml: a tree in C++, turned into Python values with PyYAML's own resolver -------------


def _ryml_loader() -> Callable[[str], Any]:
    import ryml

    constructors = {
        "tag:yaml.org,2002:null": _SAFE.construct_yaml_null,
        "tag:yaml.org,2002:bool": _SAFE.construct_yaml_bool,
        "tag:yaml.org,2002:int": _SAFE.construct_yaml_int,
        "tag:yaml.org,2002:float": _SAFE.construct_yaml_float,
        "tag:yaml.org,2002:timestamp": _SAFE.construct_yaml_timestamp,
    }
    wildcard = _IMPLICIT.get(None, [])
    none = ryml.NONE  # "no node": 2**64 - 1, not -1; an id past the tree crashes the process

    def plain(text: str) -> Any:
        # What PyYAML's Resolver.resolve does for a plain scalar, then its SafeConstructor.
        for tag, regexp in _IMPLICIT.get(text[:1], []) + wildcard:
            if regexp.match(text):
                make = constructors.get(tag)
                return make(yaml.ScalarNode(tag, text)) if make else text
        return text

    def convert(tree: Any, node: int) -> Any:
        if tree.is_map(node):
            out = {}
            child = tree.first_child(node)
            while child != none:
                if tree.has_key_tag(child) or tree.has_val_tag(child):
                    raise ValueError("explicit tags: left to PyYAML")
                key = bytes(tree.key(child)).decode()
                if not tree.is_key_quoted(child):
                    key = plain(key)
                out[key] = scalar(tree, child) if tree.is_keyval(child) else convert(tree, child)
                child = tree.next_sibling(child)
            return out
        if tree.is_seq(node):
            out_list = []
            child = tree.first_child(node)
            while child != none:
                if tree.has_val_tag(child):
                    raise ValueError("explicit tags: left to PyYAML")
                out_list.append(scalar(tree, child) if tree.is_val(child) else convert(tree, child))
                child = tree.next_sibling(child)
            return out_list
        return scalar(tree, node)

    def scalar(tree: Any, node: int) -> Any:
        if tree.val_is_null(node):
            return None
        text = bytes(tree.val(node)).decode()
        if tree.is_val_quoted(node):  # quoted, literal `|` and folded `>` scalars are text
            return text
        return plain(text)

    def loads(text: str) -> Any:
        tree = ryml.parse_in_arena(text.encode())
        tree.resolve()  # expand aliases and `<<` merges
        root = tree.root_id()
        if tree.is_stream(root):
            root = tree.first_child(root)
        if not tree.is_container(root) and not tree.has_val(root):
            return None
        return convert(tree, root)

    return loads


# -- the candidates ----------------------------------------------------------------------------


def _yaml_rs() -> Callable[[str], Any]:
    import yaml_rs

    last = yaml_rs.DuplicateKeyPolicy.LastWins  # PyYAML keeps the last of duplicate keys
    return lambda text: yaml_rs.loads(text, duplicate_key_policy=last)


# Where yaml-rs (a YAML 1.2 parser) and PyYAML (YAML 1.1) can read the same text differently, as
# found by --edge-cases and a differential fuzz test: a node property (tag, anchor, alias), a merge
# key, a complex key (`?`), any flow collection ([...] or {...}), a block scalar, a second document,
# a tab, a quoted timestamp (yaml-rs makes a datetime of it), plain scalars that only YAML 1.1
# resolves (yes/no/on/off, 1:30, 017, 0o17, 08, -.5, 1e3, `=`) or that only yaml-rs reads as
# numbers (_5, +_74), .nan (PyYAML's one NaN object makes two .nan keys duplicates), and timestamps
# that PyYAML accepts and yaml-rs does not (2020-1-2).
# Such text goes to PyYAML. A false alarm only costs time.
_PLAIN_END = r"[ \t]*(?:$|[,\]}#]|:(?:[ \t]|$))"
_YAML11_ONLY = (
    r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|=|\.(?:nan|NaN|NAN)|[-+]?[._][0-9_.][^\s,\]}]*|[-+]?0[0-9oO_][^\s,\]}]*"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?[0-9][0-9_.]*[eE][-+]?[0-9_]*"
)
_ODD_TIMESTAMP = (  # one-digit month, day, hour or zone, or `00.` : PyYAML a datetime, yaml-rs text
    r"[0-9]{4}-(?:[0-9]-|[0-9]{2}-[0-9](?![0-9])|[0-9]{2}-[0-9]{2}(?:[Tt]|[ \t]+)(?:[0-9](?![0-9])"
    r"|[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.(?![0-9])|(?:\.[0-9]+)?[ \t]*[-+][0-9](?![0-9]))))"
)
_NODE_START = (  # what may start a node (after a line start or an indicator) that sends text to PyYAML
    r"(?=[!&*|>?:\[{<\"'0-9yYnNoO=._+-])"  # fails fast on the usual key or text
    rf"(?:[!&*|>?:]|\[(?![ \t]*\])|\{{(?![ \t]*\}})|<<|[\"'][ \t]*[0-9]{{4}}-|{_ODD_TIMESTAMP}"
    rf"|(?:{_YAML11_ONLY}){_PLAIN_END})"
)
# Every node starts at the start of a line or after `: `, `- ` or `? ` (a flow collection, whose
# items start after `[`, `{` or `,`, is itself sent to PyYAML). Every branch starts with a literal
# character, so that the regex engine skips the rest of the text quickly; the text is searched with
# a "\n" in front, which stands for the start of the first line.
NEEDS_PYYAML = re.compile(
    "|".join(
        [
            *(rf"{start}{_NODE_START}" for start in (r"\n[ \t]*", r":[ \t]+", r"\?[ \t]+", r"-[ \t]+")),
            r"\n(?:---|\.\.\.)(?:[ \t]|$)",
            r"\t",
        ]
    ),
    re.MULTILINE,
)


def _yaml_rs_guarded(fallback: type = yaml.CSafeLoader) -> Callable[[str], Any]:
    """yaml-rs where it reads the text as PyYAML would, CSafeLoader for the rest and for errors."""
    import yaml_rs

    strict = yaml_rs.DuplicateKeyPolicy.Error  # a duplicate key: PyYAML, which reports its line
    limits = yaml_rs.AliasLimits(max_total_replayed_events=0)
    search = NEEDS_PYYAML.search

    def needs(text: str) -> bool:
        return search("\n" + text) is not None

    safe = fallback

    def loads(text: str) -> Any:
        if not needs(text):
            try:
                return yaml_rs.loads(text, duplicate_key_policy=strict, alias_limits=limits)
            except Exception:
                pass
        return yaml.load(text, Loader=safe)

    def fallbacks(fronts: list[str]) -> str:
        """How many of these texts go to PyYAML: by the pattern, and because yaml-rs refused them."""
        by_pattern = refused = 0
        for text in fronts:
            if needs(text):
                by_pattern += 1
                continue
            try:
                yaml_rs.loads(text, duplicate_key_policy=strict, alias_limits=limits)
            except Exception:
                refused += 1
        return f"{by_pattern:,} by the pattern, {refused:,} refused by yaml-rs"

    loads.fallbacks = fallbacks  # type: ignore[attr-defined]
    return loads


def _ruamel_c() -> Callable[[str], Any]:
    from ruamel.yaml import YAML

    loader = YAML(typ="safe", pure=False)  # the C parser from ruamel.yaml.clib
    loader.version = (1, 1)  # PyYAML's YAML version: yes/no, 017 octal, 1_000
    if "CParser" not in loader.Parser.__name__:
        raise ImportError("ruamel.yaml.clib is not installed")
    return loader.load


def _ruamel_c_12() -> Callable[[str], Any]:
    from ruamel.yaml import YAML

    loader = YAML(typ="safe", pure=False)
    if "CParser" not in loader.Parser.__name__:
        raise ImportError("ruamel.yaml.clib is not installed")
    return loader.load


def _fixed(module: str, attribute: str, **options: Any) -> Callable[[], Callable[[str], Any]]:
    """A YAML 1.2 parser whose timestamps come back as strings: post-processed."""

    def make() -> Callable[[str], Any]:
        load = getattr(importlib.import_module(module), attribute)
        return lambda text: fix_timestamps(load(text, **options))

    return make


def _libfyaml() -> Callable[[str], Any]:
    import libfyaml

    return lambda text: fix_timestamps(libfyaml.loads(text, mode="yaml1.1").to_python())


def _yamlium() -> Callable[[str], Any]:
    import yamlium

    return lambda text: fix_timestamps(yamlium.parse(text).to_dict())


# (label, distribution for the version, factory). Factories import lazily; ImportError = skipped.
CANDIDATES: list[tuple[str, str, Callable[[], Callable[[str], Any]]]] = [
    ("rapidyaml (ryml) + PyYAML resolver", "rapidyaml", _ryml_loader),
    ("yaml-rs", "yaml-rs", _yaml_rs),
    ("yaml-rs guarded, CSafeLoader fallback", "yaml-rs", _yaml_rs_guarded),
    ("ruamel.yaml C, YAML 1.1", "ruamel.yaml.clib", _ruamel_c),
    ("ruamel.yaml C, YAML 1.2", "ruamel.yaml.clib", _ruamel_c_12),
    ("pyyaml-ft", "pyyaml-ft", lambda: _pyyaml_ft()),
    ("fastyaml-rs + ts fix", "fastyaml-rs", _fixed("fast_yaml", "safe_load")),
    ("oryaml + ts fix", "oryaml", _fixed("oryaml", "loads")),
    ("py-yaml12 + ts fix", "py-yaml12", _fixed("yaml12", "parse_yaml")),
    ("pyrs-yaml + ts fix", "pyrs-yaml", _fixed("pyrs_yaml", "safe_load", allow_duplicate_keys=True)),
    ("pyyaml-rs + ts fix", "pyyaml-rs", _fixed("pyyaml_rs", "safe_load")),
    ("rs-turboyaml + ts fix", "rs-turboyaml", _fixed("turboyaml", "load")),
    ("rustyyaml + ts fix", "rustyyaml", _fixed("rustyyaml", "safe_load")),
    ("ryaml + ts fix", "ryaml", _fixed("ryaml", "loads")),
    ("xoryaml + ts fix", "xoryaml", _fixed("xoryaml", "loads")),
    ("libfyaml (yaml1.1) + ts fix", "libfyaml", _libfyaml),
    ("pyfastyaml + ts fix", "pyfastyaml", _fixed("pyfastyaml", "loads")),
    ("yamlium (pure Python) + ts fix", "yamlium", _yamlium),
]


def _pyyaml_ft() -> Callable[[str], Any]:
    import yaml_ft  # type: ignore[import-not-found]

    loader = getattr(yaml_ft, "CSafeLoader", yaml_ft.SafeLoader)
    return lambda text: yaml_ft.load(text, Loader=loader)


# -- comparing ---------------------------------------------------------------------------------


def _key(key: Any) -> Any:
    return ("nan",) if isinstance(key, float) and math.isnan(key) else (type(key), key)


def difference(ref: Any, got: Any, where: str = "") -> str | None:
    """Where and how `got` differs from `ref`, types included; None when they are identical."""
    if type(ref) is not type(got):
        return f"{where or '<root>'}: {type(ref).__name__} {ref!r:.60} vs {type(got).__name__} {got!r:.60}"
    if isinstance(ref, dict):
        got_by_key = {_key(k): v for k, v in got.items()}
        for key, value in ref.items():
            if _key(key) in got_by_key:
                found = difference(value, got_by_key[_key(key)], f"{where}.{key}" if where else str(key))
                if found:
                    return found
        if [_key(k) for k in ref] != [_key(k) for k in got]:
            if set(ref) == set(got):
                return f"{where or '<root>'}: key order {list(ref)!r:.80} vs {list(got)!r:.80}"
            missing = [k for k in ref if k not in got][:3]
            extra = [k for k in got if k not in ref][:3]
            return f"{where or '<root>'}: keys missing {missing!r} extra {extra!r}"
        return None
    if isinstance(ref, list):
        if len(ref) != len(got):
            return f"{where}: {len(ref)} items vs {len(got)}"
        for index, (left, right) in enumerate(zip(ref, got, strict=True)):
            found = difference(left, right, f"{where}[{index}]")
            if found:
                return found
        return None
    if isinstance(ref, float) and math.isnan(ref) and math.isnan(got):
        return None
    if isinstance(ref, dt.datetime):
        same_zone = (ref.tzinfo is None) == (got.tzinfo is None) and (
            ref.tzinfo is None or (ref.utcoffset() == got.utcoffset() and ref.tzname() == got.tzname())
        )
        if ref != got or not same_zone:
            return f"{where}: {ref!r} vs {got!r}"
        return None
    if ref != got:
        return f"{where}: {ref!r:.60} vs {got!r:.60}"
    return None


def best_time(load: Callable[[str], Any], fronts: list[str], repeat: int) -> float:
    """The best of `repeat` passes over every front matter; a record that raises still counts."""
    best = math.inf
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        for text in fronts:
            with contextlib.suppress(Exception):
                load(text)
        best = min(best, time.perf_counter() - started)
    return best


def version_of(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def compare(folder: str, repeat: int, only: list[str]) -> list[dict[str, Any]]:
    """Every candidate against CSafeLoader on one folder, as rows for the table."""
    names, fronts, skipped = read_corpus(folder)
    print(f"\n## {folder}: {len(fronts):,} records with front matter ({skipped} files without)\n")
    reference_load = lambda text: yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: E731
    reference = []
    for text in fronts:
        try:
            reference.append(reference_load(text))
        except yaml.YAMLError as error:  # invalid YAML: a candidate must refuse it too
            reference.append(error)
    base = best_time(reference_load, fronts, repeat)
    rows = [
        {
            "parser": "PyYAML CSafeLoader (reference)",
            "version": yaml.__version__,
            "seconds": base,
            "ratio": 1.0,
            "identical": len(fronts),
            "different": 0,
            "example": "",
        }
    ]
    for label, distribution, factory in CANDIDATES:
        if only and not any(word.lower() in label.lower() for word in only):
            continue
        try:
            load = factory()
        except Exception as error:  # ImportError, or a broken build
            rows.append(
                {
                    "parser": label,
                    "version": "not installed",
                    "seconds": None,
                    "ratio": None,
                    "identical": None,
                    "different": None,
                    "example": f"{type(error).__name__}: {error}"[:120],
                }
            )
            continue
        identical, different, example, failed = 0, 0, "", 0
        for name, text, ref in zip(names, fronts, reference, strict=True):
            try:
                got = load(text)
            except Exception as error:
                message = str(error).splitlines()[0][:80] if str(error) else ""
                found = (
                    None if isinstance(ref, yaml.YAMLError) else f"raised {type(error).__name__}: {message}"
                )
                failed += found is not None
            else:
                if isinstance(ref, yaml.YAMLError):
                    found = f"PyYAML refuses it ({type(ref).__name__}), this parser returns {got!r:.60}"
                else:
                    found = difference(ref, got)
            if found:
                different += 1
                example = example or f"{name}: {found}"
            else:
                identical += 1
        seconds = best_time(load, fronts, repeat)
        if hasattr(load, "fallbacks"):
            example = example or f"sent to PyYAML: {load.fallbacks(fronts)}"
        rows.append(
            {
                "parser": label,
                "version": version_of(distribution),
                "seconds": seconds,
                "ratio": seconds / base,
                "identical": identical,
                "different": different,
                "failed": failed,
                "example": example,
            }
        )
    print(
        f"| parser | version | best of {repeat} (s) | time vs CSafeLoader | identical | different | "
        "first difference |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        if row["seconds"] is None:
            print(f"| {row['parser']} | not installed | | | | | {row['example']} |")
            continue
        extra = f" ({row['failed']} raised)" if row.get("failed") else ""
        example = row["example"].replace("|", "\\|")
        print(
            f"| {row['parser']} | {row['version']} | {row['seconds']:.3f} | {row['ratio']:.2f}x "
            f"| {row['identical']:,} | {row['different']:,}{extra} | {example} |"
        )
    sys.stdout.flush()
    return rows


# -- behaviour on hostile and YAML-1.1 input ----------------------------------------------------

_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)  # 9**9 = 387 million strings once expanded
EDGE_CASES: dict[str, str] = {
    "python tag": "a: !!python/object/apply:os.getpid []\n",
    "alias bomb": _BOMB,
    "duplicate key": "a: 1\na: 2\n",
    "quoted timestamp": 'a: "2020-01-22T10:42:00Z"\n',
    "offset timestamp": "a: 2020-01-22T10:42:00+01:00\nb: 2020-01-22\n",
    "1.1 bool yes/on": "a: yes\nb: on\nc: NO\n",
    "1.1 numbers": "a: 017\nb: 1_000\nc: 1:30\nd: 0o17\n",
    "merge key": "b: &x {p: 1}\nc: {<<: *x, q: 2}\n",
    "explicit !!str": "a: !!str 123\n",
    "deep nesting": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "invalid YAML": "a: [1,\n",
}
_PROBE_SECONDS = 20
_PROBE_MEMORY = 2 << 30


def _probe(label: str, case: str) -> None:
    """Child process: load one edge case with one parser, print one line about the result."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (_PROBE_MEMORY, _PROBE_MEMORY))
    text = EDGE_CASES[case]
    if label == "reference":
        load: Callable[[str], Any] = lambda text: yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: E731
    else:
        factory = next(f for name, _dist, f in CANDIDATES if name == label)
        load = factory()
    started = time.perf_counter()
    try:
        got = load(text)
    except Exception as error:
        message = str(error).splitlines()[0][:70] if str(error) else ""
        print(f"raises {type(error).__name__}: {message}".replace("|", "/"))
        return
    seconds = time.perf_counter() - started
    if case == "alias bomb":  # walking the result would take as long as expanding it
        print(f"returns in {seconds:.2f} s")
        return
    try:
        ref = yaml.load(text, Loader=yaml.CSafeLoader)
    except Exception:
        ref = None
    found = None if label == "reference" else difference(ref, got)
    print(("same as PyYAML" if found is None else f"{got!r:.90}").replace("|", "/"))


def edge_cases() -> None:
    """One row per edge case, one column per installed parser; each cell from a child process."""
    import subprocess

    labels = ["reference"]
    for label, _dist, factory in CANDIDATES:
        try:
            factory()
        except Exception:
            continue
        labels.append(label)
    print(
        f"\n## Edge cases (each in a child process: {_PROBE_SECONDS} s, {_PROBE_MEMORY >> 30} GiB at most)\n"
    )
    for label in labels:
        print(f"### {'PyYAML CSafeLoader' if label == 'reference' else label}\n")
        for case in EDGE_CASES:
            try:
                done = subprocess.run(
                    [sys.executable, __file__, "--probe", label, case],
                    capture_output=True,
                    text=True,
                    timeout=_PROBE_SECONDS,
                )
                lines = done.stdout.strip().splitlines()
                if lines:
                    out = lines[-1]
                elif done.returncode < 0:
                    out = f"crashes the process (signal {-done.returncode})"
                else:
                    err = (done.stderr.strip().splitlines() or ["no output"])[-1]
                    out = f"process dies: {err[:80]}"
            except subprocess.TimeoutExpired:
                out = f"still running after {_PROBE_SECONDS} s (killed)"
            print(f"- {case}: {out}")
        print()
        sys.stdout.flush()


# -- a differential fuzz test of the guarded yaml-rs loader -------------------------------------

_TOKEN_TEXT = (
    "yes No ON off y n true False null ~ Null = << 1:30 017 08 0o17 0x1F 0b11 1_000 -.5 +.5 .5 1e3 "
    "1.0e3 1.0e+3 1e+3 12e03 .inf -.Inf .NaN nan +1 -0 00 09.5 1. 0. _5 2020-01-22 2020-1-2 "
    "2020-01-22T10:42:00Z 2020-01-22T1:02:03Z 2020-01-22t10:42:00z 2020-01-22T10:42:00.5+01:00 "
    "2020-01-22T10:42:00-05:30 2020-13-45 2020-02-30T10:00:00Z text AT&T R&D x*y * & ! !!str "
    "!!binary !foo *a &a a#b #c http://x.y/?a=1&b=2 - ? [ ] { } , : ... --- \" ' | > % @ ` "
    "12345678901234567890"
)
_TOKENS = [*_TOKEN_TEXT.split(" "), "a b", "  ", "\t", "2020-01-22 10:42:00", "2020-01-22T10:42:00 -5"]
_CHARS = "0123456789.-+_:eExobTtZz yesnoNYfFO=~"


class _KeepsBadTimestamps(yaml.CSafeLoader):  # type: ignore[misc, valid-type]
    """CSafeLoader that keeps an impossible timestamp (2020-13-45) as text, as the app's loader does."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return node.value


_KeepsBadTimestamps.add_constructor(_TIMESTAMP_TAG, _KeepsBadTimestamps.construct_yaml_timestamp)


def fuzz(count: int, seed: int) -> int:
    """Random small documents of tricky scalars: the guarded loader must read each as PyYAML does."""
    import random

    pick = random.Random(seed)

    def scalar() -> str:
        roll = pick.random()
        if roll < 0.6:
            value = pick.choice(_TOKENS)
        elif roll < 0.8:
            value = "".join(pick.choice(_CHARS) for _ in range(pick.randint(1, 8)))
        else:
            value = pick.choice(_TOKENS) + pick.choice(["", " ", "-", ":", ".", "0"]) + pick.choice(_TOKENS)
        roll = pick.random()
        if roll < 0.15:
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if roll < 0.25:
            return "'" + value.replace("'", "''") + "'"
        return value

    def document() -> str:
        lines = []
        for _ in range(pick.randint(1, 4)):
            key, roll = f"k{pick.randint(0, 3)}", pick.random()
            if roll < 0.45:
                lines.append(f"{scalar()}: {scalar()}")
            elif roll < 0.6:
                lines.append(f"{key}:\n  - {scalar()}\n  - {scalar()}")
            elif roll < 0.75:
                lines.append(f"{key}: [{scalar()}, {scalar()}]")
            elif roll < 0.85:
                lines.append(f"{key}: {{{scalar()}: {scalar()}}}")
            elif roll < 0.92:
                lines.append(f"{key}: |\n  {scalar()}")
            else:
                lines.append(f"{key}:\n  {scalar()}")
        return "\n".join(lines) + "\n"

    def outcome(load: Callable[[str], Any], text: str) -> tuple[bool, Any]:
        try:
            return True, load(text)
        except Exception:
            return False, None

    try:
        guarded = _yaml_rs_guarded(_KeepsBadTimestamps)
        raw = _yaml_rs()
    except ImportError as error:
        print(f"fuzz: yaml-rs is not installed ({error})")
        return 0
    reference = lambda text: yaml.load(text, Loader=_KeepsBadTimestamps)  # noqa: E731
    raw_differs = guarded_differs = shown = 0
    for _ in range(count):
        text = document()
        ok, want = outcome(reference, text)
        for load, is_guarded in ((raw, False), (guarded, True)):
            got_ok, got = outcome(load, text)
            if got_ok == ok and (not ok or difference(want, got) is None):
                continue
            if not is_guarded:
                raw_differs += 1
                continue
            guarded_differs += 1
            if shown < 10:
                shown += 1
                print(f"guarded differs: {text!r}: {want!r:.80} vs {got!r:.80}")
    print(
        f"\n## Fuzz (seed {seed}): {count:,} documents; yaml-rs alone reads {raw_differs:,} differently "
        f"from PyYAML, the guarded loader {guarded_differs:,}\n"
    )
    return guarded_differs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", help="record folders (e.g. ../shared/corpora/ai-news-2020)")
    parser.add_argument("--edge-cases", action="store_true", help="also load hostile and YAML 1.1 inputs")
    parser.add_argument("--fuzz", type=int, default=0, metavar="N", help="also fuzz the guarded loader")
    parser.add_argument("--seed", type=int, default=1, help="the fuzz test's random seed")
    parser.add_argument("--probe", nargs=2, metavar=("LABEL", "CASE"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per parser (best is kept)")
    parser.add_argument("--only", action="append", default=[], help="candidates whose label has this word")
    args = parser.parse_args(argv)
    if args.probe:
        _probe(*args.probe)
        return 0
    if not args.folders and not args.edge_cases and not args.fuzz:
        parser.error("name at least one folder")
    print(
        f"Python {sys.version.split()[0]}, PyYAML {yaml.__version__}, "
        f"libyaml {getattr(yaml, '__with_libyaml__', False) and yaml._yaml.get_version_string()}"
    )
    for folder in args.folders:
        if not os.path.isdir(folder):
            print(f"not a folder: {folder}", file=sys.stderr)
            return 2
        compare(folder, args.repeat, args.only)
    if args.edge_cases:
        edge_cases()
    if args.fuzz and fuzz(args.fuzz, args.seed):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
