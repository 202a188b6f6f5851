"""Issue 10 items 6-8: file names, config values and entities never put a control on the terminal."""

from __future__ import annotations

from pathlib import Path

from reader.app import ReaderApp
from reader.core.config import load_config
from reader.core.paths import cache_dir
from reader.core.text import clean_text, shown_safely
from reader.widgets.article_detail import ArticleDetail
from reader.widgets.topic_sidebar import TopicSidebar
from tests.hostile_names import UNSAFE, visible_texts
from tests.pilot import settle
from tests.records import write_record

OSC = "\x1b]52;c;aGk=\x1b\\\x1b]2;pwned\x1b\\"


def test_entities_that_stand_for_controls_are_removed_with_them():
    for text in ("a&#8238;b", "a&#x202e;b", "a&#X202E;b", "a&rlm;b", "a&#27;[31mb", "a&#x9b;b"):
        assert not UNSAFE.search(clean_text(text).replace("&", "")), text
        assert clean_text(text).startswith("a") and clean_text(text).endswith("b")
    assert clean_text("fish &amp; chips &#169;") == "fish &amp; chips &#169;"  # harmless ones stay


def test_shown_safely_writes_controls_as_escapes_and_keeps_lines():
    assert shown_safely(f"name{OSC}.md\nnext") == ("name\\x1b]52;c;aGk=\\x1b\\\\x1b]2;pwned\\x1b\\.md\nnext")
    assert not UNSAFE.search(shown_safely("\u202e\x9b\u2066x\ud800"))


def test_config_values_lose_their_controls_and_messages_escape_them(tmp_path):
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        '[queries]\n"\\u001b]0;X\\u001b\\\\ \\u202e name" = "topic:AI"\n'
        '[keys]\ntoggle_star = "\\u001bx"\n"bad\\u009bkey" = 3\n',
        encoding="utf-8",
    )
    config, messages = load_config(config_file)
    assert all(not UNSAFE.search(name) for name in config.saved_queries)
    assert all(not UNSAFE.search(keys) for keys in config.keys.values())
    assert messages and all(not UNSAFE.search(shown_safely(m)) for m in messages)


async def test_a_hostile_file_name_and_config_reach_no_widget_raw(tmp_path: Path):
    folder = tmp_path / "recs"
    bad = write_record(folder / f"bad{OSC}\u202e.md", title="Fine at first")
    write_record(folder / "good.md", title="Good")
    config_file = tmp_path / "config.toml"
    config_file.write_text('[queries]\n"q\\u001b]0;X\\u001b\\\\\\u202e" = "tilte:x"\n', encoding="utf-8")
    config, messages = load_config(config_file)
    app = ReaderApp([str(folder)], cache_dir(), config=config, config_messages=messages, watch=False)
    seen: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        bad.write_bytes(b"---\ntitle: [unclosed\n---\n")  # indexed, now unreadable
        detail = app.main_screen.query_one(ArticleDetail)
        shown: list[str] = []
        for key in ("j", "k", "j"):  # each record in turn: one of them is the bad file
            await pilot.press(key)
            await settle(pilot)
            seen += visible_texts(app.screen)
            shown += visible_texts(detail)
        assert any("cannot be shown" in text for text in shown), "the bad file was never shown"
        seen += [entry.label for entry in app.main_screen.query_one(TopicSidebar).entries]
        seen += [f"{n.title}\n{n.message}" for n in app._notifications]
    leaks = [text for text in seen if UNSAFE.search(text)]
    assert not leaks
