"""Where the installed Dagster UI decides what "Materialize all" does with partitioned assets.

Run `.venv/bin/python -m bench.partition_prototype.uisource`; it reads the UI's TypeScript sources from the source
maps shipped in the installed dagster_webserver package (webapp/build/_next/static/chunks/*.js.map) and prints
the lines README.md cites, with their file and line number, so the citation can be checked against any version.
"""

import argparse
import json
from pathlib import Path

#: (source file, text on the line): the partition dialog's default selection, the hook's own default, and the
#: launcher's choice of the partition dialog whenever a selected asset is partitioned, and the asset page's use of it.
LINES = (
    ("ui-core/src/assets/LaunchAssetChoosePartitionsDialog.tsx", "defaultSelection: 'empty'"),
    ("ui-core/src/assets/usePartitionDimensionSelections.tsx", "defaultSelection = 'all'"),
    ("ui-core/src/assets/LaunchAssetExecutionButton.tsx", "`Materialize all"),
    ("ui-core/src/assets/LaunchAssetExecutionButton.tsx", "type: 'partitions',"),
    ("ui-core/src/assets/AssetView.tsx", "<LaunchAssetExecutionButton"),
)


def find_lines(chunks: Path) -> list[tuple[str, int, str]]:
    """(source, line number, line) for every line of LINES found in the source maps under ``chunks``."""
    found = []
    seen = set()
    for source_map in sorted(chunks.glob("*.js.map")):
        text = source_map.read_text(encoding="utf-8")
        if not any(Path(source).name in text for source, _ in LINES):
            continue
        parsed = json.loads(text)
        for source, content in zip(parsed["sources"], parsed.get("sourcesContent") or [], strict=False):
            for wanted, needle in LINES:
                if not source.endswith(wanted) or content is None or (wanted, needle) in seen:
                    continue
                seen.add((wanted, needle))
                for number, line in enumerate(content.splitlines(), 1):
                    if needle in line:
                        found.append((wanted, number, line.strip()))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.partition_prototype.uisource", description=__doc__.splitlines()[0]
    )
    parser.parse_args()
    import dagster_webserver

    chunks = Path(dagster_webserver.__file__).parent / "webapp" / "build" / "_next" / "static" / "chunks"
    print(f"dagster_webserver {dagster_webserver.__version__}")
    found = find_lines(chunks)
    for source, number, line in found:
        print(f"{source}:{number}: {line}")
    missing = {wanted for wanted, _ in LINES} - {source for source, _, _ in found}
    for source in sorted(missing):
        print(f"{source}: not in this version's source maps")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
