"""``python -m sglocal``: the same command line as the ``sglocal`` script."""

import sys

from sglocal.cli import main

if __name__ == "__main__":
    sys.exit(main())
