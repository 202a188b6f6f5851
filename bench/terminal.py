"""Driving a full-screen program in a private tmux server and watching its screen and memory.

Each benchmark run gets its own tmux socket, so it never touches a user's tmux sessions, and
reads the screen the way a user sees it: `tmux capture-pane`, polled every few milliseconds.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

WIDTH, HEIGHT = 200, 50
SLOW_AFTER = 3.0  # seconds after which the screen is polled less often
SLOW_INTERVAL = 0.05
MEMORY_INTERVAL = 0.1


def _status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of one process in KiB; empty when it has gone."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    name, amount, _unit = line.split()
                    values[name[:-1]] = int(amount)
    except (OSError, ValueError):
        return {}
    return values


def descendants(root: int) -> list[int]:
    """`root` and every process below it (parser workers, the multiprocessing resource tracker)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                # The command name is in parentheses and may hold spaces: split after it.
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


@dataclass
class MemoryWatch:
    """Peak memory of a process tree, sampled: each process's high-water mark and the tree's sum."""

    root: int
    hwm_kb: dict[int, int] = field(default_factory=dict)
    peak_sum_kb: int = 0

    def sample(self) -> None:
        """Read the current RSS and high-water mark of every process in the tree."""
        total = 0
        for pid in descendants(self.root):
            values = _status_kb(pid)
            if not values:
                continue
            total += values.get("VmRSS", 0)
            self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), values.get("VmHWM", 0))
        self.peak_sum_kb = max(self.peak_sum_kb, total)

    @property
    def root_mb(self) -> float:
        """The peak RSS of the root process alone, in MB."""
        return self.hwm_kb.get(self.root, 0) / 1024

    @property
    def tree_mb(self) -> float:
        """The highest sampled RSS of the whole tree at one moment, in MB."""
        return self.peak_sum_kb / 1024


class Tmux:
    """One program running alone in a detached session of a private tmux server."""

    def __init__(self, name: str) -> None:
        self.socket = f"reader-bench-{os.getpid()}-{name}"
        self.target = "bench"

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True, check=check
        )

    def start(self, command: str) -> None:
        """Start `command` (a shell command line) in a WIDTH x HEIGHT window."""
        self._tmux("new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), "-s", self.target, command)

    def pid(self) -> int:
        """The pid of the program in the pane (the command is started with `exec`, so it is the program)."""
        return int(self._tmux("list-panes", "-t", self.target, "-F", "#{pane_pid}").stdout.split()[0])

    def capture(self, escapes: bool = False) -> str:
        """The screen as text; with `escapes`, with its colours, so that a moved highlight shows."""
        args = ["capture-pane", "-p", "-t", self.target] + (["-e"] if escapes else [])
        return self._tmux(*args, check=False).stdout

    def send(self, *keys: str) -> None:
        """Type keys (tmux key names: `j`, `Enter`, `Down`)."""
        self._tmux("send-keys", "-t", self.target, *keys)

    def alive(self) -> bool:
        """Whether the session (and so the program) is still running."""
        return self._tmux("has-session", "-t", self.target, check=False).returncode == 0

    def stop(self, quit_keys: tuple[str, ...] = ("q",), wait: float = 5.0) -> None:
        """Ask the program to quit with its own key, then end this private tmux server."""
        if self.alive():
            self.send(*quit_keys)
            deadline = time.monotonic() + wait
            while self.alive() and time.monotonic() < deadline:
                time.sleep(0.05)
        self._tmux("kill-server", check=False)


def shell_command(argv: list[str], env: dict[str, str], cwd: str | None = None) -> str:
    """A shell line running `argv` with `env`; `exec` replaces the shell, so the pane pid is the program."""
    assignments = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
    prefix = f"cd {shlex.quote(cwd)} && " if cwd else ""
    return f"{prefix}exec env {assignments} {shlex.join(argv)}"


@dataclass
class Watch:
    """The result of watching a screen until a condition: when each mark was first seen."""

    marks: dict[str, float]  # mark name -> seconds since start
    last_screen: str
    timed_out: bool


def watch_screen(
    tmux: Tmux,
    started: float,
    marks: dict[str, Callable[[str], bool]],
    timeout: float,
    memory: MemoryWatch | None = None,
    interval: float = 0.01,
    abort: Callable[[str], bool] | None = None,
) -> Watch:
    """Poll the screen until every mark has been seen, `timeout` passes or `abort` holds.

    A capture and a memory sample cost about 3 ms of CPU, taken from the program measured on a
    small machine: the screen is polled every `interval` for the first SLOW_AFTER seconds (where
    starts are decided), then every SLOW_INTERVAL, and memory every MEMORY_INTERVAL. High-water
    marks are kept by the kernel, so sampling less often loses nothing for a process still alive.
    """
    seen: dict[str, float] = {}
    screen = ""
    sampled = -MEMORY_INTERVAL
    while True:
        screen = tmux.capture()
        now = time.perf_counter() - started
        for name, test in marks.items():
            if name not in seen and test(screen):
                seen[name] = now
        done = len(seen) == len(marks)
        if memory is not None and (done or now - sampled >= MEMORY_INTERVAL):
            memory.sample()
            sampled = now
        if done:
            return Watch(seen, screen, False)
        if now > timeout or not tmux.alive() or (abort is not None and abort(screen)):
            return Watch(seen, screen, True)
        time.sleep(interval if now < SLOW_AFTER else SLOW_INTERVAL)


def key_latencies(
    tmux: Tmux,
    key: str,
    count: int,
    interval: float = 0.002,
    timeout: float = 2.0,
    shown: Callable[[str, str], bool] | None = None,
) -> list[float]:
    """Seconds from typing `key` until the screen shows its effect, for `count` presses in a row.

    `shown(before, screen)` says whether the plain-text screen shows what the key should bring;
    without it, any change of the screen (colours included, so a moved highlight counts) does.
    """
    escapes = shown is None
    latencies: list[float] = []
    before = tmux.capture(escapes=escapes)
    for _ in range(count):
        started = time.perf_counter()
        tmux.send(key)
        while True:
            screen = tmux.capture(escapes=escapes)
            elapsed = time.perf_counter() - started
            done = shown(before, screen) if shown is not None else screen != before
            if done or elapsed > timeout:
                break
            time.sleep(interval)
        latencies.append(elapsed)
        # Let the rest of this key's drawing settle, so the next press starts from a still screen
        # and keys never queue up behind each other.
        settled = screen
        time.sleep(0.03)
        screen = tmux.capture(escapes=escapes)
        while screen != settled:
            settled = screen
            time.sleep(0.03)
            screen = tmux.capture(escapes=escapes)
        before = screen
    return latencies
