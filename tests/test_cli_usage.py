"""`newsetl run` refuses bad set-up with one line and exit code 2, before Dagster starts and without a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(tmp_path: Path, raw: Path, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k != "NEWSETL_RUN_LOCK"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "newsetl",
            "run",
            "--raw",
            str(raw),
            "--warehouse",
            str(tmp_path / "w" / "news.duckdb"),
        ],
        env=full | env | {"PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("setup", "env", "says"),
    [
        ("missing", {}, "raw folder not found"),
        ("folder", {"NEWSETL_MAX_FILE_MB": "abc"}, "NEWSETL_MAX_FILE_MB='abc'"),
        ("folder", {"NEWSETL_MAX_DOCUMENT_MB": "-1"}, "NEWSETL_MAX_DOCUMENT_MB"),
        ("folder", {"NEWSETL_EXECUTOR": "threads"}, "NEWSETL_EXECUTOR='threads'"),
    ],
)
def test_bad_setup_is_one_line_and_exit_2(tmp_path: Path, setup: str, env: dict, says: str):
    raw = tmp_path / "raw"
    if setup == "folder":
        raw.mkdir()
        (raw / "a.txt").write_text("Seoul and Tokyo agreed on Monday to meet again.\n", encoding="utf-8")
    proc = _run(tmp_path, raw, **env)
    assert proc.returncode == 2, proc.stderr
    assert says in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "w" / "news.duckdb").exists()
