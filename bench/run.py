"""The benchmark: the reader as a user runs it, beside a plain-PyYAML baseline and newsboat.

`python bench/run.py [--sizes 10000,100000] [--million]` generates each folder once (cached in
bench/out/), then for every size measures the app in a private tmux server (cold and warm starts,
per-key latency, peak memory), in-process with Pilot (per-key and topic-switch frame times), the
single-process CSafeLoader baseline and, when it is installed, newsboat on the same stories.
It prints a table and writes it to bench/out/results.md (and the raw figures to results.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import generate
import newsboat
from terminal import HEIGHT, WIDTH, MemoryWatch, Tmux, key_latencies, shell_command, watch_screen

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
PYTHON = sys.executable

# A list row shows its date as `2020-01-05 17:43`: the first screen is the first capture with one.
ROW = re.compile(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b")


def full_list_seen(screen: str, count: int) -> bool:
    """The app says it has finished: the sidebar's "All" shows the full count and the status says Ready.

    The sidebar writes "All  10,000", or "All  9,999/10,000" once it counts unread records.
    """
    return re.search(rf"\bAll\s+(?:[\d,]+/)?{count:,}\b", screen) is not None and "Ready" in screen


def load_failed(screen: str) -> bool:
    """The app's status line says loading failed: waiting longer would only waste the timeout."""
    return "Loading failed" in screen


# -- preparing ---------------------------------------------------------------------------------


def records(n: int, seed: int) -> Path:
    """The generated folder of n records, made once and reused (it is deterministic)."""
    folder = OUT / f"records-{n}-s{seed}"
    if folder.is_dir():
        return folder
    partial = OUT / f".records-{n}-s{seed}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    print(f"generating {n:,} records in {folder} …", file=sys.stderr)
    started = time.perf_counter()
    generate.generate(str(partial), n, seed)
    # Renamed only when complete, so an interrupted run never leaves a short folder behind.
    os.rename(partial, folder)
    print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return folder


def fresh(path: Path) -> Path:
    """An empty folder at `path` (only ever under bench/out/)."""
    assert OUT in path.parents, path
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def folder_bytes(folder: Path) -> int:
    """The total size of the record files in a folder."""
    return sum(entry.stat().st_size for entry in folder.rglob("*") if entry.is_file())


# -- measuring ---------------------------------------------------------------------------------


def run_baseline(folder: Path) -> dict:
    """The single-process CSafeLoader parse of every file, in its own process."""
    done = subprocess.run(
        [PYTHON, str(BENCH / "baseline.py"), str(folder)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def reader_env(cache: Path, data: Path) -> dict[str, str]:
    """Throwaway cache, state and config for the app, and the checkout on its import path."""
    return {
        "READER_CACHE_DIR": str(cache),
        "READER_DATA_DIR": str(data),
        "READER_CONFIG": "/nonexistent",
        "PYTHONPATH": str(REPO),
    }


def run_reader(folder: Path, n: int, cache: Path, data: Path, timeout: float, keys: int, label: str) -> dict:
    """Start the app in tmux on `folder` and time its first screen and full list; then keys, then quit."""
    tmux = Tmux(f"reader-{label}")
    # `python -m reader` from the checkout: what `reader` runs, without depending on an install.
    command = shell_command([PYTHON, "-m", "reader", str(folder)], reader_env(cache, data), cwd=str(REPO))
    started = time.perf_counter()
    tmux.start(command)
    memory = MemoryWatch(tmux.pid())
    try:
        seen = watch_screen(
            tmux,
            started,
            {
                "first_screen": lambda s: ROW.search(s) is not None,
                "full_list": lambda s: full_list_seen(s, n),
            },
            timeout,
            memory,
            abort=load_failed,
        )
        result: dict = {f"{name}_s": value for name, value in seen.marks.items()}
        result["rss_app_mb"] = memory.root_mb
        result["rss_tree_mb"] = memory.tree_mb
        if seen.timed_out:
            dump = OUT / f"screen-{label}-{n}.txt"
            dump.write_text(seen.last_screen)
            why = "loading failed" if load_failed(seen.last_screen) else f"not seen within {timeout:.0f} s"
            result["error"] = f"the full list: {why} (last screen: {dump})"
            return result
        if keys:
            result["tmux_key_s"] = key_latencies(tmux, "Down", keys)
        memory.sample()
        result["rss_app_mb"] = memory.root_mb
        result["rss_tree_mb"] = memory.tree_mb
        return result
    finally:
        tmux.stop(("q",))


def run_pilot(folder: Path, cache: Path, data: Path, keys: int, topics: int, timeout: float) -> dict:
    """Per-key and topic-switch frame times, in-process with Pilot, on a warm index."""
    probe = [PYTHON, str(BENCH / "pilot_probe.py"), str(folder), str(cache)]
    try:
        done = subprocess.run(
            [*probe, "--keys", str(keys), "--topics", str(topics)],
            env={**os.environ, **reader_env(cache, data)},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"the Pilot probe did not finish in {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(done.stdout.splitlines()[-1])


def run_newsboat(folder: Path, n: int, seed: int, repeat: int, keys: int, timeout: float) -> dict:
    """newsboat on the same stories: its cache load, then warm starts to the big feed's list."""
    if not newsboat.available():
        return {"error": "newsboat is not installed (apt-get install newsboat)"}
    setup = newsboat.Newsboat(str(folder), OUT / f"newsboat-{n}-s{seed}")
    try:
        result = setup.prepare(timeout)
        starts = [setup.start(n, timeout, keys if i == repeat - 1 else 0) for i in range(repeat)]
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return {"error": f"newsboat could not be run: {error}"}
    failed = [s for s in starts if "error" in s]
    if failed:
        return {**result, "error": failed[0]["error"]}
    result["full_list_s"] = statistics.median(s["full_list_s"] for s in starts)
    result["feeds_s"] = statistics.median(s["feeds_s"] for s in starts)
    result["rss_mb"] = max(s["rss_mb"] for s in starts)
    result["key_s"] = starts[-1]["key_s"]
    return result


def measure(n: int, args: argparse.Namespace) -> dict:
    """Every figure for one folder size."""
    folder = records(n, args.seed)
    timeout = 120 + n / 200  # generous: a slow run is reported, a hung one must not stall the rest
    # Other work on the machine slows every figure: the load average is kept beside them.
    figures: dict = {"n": n, "bytes": folder_bytes(folder), "load_before": os.getloadavg()[0]}
    print(f"[{n:,}] baseline: CSafeLoader over every file …", file=sys.stderr)
    figures["baseline"] = run_baseline(folder)
    cache, data = OUT / f"cache-{n}-s{args.seed}", OUT / f"data-{n}-s{args.seed}"
    fresh(cache)
    fresh(data)
    print(f"[{n:,}] reader: cold start …", file=sys.stderr)
    figures["cold"] = run_reader(folder, n, cache, data, timeout, 0, "cold")
    warm = []
    if "error" not in figures["cold"]:
        for i in range(args.repeat):
            print(f"[{n:,}] reader: warm start {i + 1} of {args.repeat} …", file=sys.stderr)
            last = i == args.repeat - 1
            warm.append(run_reader(folder, n, cache, data, timeout, args.tmux_keys if last else 0, "warm"))
    figures["warm_runs"] = warm
    if warm and all("error" not in w for w in warm):
        figures["warm"] = {
            "full_list_s": statistics.median(w["full_list_s"] for w in warm),
            "first_screen_s": statistics.median(w["first_screen_s"] for w in warm),
            "rss_app_mb": max(w["rss_app_mb"] for w in warm),
            "tmux_key_s": warm[-1].get("tmux_key_s", []),
        }
        print(f"[{n:,}] reader: Pilot keys and topic switches …", file=sys.stderr)
        figures["pilot"] = run_pilot(folder, cache, data, args.keys, args.topics, timeout + 600)
    if not args.no_newsboat:
        print(f"[{n:,}] newsboat …", file=sys.stderr)
        figures["newsboat"] = run_newsboat(
            folder, n, args.seed, args.repeat, args.tmux_keys, timeout + n / 100
        )
    return figures


# -- reporting ---------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the results table."""

    metric: str
    reader: float | None
    unit: str  # "s", "ms" or "MB"
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    ok: bool | None = None


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    return f"{value:.0f} MB"


def _median(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def _p95(values: list[float] | None) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _within(value: float | None, limit: float | None) -> bool | None:
    return None if value is None or limit is None else value <= limit


def rows_for(f: dict) -> list[Row]:
    """The table rows of one size, with targets checked where a target applies."""
    base = f["baseline"]
    cold, warm, pilot = f.get("cold", {}), f.get("warm", {}), f.get("pilot", {})
    boat = f.get("newsboat", {})
    boat_ok = "error" not in boat and bool(boat)
    csl = "CSafeLoader, 1 process"
    nb_list = boat.get("full_list_s") if boat_ok else None
    cold_full = cold.get("full_list_s")
    warm_full = warm.get("full_list_s")
    warm_ok = None
    if warm_full is not None:
        warm_ok = warm_full <= 1.0 and (nb_list is None or warm_full <= 0.5 * nb_list)
    list_keys, story_keys = pilot.get("key_list_s"), pilot.get("key_story_s")
    switches = pilot.get("topic_switch_s")
    gc_full = pilot.get("gc_full_s") or []
    tmux_keys = warm.get("tmux_key_s")
    nb_keys = boat.get("key_s") if boat_ok else None
    return [
        Row("cold start → first screen", cold.get("first_screen_s"), "s", base["seconds"], csl, "≤ 1 s",
            _within(cold.get("first_screen_s"), 1.0)),
        Row("cold start → full list", cold_full, "s", base["seconds"], csl, "≤ 0.6× baseline",
            _within(cold_full, 0.6 * base["seconds"])),
        Row("cold start → full list", cold_full, "s", boat.get("reload_s") if boat_ok else None,
            "newsboat -x reload"),
        Row("warm start → full list (median)", warm_full, "s", nb_list, "newsboat start → article list",
            "≤ 1 s and ≤ 0.5× newsboat", warm_ok),
        Row("warm start → first screen (median)", warm.get("first_screen_s"), "s",
            boat.get("feeds_s") if boat_ok else None, "newsboat start → feed list"),
        Row("cursor key → list frame (Pilot, median)", _median(list_keys), "ms", target="≤ 5 ms",
            ok=_within(_median(list_keys), 0.005)),
        Row("cursor key → list frame (Pilot, p95)", _p95(list_keys), "ms", target="≤ 5 ms",
            ok=_within(_p95(list_keys), 0.005)),
        Row("cursor key → story shown (Pilot, median)", _median(story_keys), "ms"),
        Row("cursor key → screen changed (tmux, median)", _median(tmux_keys), "ms", _median(nb_keys),
            "newsboat, same key"),
        Row("topic switch → new list frame (Pilot, median)", _median(switches), "ms", target="≤ 50 ms",
            ok=_within(_median(switches), 0.05)),
        Row("topic switch → new list frame (Pilot, worst)", max(switches) if switches else None, "ms",
            target="≤ 50 ms", ok=_within(max(switches) if switches else None, 0.05)),
        Row(f"full GC pauses during the Pilot keys ({len(gc_full)}, worst)",
            max(gc_full) if gc_full else None, "ms"),
        Row("peak RSS, cold start (app process)", cold.get("rss_app_mb"), "MB", base["peak_rss_mb"], csl,
            "≤ 500 MB", _within(cold.get("rss_app_mb"), 500)),
        Row("peak RSS, cold start (app + parser workers)", cold.get("rss_tree_mb"), "MB", target="≤ 500 MB",
            ok=_within(cold.get("rss_tree_mb"), 500)),
        Row("peak RSS, warm start (app process)", warm.get("rss_app_mb"), "MB",
            boat.get("rss_mb") if boat_ok else None, "newsboat", "≤ 500 MB",
            _within(warm.get("rss_app_mb"), 500)),
    ]  # fmt: skip


def table(figures: list[dict]) -> list[list[str]]:
    """The results as text cells: a header, then one row per metric per size."""
    cells = [["N", "metric", "reader", "baseline", "ratio", "target", "met"]]
    for f in figures:
        for row in rows_for(f):
            ratio = ""
            if row.reader is not None and row.baseline:
                ratio = f"{row.reader / row.baseline:.2f}×"
            baseline = f"{_amount(row.baseline, row.unit)} ({row.baseline_name})" if row.baseline_name else ""
            met = {True: "yes", False: "NO", None: ""}[row.ok]
            reader = _amount(row.reader, row.unit)
            cells.append([f"{f['n']:,}", row.metric, reader, baseline, ratio, row.target, met])
    return cells


def notes(figures: list[dict]) -> list[str]:
    """Errors and skipped parts, said plainly under the table."""
    lines = []
    for f in figures:
        for part in ("cold", "pilot", "newsboat"):
            error = f.get(part, {}).get("error")
            if error:
                lines.append(f"{f['n']:,} records, {part}: {error}")
        for run in f.get("warm_runs", []):
            if "error" in run:
                lines.append(f"{f['n']:,} records, warm: {run['error']}")
    return lines


def environment() -> list[str]:
    """What the figures were measured on."""
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:
        textual = "?"
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "reader"], capture_output=True, text=True
    ).stdout.strip()
    if dirty:
        commit += " with uncommitted changes in reader/"
    return [
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, commit {commit or '?'}",
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, Textual {textual}, "
        f"terminal {WIDTH}x{HEIGHT} (tmux)",
    ]


def render(figures: list[dict]) -> tuple[str, str]:
    """The table as aligned text (for the terminal) and as Markdown (for results.md and the README)."""
    cells = table(figures)
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    text = "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )
    markdown = [f"| {' | '.join(cells[0])} |", "|" + "|".join(" --- " for _ in cells[0]) + "|"]
    markdown += [f"| {' | '.join(row)} |" for row in cells[1:]]
    header = [f"- {line}" for line in environment()]
    header += [
        f"- {f['n']:,} records: {f['bytes'] / 1e6:,.0f} MB of files; "
        f"load average {f.get('load_before', 0):.2f} before measuring"
        for f in figures
    ]
    extra = [f"- {line}" for line in notes(figures)]
    md = "\n".join(["# Benchmark results", "", *header, "", *markdown, "", *extra]).rstrip() + "\n"
    return text + ("\n\n" + "\n".join(notes(figures)) if notes(figures) else ""), md


def main(argv: list[str] | None = None) -> int:
    """Command line: measure every size, print the table, write bench/out/results.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated record counts")
    parser.add_argument("--million", action="store_true", help="also measure 1,000,000 records")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="warm starts per size (the median is shown)")
    parser.add_argument("--keys", type=int, default=200, help="cursor keys timed with Pilot")
    parser.add_argument("--topics", type=int, default=30, help="topic switches timed with Pilot")
    parser.add_argument("--tmux-keys", type=int, default=100, help="cursor keys timed in tmux")
    parser.add_argument("--no-newsboat", action="store_true", help="skip the newsboat comparison")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("bench/run.py needs tmux (apt-get install tmux)", file=sys.stderr)
        return 2
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    OUT.mkdir(parents=True, exist_ok=True)
    figures = []
    for n in sizes:
        figures.append(measure(n, args))
        # Written after every size, so a long run that is stopped still leaves what it measured.
        (OUT / "results.json").write_text(json.dumps(figures, indent=1))
        text, md = render(figures)
        (OUT / "results.md").write_text(md)
    print(text)
    print(f"\nwritten to {OUT / 'results.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
