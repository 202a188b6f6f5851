"""Fetching every subscribed feed from inside the app: a thread worker that only reports back.

The records land in the feeds' folders; when the app shows those folders, live reload brings the new
records in. A feed that fails is a warning naming it; nothing here can stop the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.feeds.cache import FeedCache
from reader.core.feeds.importer import Outcome, import_jobs
from reader.core.feeds.store import Counts
from reader.core.feeds.subscriptions import subscription_jobs, subscriptions
from reader.core.text import escape_controls
from reader.widgets.feed_progress import FeedProgress

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen


def start_fetch(app: App, screen: Screen, cache: FeedCache) -> None:
    """Start fetching every subscription in a worker, unless a fetch is already running."""
    if any(worker.group == "feeds" and not worker.is_finished for worker in app.workers):
        app.notify("The feeds are being fetched already.", title="Feeds", timeout=3)
        return
    feeds, messages = subscriptions()
    for message in messages:
        app.notify(message, title="Config", severity="warning", timeout=10)
    if not feeds:
        app.notify("No subscriptions: `reader subscribe URL` adds one.", title="Feeds", timeout=6)
        return
    progress = FeedProgress(len(feeds))
    screen.mount(progress)

    def fetch() -> None:
        def done(outcome: Outcome) -> None:
            app.call_from_thread(_one_done, app, progress, outcome)

        try:
            outcomes = import_jobs(subscription_jobs(feeds), cache, on_done=done)
        except Exception as error:  # a full disk or a broken cache file: say so, never crash
            app.call_from_thread(_finish, app, progress, [], f"{type(error).__name__}: {error}")
            return
        app.call_from_thread(_finish, app, progress, outcomes, "")

    app.run_worker(fetch, thread=True, group="feeds", name="fetch feeds", exit_on_error=False)


def _one_done(app: App, progress: FeedProgress, outcome: Outcome) -> None:
    if progress.is_mounted:
        progress.advance()
    if outcome.error:
        name = escape_controls(outcome.title or outcome.source)
        app.notify(f"{name}: {escape_controls(outcome.error)}", title="Feed failed", severity="warning")


def _finish(app: App, progress: FeedProgress, outcomes: list[Outcome], error: str) -> None:
    if progress.is_mounted:
        progress.remove()
    if error:
        app.notify(error, title="Fetching feeds stopped", severity="error", timeout=10)
        return
    total = Counts()
    for outcome in outcomes:
        total.add(outcome.counts)
    failed = sum(1 for outcome in outcomes if outcome.error)
    read = len(outcomes) - failed
    text = f"{read:,} feed{'' if read == 1 else 's'}: {total}" + (f"; {failed:,} failed" if failed else "")
    app.notify(text, title="Feeds fetched", severity="warning" if failed else "information", timeout=6)
