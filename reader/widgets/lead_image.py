"""The story's lead image, drawn with textual-image (Kitty or Sixel graphics, else half-blocks).

The picture is fetched and decoded in a thread worker by the core `lead_image` module; an answer for
a story no longer shown is dropped. A missing or broken picture is a one-line note, never an error.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

try:
    # Imported with the widgets, before the app starts: textual-image asks the terminal what it can
    # draw, which is no longer possible once Textual reads the terminal's input.
    from textual_image.widget import Image
except Exception:  # it divides by the terminal's size in cells: one that says 0 columns breaks it
    Image = None

from reader.core.lead_image import ImageError, load_image
from reader.core.paths import cache_dir

# A picture is asked for once the story has been shown this long: moving through the list asks
# for none of the pictures passed over (each fetch costs CPU and a connection the reader never uses).
FETCH_AFTER_SECONDS = 0.3


class LeadImage(Vertical):
    """The first of a story's images, fetched on demand (never when images are off)."""

    DEFAULT_CSS = """
    LeadImage { height: auto; margin-top: 1; }
    LeadImage > #lead-picture { width: auto; height: auto; max-width: 100%; max-height: 24; }
    LeadImage > #lead-note { color: $text-muted; }
    """

    enabled = True  # false: the config's `images = false`, no request for images at all
    url = ""
    _token = 0
    _fetch_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        if Image is not None:
            yield Image(id="lead-picture")
        yield Static(id="lead-note", markup=False)

    def _picture(self):  # type: ignore[no-untyped-def]
        return self.query_one("#lead-picture") if Image is not None else None

    def show(self, url: str) -> None:
        """Show the picture at `url` (fetched in a worker), or nothing for ""."""
        self._token += 1
        if self._fetch_timer is not None:
            self._fetch_timer.stop()
            self._fetch_timer = None
        self.url = url if self.enabled else ""
        picture = self._picture()
        if picture is not None:
            picture.image = None
        self.display = bool(self.url)
        if not self.url:
            return
        if picture is None:
            self._note("Image not shown: this terminal cannot draw pictures")
            return
        self._note("Loading the image…")
        token, cache = self._token, cache_dir()

        def fetch_in_thread() -> None:
            try:
                picture, problem = load_image(cache, url), ""
            except ImageError as error:
                picture, problem = None, str(error)
            except Exception as error:  # a picture is untrusted input: never let it crash the reader
                picture, problem = None, f"{type(error).__name__}: {error}"
            self.app.call_from_thread(self._arrived, token, picture, problem)

        def start() -> None:
            self._fetch_timer = None
            self.run_worker(fetch_in_thread, thread=True, group="image", exclusive=True, exit_on_error=False)

        self._fetch_timer = self.set_timer(FETCH_AFTER_SECONDS, start)

    def _arrived(self, token: int, picture: object, problem: str) -> None:
        if token != self._token:
            return  # another story is shown by now
        if picture is None:
            self._note(f"Image not shown: {' '.join(problem.split())}")
            return
        self._picture().image = picture
        self._note("")

    @property
    def drawn(self) -> bool:
        """Whether a picture is drawn (for tests)."""
        picture = self._picture()
        return picture is not None and picture.image is not None

    @property
    def note(self) -> str:
        """The one line under the picture: loading, or why it is not shown."""
        note = self.query_one("#lead-note", Static)
        return str(note.render()) if note.display else ""

    def _note(self, text: str) -> None:
        note = self.query_one("#lead-note", Static)
        note.update(Content(text))
        note.display = bool(text)
