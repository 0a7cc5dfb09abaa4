"""Thumbnail cache keys and the disk cache."""

import pytest
from browser_site import png_bytes

from sgbrowser.thumbnails import ThumbnailCache, ThumbnailError, cache_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "http://127.0.0.1:5000/files/ab/cd.png?AWSAccessKeyId=1&Expires=100",
            "http://127.0.0.1:5000/files/ab/cd.png?AWSAccessKeyId=1&Expires=999",
        ),
        (
            "https://sg-media.example.com/thumbs/42.jpg?sig=a",
            "https://other-cdn.example.com/thumbs/42.jpg",
        ),
    ],
    ids=["expiring_query", "other_host"],
)
def test_cache_key_ignores_the_query_and_host(first, second):
    assert cache_key(first) == cache_key(second)


def test_cache_key_differs_by_path():
    assert cache_key("http://h/a/1.png") != cache_key("http://h/a/2.png")


def test_cached_file_is_read_without_downloading(qtbot, pool, tmp_path):
    url = "http://127.0.0.1:9/files/never/fetched.png?Expires=1"
    cache = ThumbnailCache(pool, tmp_path)
    cache.directory.mkdir(parents=True)
    (cache.directory / cache_key(url)).write_bytes(png_bytes("#336699", 32, 18))

    with qtbot.waitSignal(cache.ready) as ready:
        assert cache.image(url) is None

    assert ready.args == [url]
    image = cache.image(url)
    assert (image.width(), image.height()) == (32, 18)


def test_unreadable_image_fails_with_a_clear_error(qtbot, pool, tmp_path):
    url = "http://127.0.0.1:9/files/broken.png"
    cache = ThumbnailCache(pool, tmp_path)
    cache.directory.mkdir(parents=True)
    (cache.directory / cache_key(url)).write_bytes(b"not an image")

    with qtbot.waitSignal(cache.failed) as failed:
        cache.image(url)

    assert isinstance(failed.args[1], ThumbnailError)
    assert "not an image Qt can read (12 bytes)" in str(failed.args[1])
    assert not (cache.directory / cache_key(url)).exists()
    assert cache.image(url) is None


def test_a_thumbnail_outside_the_web_is_refused(qtbot, pool, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes("#336699", 8, 8))
    cache = ThumbnailCache(pool, tmp_path / "cache")

    with qtbot.waitSignal(cache.failed) as failed:
        cache.image(secret.as_uri())

    assert str(failed.args[1]) == (
        f"the thumbnail {secret} has a file address; only http and https "
        "thumbnails are downloaded"
    )
    assert list(cache.directory.iterdir()) == []
