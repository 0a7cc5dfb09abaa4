"""Real data the suites test against, kept in ``../shared`` beside the checkout."""

from pathlib import Path

#: A real ShotGrid site's schema (77 entity types), as schema_read() returns it.
REAL_SITE_SCHEMA = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "site-schema.json"
)
