"""The text a duplicate is judged on: folded so that what a re-scrape changes and a reader would not notice is gone.

Shared by exact clustering (``content_sha256``) and the near-duplicate shingles.
"""

import hashlib
import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize_for_hash(text: str) -> str:
    """Fold what a re-scrape changes but a reader would not notice: case, width, spacing, punctuation.

    >>> normalize_for_hash("Korea’s  TIES,\\r\\nrenewed") == normalize_for_hash("korea's ties — renewed")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def content_sha256(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()
