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


def story_pane(screen: str) -> str:
    """The text inside the story pane (the right-hand box titled "Story"), or "" before it is drawn."""
    lines = screen.splitlines()
    for top, line in enumerate(lines):
        left = line.find("╭─ Story")
        if left >= 0:
            return "\n".join(row[left + 1 : -1] for row in lines[top + 1 :] if len(row) > left)
    return ""


def first_row_title(screen: str) -> str:
    """The title in the article list's first row (where the cursor starts), as far as it is shown."""
    found = ROW.search(screen)
    if found is None:
        return ""
    rest = screen[found.end() :].split("\n", 1)[0]
    return re.split(r"…|\s{2,}|│", rest.strip(), maxsplit=1)[0].strip()


def story_shown(screen: str) -> bool:
    """The story pane shows the story under the list's cursor (not a placeholder such as "No article")."""
    title = first_row_title(screen)[:12]
    lines = story_pane(screen).split("\n", 2)[:2]
    return bool(title) and " ".join(line.strip() for line in lines).startswith(title)


def story_changed(before: str, screen: str) -> bool:
    """After a cursor key: the story pane shows another story than before the key.

    The cursor's own move does not touch this pane: only the next story's frame changes it.
    """
    title = story_pane(screen).split("\n", 1)[0].strip()
    return bool(title) and story_pane(screen) != story_pane(before)


def ready_with_story(screen: str, count: int) -> bool:
    """What a user waits for at start: the full list, "Ready", and the first story drawn."""
    return full_list_seen(screen, count) and story_shown(screen)


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
                "ready_story": lambda s: ready_with_story(s, n),
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
            # Timed until the story pane shows the next story, not until the cursor moves: the story
            # is what the reader pressed the key for.
            result["tmux_key_s"] = key_latencies(tmux, "Down", keys, shown=story_changed)
        memory.sample()
        result["rss_app_mb"] = memory.root_mb
        result["rss_tree_mb"] = memory.tree_mb
        return result
    finally:
        tmux.stop(("q",))


BARE_COUNT = re.compile(r"bare count (\d+) shown")


def _bare_count(screen: str) -> int:
    found = BARE_COUNT.search(screen)
    return int(found.group(1)) if found else -1


def run_bare(repeat: int, keys: int, timeout: float) -> dict:
    """The floor: bench/bare_app.py's first paint (median of `repeat` starts) and its key → change."""
    firsts, key_s = [], []
    for i in range(repeat):
        tmux = Tmux(f"bare-{i}")
        command = shell_command(
            [PYTHON, str(BENCH / "bare_app.py")], {"PYTHONPATH": str(REPO)}, cwd=str(REPO)
        )
        started = time.perf_counter()
        tmux.start(command)
        try:
            seen = watch_screen(tmux, started, {"first_paint": lambda s: _bare_count(s) == 0}, timeout)
            if seen.timed_out:
                return {"error": f"the bare app did not paint within {timeout:.0f} s"}
            firsts.append(seen.marks["first_paint"])
            if i == repeat - 1 and keys:
                key_s = key_latencies(
                    tmux, "Down", keys, shown=lambda before, screen: _bare_count(screen) > _bare_count(before)
                )
        finally:
            tmux.stop(("q",))
    pilot: dict = {}
    if keys:
        done = subprocess.run(
            [PYTHON, str(BENCH / "pilot_probe.py"), "--bare", "--keys", str(keys)],
            capture_output=True,
            text=True,
            timeout=timeout + keys,
        )
        if done.returncode == 0:
            pilot = json.loads(done.stdout.splitlines()[-1])
    return {"first_paint_s": statistics.median(firsts), "key_s": key_s, "pilot_key_s": pilot.get("key_s")}


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
    print(f"[{n:,}] floor: a bare Textual app in tmux …", file=sys.stderr)
    figures["bare"] = run_bare(args.repeat, args.tmux_keys, 60)
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
            "ready_story_s": statistics.median(w["ready_story_s"] for w in warm),
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
    figures["load_after"] = os.getloadavg()[0]
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
    limit: float | None = None  # the target as a value in the figure's own unit

    @property
    def ok(self) -> bool | None:
        """Whether the target is met; None without a target or a figure."""
        return None if self.reader is None or self.limit is None else self.reader <= self.limit

    def missed_by(self) -> str:
        """How far a missed target is missed, as a factor of the limit."""
        if self.ok is not False:
            return ""
        return f"{self.reader / self.limit:.1f}× the target" if self.limit else ""


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


def _times(base: float | None, times: float) -> float | None:
    """A target written as a multiple of a same-run baseline; none when the baseline is missing."""
    return None if not base else times * base


def rows_for(f: dict) -> list[Row]:
    """The table rows of one size, each beside its same-run baseline, with issue 13's targets checked."""
    base = f["baseline"]
    cold, warm, pilot = f.get("cold", {}), f.get("warm", {}), f.get("pilot", {})
    boat, bare = f.get("newsboat", {}), f.get("bare", {})
    boat_ok = "error" not in boat and bool(boat)
    bare_ok = "error" not in bare and bool(bare)
    csl = "CSafeLoader, 1 process"
    nb_list = boat.get("full_list_s") if boat_ok else None
    cold_full = cold.get("full_list_s")
    warm_story = warm.get("ready_story_s")
    story_keys = pilot.get("key_story_s")
    list_keys = pilot.get("key_list_s")
    switches = pilot.get("topic_switch_s")
    worst_switch = max(switches) if switches else None
    gc_full = pilot.get("gc_full_s") or []
    tmux_keys = warm.get("tmux_key_s")
    bare_key = _median(bare.get("key_s")) if bare_ok else None
    bare_paint = bare.get("first_paint_s") if bare_ok else None
    bare_pilot = _median(bare.get("pilot_key_s")) if bare_ok else None
    nb_keys = boat.get("key_s") if boat_ok else None
    rss_limit = 300  # MB, the target at 100,000 records (checked at every size)
    return [
        Row("cold start → first screen", cold.get("first_screen_s"), "s", base["seconds"], csl, "≤ 1 s",
            1.0),
        Row("cold start → full list + Ready", cold_full, "s", base["seconds"], csl, "≤ 0.15× baseline",
            _times(base["seconds"], 0.15)),
        Row("cold start → full list + Ready", cold_full, "s", boat.get("reload_s") if boat_ok else None,
            "newsboat -x reload"),
        Row("warm start → Ready + first story (median)", warm_story, "s", nb_list,
            "newsboat start → article list", "≤ 0.25× newsboat", _times(nb_list, 0.25)),
        Row("warm start → Ready + first story (median)", warm_story, "s", bare_paint,
            "bare Textual app, first paint"),
        Row("warm start → first screen (median)", warm.get("first_screen_s"), "s",
            boat.get("feeds_s") if boat_ok else None, "newsboat start → feed list"),
        Row("cursor key → story on screen (tmux, median)", _median(tmux_keys), "ms", bare_key,
            "bare Textual app, key → Static", "≤ 1.3× baseline", _times(bare_key, 1.3)),
        Row("cursor key → story on screen (tmux, p95)", _p95(tmux_keys), "ms", bare_key,
            "bare Textual app, key → Static (median)"),
        Row("cursor key → story on screen (tmux, median)", _median(tmux_keys), "ms", _median(nb_keys),
            "newsboat, same key"),
        Row("cursor key → story drawn (Pilot, median)", _median(story_keys), "ms", bare_pilot,
            "bare Textual app, key → Static, Pilot", target="≤ 16 ms",
            limit=0.016),
        Row("cursor key → story drawn (Pilot, p95)", _p95(story_keys), "ms", _p95(bare.get("pilot_key_s")),
            "bare Textual app, Pilot, p95", target="≤ 33 ms",
            limit=0.033),
        Row("cursor key → list cursor drawn (Pilot, median)", _median(list_keys), "ms"),
        Row("topic switch → new list drawn (Pilot, median)", _median(switches), "ms", target="≤ 30 ms",
            limit=0.03),
        Row("topic switch → new list drawn (Pilot, worst)", worst_switch, "ms", target="≤ 50 ms",
            limit=0.05),
        Row(f"full GC pauses during the Pilot keys ({len(gc_full)}, worst)",
            max(gc_full) if gc_full else None, "ms"),
        Row("peak RSS, cold start (app process)", cold.get("rss_app_mb"), "MB", base["peak_rss_mb"], csl,
            f"≤ {rss_limit} MB", rss_limit),
        Row("peak RSS, cold start (app + parser workers)", cold.get("rss_tree_mb"), "MB",
            target=f"≤ {rss_limit} MB", limit=rss_limit),
        Row("peak RSS, warm start (app process)", warm.get("rss_app_mb"), "MB",
            boat.get("rss_mb") if boat_ok else None, "newsboat", f"≤ {rss_limit} MB",
            rss_limit),
    ]  # fmt: skip


def table(figures: list[dict]) -> list[list[str]]:
    """The results as text cells: a header, then one row per metric per size."""
    cells = [["N", "metric", "reader", "baseline", "ratio", "target", "met", "missed by"]]
    for f in figures:
        for row in rows_for(f):
            ratio = ""
            if row.reader is not None and row.baseline:
                ratio = f"{row.reader / row.baseline:.2f}×"
            baseline = f"{_amount(row.baseline, row.unit)} ({row.baseline_name})" if row.baseline_name else ""
            met = {True: "yes", False: "NO", None: ""}[row.ok]
            reader = _amount(row.reader, row.unit)
            cells.append(
                [f"{f['n']:,}", row.metric, reader, baseline, ratio, row.target, met, row.missed_by()]
            )
    return cells


def notes(figures: list[dict]) -> list[str]:
    """Errors and skipped parts, said plainly under the table."""
    lines = []
    for f in figures:
        for part in ("bare", "cold", "pilot", "newsboat"):
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
        f"load average {f.get('load_before', 0):.2f} before measuring, {f.get('load_after', 0):.2f} after"
        for f in figures
    ]
    extra = [f"- {line}" for line in notes(figures)]
    md = "\n".join(["# Benchmark results", "", *header, "", *markdown, "", *extra]).rstrip() + "\n"
    text = "\n".join([*header, "", text])
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
    parser.add_argument(
        "--quick", action="store_true", help="10,000 records, fewer repeats and keys: a few minutes"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.million = "10000", False
        args.repeat, args.keys, args.topics, args.tmux_keys = 2, 100, 20, 50
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
