"""Each stage's code identity, computed from what it runs: no number to bump by hand.

A stage's fingerprint covers

* the source of its entry modules and of every ``pipeline`` module they import, found by reading the imports
  (inside functions too), never by running them;
* the wiring modules that call the stage's functions with its caches (their own source only);
* the data files those modules name (``pipeline/reference/data/<file>`` written anywhere in their source);
* the versions of the libraries those modules import whose output ends up in a table (``library_versions.py``),
  and Python's and its Unicode database's.

The same fingerprint keys the stage's caches (``doc_cache.py``), is its assets' Dagster ``code_version`` (so the
UI shows them stale when their code changed), and, combined over every stage, is the snapshot's ``code_version``
that ``newsetl run``'s freshness check compares. Editing ``tone.py`` changes the stages that import it and no
other; editing ``data/gazetteer.json`` changes the stages whose modules name it; reverting the edit gives the old
fingerprints back.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.core.library_versions import DATA_SHAPING_LIBRARIES, installed_version, interpreter_versions

PACKAGE = "pipeline"
ROOT = Path(__file__).resolve().parents[1]
#: Where the reviewed data files live, relative to the package folder.
DATA = Path("reference", "data")


@dataclass(frozen=True)
class StageCode:
    """What a stage runs: modules whose whole import closure counts, and wiring modules counted alone."""

    modules: tuple[str, ...]
    wiring: tuple[str, ...] = ()


#: The hub that calls the per-document stages with their caches: its own source counts for each of them, its
#: imports do not (they are every stage's modules).
_HUB = ("pipeline.stages.documents",)

STAGES: dict[str, StageCode] = {
    "ingest": StageCode(("pipeline.stages.ingest", "pipeline.ingest.manifest")),
    "clean": StageCode(
        ("pipeline.stages.clean", "pipeline.clean.aligned_restore", "pipeline.clean.recurring_lines"), _HUB
    ),
    # The pairs aligned restoration rejected (``pipeline.stages.clean.restore_copies``).
    "aligned_copies": StageCode(("pipeline.clean.aligned_restore",)),
    "documents": StageCode(("pipeline.corpus.documents", "pipeline.dedup.clusters"), _HUB),
    "paragraphs": StageCode(("pipeline.segment.paragraphs",), _HUB),
    "sentences": StageCode(
        ("pipeline.segment.sentences", "pipeline.despin.sentence_spin", "pipeline.tag.tone"), _HUB
    ),
    "stories": StageCode(("pipeline.corpus.stories",)),
    "entities": StageCode(("pipeline.tag.entities.discover", "pipeline.reference.gazetteer"), _HUB),
    "entity_mentions": StageCode(("pipeline.stages.mentions",)),
    "issues": StageCode(("pipeline.tag.taxonomy",), _HUB),
    "quotes": StageCode(("pipeline.tag.quotes",), _HUB),
    "numbers": StageCode(("pipeline.tag.numbers",), _HUB),
    "publish": StageCode(("pipeline.warehouse.publish", "pipeline.core.schemas")),
}


def module_path(module: str, root: Path = ROOT) -> Path:
    """The source file of ``pipeline.<...>`` under ``root`` (a module file, or a package's ``__init__``)."""
    parts = module.split(".")[1:]
    file = root.joinpath(*parts).with_suffix(".py") if parts else root / "__init__.py"
    return file if file.is_file() else root.joinpath(*parts, "__init__.py")


#: ``import a.b, c`` and ``from a.b import (x, y)`` at any depth (inside functions too); comments are removed first.
_IMPORT = re.compile(
    r"^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)", re.M
)
_FROM = re.compile(r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M)
_COMMENT = re.compile(r"#[^\n]*")


def _imports(source: str, root: Path) -> tuple[set[str], set[str]]:
    """The ``pipeline`` modules and the top-level third-party names a module's source imports. Read as text, not
    parsed: the fingerprint of every stage is computed at start-up, where parsing 70 modules costs a second."""
    source = _COMMENT.sub("", source)
    names = []
    for match in _IMPORT.finditer(source):
        names += [part.split()[0] for part in match[1].split(",")]
    for match in _FROM.finditer(source):
        module = match[1]
        if module.startswith("."):
            continue
        imported = [
            part.split()[0] for part in match[2].strip("()").replace("\\\n", " ").split(",") if part.split()
        ]
        names += [module] + [f"{module}.{name}" for name in imported]
    modules, libraries = set(), set()
    for name in names:
        if name.split(".")[0] == PACKAGE:
            if name != PACKAGE and module_path(name, root).is_file():
                modules.add(name)
        else:
            libraries.add(name.split(".")[0])
    return modules, libraries


def _data_files(source: str, root: Path) -> set[str]:
    """The files of ``<root>/reference/data/`` a module's source names (in a string, a docstring or a comment)."""
    data = root / DATA
    names = {path.name for path in data.iterdir() if path.is_file()} if data.is_dir() else set()
    return {name for name in names if name in source}


@cache
def _read(path: Path, mtime_ns: int, size: int) -> str:
    """A file's SHA-256, read once per process per version of the file (stages share modules)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(path: Path) -> str:
    stat = path.stat()
    return _read(path, stat.st_mtime_ns, stat.st_size)


@cache
def _parsed(path: Path, root: Path, digest: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A module's pipeline imports, third-party imports and named data files, by its content's digest."""
    source = path.read_text(encoding="utf-8")
    modules, libraries = _imports(source, root)
    return frozenset(modules), frozenset(libraries), frozenset(_data_files(source, root))


@dataclass(frozen=True)
class Closure:
    modules: tuple[str, ...]
    data_files: tuple[str, ...]
    libraries: tuple[str, ...]


def closure(stage: str, root: Path = ROOT) -> Closure:
    """Everything ``stage``'s fingerprint covers (``root``: the package folder, another checkout's in tests)."""
    code = STAGES[stage]
    modules, data, libraries = set(), set(), set()
    todo = list(code.modules)
    while todo:
        module = todo.pop()
        if module in modules:
            continue
        modules.add(module)
        path = module_path(module, root)
        imported, libs, named = _parsed(path, root, _digest(path))
        todo.extend(imported)
        libraries |= libs
        data |= named
    for module in code.wiring:
        modules.add(module)
        path = module_path(module, root)
        data |= _parsed(path, root, _digest(path))[2]
    shaping = {DATA_SHAPING_LIBRARIES[name] for name in libraries if name in DATA_SHAPING_LIBRARIES}
    return Closure(tuple(sorted(modules)), tuple(sorted(data)), tuple(sorted(shaping)))


def fingerprint(stage: str, root: Path = ROOT) -> str:
    """``stage``'s fingerprint over the code under ``root`` (16 hex digits)."""
    covered = closure(stage, root)
    digest = hashlib.sha256(
        "".join(f"{name}={version}\0" for name, version in interpreter_versions().items()).encode()
    )
    for module in covered.modules:
        digest.update(f"{module}={_digest(module_path(module, root))}\0".encode())
    for name in covered.data_files:
        digest.update(f"data/{name}={_digest(root / DATA / name)}\0".encode())
    for distribution in covered.libraries:
        digest.update(f"{distribution}={installed_version(distribution)}\0".encode())
    return digest.hexdigest()[:16]


@cache
def stage_fingerprint(stage: str) -> str:
    """``stage``'s fingerprint over this checkout's code, computed once per process."""
    return fingerprint(stage)


def stage_fingerprints() -> dict[str, str]:
    return {stage: stage_fingerprint(stage) for stage in STAGES}


def pipeline_code_version() -> str:
    """A short hash over every stage's fingerprint: what ``snapshots.code_version`` records."""
    joined = ";".join(f"{stage}={value}" for stage, value in sorted(stage_fingerprints().items()))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]
