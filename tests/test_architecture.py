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
