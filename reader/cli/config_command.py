"""`reader config path`: where the config file is."""

from __future__ import annotations

import argparse


def run_config(argv: list[str]) -> int:
    """`reader config path`: where the config file is."""
    from reader.core.paths import config_file

    parser = argparse.ArgumentParser(prog="reader config", description="About the config file.")
    parser.add_argument("what", choices=["path"])
    parser.parse_args(argv)
    print(config_file())
    return 0
