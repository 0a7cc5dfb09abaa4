"""Run every benchmark module (bench/bench_*.py), or only those named."""

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path


def _benchmark_names():
    folder = Path(__file__).resolve().parent
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(folder)])
        if info.name.startswith("bench_")
    )


def main(argv=None):
    available = _benchmark_names()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(available))
    chosen = parser.parse_args(argv).names or available
    unknown = sorted(set(chosen) - set(available))
    if unknown:
        parser.error(
            f"no benchmark named {', '.join(unknown)}; choose from {available}"
        )

    failed = []
    for name in chosen:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            importlib.import_module(f"bench.{name}").main()
        except Exception as error:
            failed.append(name)
            print(f"!! {name} failed: {error!r}", flush=True)
        print(f"== {name}: {time.perf_counter() - started:.1f} s\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
