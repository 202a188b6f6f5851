"""Tests of the app's folders and of the TOML config: loading, messages, and saving the theme."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from reader.core import config as config_module
from reader.core import paths
from reader.core.config import (
    Config,
    ConfigError,
    default_config_text,
    edit_config,
    load_config,
    save_theme,
)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the home and every XDG folder at tmp_path, so no test can touch the real ones."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "xdg" / name.lower()))
    for name in (paths.CONFIG_ENV, paths.DATA_DIR_ENV, paths.CACHE_DIR_ENV):
        monkeypatch.delenv(name, raising=False)
    return home


def _write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- paths


def test_environment_variables_choose_the_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "my.toml"))
    monkeypatch.setenv("READER_DATA_DIR", "~/data")
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    assert paths.config_file() == tmp_path / "my.toml"
    assert paths.data_dir() == Path(os.environ["HOME"]) / "data"
    assert paths.cache_dir() == tmp_path / "cache"
    assert paths.state_file() == Path(os.environ["HOME"]) / "data" / "state.sqlite"


def test_an_empty_environment_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_CONFIG", "  ")
    assert paths.config_file().name == "config.toml"
    assert paths.config_file().parent.name == paths.APP_NAME


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are a Linux convention")
def test_the_default_folders_follow_xdg(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    assert paths.config_file() == xdg / "xdg_config_home" / "news-reader" / "config.toml"
    assert paths.data_dir() == xdg / "xdg_data_home" / "news-reader"
    assert paths.cache_dir() == xdg / "xdg_cache_home" / "news-reader"


def test_finding_a_folder_never_creates_it(tmp_path: Path) -> None:
    paths.config_file()
    paths.data_dir()
    paths.cache_dir()
    load_config()
    assert not (tmp_path / "xdg").exists()
    assert paths.ensure_dir(paths.data_dir() / "deep").is_dir()


# --- loading


def test_no_file_gives_the_defaults_quietly(tmp_path: Path) -> None:
    assert load_config(tmp_path / "missing.toml") == (Config(), [])
    assert load_config() == (Config(), [])


def test_a_full_config_is_read(tmp_path: Path, home: Path) -> None:
    path = _write(
        tmp_path,
        """
theme = "nord"
mark_read_on_show = false
collapse_threads = true
folders = ["~/news", "/srv/records"]

[keys]
open_link = "o, enter"
back = ["backspace", "b"]
"list.down" = "j,down"
sidebar.up = "k"

[queries]
local = "topic:local"
"[b]odd[/b]" = "title:\\"[red]\\""
""",
    )
    config, messages = load_config(path)
    assert messages == []
    assert config == Config(
        keys={"open_link": "o,enter", "back": "backspace,b", "list.down": "j,down", "sidebar.up": "k"},
        theme="nord",
        mark_read_on_show=False,
        mark_read_after=None,
        collapse_threads=True,
        saved_queries={"local": "topic:local", "[b]odd[/b]": 'title:"[red]"'},
        folders=[str(home / "news"), "/srv/records"],
    )


def test_the_config_path_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, 'theme = "gruvbox"\n', "elsewhere.toml")
    monkeypatch.setenv("READER_CONFIG", str(path))
    assert load_config()[0].theme == "gruvbox"


def test_invalid_toml_names_the_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'theme = "nord"\n\n[keys]\nopen_link = "o"\n\n\nback = \n')
    config, messages = load_config(path)
    assert config == Config()
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}:7: ")
    assert "using the defaults" in messages[0]


def test_an_error_at_the_end_of_the_file_names_the_last_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'theme = "nord"\nfolders = [\n  "~/a",\n')
    _, messages = load_config(path)
    assert messages[0].startswith(f"{path}:3: ")


def test_wrong_types_name_the_key_and_keep_the_rest(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """theme = 5
mark_read_on_show = "no"
collapse_threads = true
folders = ["~/ok", 3]

[keys]
open_link = "o"
back = 7
list.down = ["j", 2]

[queries]
good = "is:unread"
bad = ["x"]
""",
    )
    config, messages = load_config(path)
    assert config.theme is None
    assert config.mark_read_on_show is True
    assert config.collapse_threads is True
    assert config.folders == [str(Path(os.environ["HOME"]) / "ok")]
    assert config.keys == {"open_link": "o"}
    assert config.saved_queries == {"good": "is:unread"}
    assert messages == [
        f"{path}:1: `theme` must be a theme name in quotes, not 5",
        f'{path}:2: `mark_read_on_show` must be true or false, not "no"',
        f"{path}:4: `folders` item 2 must be a folder in quotes, not 3",
        f'{path}:8: `keys.back` must be keys like "o,enter" or ["o", "enter"], not 7',
        f'{path}:9: `keys.list.down` must be keys like "o,enter" or ["o", "enter"], not ["j", 2]',
        f'{path}:13: `queries.bad` must be a query in quotes, not ["x"]',
    ]


def test_tables_of_the_wrong_shape_are_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, 'keys = "o"\nqueries = 1\nfolders = {a = 1}\n')
    config, messages = load_config(path)
    assert config == Config()
    assert [m.split(": ", 1)[0] for m in messages] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert "`keys` must be a table" in messages[0]
    assert "`folders` must be a list" in messages[2] and "a table" in messages[2]


def test_a_misspelt_setting_gets_a_hint(tmp_path: Path) -> None:
    path = _write(tmp_path, "mark_read_on_shwo = false\nwhatever = 1\n")
    config, messages = load_config(path)
    assert config == Config()
    assert messages == [
        f"{path}:1: `mark_read_on_shwo` is not a setting; did you mean `mark_read_on_show`?",
        f"{path}:2: `whatever` is not a setting",
    ]


def test_one_folder_without_brackets_is_accepted(tmp_path: Path, home: Path) -> None:
    path = _write(tmp_path, 'folders = "~/news"\n')
    assert load_config(path) == (Config(folders=[str(home / "news")]), [])


def test_an_unreadable_config_gives_the_defaults_and_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()
    config, messages = load_config(folder)
    assert config == Config()
    assert messages and messages[0].startswith(f"{folder}: could not read the config")


def test_a_config_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "caf\xe9"\n')
    config, messages = load_config(path)
    assert config == Config()
    assert "not UTF-8" in messages[0]


def test_a_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    path = _write(tmp_path, '\ufefftheme = "nord"\n')
    assert load_config(path) == (Config(theme="nord"), [])


def test_the_example_config_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(_write(tmp_path, default_config_text())) == (Config(), [])


def test_the_example_config_is_valid_when_uncommented(tmp_path: Path) -> None:
    setting = re.compile(r"^# (\[\w+\]|[\w.\"]+ = .*)$")
    text = "\n".join(setting.sub(r"\1", line) for line in default_config_text().splitlines())
    config, messages = load_config(_write(tmp_path, text))
    assert messages == []
    assert config.theme == "textual-dark"
    assert config.keys["list.down"] == "j,down,n"
    assert config.saved_queries["unread"] == "is:unread"
    assert config.folders == [str(Path(os.environ["HOME"]) / "news")]


# --- saving the theme


def test_saving_the_theme_changes_only_its_line(tmp_path: Path) -> None:
    before = """# my reader
theme = "nord"   # the one I like
folders = ["~/news"]  # theme = "not this"

[queries]
theme = "topic:theme"
"""
    path = _write(tmp_path, before)
    save_theme(path, "gruvbox")
    assert path.read_text() == before.replace('theme = "nord"', 'theme = "gruvbox"')
    config, messages = load_config(path)
    assert messages == []
    assert config.theme == "gruvbox"
    assert config.saved_queries == {"theme": "topic:theme"}


def test_saving_adds_the_theme_before_the_first_table(tmp_path: Path) -> None:
    path = _write(tmp_path, 'collapse_threads = true\n\n# my keys\n[keys]\nopen_link = "o"\n')
    save_theme(path, "nord")
    text = path.read_text()
    assert text.startswith("collapse_threads = true\n") and "# my keys\n" in text
    assert text.index('theme = "nord"') < text.index("[keys]")
    assert load_config(path) == (Config(theme="nord", collapse_threads=True, keys={"open_link": "o"}), [])


def test_saving_adds_the_theme_above_a_file_of_tables(tmp_path: Path) -> None:
    path = _write(tmp_path, '[keys]\nopen_link = "o"\n')
    save_theme(path, "nord")
    assert path.read_text() == 'theme = "nord"\n\n[keys]\nopen_link = "o"\n'


def test_saving_appends_to_a_file_without_tables(tmp_path: Path) -> None:
    path = _write(tmp_path, "collapse_threads = true")
    save_theme(path, "nord")
    assert path.read_text() == 'collapse_threads = true\ntheme = "nord"\n'


def test_saving_keeps_every_comment_of_the_example(tmp_path: Path) -> None:
    path = _write(tmp_path, default_config_text())
    save_theme(path, "tokyo-night")
    text = path.read_text()
    assert text == default_config_text() + 'theme = "tokyo-night"\n'
    assert load_config(path) == (Config(theme="tokyo-night"), [])


def test_saving_creates_a_missing_file_and_its_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new" / "folder" / "config.toml"
    monkeypatch.setenv("READER_CONFIG", str(path))
    save_theme(None, "nord")
    assert path.read_text() == 'theme = "nord"\n'


def test_saving_none_removes_the_theme(tmp_path: Path) -> None:
    path = _write(tmp_path, 'theme = "nord"\ncollapse_threads = true\n')
    save_theme(path, None)
    assert path.read_text() == "collapse_threads = true\n"
    save_theme(path, None)
    assert path.read_text() == "collapse_threads = true\n"


def test_saving_keeps_windows_line_endings_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes('\ufeffcollapse_threads = true\r\n\r\n[keys]\r\nopen_link = "o"\r\n'.encode())
    save_theme(path, "nord")
    assert path.read_bytes() == (
        '\ufeffcollapse_threads = true\r\ntheme = "nord"\r\n\r\n[keys]\r\nopen_link = "o"\r\n'.encode()
    )


def test_a_theme_name_with_quotes_is_escaped(tmp_path: Path) -> None:
    path = _write(tmp_path, "theme = 'plain'\n")
    name = 'odd "name" \\ [b]x[/b]\x1b'
    save_theme(path, name)
    assert load_config(path)[0].theme == name.removesuffix("\x1b")  # written exactly, read cleaned


def test_an_invalid_file_is_left_alone(tmp_path: Path) -> None:
    before = 'theme = "nord"\nbroken = \n'
    path = _write(tmp_path, before)
    with pytest.raises(ConfigError, match=re.escape(f"{path}:2:")):
        save_theme(path, "gruvbox")
    assert path.read_text() == before


def test_any_valid_layout_is_saved(tmp_path: Path) -> None:
    path = _write(tmp_path, 'theme = """\nnord"""\n[keys]\n"list.down" = "j"  # mine\n')
    save_theme(path, "gruvbox")
    assert path.read_text() == 'theme = "gruvbox"\n[keys]\n"list.down" = "j"  # mine\n'


def test_edit_config_adds_a_table_and_keeps_the_rest(tmp_path: Path) -> None:
    path = _write(tmp_path, '# mine\ntheme = "nord"  # best\n')

    def add(document) -> None:
        document.setdefault("feeds", {})["folder"] = "~/feeds"

    edit_config(path, add, "the feeds")
    assert path.read_text().startswith('# mine\ntheme = "nord"  # best\n')
    assert "[feeds]" in path.read_text()


@pytest.mark.skipif(os.name != "posix", reason="symlinks and modes are POSIX")
def test_saving_writes_through_a_symlink_and_keeps_the_mode(tmp_path: Path) -> None:
    real = _write(tmp_path, 'theme = "nord"\n', "dotfiles-config.toml")
    real.chmod(0o640)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_theme(link, "gruvbox")
    assert link.is_symlink()
    assert real.read_text() == 'theme = "gruvbox"\n'
    assert real.stat().st_mode & 0o777 == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, 'theme = "nord"\n')

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(config_module.os, "replace", refuse)
    with pytest.raises(ConfigError, match="No space left"):
        save_theme(path, "gruvbox")
    assert path.read_text() == 'theme = "nord"\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", "home"]


def test_saving_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = _write(tmp_path, 'theme = "nord"\n')
    save_theme(path, "gruvbox")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", "home"]


# --- reading options: when a story counts as read, unread only, the sidebar, the time zone


def test_reading_options_have_defaults(tmp_path: Path) -> None:
    config, _ = load_config(tmp_path / "missing.toml")
    assert config.mark_read_after == 2
    assert config.only_unread is False
    assert config.sidebar == "auto"
    assert config.timezone is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("5", 5.0), ("0", 0.0), ("0.5", 0.5), ("2.0", 2.0), ("false", None), ("3600", 3600.0)],
)
def test_mark_read_after_is_seconds_or_false(tmp_path: Path, text: str, seconds: float | None) -> None:
    config, messages = load_config(_write(tmp_path, f"mark_read_after = {text}\n"))
    assert messages == []
    assert config.mark_read_after == seconds
    assert type(config.mark_read_after) is type(seconds)


@pytest.mark.parametrize("text", ["true", '"2"', "-1", "-0.5", "inf", "nan", "[2]", "{ s = 2 }"])
def test_a_wrong_mark_read_after_is_reported_and_the_default_kept(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, f'theme = "nord"\nmark_read_after = {text}\n')
    config, messages = load_config(path)
    assert config.mark_read_after == 2
    assert config.theme == "nord"
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}:2: `mark_read_after` must be a number of seconds (0 = at once)")
    assert messages[0].endswith(", or false for only by hand, not " + text.replace("{ s = 2 }", "a table"))


def test_the_old_mark_read_on_show_false_means_only_by_hand(tmp_path: Path) -> None:
    assert load_config(_write(tmp_path, "mark_read_on_show = false\n"))[0].mark_read_after is None
    assert load_config(_write(tmp_path, "mark_read_on_show = true\n"))[0].mark_read_after == 2
    # Written together, the newer and more exact setting wins.
    both = load_config(_write(tmp_path, "mark_read_on_show = false\nmark_read_after = 4\n"))
    assert both == (Config(mark_read_on_show=False, mark_read_after=4.0), [])
    wrong = load_config(_write(tmp_path, 'mark_read_on_show = false\nmark_read_after = "x"\n'))[0]
    assert wrong.mark_read_after is None


def test_only_unread_is_true_or_false(tmp_path: Path) -> None:
    assert load_config(_write(tmp_path, "only_unread = true\n")) == (Config(only_unread=True), [])
    path = _write(tmp_path, 'only_unread = "yes"\n')
    config, messages = load_config(path)
    assert config.only_unread is False
    assert messages == [f'{path}:1: `only_unread` must be true or false, not "yes"']


@pytest.mark.parametrize("value", ["auto", "show", "hide", "Hide", " show "])
def test_sidebar_is_auto_show_or_hide(tmp_path: Path, value: str) -> None:
    config, messages = load_config(_write(tmp_path, f'sidebar = "{value}"\n'))
    assert messages == []
    assert config.sidebar == value.strip().lower()


def test_a_wrong_sidebar_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, '\nsidebar = "hdie"\n')
    config, messages = load_config(path)
    assert config.sidebar == "auto"
    assert messages == [
        f'{path}:2: `sidebar` must be "auto", "show" or "hide", not "hdie"; did you mean "hide"?'
    ]
    path = _write(tmp_path, "sidebar = false\n")
    assert load_config(path)[1] == [f'{path}:1: `sidebar` must be "auto", "show" or "hide", not false']


@pytest.mark.parametrize("name", ["Europe/Berlin", "UTC", "America/Argentina/Buenos_Aires", " Asia/Tokyo "])
def test_timezone_is_an_iana_name(tmp_path: Path, name: str) -> None:
    config, messages = load_config(_write(tmp_path, f'timezone = "{name}"\n'))
    assert messages == []
    assert config.timezone == name.strip()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('"Mars/Olympus"', '"Mars/Olympus"'),
        ('"CEST"', '"CEST"'),
        ('"../../etc/passwd"', '"../../etc/passwd"'),
        ("1", "1"),
        ('""', '""'),
    ],
)
def test_a_wrong_timezone_is_reported_and_the_local_zone_kept(tmp_path: Path, text: str, shown: str) -> None:
    path = _write(tmp_path, f'theme = "nord"\n\ntimezone = {text}\n')
    config, messages = load_config(path)
    assert config.timezone is None
    assert config.theme == "nord"
    assert messages == [
        f'{path}:3: `timezone` must be a time zone name like "Europe/Berlin" or "UTC", not {shown}'
    ]


def test_the_reading_options_are_settings_with_hints(tmp_path: Path) -> None:
    path = _write(tmp_path, "mark_read_aftr = 1\ntimezon = 'UTC'\n")
    assert load_config(path)[1] == [
        f"{path}:1: `mark_read_aftr` is not a setting; did you mean `mark_read_after`?",
        f"{path}:2: `timezon` is not a setting; did you mean `timezone`?",
    ]


def test_the_example_config_shows_the_reading_options(tmp_path: Path) -> None:
    text = default_config_text()
    for line in ("# mark_read_after = 2", "# only_unread = false", '# sidebar = "auto"', '# timezone = "'):
        assert line in text
