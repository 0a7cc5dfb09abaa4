"""Read a site's schema through ``shotgun_api3`` and write it as the JSON sglocal loads.

The document is ``{"schema": schema_read(), "schema_entity": schema_entity_read()}``,
the shape ``LocalSite(schema=...)`` and ``sglocal serve --schema`` take, so a studio
can run the local site with its own production's schema.
"""

import json
import logging
import os
import tempfile
import time
import xmlrpc.client
from pathlib import Path
from typing import Union

import shotgun_api3
from shotgun_api3.lib.httplib2 import HttpLib2Error

from sglocal.errors import SiteError

__all__ = [
    "DEFAULT_TIMEOUT_SECS",
    "SchemaDumpError",
    "dump_schema",
    "read_schema",
    "write_schema",
]

LOG = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECS = 60.0

_CLIENT_ERRORS = (
    shotgun_api3.ShotgunError,
    xmlrpc.client.Error,
    HttpLib2Error,
    OSError,
)


class SchemaDumpError(SiteError):
    """A site's schema could not be read or written."""


def read_schema(sg) -> dict:
    """Return the schema document of the site ``sg`` (a ``shotgun_api3.Shotgun``)."""
    schema = _call(sg, "schema_read")
    schema_entity = _call(sg, "schema_entity_read")
    return {"schema": schema, "schema_entity": schema_entity}


def _call(sg, method: str) -> dict:
    started = time.perf_counter()
    try:
        answer = getattr(sg, method)()
    except TimeoutError as error:
        raise SchemaDumpError(
            f"cannot read the schema of {sg.base_url} ({method}): the site did not "
            f"answer within {sg.config.timeout_secs:g} s; check that the URL is the "
            "site's address and the site is up, or give it longer with --timeout-secs"
        ) from error
    except _CLIENT_ERRORS as error:
        raise SchemaDumpError(
            f"cannot read the schema of {sg.base_url} ({method}): {error}; check the "
            "URL, the script name and its key, and that the site is reachable"
        ) from error
    LOG.info(
        "%s %s: %s entity types in %.0f ms",
        method,
        sg.base_url,
        len(answer),
        1000 * (time.perf_counter() - started),
    )
    return answer


def write_schema(document: dict, output: Union[str, Path]) -> Path:
    """Write a schema document as JSON; ``output`` is replaced only once complete."""
    output = Path(output)
    text = json.dumps(document, indent=1, sort_keys=True) + "\n"
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{output.name}.", dir=output.parent
        )
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, output)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise SchemaDumpError(
            f"cannot write the schema to {output}: {error}; choose a writable path"
        ) from error
    return output


def dump_schema(
    url: str,
    script_name: str,
    api_key: str,
    output: Union[str, Path],
    timeout_secs: float = DEFAULT_TIMEOUT_SECS,
) -> dict:
    """Connect to ``url`` as a script, read its schema and write it to ``output``.

    Each request to the site fails after ``timeout_secs`` seconds without an answer.
    """
    try:
        sg = shotgun_api3.Shotgun(
            url, script_name=script_name, api_key=api_key, connect=False
        )
    except (ValueError, *_CLIENT_ERRORS) as error:
        raise SchemaDumpError(
            f"cannot connect to {url}: {error}; pass the site's address such as "
            "https://studio.shotgrid.autodesk.com"
        ) from error
    sg.config.timeout_secs = timeout_secs
    try:
        document = read_schema(sg)
    finally:
        sg.close()
    write_schema(document, output)
    return document
