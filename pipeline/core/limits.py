"""Size limits on raw input: what is too large to read, or to clean, is quarantined with its size.

A scraper that saves a video, a database dump or a whole site into one file should cost one quarantine row, not
the run's memory. The limits are read from the environment here and nowhere else:

- ``NEWSETL_MAX_FILE_MB`` (default 20): a larger raw file is hashed (so the manifest accounts for it) but never
  read into memory.
- ``NEWSETL_MAX_DOCUMENT_MB`` (default 2): a document whose text (UTF-8) is larger is not cleaned.

One MB is 2**20 bytes; fractions are allowed (``0.5``).
"""

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

MB = 1 << 20
DEFAULT_MAX_FILE_MB = 20.0
DEFAULT_MAX_DOCUMENT_MB = 2.0
FILE_VARIABLE = "NEWSETL_MAX_FILE_MB"
DOCUMENT_VARIABLE = "NEWSETL_MAX_DOCUMENT_MB"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_document_bytes: int


def limits_from_env(environ: Mapping[str, str] = os.environ) -> Limits:
    """The limits the environment sets (defaults otherwise); a clear error for a value that is not a size."""
    return Limits(
        max_file_bytes=_bytes_of(environ, FILE_VARIABLE, DEFAULT_MAX_FILE_MB),
        max_document_bytes=_bytes_of(environ, DOCUMENT_VARIABLE, DEFAULT_MAX_DOCUMENT_MB),
    )


def _bytes_of(environ: Mapping[str, str], name: str, default_mb: float) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return int(default_mb * MB)
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1.0
    if not (megabytes > 0 and math.isfinite(megabytes)):
        raise ValueError(
            f"{name}={value!r}: expected a positive number of megabytes (default {default_mb:g})"
        )
    return int(megabytes * MB)


def describe_size(n_bytes: int) -> str:
    """``20,971,521 bytes (20.0 MB)``: exact, and readable."""
    return f"{n_bytes:,} bytes ({n_bytes / MB:.1f} MB)"


def over_limit_detail(what: str, n_bytes: int, limit: int, variable: str) -> str:
    return f"{what} is {describe_size(n_bytes)}, over the limit of {describe_size(limit)} (set by {variable})"
