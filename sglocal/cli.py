"""The ``sglocal`` command: serve a local site, seed it, or dump a site's schema."""

import argparse
import errno
import ipaddress
import logging
import math
import os
import shutil
import signal
import socket
import sqlite3
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from sglocal.errors import SiteError
from sglocal.schema_dump import DEFAULT_TIMEOUT_SECS, dump_schema
from sglocal.seed import check_preset, load_recipe, preset_descriptions, seed
from sglocal.site import LocalSite

__all__ = ["build_parser", "main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

_DEFAULT_KEY_VARIABLE = "SHOTGUN_API_KEY"
_LOOPBACK = ("127.0.0.1", "localhost")


def build_parser() -> argparse.ArgumentParser:
    """The command line: ``serve``, ``seed`` and ``dump-schema``."""
    parser = argparse.ArgumentParser(
        prog="sglocal",
        description="A local ShotGrid-compatible site that shotgun_api3 talks to.",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log what the site does"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    serve = commands.add_parser(
        "serve",
        help="serve a site until Ctrl+C",
        description="Serve a site from a database file until Ctrl+C; print its URL "
        "and the script credentials a client connects with.",
    )
    serve.add_argument(
        "--db", required=True, metavar="FILE", help="the site's SQLite database file"
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the IP address to listen on (default 127.0.0.1: this machine only)",
    )
    serve.add_argument(
        "--port",
        type=_port,
        default=0,
        metavar="N",
        help="the port (default 0: any free one)",
    )
    serve.add_argument(
        "--schema",
        metavar="FILE",
        help="a schema JSON file, as dump-schema writes (default: the shipped one)",
    )
    serve.add_argument(
        "--latency-ms",
        type=_non_negative,
        metavar="N",
        default=0,
        help="milliseconds added to every request",
    )
    serve.add_argument(
        "--page-size",
        type=_positive,
        metavar="N",
        default=500,
        help="the most entities one read page returns (default 500)",
    )
    serve.set_defaults(run=_serve)

    seed = commands.add_parser(
        "seed",
        help="fill a database with a demo production",
        description="Fill a new database file with a deterministic demo production.",
    )
    seed.add_argument(
        "--db", required=True, metavar="FILE", help="the site's SQLite database file"
    )
    seed.add_argument(
        "--preset",
        required=True,
        help="one of the recipe's presets; the shipped one has "
        + "; ".join(f"{name}: {line}" for name, line in preset_descriptions().items()),
    )
    seed.add_argument(
        "--schema", metavar="FILE", help="a schema JSON file (default: the shipped one)"
    )
    seed.add_argument(
        "--recipe",
        metavar="FILE",
        help="a recipe TOML file like the shipped demo/recipe.toml",
    )
    seed.set_defaults(run=_seed)

    dump = commands.add_parser(
        "dump-schema",
        help="write a real site's schema as JSON that --schema takes",
        description="Read a site's schema through shotgun_api3 and write it as the "
        "JSON that 'sglocal serve --schema' takes. The script's key is read from "
        "the environment variable named by --api-key-env, never from the command "
        "line, so it stays out of shell history and process lists.",
    )
    dump.add_argument(
        "--url", required=True, help="the site's address, such as https://..."
    )
    dump.add_argument(
        "--script-name", required=True, metavar="NAME", help="the API script's name"
    )
    dump.add_argument(
        "--api-key-env",
        default=_DEFAULT_KEY_VARIABLE,
        metavar="VAR",
        help="the environment variable holding the script's key "
        f"(default {_DEFAULT_KEY_VARIABLE})",
    )
    dump.add_argument(
        "--output", required=True, metavar="FILE", help="the JSON file to write"
    )
    dump.add_argument(
        "--timeout-secs",
        type=_positive_seconds,
        default=DEFAULT_TIMEOUT_SECS,
        metavar="S",
        help="seconds to wait for each answer from the site before giving up "
        f"(default {DEFAULT_TIMEOUT_SECS:g})",
    )
    dump.set_defaults(run=_dump_schema)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the process exit code."""
    args = build_parser().parse_args(argv)
    if args.verbose:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(name)s: %(message)s"
        )
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print(
            f"sglocal {args.command}: stopped by Ctrl+C"
            + (", so no rows were seeded" if args.command == "seed" else ""),
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except SiteError as error:
        print(f"sglocal {args.command}: {error}", file=sys.stderr)
    except sqlite3.Error as error:
        print(
            f"sglocal {args.command}: cannot use the database {args.db}: {error}; "
            "pass a writable path in an existing folder, or an sglocal database",
            file=sys.stderr,
        )
    except OSError as error:
        print(
            f"sglocal {args.command}: {error}; check the paths and the port given",
            file=sys.stderr,
        )
    return EXIT_FAILED


def _serve(args) -> int:
    _check_host(args.host)
    if args.host not in _LOOPBACK:
        print(
            f"sglocal serve: listening on {args.host}: other machines can reach "
            "this site",
            file=sys.stderr,
        )
    try:
        site = LocalSite(
            db=args.db,
            schema=args.schema,
            latency_ms=args.latency_ms,
            page_size=args.page_size,
            host=args.host,
            port=args.port,
        )
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        raise SiteError(
            f"cannot listen on {args.host} port {args.port}: another program already "
            "uses that port; choose another port, or 0 for any free one"
        ) from None
    with site:
        print(f"url: {site.url}")
        print(f"script_name: {site.script_name}")
        print(f"script_key: {site.script_key}")
        print("Ctrl+C stops the site.", flush=True)
        _wait_for_stop()
    return EXIT_OK


def _check_host(host: str) -> None:
    """Refuse an address this machine cannot listen on, without asking any DNS."""
    try:
        address = ipaddress.ip_address("127.0.0.1" if host == "localhost" else host)
    except ValueError:
        raise SiteError(
            f"cannot listen on {host!r}: it is not an IP address; pass one of this "
            "machine's addresses, such as 127.0.0.1 (this machine only) or 0.0.0.0 "
            "(every network)"
        ) from None
    if address.version != 4:
        raise SiteError(
            f"cannot listen on {host}: it is an IPv6 address and the local site "
            "listens on IPv4 addresses only; pass 127.0.0.1 (this machine only) or "
            "0.0.0.0 (every network)"
        )
    with socket.socket(socket.AF_INET) as probe:
        try:
            probe.bind((str(address), 0))
        except OSError as error:
            raise SiteError(
                f"cannot listen on {host}: {error.strerror}; pass one of this "
                "machine's addresses, such as 127.0.0.1 (this machine only) or "
                "0.0.0.0 (every network)"
            ) from None


def _wait_for_stop() -> None:
    """Block until Ctrl+C or SIGTERM, even when started with SIGINT ignored."""
    stop = threading.Event()
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {
        number: signal.signal(number, lambda *_: stop.set()) for number in stops
    }
    try:
        # Short waits let the handlers run on platforms where a wait is not
        # interrupted by signals.
        while not stop.wait(0.5):
            pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _seed(args) -> int:
    started = time.perf_counter()
    recipe = load_recipe(args.recipe)
    check_preset(args.preset, recipe)
    db = Path(args.db)
    files = db.with_name(f"{db.stem}-files")
    created = [
        path
        for path in (db, *_sidecars(db), files)
        if not (path.exists() or path.is_symlink())
    ]
    try:
        with LocalSite(db=db, schema=args.schema) as site:
            counts = seed(site.store, args.preset, recipe)
    except BaseException:
        _remove(created)
        raise
    for entity_type, count in counts.items():
        print(f"{entity_type:>18} {count:>8,}")
    print(
        f"seeded {sum(counts.values()):,} rows into {args.db} in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return EXIT_OK


def _sidecars(db: Path) -> list[Path]:
    """The files SQLite keeps beside a database while it is open."""
    return [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _remove(paths: list[Path]) -> None:
    """Remove files and folders a failed command created."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()


def _dump_schema(args) -> int:
    api_key = os.environ.get(args.api_key_env)
    if not api_key:
        print(
            f"sglocal dump-schema: the environment variable {args.api_key_env} holds "
            "no key; set it to the script's key, or name another variable with "
            "--api-key-env",
            file=sys.stderr,
        )
        return EXIT_USAGE
    document = dump_schema(
        args.url, args.script_name, api_key, args.output, args.timeout_secs
    )
    print(f"wrote {len(document['schema'])} entity types to {args.output}")
    return EXIT_OK


def _port(text: str) -> int:
    value = _integer(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {value}")
    return value


def _non_negative(text: str) -> int:
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, not {value}")
    return value


def _positive(text: str) -> int:
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, not {value}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number of seconds, not {text!r}"
        ) from None
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"expected more than 0 seconds, not {text}")
    return value


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number, not {text!r}"
        ) from None
