"""Derived data kept between processes on this machine, outside any warehouse.

Some inputs are slow to derive and never change between runs of one installation: the name lists read out of
Faker's 86 locale modules and GeoNames' city table take over a second to build, a large part of a small run
(`bench/run_samples.py` times runs with and without it). ``stored``
keeps a function's result as a pickle in ``$NEWSETL_CACHE_DIR`` (default ``$XDG_CACHE_HOME/newsetl`` or
``~/.cache/newsetl``) under a key made of the function's name, the versions of the packages it reads and a hash
of the module that derives it, so a new package version or a code change builds it afresh. The folder can be
deleted at any time; when it cannot be written the result is simply built each time.
"""

import functools
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pipeline.core.integrity import pickle_atomically
from pipeline.core.library_versions import installed_version

T = TypeVar("T")


def cache_dir() -> Path:
    if configured := os.environ.get("NEWSETL_CACHE_DIR"):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsetl"


def _key(name: str, packages: tuple[str, ...], source: str) -> str:
    digest = hashlib.sha256(name.encode() + Path(source).read_bytes())
    for package in packages:
        digest.update(f"{package}={installed_version(package)}".encode())
    return f"{name}-{digest.hexdigest()[:16]}"


def stored(
    name: str, *, packages: tuple[str, ...], source: str
) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a function of no arguments whose result depends only on ``packages`` and the ``source`` file."""

    def decorate(build: Callable[[], T]) -> Callable[[], T]:
        @functools.wraps(build)
        def load_or_build() -> T:
            path = cache_dir() / f"{_key(name, packages, source)}.pickle"
            try:
                return pickle.loads(path.read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                pass
            value = build()
            try:
                pickle_atomically(path, value)
            except OSError:
                pass  # a read-only home: build every time
            return value

        return load_or_build

    return decorate
