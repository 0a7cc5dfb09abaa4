"""What hosts load for a picked Version or PublishedFile."""

import pytest
from sgsession_hosts import Media, MediaNotFound, load_media, printf_pattern


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/show/sh010.####.exr", "/show/sh010.%04d.exr"),
        ("/show/sh010.@@@@.exr", "/show/sh010.%04d.exr"),
        ("/show/sh010.@@@.exr", "/show/sh010.%03d.exr"),
        ("/show/sh010.%04d.exr", "/show/sh010.%04d.exr"),
        ("/show/sh010.%d.exr", "/show/sh010.%d.exr"),
        ("/show/sh010.#.exr", "/show/sh010.%01d.exr"),
        ("/show/sh010.######.dpx", "/show/sh010.%06d.dpx"),
        ("/show/sh010_v003.mov", "/show/sh010_v003.mov"),
        ("/show/sh010.1001.exr", "/show/sh010.1001.exr"),
    ],
    ids=[
        "hashes",
        "ats",
        "three-ats",
        "printf",
        "printf-unpadded",
        "one-hash",
        "six-hashes",
        "movie",
        "one-frame",
    ],
)
def test_printf_pattern_gives_nukes_padding(path, expected):
    assert printf_pattern(path) == expected


@pytest.mark.parametrize(
    ("path", "expected", "frames"),
    [
        ("/show/b.1001-1010#.exr", "/show/b.%04d.exr", (1001, 1010)),
        ("/show/b.1-10#.exr", "/show/b.%04d.exr", (1, 10)),
        ("/show/b.1001-1010@@@.exr", "/show/b.%03d.exr", (1001, 1010)),
        ("/show/b.1001-1010%05d.exr", "/show/b.%05d.exr", (1001, 1010)),
        ("/show/b.1001-1009x2#.exr", "/show/b.%04d.exr", (1001, 1009)),
    ],
    ids=["one-hash", "short-frames", "three-ats", "printf", "stepped"],
)
def test_a_pattern_naming_its_range_reads_as_fileseq_writes_it(
    entities, path, expected, frames
):
    published = entities("PublishedFile", 8, path=path)

    assert printf_pattern(path) == expected
    assert load_media(published) == Media(expected, True, *frames)


def test_version_frames_naming_their_range_give_it_when_the_site_has_none(entities):
    version = entities("Version", 9, sg_path_to_frames="/show/b.1001-1010#.exr")

    assert load_media(version) == Media("/show/b.%04d.exr", True, 1001, 1010)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"sg_first_frame": 1001, "sg_last_frame": 1100},
            Media("/show/sh010.%04d.exr", True, 1001, 1100),
        ),
        (
            {"frame_range": "1001-1050"},
            Media("/show/sh010.%04d.exr", True, 1001, 1050),
        ),
        ({}, Media("/show/sh010.%04d.exr", True)),
    ],
    ids=["first-last", "frame-range-text", "no-range"],
)
def test_version_frames_come_with_their_range(entities, fields, expected):
    version = entities("Version", 1, sg_path_to_frames="/show/sh010.####.exr", **fields)
    assert load_media(version) == expected


def test_version_range_is_read_from_disk_when_the_site_has_none(entities, tmp_path):
    for frame in (1001, 1002, 1003):
        (tmp_path / f"sh010.{frame:04d}.exr").touch()
    version = entities("Version", 1, sg_path_to_frames=str(tmp_path / "sh010.####.exr"))
    media = load_media(version)
    assert (media.path, media.first, media.last) == (
        str(tmp_path / "sh010.%04d.exr"),
        1001,
        1003,
    )


def test_version_without_frames_gives_its_movie(entities):
    version = entities(
        "Version",
        2,
        sg_path_to_frames=None,
        sg_path_to_movie="/show/sh010_v003.mov",
        sg_first_frame=1001,
        sg_last_frame=1100,
    )
    assert load_media(version) == Media("/show/sh010_v003.mov")


def test_version_without_frames_or_movie_says_what_to_set(entities):
    version = entities("Version", 3, sg_path_to_frames=None, sg_path_to_movie="")
    with pytest.raises(MediaNotFound) as raised:
        load_media(version)
    assert str(raised.value) == (
        "Version 3 has neither sg_path_to_frames nor sg_path_to_movie set, so "
        "there is nothing to load; set one of them on the site and pick it again."
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            {"local_path": "/show/asset/model_v003.ma", "url": "file:///elsewhere.ma"},
            "/show/asset/model_v003.ma",
        ),
        (
            {"local_path": None, "url": "file:///show/asset/model_v003.ma"},
            "/show/asset/model_v003.ma",
        ),
        (
            {"url": "file:///show/my%20asset/model_v003.ma"},
            "/show/my asset/model_v003.ma",
        ),
        ("/show/asset/model_v003.ma", "/show/asset/model_v003.ma"),
    ],
    ids=["local-path", "file-url", "file-url-with-a-space", "text"],
)
def test_published_file_gives_its_local_path(entities, path, expected):
    published = entities("PublishedFile", 4, path=path)
    assert load_media(published) == Media(expected)


def test_published_sequence_reads_its_range_from_disk(entities, tmp_path):
    for frame in (7, 8):
        (tmp_path / f"plate.{frame:04d}.exr").touch()
    published = entities(
        "PublishedFile", 5, path={"local_path": str(tmp_path / "plate.@@@@.exr")}
    )
    assert load_media(published) == Media(str(tmp_path / "plate.%04d.exr"), True, 7, 8)


def test_published_file_with_only_a_web_url_says_what_to_do(entities):
    published = entities(
        "PublishedFile", 6, path={"url": "https://example.invalid/file.ma"}
    )
    with pytest.raises(MediaNotFound, match="has no local path in its path field"):
        load_media(published)


def test_entities_without_media_give_none(entities):
    assert load_media(entities("Shot", 7, code="SH010")) is None
