"""The lead image: fetched from a local server, cached, and a broken or bomb image failing in one line."""

from __future__ import annotations

import pytest

from reader.core.lead_image import ImageError, image_file, load_image
from tests.web_server import web_server


@pytest.fixture
def site():  # type: ignore[no-untyped-def]
    with web_server() as base:
        yield base


def test_an_image_is_decoded_and_cached(site, tmp_path) -> None:
    picture = load_image(tmp_path, f"{site}/image.png")
    assert picture.size == (8, 6) and picture.mode == "RGB"
    assert image_file(tmp_path, f"{site}/image.png").is_file()
    assert load_image(tmp_path, f"{site}/image.png").size == (8, 6)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/broken.png", r"^not an image the reader can decode$"),
        ("/bomb.png", r"^the image is too large to decode"),
        ("/gone.png", r"^HTTP 404 Not Found$"),
        ("/huge", r"^larger than the 5.0 MB limit"),
    ],
)
def test_a_bad_image_fails_in_one_line_and_is_not_cached(site, tmp_path, path, reason) -> None:
    with pytest.raises(ImageError, match=reason):
        load_image(tmp_path, f"{site}{path}")
    assert not image_file(tmp_path, f"{site}{path}").exists()


def test_a_picture_over_the_pixel_cap_is_refused_before_it_is_decoded(site, tmp_path, monkeypatch) -> None:
    from reader.core import lead_image

    monkeypatch.setattr(lead_image, "MAX_IMAGE_PIXELS", 40)  # the 8×6 test image is 48 pixels
    with pytest.raises(ImageError, match=r"^the image is too large to decode \(8×6 pixels\)$"):
        load_image(tmp_path, f"{site}/image.png")


def test_only_web_images_are_fetched(tmp_path) -> None:
    with pytest.raises(ImageError, match=r"^no image to fetch"):
        load_image(tmp_path, "file:///etc/passwd")
