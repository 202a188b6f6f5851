"""A story's lead image: fetched over http(s) with a size cap, decoded safely, kept in the cache.

A picture is checked before it is decoded: a small file that claims a huge size (a decompression
bomb) fails with one line instead of filling memory. Every failure is an `ImageError`.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from reader.core.urls import link_problem

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000  # 5000×5000: more than any lead image, far less than a bomb
IMAGE_TIMEOUT = 10.0
# Drawn in a terminal pane: a few hundred pixels across is already more than the cells can show.
SHOWN_SIZE = (640, 640)


class ImageError(Exception):
    """The image could not be had or decoded, with a one-line reason."""


def image_file(cache: Path, url: str) -> Path:
    """Where the bytes of an image are kept in the cache folder."""
    name = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return cache / "images" / name


def decode_image(data: bytes) -> Image.Image:
    """Decode image bytes into a small RGB picture, refusing one with too many pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
            width, height = picture.size  # read from the header: nothing is decoded yet
            if width * height > MAX_IMAGE_PIXELS:
                raise ImageError(f"the image is too large to decode ({width}×{height} pixels)")
            picture.draft("RGB", SHOWN_SIZE)  # JPEG decodes at a reduced size directly
            picture = picture.convert("RGB")
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("the image is too large to decode") from None
    except UnidentifiedImageError:
        raise ImageError("not an image the reader can decode") from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ImageError("the image is damaged") from None
    picture.thumbnail(SHOWN_SIZE)
    return picture


def load_image(cache: Path, url: str, *, timeout: float = IMAGE_TIMEOUT) -> Image.Image:
    """The image at `url`: from the cache, else fetched and checked (runs off the UI thread)."""
    from reader.core.http import FetchError, fetch  # httpx takes a while to import: only when needed

    path = image_file(cache, url)
    try:
        return decode_image(path.read_bytes())
    except (OSError, ImageError):
        pass  # not cached yet, or a damaged cache file: fetch it again
    problem = link_problem(url)
    if problem:
        raise ImageError(f"no image to fetch: {problem}")
    try:
        data = fetch(url, max_bytes=MAX_IMAGE_BYTES, timeout=timeout, headers={"Accept": "image/*"}).content
    except FetchError as error:
        raise ImageError(str(error)) from None
    picture = decode_image(data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_bytes(data)
        scratch.replace(path)
    except OSError:
        pass  # an unwritable cache only costs a fetch next time
    return picture
