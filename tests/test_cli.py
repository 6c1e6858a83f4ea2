"""End to end: `newsetl run` on the samples, then every read command against what it published."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLE_SNAPSHOT_COUNTS, SAMPLES_DIR, SAMPLES_RAW_VERSION
from conftest import SPUN_SAMPLE as SPUN

NEWSETL = [sys.executable, "-m", "newsetl"]
REPO = Path(__file__).resolve().parents[1]
SPUN_SAMPLE = SPUN.name


def _cli(*args: str, env: dict | None = None, input: str | None = None, check: bool = True, cwd=None):
    # DAGSTER_HOME is empty (conftest): a throwaway instance, unless the test names one.
    full_env = os.environ | (env or {})
    full_env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run(
        [*NEWSETL, *args], capture_output=True, text=True, env=full_env, input=input, timeout=300, cwd=cwd
    )
    if check:
        assert proc.returncode == 0, proc.stderr[-3000:] + proc.stdout[-3000:]
    return proc


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict:
    """One `newsetl run` over a copy of the samples, shared by the read-command tests."""
    root = tmp_path_factory.mktemp("cli")
    raw = root / "raw"
    raw.mkdir()
    for sample in sorted(SAMPLES_DIR.glob("*.txt")):
        (raw / sample.name).write_bytes(sample.read_bytes())
    warehouse = root / "warehouse" / "news.duckdb"
    env = {"NEWSETL_RAW_DIR": str(raw), "NEWSETL_WAREHOUSE": str(warehouse)}
    run = _cli("run", env=env)
    return {"raw": raw, "warehouse": warehouse, "env": env, "run": run}


def test_run_prints_progress_and_a_summary(published):
    out, err = published["run"].stdout, published["run"].stderr
    assert "published snapshot" in out
    # README's summary of the five samples, figure for figure
    figures = {"files in": 5, "documents": 5, "quarantined": 0, "duplicates": 0, "sentences": 163,
               "entity mentions": 363, "issue mentions": 256}  # fmt: skip
    printed = dict(re.findall(r"^  (\w[\w ]*?)\s{2,}(\S+)$", out, flags=re.M))
    assert {label: int(printed[label]) for label in figures} == figures
    assert printed["snapshot"] in out.splitlines()[0]  # "published snapshot <id> in 6.9s"
    assert "✓ warehouse_snapshot" in err and "✓ clean" in err


def test_published_warehouse_answers_questions(published):
    with duckdb.connect(str(published["warehouse"]), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM documents").fetchall() == [(5,)]
        spun = con.sql(
            "SELECT spin_score, text FROM documents WHERE source_path = ?", params=[SPUN_SAMPLE]
        ).fetchall()[0]
        assert spun[0] > 0.3
        assert "shake hands ahead of their summit" in spun[1] and "shake palms" not in spun[1]
        clean_scores = con.sql(
            "SELECT max(spin_score) FROM documents WHERE source_path <> ?", params=[SPUN_SAMPLE]
        )
        assert clean_scores.fetchall()[0][0] == 0.0
        chrome = con.sql("SELECT count(*) FROM documents WHERE text LIKE '%Go to contents%'").fetchall()[0][0]
        assert chrome == 0
        nara = con.sql(
            "SELECT DISTINCT d.source_path FROM doc_issues i JOIN documents d USING (doc_id) "
            "WHERE issue_id = 'chosei_coal_mine'"
        ).fetchall()
        assert (SPUN_SAMPLE,) in nara


def test_rerun_with_nothing_changed_adds_nothing(published):
    again = _cli("run", "--json", env=published["env"])
    outcome = json.loads(again.stdout)
    # raw/ and the code are what the snapshot was built from: the graph is not even started
    assert outcome["success"] and outcome["up_to_date"] and outcome["summary"]["created"] is False
    assert outcome["summary"]["n_documents"] == 5 and outcome["run_id"] is None
    # --force runs the graph; every per-document stage reads its cache and the same data publishes nothing new
    forced = json.loads(_cli("run", "--json", "--force", env=published["env"]).stdout)
    assert forced["success"] and forced["run_id"] and forced["summary"]["created"] is False
    assert len(json.loads(_cli("snapshots", "--json", env=published["env"]).stdout)) == 1


def test_show_lists_text_tags_and_edits(published):
    with duckdb.connect(str(published["warehouse"]), read_only=True) as con:
        doc_id = con.sql(
            "SELECT doc_id FROM documents WHERE source_path = ?", params=[SPUN_SAMPLE]
        ).fetchall()[0][0]
    shown = json.loads(_cli("show", doc_id, "--json", env=published["env"]).stdout)
    assert shown["doc_id"] == doc_id
    assert any(e["step"] == "despin" and e["before"] == "shake palms" for e in shown["edits"])
    assert any(i["issue_id"] == "forced_labor" for i in shown["issues"])
    missing = _cli("show", "0000000000000000", env=published["env"], check=False)
    assert missing.returncode == 2 and "no document" in missing.stderr


def test_sql_is_read_only(published):
    rows = json.loads(
        _cli("sql", "SELECT count(*) AS n FROM sentences", "--json", env=published["env"]).stdout
    )
    assert rows[0]["n"] > 100
    refused = _cli("sql", "DELETE FROM documents", env=published["env"], check=False)
    assert refused.returncode == 2 and "read-only" in refused.stderr.lower()


def test_diff_after_raw_changes(published, tmp_path):
    env = published["env"]
    raw: Path = published["raw"]
    (raw / "new.txt").write_text(
        "Seoul and Tokyo agreed on Friday to expand youth exchanges.\n", encoding="utf-8"
    )
    (raw / "001_783aa3b52b0b225f.txt").unlink()
    _cli("run", "--quiet", env=env)
    ids = [s["snapshot_id"] for s in json.loads(_cli("snapshots", "--json", env=env).stdout)]
    assert len(ids) == 2
    diff = json.loads(_cli("diff", ids[0], ids[1], "--json", env=env).stdout)
    assert diff["summary"]["documents_added"] == 1 and diff["summary"]["documents_removed"] == 1
    assert [d["doc_id"] for d in diff["removed"]]
    with duckdb.connect(str(published["warehouse"]), read_only=True) as con:
        per = dict(con.sql("SELECT snapshot_id, count(*) FROM history.documents GROUP BY 1").fetchall())
    assert per == {ids[0]: 5, ids[1]: 5}


def test_clean_and_sentences_commands():
    cleaned = _cli("clean", str(SAMPLES_DIR / "002_044d5fb0454c9a08.txt"), "--edits").stdout
    assert "Go to contents" not in cleaned.split("--- ")[0]
    assert "[chrome:" in cleaned
    as_json = json.loads(_cli("clean", str(SAMPLES_DIR / "004_ce80a095a2018a15.txt"), "--json").stdout)
    assert as_json["outlet"] == "The Hankyoreh"
    assert {
        "step": "despin",
        "rule": "reverse_thesaurus",
        "before": "shake palms",
        "after": "shake hands",
    }.items() <= next(e for e in as_json["edits"] if e["before"] == "shake palms").items()
    sentences = _cli("sentences", "-", input="Lee met Takaichi on Jan. 13 in Nara. They talked for 90 min.\n")
    assert sentences.stdout.splitlines() == [
        "Lee met Takaichi on Jan. 13 in Nara.",
        "They talked for 90 min.",
    ]


def test_every_command_has_help_with_an_example():
    for command in ("run", "snapshots", "diff", "show", "clean", "sentences", "sql"):
        text = _cli(command, "--help").stdout
        assert "example" in text and "--json" in text


def _instance_at(home: Path):
    """The Dagster instance of DAGSTER_HOME=``home``, as the UI started there would open it."""
    import dagster as dg

    return dg.DagsterInstance.from_config(str(home))


def _latest_snapshot(path: Path, *, first: bool = False) -> dict:
    """The newest (or the first) snapshot's dataset hash and counts."""
    columns = ["dataset_sha256", *SAMPLE_SNAPSHOT_COUNTS]
    order = "ASC" if first else "DESC"
    with duckdb.connect(str(path), read_only=True) as con:
        query = f"SELECT {', '.join(columns)} FROM snapshots ORDER BY created_at {order} LIMIT 1"
        return dict(zip(columns, con.sql(query).fetchall()[0], strict=True))


def _samples_copy(folder: Path) -> Path:
    """A raw folder of its own holding the samples: `published`'s is changed by test_diff_after_raw_changes."""
    folder.mkdir(parents=True)
    for sample in sorted(SAMPLES_DIR.glob("*.txt")):
        (folder / sample.name).write_bytes(sample.read_bytes())
    return folder


def test_run_with_processes_runs_each_step_in_its_own_process_and_publishes_the_same_data(
    published, tmp_path
):
    """`newsetl run --processes`: Dagster's multiprocess executor, a process per step (so a step's memory is
    handed back when it ends), one at a time; the same data as one process, and quiet when asked."""
    import dagster as dg

    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    warehouse = tmp_path / "processes" / "news.duckdb"
    raw = _samples_copy(tmp_path / "raw")
    env = {**published["env"], "NEWSETL_RAW_DIR": str(raw), "NEWSETL_WAREHOUSE": str(warehouse)}
    env["DAGSTER_HOME"] = str(home)
    run = _cli("run", "--json", "--processes", env=env, cwd=home)
    outcome = json.loads(run.stdout)
    assert outcome["success"] and outcome["summary"]["n_documents"] == 5
    assert run.stderr == ""  # --json is quiet: not even the step processes' own lines
    # the same data as the in-process run of the samples (published's first snapshot)
    assert _latest_snapshot(warehouse) == _latest_snapshot(published["warehouse"], first=True)
    assert {
        k: v for k, v in outcome["summary"].items() if k in SAMPLE_SNAPSHOT_COUNTS
    } == SAMPLE_SNAPSHOT_COUNTS
    with _instance_at(home) as instance:
        started = instance.get_records_for_run(
            outcome["run_id"], of_type=dg.DagsterEventType.STEP_WORKER_STARTED
        ).records
    steps = {record.event_log_entry.dagster_event.step_key for record in started}
    assert {"clean", "sentences", "document_tables", "warehouse_snapshot"} <= steps


def test_an_unknown_executor_is_a_clear_error(published):
    run = _cli("run", "--force", env={**published["env"], "NEWSETL_EXECUTOR": "threads"}, check=False)
    assert run.returncode == 2
    assert (
        run.stderr.strip() == "newsetl: NEWSETL_EXECUTOR='threads': expected one of in_process, multiprocess"
    )


def test_runs_recorded_in_the_dagster_instance_track_the_raw_version(published, tmp_path):
    """With DAGSTER_HOME set, a CLI run lands in the instance the UI reads, with raw/'s data version."""
    import dagster as dg

    home = tmp_path / "home"
    home.mkdir()
    raw = _samples_copy(tmp_path / "raw")
    (home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    env = {**published["env"], "NEWSETL_RAW_DIR": str(raw), "DAGSTER_HOME": str(home)}
    env["NEWSETL_WAREHOUSE"] = str(tmp_path / "warehouse" / "news.duckdb")
    _cli("run", "--quiet", env=env, cwd=home)
    from pipeline.ingest.manifest import describe_raw, manifest_sha256

    expected = manifest_sha256(describe_raw(raw))
    assert expected == SAMPLES_RAW_VERSION
    with _instance_at(home) as instance:
        observed = instance.fetch_observations(dg.AssetKey("raw_files"), limit=1).records[0]
        landed = instance.fetch_materializations(dg.AssetKey("raw_manifest"), limit=1).records[0]
    assert observed.asset_observation.tags["dagster/data_version"] == expected
    assert landed.asset_materialization.tags["dagster/input_data_version/raw_files"] == expected


def test_a_plain_run_in_a_checkout_records_into_the_instance_make_ui_opens(published, tmp_path):
    """No DAGSTER_HOME, as a user types `.venv/bin/newsetl run`: the checkout's .dagster/ is made, its
    dagster.yaml a link to the checkout's own, and the run is recorded there, where `make ui` starts the UI."""
    import dagster as dg

    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"} | published["env"]
    env |= {"NEWSETL_WAREHOUSE": str(checkout / "warehouse" / "news.duckdb"), "PYTHONPATH": str(REPO)}
    run = subprocess.run([*NEWSETL, "run", "--quiet"], env=env, cwd=checkout, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    home = checkout / ".dagster"
    assert (home / "dagster.yaml").is_symlink()
    assert (home / "dagster.yaml").resolve() == (checkout / "dagster.yaml").resolve()
    ui_home = subprocess.run([sys.executable, "-m", "newsetl.instance"], env=env, cwd=checkout,
                             capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    assert Path(ui_home) == home.resolve()  # what `make ui` gives `dagster dev` as DAGSTER_HOME
    with _instance_at(home) as instance:
        runs = instance.get_runs(filters=dg.RunsFilter(job_name="materialize_all"))
    assert [run.status for run in runs] == [dg.DagsterRunStatus.SUCCESS]


def test_the_instance_stores_under_dagster_home_wherever_the_run_starts(published, tmp_path):
    """dagster.yaml names no storage path, so Dagster keeps runs and events under DAGSTER_HOME: a run started
    from another folder writes nothing there and shows in the instance its DAGSTER_HOME names."""
    import dagster as dg

    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    (home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    env = {**published["env"], "DAGSTER_HOME": str(home)}
    _cli("run", "--quiet", "--force", env=env, cwd=elsewhere)
    assert list(elsewhere.iterdir()) == []
    assert (home / "history" / "runs.db").is_file()
    with _instance_at(home) as instance:
        assert len(instance.get_runs(filters=dg.RunsFilter(job_name="materialize_all"))) == 1


def test_an_up_to_date_run_never_starts_dagster(published, tmp_path):
    """Nothing changed: `newsetl run` answers from the snapshot log without importing Dagster, even with an
    instance to record into (the signal handling opens it only when a run starts)."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    code = "import sys; from newsetl.cli import main; status = main(['run', '--json']); " \
           "print('dagster' in sys.modules, status)"  # fmt: skip
    env = os.environ | published["env"] | {"DAGSTER_HOME": str(home), "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    outcome = json.loads(run.stdout[: run.stdout.rindex("}") + 1])
    assert outcome["up_to_date"] is True
    assert run.stdout.split()[-2:] == ["False", "0"]
    assert not (home / "history").exists()  # nothing recorded: no run happened


def test_instance_queues_publishing_runs_one_at_a_time(tmp_path):
    """dagster.yaml as the UI's daemon reads it: one run at a time, and one publishing run (materialize_all)."""
    from assets.automation import all_assets_job
    from assets.settings import ROLE_TAG

    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    with _instance_at(home) as instance:
        queue = instance.run_coordinator.get_run_queue_config()
    assert queue.max_concurrent_runs == 1
    assert queue.tag_concurrency_limits == [{"key": ROLE_TAG, "value": "publish", "limit": 1}]
    assert all_assets_job.tags[ROLE_TAG] == "publish"
