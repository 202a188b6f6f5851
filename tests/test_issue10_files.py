"""Issue 10 items 5 and 10: endless or blocking config and import files, a read-only data folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from reader.cli import state_command
from reader.core import state
from reader.core.state import StateStore


def run_reader(tmp_path, *args: str, config: str | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "READER_DATA_DIR": str(tmp_path / "data"),
        "READER_CONFIG": config or str(tmp_path / "config.toml"),
    }
    # A timeout, so that a read that would block forever fails the test instead of hanging it.
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], env=env, capture_output=True, text=True, timeout=30
    )


@pytest.mark.parametrize("kind", ["zero", "fifo"])
def test_a_config_that_never_ends_or_blocks_is_refused(tmp_path, kind):
    if kind == "zero":
        config = "/dev/zero"
    else:
        config = str(tmp_path / "config.fifo")
        os.mkfifo(config)
    done = run_reader(tmp_path, "list", config=config)  # no PATH: the config's folders are read
    assert done.returncode == 0, done.stderr
    assert done.stdout  # the bundled samples, as with no config
    assert "could not read the config" in done.stderr


@pytest.mark.parametrize("kind", ["zero", "fifo"])
def test_a_state_import_that_never_ends_or_blocks_is_refused(tmp_path, kind):
    if kind == "zero":
        source = "/dev/zero"
    else:
        source = str(tmp_path / "export.fifo")
        os.mkfifo(source)
    done = run_reader(tmp_path, "state", "import", source)
    assert done.returncode == 1
    assert "cannot read" in done.stderr and "Traceback" not in done.stderr


def test_export_reads_a_state_file_it_cannot_write(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    monkeypatch.setenv("READER_DATA_DIR", str(data))
    with StateStore.open(data / "state.sqlite") as store:
        store.set_read("story-1")
        store.set_starred("story-2")

    def refused(target: str) -> sqlite3.Connection:  # what a read-only folder gives (root ignores modes)
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(state, "_connect", refused)
    assert state_command.run_state(["export"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["read"] == ["story-1"] and exported["starred"] == ["story-2"]
