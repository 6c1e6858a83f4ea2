"""The layout rules: pipeline/ is a pure library, assets/ is the only place Dagster lives."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_pipeline_never_imports_dagster_or_assets():
    offenders = {
        str(path.relative_to(REPO)): bad
        for path in (REPO / "pipeline").rglob("*.py")
        if (bad := _imports(path) & {"dagster", "dagster_duckdb", "assets", "newsetl"})
    }
    assert offenders == {}


def test_asset_modules_do_not_use_postponed_annotations():
    # `from __future__ import annotations` breaks Dagster's check of the context parameter's type.
    offenders = [
        p.name
        for p in (REPO / "assets").glob("*.py")
        if "from __future__ import annotations" in p.read_text()
    ]
    assert offenders == []


def test_pipeline_modules_stay_small():
    sizes = {p.name: len(p.read_text().splitlines()) for p in (REPO / "pipeline").rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 450} == {}


#: pipeline/'s subpackages, bottom layer first. A module imports only from its own package and the packages
#: before it, so a package can be read (and tested) knowing only what is below it. docs/architecture.md draws it.
LAYERS = (
    "core",
    "text",
    "reference",
    "dedup",
    "despin",
    "ingest",
    "clean",
    "segment",
    "tag",
    "corpus",
    "warehouse",
    "infra",
    "stages",
    "reports",
)


def _pipeline_imports(path: Path) -> set[str]:
    """The ``pipeline`` modules a file imports, at any depth (inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("pipeline.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            found |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module}
    return found


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_pipeline_module_lives_in_a_layer():
    loose = [p.name for p in (REPO / "pipeline").glob("*.py") if p.name != "__init__.py"]
    packages = {p.name for p in (REPO / "pipeline").iterdir() if (p / "__init__.py").is_file()}
    assert loose == []
    assert packages == set(LAYERS)


def test_layers_import_only_downward():
    upward = {}
    for path in (REPO / "pipeline").rglob("*.py"):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        own = _layer(module)
        bad = sorted(m for m in _pipeline_imports(path) if (layer := _layer(m)) is not None and layer > own)
        if bad:
            upward[module] = bad
    assert upward == {}


def test_the_layer_check_catches_an_upward_import(tmp_path):
    # The rule above must be able to fail: a core module importing a stage is reported.
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from pipeline.stages.documents import restore_corpus\n")
    assert {_layer(m) for m in _pipeline_imports(bad)} == {LAYERS.index("stages")}
    assert _layer("pipeline.core.constants") < LAYERS.index("stages")


def test_pipeline_has_no_import_cycles():
    graph = {}
    for path in (REPO / "pipeline").rglob("*.py"):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        graph[module] = {
            m
            for m in _pipeline_imports(path)
            if m in graph or (REPO / (m.replace(".", "/") + ".py")).is_file()
        }
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []
