"""Which Dagster instance a run records into: one per checkout, wherever it is started from.

Dagster reads its settings from ``$DAGSTER_HOME/dagster.yaml`` and keeps runs, events, schedules and compute logs
under DAGSTER_HOME. Our ``dagster.yaml`` names no storage path, so Dagster's defaults apply, and they resolve under
DAGSTER_HOME: a relative ``base_dir`` would resolve against the working directory instead, and a run started
elsewhere would land in another instance's catalog.

A checkout's instance is its ``.dagster/`` folder, whose ``dagster.yaml`` is a link to the checkout's own, so the
one settings file at the top level stays the only source. ``make run``, ``make ui`` and a plain ``newsetl run``
in the checkout all use it, so CLI runs show in the UI. ``DAGSTER_HOME`` set to a folder overrides it;
``DAGSTER_HOME`` set empty asks for a throwaway instance that records nothing (tests and benchmarks use it).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The checkout's instance folder (ignored by git).
INSTANCE_DIR = ".dagster"
SETTINGS = "dagster.yaml"


def checkout_instance(project: Path) -> Path | None:
    """``project``'s instance folder, made ready (its settings linked in), or None when ``project`` has no
    ``dagster.yaml`` (not a checkout: runs then use a throwaway instance)."""
    settings = Path(project) / SETTINGS
    if not settings.is_file():
        return None
    home = (Path(project) / INSTANCE_DIR).resolve()
    home.mkdir(exist_ok=True)
    link = home / SETTINGS
    if not link.exists():  # missing, or a link left dangling by a moved checkout
        link.unlink(missing_ok=True)
        link.symlink_to(os.path.relpath(settings.resolve(), home))
    return home


def use_instance(project: Path | None = None) -> Path | None:
    """Point DAGSTER_HOME at the instance runs should record into, and return it (None: a throwaway one).

    A DAGSTER_HOME already set wins; an empty one means a throwaway instance; unset, the checkout in ``project``
    (the working directory by default) gives its own."""
    if "DAGSTER_HOME" in os.environ:
        value = os.environ["DAGSTER_HOME"]
        return Path(value) if value else None
    home = checkout_instance(project or Path.cwd())
    if home is not None:
        os.environ["DAGSTER_HOME"] = str(home)
    return home


if __name__ == "__main__":  # `make ui`: the folder to start the UI's instance in (empty: a throwaway one)
    print(use_instance() or "")
