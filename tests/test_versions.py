"""One code identity per stage: computed from the stage's own code, data files and libraries, never bumped by hand.

The same fingerprint keys the caches, is the assets' Dagster code_version and makes the snapshot's code_version,
so `newsetl run` never answers "up to date" after the code or its data changed."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SAMPLES_DIR, computed_counts

from pipeline.infra import versions
from pipeline.infra.versions import STAGES, closure, fingerprint, pipeline_code_version

#: Licence texts ship beside the data but shape no output.
NOT_DATA = {"WORDNET_LICENSE"}


def _copy_of_pipeline(tmp_path: Path) -> Path:
    copy = tmp_path / "pipeline"
    shutil.copytree(REPO / "pipeline", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _readers_of(data_file: str) -> set[str]:
    return {stage for stage in STAGES if data_file in closure(stage).data_files}


def test_a_stage_covers_its_imports_and_no_other_stages_code():
    assert "pipeline.tag.tone" not in closure("clean").modules  # tone is a sentence/document stage's business
    assert "pipeline.tag.tone" in closure("sentences").modules
    assert (
        "pipeline.despin.restore" in closure("clean").modules
    )  # through articles -> despin, read from the imports
    assert closure("quotes").modules == (
        "pipeline.core.column_descriptions",  # the models' field descriptions
        "pipeline.core.constants",  # through the quotes model, whose dtypes the quotes frame takes
        "pipeline.core.schemas",
        "pipeline.stages.documents",  # the hub, its own source only
        "pipeline.tag.quotes",
        "pipeline.text.quote_marks",
    )
    assert "ftfy" in closure("clean").libraries and "ftfy" not in closure("quotes").libraries
    assert _readers_of("gazetteer.json") >= {"entities", "entity_mentions"}
    assert not _readers_of("gazetteer.json") & {"paragraphs", "issues", "numbers", "quotes"}
    assert _readers_of("taxonomy.json") >= {"issues"}


def test_every_data_file_is_covered_by_some_stage():
    data = {
        path.name for path in (REPO / "pipeline" / "reference" / "data").iterdir() if path.is_file()
    } - NOT_DATA
    covered = {name for stage in STAGES for name in closure(stage).data_files}
    assert data <= covered, f"data files no stage's fingerprint covers: {sorted(data - covered)}"


def test_editing_a_data_file_changes_exactly_the_stages_that_read_it_and_reverting_restores_them(tmp_path):
    copy = _copy_of_pipeline(tmp_path)
    before = {stage: fingerprint(stage, copy) for stage in STAGES}
    assert before == {stage: fingerprint(stage) for stage in STAGES}  # the copy is this checkout's code
    gazetteer = copy / "reference" / "data" / "gazetteer.json"
    original = gazetteer.read_bytes()
    gazetteer.write_bytes(original.replace(b'"', b'"', 1) + b"\n")  # one byte more
    edited = {stage: fingerprint(stage, copy) for stage in STAGES}
    assert {stage for stage in STAGES if edited[stage] != before[stage]} == _readers_of("gazetteer.json")
    gazetteer.write_bytes(original)
    assert {stage: fingerprint(stage, copy) for stage in STAGES} == before


def test_editing_tone_changes_the_stages_that_import_it_and_not_clean(tmp_path):
    copy = _copy_of_pipeline(tmp_path)
    before = {stage: fingerprint(stage, copy) for stage in STAGES}
    tone = copy / "tag" / "tone.py"
    assert tone.is_file()  # appending to a missing file would create it and change nothing
    with tone.open("a", encoding="utf-8") as handle:
        handle.write("\nTONE_EDITED = True\n")
    after = {stage: fingerprint(stage, copy) for stage in STAGES}
    changed = {stage for stage in STAGES if after[stage] != before[stage]}
    assert changed == {stage for stage in STAGES if "pipeline.tag.tone" in closure(stage).modules}
    assert "clean" not in changed and {"sentences", "documents"} <= changed


def test_a_library_upgrade_changes_the_stages_that_keep_its_output(monkeypatch):
    before = {stage: fingerprint(stage) for stage in STAGES}
    real = versions.installed_version
    monkeypatch.setattr(versions, "installed_version", lambda name: "99.0" if name == "ftfy" else real(name))
    changed = {stage for stage in STAGES if fingerprint(stage) != before[stage]}
    assert changed == {stage for stage in STAGES if "ftfy" in closure(stage).libraries}
    assert "clean" in changed and "quotes" not in changed


# --- the whole CLI, on a copy of the checkout ---------------------------------------------------------------------


def _checkout(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    root.mkdir()
    for package in ("pipeline", "assets", "newsetl"):
        shutil.copytree(REPO / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "dagster.yaml", root / "dagster.yaml")
    shutil.copytree(SAMPLES_DIR, root / "raw", ignore=shutil.ignore_patterns("README.md"))
    return root


def _run(root: Path, home: Path) -> dict:
    env = os.environ | {"PYTHONPATH": str(root), "DAGSTER_HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"}
    env = {k: v for k, v in env.items() if not k.startswith("NEWSETL_")}
    run = subprocess.run([sys.executable, "-m", "newsetl", "run", "--json"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=600)  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:] + run.stdout[-3000:]
    return json.loads(run.stdout)


def _computed(home: Path, run_id: str) -> dict[str, int]:
    """Documents each cached stage computed in run ``run_id`` (from the instance's materialization records)."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        records = instance.get_records_for_run(
            run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
        ).records
    return computed_counts(
        record.event_log_entry.dagster_event.event_specific_data.materialization for record in records
    )


#: The assets whose materializations report a stage's cache counts.
STAGE_ASSETS = {
    "clean": {"articles", "cleaning_edits", "quarantine"},
    "documents": {"documents"},
    "paragraphs": {"paragraphs"},
    "sentences": {"sentences"},
    "entities": {"entities"},
    "entity_mentions": {"entity_mentions"},
    "issues": {"issue_mentions"},
    "quotes": {"quotes"},
    "numbers": {"mentions_numeric"},
}


def test_newsetl_run_recomputes_what_an_edit_touches_publishes_and_publishes_again_on_revert(tmp_path):
    root, home = _checkout(tmp_path), tmp_path / "home"
    home.mkdir()
    shutil.copy2(REPO / "dagster.yaml", home / "dagster.yaml")
    first = _run(root, home)
    assert first["summary"]["created"]
    assert _run(root, home)["up_to_date"]  # nothing changed: answered from the snapshot log

    # An alias no sample contains: the code changed, the data did not.
    gazetteer = root / "pipeline" / "reference" / "data" / "gazetteer.json"
    original = gazetteer.read_text(encoding="utf-8")
    entries = json.loads(original)
    entries["entities"][0]["aliases"].append("Republic of Nowhere-in-the-samples")
    gazetteer.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    edited = _run(root, home)
    assert not edited.get("up_to_date") and edited["summary"]["created"]  # published under the new code
    assert edited["summary"]["code_version"] != first["summary"]["code_version"]
    readers = {stage for stage in STAGES if "gazetteer.json" in closure(stage, root / "pipeline").data_files}
    recomputed = {asset for asset, n in _computed(home, edited["run_id"]).items() if n}
    assert recomputed == {asset for stage in readers & set(STAGE_ASSETS) for asset in STAGE_ASSETS[stage]}
    assert {"entities", "entity_mentions"} <= recomputed and "paragraphs" not in recomputed

    gazetteer.write_text(original, encoding="utf-8")
    reverted = _run(root, home)
    assert reverted["summary"]["created"]  # the warehouse held the edited code's snapshot: publish again
    assert reverted["summary"]["code_version"] == first["summary"]["code_version"]

    tone = root / "pipeline" / "tag" / "tone.py"
    assert tone.is_file()
    with tone.open("a", encoding="utf-8") as handle:
        handle.write("\nTONE_EDITED = True\n")
    toned = _run(root, home)
    recomputed = {asset for asset, n in _computed(home, toned["run_id"]).items() if n}
    assert "articles" not in recomputed and "sentences" in recomputed
    assert pipeline_code_version() == first["summary"]["code_version"]  # this checkout's code is untouched
