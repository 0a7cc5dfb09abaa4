"""How values and errors read in the browser."""

import xmlrpc.client

import pytest

from sgbrowser.formatting import describe_error


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            xmlrpc.client.ProtocolError(
                "127.0.0.1:8080", 500, "Internal Server Error", {}
            ),
            "the site answered 500 Internal Server Error",
        ),
        (ValueError("Shot has no field 'sg_nope'"), "Shot has no field 'sg_nope'"),
        (TimeoutError(), "TimeoutError"),
    ],
    ids=["http_status", "message", "no_message"],
)
def test_describe_error_says_what_the_site_answered(error, expected):
    assert describe_error(error) == expected
