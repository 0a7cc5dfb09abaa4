"""``python -m sgbrowser``: the standalone browser."""

import sys

from sgbrowser.app import main

sys.exit(main())
