"""End to end: `newsetl run` on the samples, then every read command against what it published."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLE_SNAPSHOT_COUNTS, SAMPLES_CLEANED, SAMPLES_DIR, SAMPLES_RAW_VERSION
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
    removed = diff["removed"][0]
    # its tags as the text lists them: issues most salient first, entities most mentioned first
    assert (removed["source"], removed["issues"][:2], removed["entities"][:3]) == (
        "001_783aa3b52b0b225f.txt",
        ["history_recognition", "security_cooperation"],
        ["Japan", "Lee Jae-myung", "South Korea"],
    )
    assert (len(removed["issues"]), len(removed["entities"])) == (12, 25)
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
    handed back when it ends), one at a time; the same data as one process; every step's line reaches the
    terminal (a step process's stderr is relayed by Dagster, which can drop its last lines), the clean stage's
    documents done among them, and no step process prints Dagster's beta warnings."""
    import dagster as dg

    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    warehouse = tmp_path / "processes" / "news.duckdb"
    raw = _samples_copy(tmp_path / "raw")
    env = {**published["env"], "NEWSETL_RAW_DIR": str(raw), "NEWSETL_WAREHOUSE": str(warehouse)}
    env |= {
        "DAGSTER_HOME": str(home),
        "NEWSETL_PROGRESS_AFTER_S": "0",
    }  # at 0 every stage shows its documents
    err = _cli("run", "--processes", env=env, cwd=home).stderr.splitlines()
    assert not [line for line in err if "Warning" in line]
    assert err.count(SAMPLES_CLEANED) == 1
    assert err[err.index(SAMPLES_CLEANED) + 1].startswith("  ✓ clean                        done ")
    finished = {line.split()[1] for line in err if line.startswith("  ✓ ")}
    assert finished == {
        *("issues", "raw_manifest", "clean", "paragraphs", "sentences", "document_tables", "entities"),
        *("issue_tables", "mentions_numeric", "entity_mentions", "quotes", "story_tables"),
        *("warehouse_snapshot", "warehouse_report"),
    }
    # the same data as the in-process run of the samples (published's first snapshot)
    assert _latest_snapshot(warehouse) == _latest_snapshot(published["warehouse"], first=True)
    with _instance_at(home) as instance:
        (run,) = instance.get_runs()
        started = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.STEP_WORKER_STARTED)
    steps = {record.event_log_entry.dagster_event.step_key for record in started.records}
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


# --- #25: the CLI for people -------------------------------------------------------------------------------------


def test_tables_fit_the_width_without_dtype_rows_and_say_what_was_cut():
    import datetime as dt

    import polars as pl

    from newsetl.render import table

    frame = pl.DataFrame({
        "snapshot_id": ["20261207T070638Z-9664dc68", "20261207T090841Z-d8c0cea4"],
        "created_at": [dt.datetime(2026, 12, 7, 7, 6, 38, 70743, tzinfo=dt.UTC), None],
        "n_documents": [5, 12345],
        "title": ["Leaders meet, but engagement is thin", "한일 정상회담 나라에서 열려"],
    })  # fmt: skip
    # identifiers stay whole (people copy them); headers give way before values; Hangul is two columns wide
    assert table(frame, width=60).splitlines() == [
        "snapshot_id                created_at    n_do…  title",
        "─────────────────────────  ────────────  ─────  ────────────",
        "20261207T070638Z-9664dc68  2026-12-07 …      5  Leaders mee…",
        "20261207T090841Z-d8c0cea4  NULL          12345  한일 정상회…",
        "(2 rows)",
        "… (46 more characters in 3 cells; --full)",
    ]
    assert table(frame, width=60, full=True).splitlines()[2:9] == [
        "20261207T070638Z-9664dc68  2026-12-07        5  Leaders",
        "                           07:06:38 UTC         meet, but",
        "                                                engagement",
        "                                                is thin",
        "20261207T090841Z-d8c0cea4  NULL          12345  한일 정상회",
        "                                                담 나라에서",
        "                                                열려",
    ]


def test_show_groups_edits_by_step_with_whitespace_visible():
    import polars as pl

    from newsetl.showview import edit_lines

    edits = pl.DataFrame({
        "step": ["whitespace", "whitespace", "despin", "whitespace", "chrome"],
        "rule": ["paragraph_break", "paragraph_break", "reverse_thesaurus", "trailing_whitespace", "contact_footer"],
        "before": ["\n", "\n", "shake palms", "  \n", "\n\nPlease direct questions or feedback to [english@hani.co.kr]"],
        "after": ["\n\n", "\n\n", "shake hands", "", ""],
        "char_start": [10, 20, 80, 300, 250],
        "confidence": [1.0, 1.0, 0.9, 1.0, 1.0],
    })  # fmt: skip
    assert edit_lines(edits, width=80) == [
        "  whitespace (3 edits)",
        "    paragraph_break      ⏎ → ⏎⏎  (×2, 1.00)",
        "    trailing_whitespace  ␠␠⏎ → ∅  (at 300, 1.00)",
        "  despin (1 edit)",
        "    reverse_thesaurus  shake palms → shake hands  (at 80, 0.90)",
        "  chrome (1 edit)",
        "    contact_footer  ⏎⏎Please direct questions or feedback t… → ∅  (at 250, 1.00)",  # 80 columns
        "  … (22 more characters; --full)",
    ]
    assert edit_lines(edits, width=80, full=True)[-1].endswith("[english@hani.co.kr] → ∅  (at 250, 1.00)")


def test_word_diff_marks_removed_and_added_words_with_context():
    from newsetl.diffview import word_diff

    old = (
        "The leaders shake palms ahead of their summit in Nara on Tuesday and talk for an hour about history."
    )
    new = "The leaders shake hands ahead of their summit in Nara on Tuesday and talk for an hour about history and trade."
    assert word_diff(old, new) == [
        "The leaders shake [-palms-] {+hands+} ahead of their summit in Nara …",
        "… and talk for an hour about [-history.-] {+history and trade.+}",
    ]
    assert word_diff(old, old) == []


def test_snapshots_are_named_by_unique_prefix_latest_or_previous():
    from newsetl.diffview import SnapshotNotFound, resolve_snapshot

    con = duckdb.connect()
    con.sql("CREATE TABLE snapshots (snapshot_id VARCHAR, created_at TIMESTAMP)")
    con.sql("INSERT INTO snapshots VALUES ('20261207T070638Z-9664dc68', '2026-12-07 07:06:38'), "
            "('20261207T090841Z-d8c0cea4', '2026-12-07 09:08:41'), ('20261208T000000Z-0a0b0c0d', '2026-12-08')")  # fmt: skip
    assert resolve_snapshot(con, "latest") == "20261208T000000Z-0a0b0c0d"
    assert resolve_snapshot(con, "previous") == "20261207T090841Z-d8c0cea4"
    assert resolve_snapshot(con, "20261207T07") == "20261207T070638Z-9664dc68"
    with pytest.raises(SnapshotNotFound) as ambiguous:
        resolve_snapshot(con, "20261207")
    assert str(ambiguous.value) == (
        "snapshot prefix '20261207' is ambiguous: it matches 20261207T070638Z-9664dc68, 20261207T090841Z-d8c0cea4"
    )
    with pytest.raises(SnapshotNotFound, match=r"unknown snapshot 'x'; known: 20261207T070638Z-9664dc68, "):
        resolve_snapshot(con, "x")


def test_stage_lines_stay_aligned_whatever_the_step_name():
    from assets.progress import stage_line

    lines = [
        stage_line("✓", "clean", "done", 3.864, 5000, 1000),
        stage_line("✓", "cleaning_edits_cleaning_edits_schema", "done", 0.1),
    ]
    assert lines == [
        "  ✓ clean                        done       3.86s  5,000 documents (4,000 computed, 1,000 reused), 1,035/s",
        "  ✓ cleaning_edits_cleaning_edi… done       0.10s",
    ]
    assert lines[0].index(" done ") == lines[1].index(" done ")


def test_a_json_quarantine_detail_reads_without_doubled_words(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": "abc', encoding="utf-8")
    run = _cli("clean", str(bad), check=False)
    assert run.returncode == 2
    assert run.stderr == "quarantined: invalid_json: Unterminated string starting at line 1 column 10\n"


def test_run_says_what_it_does_from_start_up_and_each_stage_with_its_documents(published):
    err = published["run"].stderr.splitlines()
    assert err[0] == "starting Dagster …"
    clean = next(line for line in err if line.startswith("  ✓ clean "))
    assert clean.endswith("  5 documents")  # the first run computes all five
    assert "\r" not in published["run"].stderr  # not a terminal: plain lines, no live line


def test_an_unchanged_run_says_nothing_changed_as_the_readme_does(published):
    out = _cli("run", env=published["env"]).stdout
    assert out.startswith("nothing changed: snapshot ")
    assert "already holds this data" in out.splitlines()[0]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "it says `nothing changed: snapshot … already holds this data`" in readme


def test_read_commands_print_tables_for_people(published):
    env = published["env"] | {"COLUMNS": "80"}
    out = _cli("snapshots", env=env).stdout
    lines = out.splitlines()
    assert lines[0].split() == ["snapshot_id", "created_at", "n_f…", "n_d…", "n_q…", "n_d…", "n_s…",
                                "code_versi…"]  # fmt: skip
    ids = [s["snapshot_id"] for s in json.loads(_cli("snapshots", "--json", env=env).stdout)]
    assert [line.split()[0] for line in lines[2 : 2 + len(ids)]] == ids  # whole, to copy into `diff`
    assert lines[1].startswith("────") and lines[2 + len(ids)] == f"({len(ids)} row{'s' * (len(ids) > 1)})"
    # created_at and code_version were cut to fit 80 columns: the last line says by how much
    assert re.fullmatch(r"… \(\d+ more characters in \d+ cells; --full\)", lines[-1])
    assert all(len(line) <= 80 for line in lines) and "str" not in lines[1] and "---" not in out
    shown = _cli("sql", "SELECT doc_id, text FROM documents ORDER BY doc_id LIMIT 2", env=env).stdout
    assert shown.splitlines()[-1].startswith("… (") and shown.splitlines()[-1].endswith("; --full)")
    assert all(len(line) <= 80 for line in shown.splitlines())


def test_show_prints_metadata_then_text_then_edits_by_step(published):
    with duckdb.connect(str(published["warehouse"]), read_only=True) as con:
        doc_id = con.sql(
            "SELECT doc_id FROM documents WHERE source_path = ?", params=[SPUN_SAMPLE]
        ).fetchall()[0][0]
    out = _cli("show", doc_id, env=published["env"] | {"COLUMNS": "100"}).stdout
    lines = out.splitlines()
    assert lines[:4] == [f"doc_id                {doc_id}", f"source_path           {SPUN_SAMPLE}",
                         "title                 NULL", "outlet                The Hankyoreh"]  # fmt: skip
    text_at = lines.index("text (636 words):")
    edits_at = lines.index("cleaning edits (136), by step:")
    n_issues = len(json.loads(_cli("show", doc_id, "--json", env=published["env"]).stdout)["issues"])
    assert text_at < lines.index(f"issues ({n_issues}):") < edits_at
    assert lines[edits_at + 1 : edits_at + 4] == [
        "  whitespace (16 edits)",
        "    paragraph_break      ⏎ → ⏎⏎  (×15, 1.00)",
        "    trailing_whitespace  ⏎ → ∅  (at 4346, 1.00)",
    ]
    assert "    reverse_thesaurus  shake palms → shake hands  (at 80, 0.90)" in lines
    assert all(len(line) <= 100 for line in lines)


def test_diff_names_snapshots_by_prefix_and_shows_words_and_tags(published, tmp_path):
    raw = _samples_copy(tmp_path / "raw")
    env = published["env"] | {
        "NEWSETL_RAW_DIR": str(raw),
        "NEWSETL_WAREHOUSE": str(tmp_path / "w" / "news.duckdb"),
    }
    env["COLUMNS"] = "100"
    _cli("run", "--quiet", env=env)
    (raw / "new.txt").write_text(
        "Seoul and Tokyo agreed on Friday to expand youth exchanges.\n", encoding="utf-8"
    )
    edited = raw / "000_24727959cc5582db.txt"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("summit", "summit meeting", 1), encoding="utf-8"
    )
    _cli("run", "--quiet", env=env)
    old, new = [s["snapshot_id"] for s in json.loads(_cli("snapshots", "--json", env=env).stdout)]
    out = _cli("diff", env=env).stdout  # previous → latest
    assert out == _cli("diff", old[:-3], "latest", env=env).stdout  # a unique prefix names the same snapshot
    assert out.splitlines() == [
        f"{old} → {new}: 1 document added, 0 removed, 1 changed; tags on kept documents: 0 gained, 0 lost",
        "",
        "added (1):",
        "  11f8ad13b4f875d3  new.txt",
        "    issues (1): people_exchange",
        "    entities (2): Seoul, Tokyo",
        "",
        "changed (1):",
        "  17edf4756e43dec7  Leaders meet, but enduring rifts remain in Japan-S. Korea ties",
        "    … Takaichi sought to use the summit {+meeting+} to deflect criticism over her government's …",
    ]
    # --json lists the same tags for added (and removed) documents as the text does.
    payload = json.loads(_cli("diff", "previous", "latest", "--json", env=env).stdout)
    assert [{k: d[k] for k in ("doc_id", "source", "issues", "entities")} for d in payload["added"]] == [
        {"doc_id": "11f8ad13b4f875d3", "source": "new.txt", "issues": ["people_exchange"],
         "entities": ["Seoul", "Tokyo"]},
    ]  # fmt: skip
    assert payload["removed"] == [] and [d["doc_id"] for d in payload["changed"]] == ["17edf4756e43dec7"]
    ambiguous = _cli("diff", old[:2], "latest", env=env, check=False)
    assert ambiguous.returncode == 2
    assert ambiguous.stderr == f"newsetl: snapshot prefix {old[:2]!r} is ambiguous: it matches {old}, {new}\n"
