"""The benchmark's record generator makes valid, deterministic, well-linked records."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from reader.core.parse import read_file
from reader.core.urls import story_key

_GENERATE = Path(__file__).resolve().parent.parent / "bench" / "generate.py"


def _generator():
    """Import bench/generate.py, which is a script and not part of the package."""
    spec = importlib.util.spec_from_file_location("bench_generate", _GENERATE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> list[Path]:
    """Every file under `root`, in a stable order."""
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_records_parse_without_problems(tmp_path: Path) -> None:
    """Every generated file is a record with no problems, nested in day folders."""
    _generator().generate(str(tmp_path), 50, seed=3)
    files = _files(tmp_path)
    assert len(files) == 50
    for path in files:
        result = read_file(str(path))
        assert result.problems == (), path
        assert result.record is not None
        assert result.record.title and result.record.secured and result.record.topics
        assert (result.record.heat is not None and result.record.heat >= 60) == result.record.published_flag
    assert all(len(path.relative_to(tmp_path).parts) == 4 for path in files)  # yyyy/mm/dd/name
    assert {path.suffix for path in files} <= {".md", ".txt", ".markdown"}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    """The same N and seed give the same files byte for byte; another seed gives others."""
    generator = _generator()
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generator.generate(str(tmp_path / name), 50, seed=seed)

    def contents(name: str) -> dict[str, bytes]:
        root = tmp_path / name
        return {str(path.relative_to(root)): path.read_bytes() for path in _files(root)}

    assert contents("a") == contents("b")
    assert contents("a") != contents("c")


def test_related_items_mostly_resolve(tmp_path: Path) -> None:
    """Most related items point at another generated record, by any of their addresses."""
    _generator().generate(str(tmp_path), 50, seed=3)
    records = [read_file(str(path)).record for path in _files(tmp_path)]
    owner = {story_key(url): record.path for record in records if record for url in record.urls}
    items = resolved = 0
    for record in records:
        assert record is not None
        for item in record.related:
            items += 1
            targets = {owner.get(story_key(url)) for url in item.urls} - {None}
            assert record.path not in targets  # nothing lists itself
            resolved += bool(targets)
    assert items >= 50
    assert resolved >= 0.8 * items
