"""Subscriptions: the [[feeds]] tables of the config, added and removed with the user's layout kept."""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.items import AoT

from reader.core.config import ConfigError, Subscription, edit_config, load_config
from reader.core.feeds.importer import Job
from reader.core.paths import data_dir


def feeds_folder() -> Path:
    """Where subscribed feeds' records go unless a subscription names its own folder."""
    return data_dir() / "feeds"


def folder_of(subscription: Subscription) -> Path:
    """The folder a subscription's records are written to."""
    return Path(subscription.folder) if subscription.folder else feeds_folder()


def subscriptions(config_path: Path | None = None) -> tuple[list[Subscription], list[str]]:
    """The subscribed feeds and any problems the config has."""
    config, messages = load_config(config_path)
    return config.feeds, messages


def subscribe(new: list[Subscription], config_path: Path | None = None) -> list[Subscription]:
    """Add the feeds of `new` not yet subscribed to the config; return the ones added."""
    added: list[Subscription] = []

    def change(document: tomlkit.TOMLDocument) -> None:
        tables = document.get("feeds")
        empty_file = not document.body
        if tables is None:
            tables = tomlkit.aot()
            document.append("feeds", tables)
        elif not isinstance(tables, AoT):
            raise ConfigError("`feeds` in the config is not a list of [[feeds]] tables; fix it by hand")
        known = {str(table.get("url", "")).strip() for table in tables}
        for subscription in new:
            if subscription.url in known:
                continue
            table = tomlkit.table()
            if len(tables) or not empty_file:
                table.trivia.indent = "\n"  # a blank line before each [[feeds]], as people write them
            table["url"] = subscription.url
            if subscription.title:
                table["title"] = subscription.title
            if subscription.folder:
                table["folder"] = subscription.folder
            tables.append(table)
            known.add(subscription.url)
            added.append(subscription)

    edit_config(config_path, change, "the subscriptions")
    return added


def unsubscribe(urls: list[str], config_path: Path | None = None) -> list[str]:
    """Remove the feeds with these addresses from the config; return the addresses removed."""
    removed: list[str] = []
    wanted = {url.strip() for url in urls}

    def change(document: tomlkit.TOMLDocument) -> None:
        tables = document.get("feeds")
        if not isinstance(tables, AoT):
            return
        for index in reversed(range(len(tables))):
            url = str(tables[index].get("url", "")).strip()
            if url in wanted:
                del tables[index]
                removed.append(url)
        if not len(tables):
            del document["feeds"]

    edit_config(config_path, change, "the subscriptions")
    return sorted(set(removed))


def subscription_jobs(feeds: list[Subscription]) -> list[Job]:
    """One import job per subscription, into its own folder or the feeds folder."""
    return [Job(feed.url, folder_of(feed), feed.title) for feed in feeds]
