"""The persistent index: warm starts parse only what changed; a broken index is rebuilt."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.corpus import Corpus, index_path_for
from tests.records import write_record


def sync_all(corpus: Corpus) -> list:
    return list(corpus.sync(workers=1))


def titles(corpus: Corpus) -> list[str]:
    return sorted(s.title for s in corpus.cached())


def test_cold_and_warm_give_the_same_list(story_folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = Corpus.open([str(story_folder)], cache)
    steps = sync_all(cold)
    assert sum(step.parsed for step in steps[-1:]) == 4
    cold_list = sorted(cold.cached())
    warm = Corpus.open([str(story_folder)], cache)
    assert sorted(warm.cached()) == cold_list
    warm_steps = sync_all(warm)
    assert warm_steps[-1].finished and warm_steps[-1].parsed == 0  # nothing re-read


def test_added_changed_and_removed_files(story_folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    corpus = Corpus.open([str(story_folder)], cache)
    sync_all(corpus)
    write_record(story_folder / "new.md", title="Epsilon story", url="https://example.com/e")
    changed = story_folder / "b.md"
    changed.write_text(changed.read_text().replace("Beta story", "Beta story, updated", 1))
    stat = changed.stat()
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    (story_folder / "sub" / "c.txt").unlink()
    steps = sync_all(Corpus.open([str(story_folder)], cache))
    assert steps[-1].parsed == 2
    corpus = Corpus.open([str(story_folder)], cache)
    assert "Epsilon story" in titles(corpus)
    assert "Beta story, updated" in titles(corpus) and "Beta story" not in titles(corpus)
    assert "Gamma story" not in titles(corpus)


def test_corrupt_index_is_rebuilt(story_folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    sync_all(Corpus.open([str(story_folder)], cache))
    path = index_path_for([str(story_folder)], cache)
    path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    corpus = Corpus.open([str(story_folder)], cache)
    assert corpus.index.recovered and "rebuilt" in corpus.index.recovered
    sync_all(corpus)
    assert len(corpus.cached()) == 4


def test_index_of_another_version_is_rebuilt(story_folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    corpus = Corpus.open([str(story_folder)], cache)
    sync_all(corpus)
    corpus.index.db.execute("PRAGMA user_version = 999")
    corpus.index.close()
    again = Corpus.open([str(story_folder)], cache)
    assert again.index.recovered
    assert again.cached() == []


def test_links_resolve_and_back_links(story_folder: Path, tmp_path: Path) -> None:
    corpus = Corpus.open([str(story_folder)], tmp_path / "cache")
    sync_all(corpus)
    by_title = {s.title: s.id for s in corpus.cached()}
    alpha, beta, gamma = by_title["Alpha story"], by_title["Beta story"], by_title["Gamma story"]
    # Beta by http + tracking + trailing slash; Gamma by its AMP address; the outside one not at all.
    assert corpus.index.resolve_links(alpha) == {0: beta, 2: gamma}
    assert sorted(corpus.index.mentioned_by(alpha)) == [beta]
    assert sorted(corpus.index.mentioned_by(gamma)) == [alpha]


def test_problem_files_are_kept_and_reported(story_folder: Path, tmp_path: Path) -> None:
    (story_folder / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    corpus = Corpus.open([str(story_folder)], tmp_path / "cache")
    steps = sync_all(corpus)
    problems = [p for step in steps for p in step.problems]
    assert len(problems) == 1 and problems[0].path.endswith("broken.md")
    assert corpus.problems() == problems
    assert len(corpus.cached()) == 4


def test_the_process_pool_gives_the_same_index(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for n in range(300):
        write_record(folder / f"{n:03}.md", title=f"Story {n}", url=f"https://example.com/{n}", topics=["T"])
    pooled = Corpus.open([str(folder)], tmp_path / "a")
    list(pooled.sync(workers=2))
    single = Corpus.open([str(folder)], tmp_path / "b")
    list(single.sync(workers=1))
    assert sorted(s.title for s in pooled.cached()) == sorted(s.title for s in single.cached())
    assert len(pooled.cached()) == 300


def test_a_file_name_that_is_not_utf8_is_a_problem_not_a_crash(story_folder: Path, tmp_path: Path) -> None:
    name = os.fsdecode(b"bad-\xff-name.md")
    (story_folder / name).write_text("---\ntitle: Fine inside\n---\n")
    corpus = Corpus.open([str(story_folder)], tmp_path / "cache")
    steps = sync_all(corpus)
    problems = [p for step in steps for p in step.problems]
    assert [p.reason for p in problems] == ["the file name is not valid UTF-8; rename it to read it"]
    assert "bad-\\xff-name.md" in problems[0].path
    assert len(corpus.cached()) == 4


def test_readme_files_in_a_folder_are_not_records(story_folder: Path, tmp_path: Path) -> None:
    (story_folder / "README.md").write_text("# About these records\n")
    corpus = Corpus.open([str(story_folder)], tmp_path / "cache")
    steps = sync_all(corpus)
    assert not [p for step in steps for p in step.problems]
    assert len(corpus.cached()) == 4


def test_a_watcher_reporting_a_folder_and_its_file_stores_one_record(
    story_folder: Path, tmp_path: Path
) -> None:
    corpus = Corpus.open([str(story_folder)], tmp_path / "cache")
    sync_all(corpus)
    new = write_record(story_folder / "new" / "e.md", title="Epsilon story", url="https://example.com/e")
    progress = corpus.apply_changes({str(new.parent), str(new)}, set())
    assert [s.title for s in progress.added] == ["Epsilon story"]
    new.unlink()
    progress = corpus.apply_changes(set(), {str(new)})
    assert len(progress.removed) == 1
    assert "Epsilon story" not in titles(corpus)
