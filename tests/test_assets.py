"""The Dagster graph: definitions load, slices materialize on temporary folders, blocking checks stop a publish."""

import json
import warnings
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from conftest import SAMPLE_SNAPSHOT_COUNTS, SAMPLES_RAW_VERSION, computed_counts
from dagster._core.definitions.observe import observe  # not re-exported at the top level

from assets.definitions import defs
from assets.graph import ASSETS, CHECKS, PUBLISH_SELECTION
from assets.raw import raw_files
from assets.resources import build_resources

warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")


def _materialize(raw_dir: Path, warehouse: Path, selection=None, asset_checks=CHECKS):
    return dg.materialize(
        [*ASSETS, *asset_checks],
        resources=build_resources(raw_dir, warehouse),
        selection=PUBLISH_SELECTION if selection is None else selection,
        raise_on_error=False,
    )


def test_definitions_load_with_schedule_sensor_and_checks():
    repo = defs.get_repository_def()
    keys = {key.to_user_string() for key in repo.asset_graph.get_all_asset_keys()}
    assert {
        "raw_files",
        "documents",
        "sentences",
        "entity_mentions",
        "doc_issues",
        "warehouse_snapshot",
    } <= keys
    assert repo.get_schedule_def("daily_refresh").cron_schedule
    assert repo.get_sensor_def("raw_files_sensor")
    assert len(repo.asset_graph.asset_check_keys) >= 14
    assert all(repo.asset_graph.get(key).description for key in repo.asset_graph.get_all_asset_keys())


def test_a_slice_materializes_on_temporary_folders(raw_dir: Path, warehouse_file: Path):
    result = _materialize(
        raw_dir,
        warehouse_file,
        selection=["raw_manifest", "articles", "cleaning_edits", "quarantine", "paragraphs"],
    )
    assert result.success
    paragraphs = result.output_for_node("paragraphs")
    assert set(paragraphs["kind"]) >= {"headline", "body", "caption", "byline", "heading"}
    assert not warehouse_file.exists()  # nothing published by a slice that stops before publishing


def test_full_graph_publishes_and_every_raw_file_is_accounted_for(raw_dir: Path, warehouse_file: Path):
    (raw_dir / "empty.txt").write_bytes(b"")
    (raw_dir / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    (raw_dir / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    (raw_dir / "feed.jsonl").write_text(
        json.dumps(
            {
                "id": "k1",
                "text": "서울과 도쿄가 정상회담을 열었다. 양국은 협력을 강화하기로 했다.",
                "outlet": "Yonhap",
            }
        )
        + "\n{broken\n",
        encoding="utf-8",
    )
    result = _materialize(raw_dir, warehouse_file)
    assert result.success
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations["readable"] and all(evaluations.values())
    assert {"schema", "offsets", "nothing_lost"} <= set(evaluations)
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        docs = con.sql("SELECT source_path, language FROM documents ORDER BY source_path").fetchall()
        quarantine = dict(
            con.sql("SELECT source_path || coalesce('#' || record, ''), reason FROM quarantine").fetchall()
        )
    assert ("feed.jsonl", "ko") in docs
    assert len(docs) == 6
    assert quarantine == {
        "binary.txt": "binary_content",
        "empty.txt": "empty_file",
        "photo.jpg": "unsupported_file_type",
        "feed.jsonl#2": "invalid_json",
    }


def test_a_failing_blocking_check_stops_the_publish(raw_dir: Path, warehouse_file: Path):
    @dg.asset_check(asset="documents", blocking=True, description="a rule that always fails, for this test")
    def always_fails(documents: pl.DataFrame) -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=False, metadata={"failing_rows": documents.height})

    result = _materialize(raw_dir, warehouse_file, asset_checks=[*CHECKS, always_fails])
    assert not result.success
    assert not warehouse_file.exists()
    evaluations = result.get_asset_check_evaluations()
    assert any(e.check_name == "always_fails" and not e.passed for e in evaluations)


def test_schema_check_names_the_rule_and_rows(raw_dir: Path, warehouse_file: Path):
    assert _materialize(
        raw_dir, warehouse_file, selection=["raw_manifest", "articles", "cleaning_edits", "quarantine"]
    ).success
    staged = warehouse_file.parent / ".staging" / "cleaning_edits.parquet"
    frame = pl.read_parquet(staged)
    broken = frame.with_columns(pl.lit("not_a_step").alias("step"))
    from pipeline.core.schemas import CleaningEdits

    with pytest.raises(Exception, match="not_a_step"):
        CleaningEdits.validate(broken, lazy=True)


def test_raw_files_observation_tracks_the_manifest(raw_dir: Path, warehouse_file: Path):
    from pipeline.ingest.manifest import describe_raw, manifest_sha256

    def observed_version() -> str:
        result = observe([raw_files], resources=build_resources(raw_dir, warehouse_file))
        (observation,) = result.asset_observations_for_node("raw_files")
        return observation.tags["dagster/data_version"]

    before = observed_version()
    (raw_dir / "new.txt").write_text("Tokyo and Seoul agreed to resume talks on Monday.")
    after = observed_version()
    assert before != after == manifest_sha256(describe_raw(raw_dir))


def test_sensor_requests_a_run_whenever_raw_differs_from_the_current_snapshot(raw_dir: Path, monkeypatch):
    """The warehouse decides, not the sensor's memory: raw/ back at a state it had before still gets a run when
    the current snapshot was built from another one. Each request has a key of its own (Dagster drops repeats)."""
    import uuid

    from assets.automation import raw_files_sensor, raw_request

    monkeypatch.setenv("NEWSETL_RAW_DIR", str(raw_dir))
    monkeypatch.setenv("NEWSETL_WAREHOUSE", str(raw_dir.parent / "none" / "news.duckdb"))  # nothing published
    with dg.DagsterInstance.ephemeral() as instance:

        def evaluate(cursor, version=None, published=None):
            context = dg.build_sensor_context(cursor=cursor, instance=instance)
            if version is None:
                return raw_files_sensor(context)
            return raw_request(context, version, published)

        first = evaluate(None)
        a = first.cursor
        assert len(first.run_requests) == 1
        # the sensor also records raw/'s data version, so the UI can mark downstream assets stale
        assert first.asset_events[0].tags["dagster/data_version"] == a
        # requested, not published, nothing running: that run failed; asking again every minute would loop
        assert "did not publish" in evaluate(a).skip_message
        (raw_dir / "added.txt").write_text("A new article on the Chosei coal mine excavation.")
        changed = evaluate(a)
        b = changed.cursor
        assert b != a and changed.run_requests[0].run_key != first.run_requests[0].run_key
        # B was published; then the added file is removed again: raw/ is back at A, which the sensor has seen
        assert evaluate(b, b, published=b).skip_reason.skip_message.startswith(
            "the current snapshot was built from"
        )
        back = evaluate(b, a, published=b)
        assert len(back.run_requests) == 1 and back.cursor == a
        assert back.run_requests[0].run_key not in {
            r.run_key for r in [*first.run_requests, *changed.run_requests]
        }
        # while a publishing run is on its way (queued or running), nothing more is requested
        instance.add_run(dg.DagsterRun(job_name="materialize_all", run_id=str(uuid.uuid4()),
                                       status=dg.DagsterRunStatus.STARTED))  # fmt: skip
        assert "queued or running" in evaluate(b, a, published=b).skip_message


def test_the_sensor_reads_the_raw_version_the_current_snapshot_was_built_from(sample_warehouse: Path):
    from assets.automation import published_raw_version
    from pipeline.ingest.manifest import raw_version

    raw = sample_warehouse.parent.parent / "raw"
    assert published_raw_version(sample_warehouse) == raw_version(raw) == SAMPLES_RAW_VERSION
    assert published_raw_version(sample_warehouse.parent / "missing.duckdb") is None


def test_a_landing_folder_without_a_single_document_still_publishes(tmp_path: Path, warehouse_file: Path):
    # Every table must survive zero rows: an empty day is a snapshot, not a failed run.
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    result = _materialize(raw, warehouse_file)
    assert result.success
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        counts = {
            table: con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            for table in ("documents", "duplicates", "stories", "quotes", "mentions_numeric", "quarantine")
        }
    assert counts == {
        "documents": 0, "duplicates": 0, "stories": 0, "quotes": 0, "mentions_numeric": 0, "quarantine": 1,
    }  # fmt: skip


KOREAN_ARTICLE = (
    "이재명 대통령, 나라에서 다카이치 총리와 정상회담\n"
    "이재명 대통령은 13일 일본 나라현에서 다카이치 사나에 총리와 정상회담을 열었다. "
    "이 대통령은 셔틀 외교를 이어가겠다고 말했다.\n"
    "두 정상은 독도 문제와 강제징용 배상 문제는 논의하지 않았다. 양국은 인공지능 협력을 강화하기로 했다."
)
MIXED_ARTICLE = (
    "Seoul and Tokyo agree to keep talking\n"
    "South Korea and Japan agreed on Tuesday to keep their leaders meeting every year, officials said.\n"
    "정부는 양국 정상이 매년 만나기로 합의했다고 밝혔다. 외교부는 후속 협의를 이어갈 예정이다.\n"
    "The agreement covers trade, security and exchanges between young people in both countries."
)
JAPANESE_ARTICLE = (
    "高市首相、李大統領と奈良で会談\n"
    "高市早苗首相は13日、奈良市で韓国の李在明大統領と会談した。両首脳はシャトル外交の継続で一致した。\n"
    "竹島の問題や慰安婦問題は取り上げられなかった。「未来志向の関係を築きたい」と高市首相は述べた。"
)


def test_korean_and_japanese_articles_go_through_the_same_graph(tmp_path: Path, warehouse_file: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "wire.jsonl").write_text(
        "\n".join(
            json.dumps(
                {"id": key, "text": text, "published": "2026-01-14", "outlet": outlet}, ensure_ascii=False
            )
            for key, text, outlet in (
                ("k1", KOREAN_ARTICLE, "Yonhap"),
                ("j1", JAPANESE_ARTICLE, "Kyodo"),
                ("m1", MIXED_ARTICLE, "Wire"),
            )
        ),
        encoding="utf-8",
    )
    assert _materialize(raw, warehouse_file).success
    with duckdb.connect(str(warehouse_file), read_only=True) as con:

        def rows(sql: str) -> set[tuple]:
            return set(con.sql(sql).fetchall())

        languages = rows("SELECT outlet, language FROM documents")
        paragraph_languages = rows(
            "SELECT DISTINCT d.outlet, p.language FROM paragraphs p JOIN documents d USING (doc_id)"
        )
        sentence_counts = dict(
            rows("SELECT d.outlet, count(*) FROM sentences s JOIN documents d USING (doc_id) GROUP BY 1")
        )
        mentions = rows(
            "SELECT d.outlet, m.entity_id, m.surface FROM entity_mentions m JOIN documents d USING (doc_id)"
        )
        doc_issues = rows("SELECT d.outlet, i.issue_id FROM doc_issues i JOIN documents d USING (doc_id)")
        headlines = rows(
            "SELECT d.outlet, p.text FROM paragraphs p JOIN documents d USING (doc_id) WHERE p.kind = 'headline'"
        )
    assert languages == {("Yonhap", "ko"), ("Kyodo", "ja"), ("Wire", "en")}
    # language per paragraph too, so the Korean paragraph of an English article is visible
    assert paragraph_languages == {("Yonhap", "ko"), ("Kyodo", "ja"), ("Wire", "en"), ("Wire", "ko")}
    assert headlines == {
        ("Yonhap", "이재명 대통령, 나라에서 다카이치 총리와 정상회담"),
        ("Kyodo", "高市首相、李大統領と奈良で会談"),
        ("Wire", "Seoul and Tokyo agree to keep talking"),
    }
    # split on their own punctuation: 다. / 。 and the closing 」 kept with its sentence
    assert sentence_counts == {"Yonhap": 5, "Kyodo": 5, "Wire": 5}
    for expected in [
        ("Yonhap", "person:lee_jae_myung", "이재명 대통령"),
        ("Yonhap", "person:lee_jae_myung", "이"),  # 이 대통령, resolved by the article's date
        ("Yonhap", "person:sanae_takaichi", "다카이치 사나에"),
        ("Yonhap", "place:dokdo", "독도"),
        ("Kyodo", "person:sanae_takaichi", "高市早苗"),
        ("Kyodo", "person:lee_jae_myung", "李在明大統領"),
        ("Kyodo", "person:lee_jae_myung", "李"),  # 李大統領 in the headline, resolved by the date
        ("Kyodo", "place:dokdo", "竹島"),  # the disputed name the article chose
    ]:
        assert expected in mentions, expected
    for expected in [
        ("Yonhap", "territorial_dispute"),
        ("Yonhap", "forced_labor"),  # discussed as "not addressed" is still discussed
        ("Yonhap", "shuttle_diplomacy"),
        ("Yonhap", "technology_ai"),
        ("Kyodo", "territorial_dispute"),
        ("Kyodo", "comfort_women"),
        ("Kyodo", "shuttle_diplomacy"),
    ]:
        assert expected in doc_issues, expected


#: The assets whose per-document work is cached between runs.
CACHED_STAGES = {"articles", "paragraphs", "sentences", "entities", "mentions_numeric", "documents", "quotes"}


def _computed(result) -> dict[str, int]:
    return computed_counts(event.materialization for event in result.get_asset_materialization_events())


def _published(result) -> dict:
    event = next(
        e for e in result.get_asset_materialization_events() if e.asset_key.path == ["warehouse_snapshot"]
    )
    return {key: value.value for key, value in event.materialization.metadata.items()}


def test_a_second_run_reuses_every_per_document_stage(raw_dir: Path, warehouse_file: Path):
    first = _materialize(raw_dir, warehouse_file)
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        before = con.sql("SELECT * FROM sentences ORDER BY doc_id, sentence_idx").pl()
    second = _materialize(raw_dir, warehouse_file)
    assert first.success and second.success
    cold, warm = _computed(first), _computed(second)
    assert set(cold) >= CACHED_STAGES
    assert set(cold.values()) == {5} and set(warm.values()) == {0}
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        after = con.sql("SELECT * FROM sentences ORDER BY doc_id, sentence_idx").pl()
    assert before.equals(after)
    assert after.height == SAMPLE_SNAPSHOT_COUNTS["n_sentences"]


def test_a_table_breaking_its_schema_stops_its_own_step_before_it_is_written(
    raw_dir: Path, warehouse_file: Path, monkeypatch
):
    """The check runs inside the step that produced the table: recorded as failed with the rule, then the step
    fails, so the broken frame is never staged and nothing downstream (the publish) runs."""
    import pandera.polars as pa

    from pipeline.core import schemas

    class NeedsAColumnNobodyWrites(pa.DataFrameModel):
        not_a_column: pl.String

    monkeypatch.setitem(schemas.TABLE_MODELS, "paragraphs", NeedsAColumnNobodyWrites)
    result = _materialize(raw_dir, warehouse_file)
    assert not result.success
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [(e.asset_key.to_user_string(), e.check_name) for e in failed] == [("paragraphs", "schema")]
    assert "not_a_column" in failed[0].metadata["failures"].value
    assert not (warehouse_file.parent / ".staging" / "paragraphs.parquet").exists()
    assert not warehouse_file.exists()


def test_every_asset_built_from_raw_shows_stale_once_raw_changes(raw_dir: Path, warehouse_file: Path):
    """What the UI shows: after a publish everything is fresh; once a new version of raw/ is observed (the sensor
    and `newsetl run` record it), every asset built from raw/ is stale before any run, not only raw_manifest."""
    from dagster._core.definitions.data_version import StaleStatus
    from dagster._utils.test.data_versions import get_stale_status_resolver

    from assets.raw import raw_files_observation
    from pipeline.ingest.manifest import raw_version

    with dg.DagsterInstance.ephemeral() as instance:
        instance.report_runless_asset_event(raw_files_observation(raw_version(raw_dir)))
        result = dg.materialize(
            [*ASSETS, *CHECKS],
            resources=build_resources(raw_dir, warehouse_file),
            selection=PUBLISH_SELECTION,
            instance=instance,
            raise_on_error=False,
        )
        assert result.success
        built = sorted(PUBLISH_SELECTION.resolve(defs.resolve_asset_graph()), key=str)

        def stale() -> set[str]:
            resolver = get_stale_status_resolver(instance, ASSETS)
            return {key.to_user_string() for key in built if resolver.get_status(key) == StaleStatus.STALE}

        assert stale() == set()
        (raw_dir / "added.txt").write_text(
            "A new article on the Chosei coal mine excavation.", encoding="utf-8"
        )
        instance.report_runless_asset_event(raw_files_observation(raw_version(raw_dir)))
        # Everything but `issues`, which is read from the taxonomy file, not from raw/.
        assert stale() == {key.to_user_string() for key in built} - {"issues"}
        assert len(built) == 19  # raw_manifest, 16 tables, warehouse_snapshot and warehouse_report
        resolver = get_stale_status_resolver(instance, ASSETS)
        causes = resolver.get_stale_causes(dg.AssetKey("documents"))
        assert [(c.reason, c.dependency.asset_key.to_user_string()) for c in causes] == [
            ("has a new dependency data version", "raw_files")
        ]


def test_materialize_all_launches_one_run_that_publishes_without_a_partition(
    raw_dir: Path, warehouse_file: Path, monkeypatch
):
    """ "Materialize all" on the lineage page launches the implicit job of every asset with no partition chosen
    (there is none to choose), as does the job page's `materialize_all`; both publish in one run."""
    from assets import executor

    monkeypatch.setenv("NEWSETL_WAREHOUSE", str(warehouse_file))  # the executor's run lock
    definitions = dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        resources=build_resources(raw_dir, warehouse_file),
        executor=executor.run_executor,
    )
    graph = definitions.resolve_asset_graph()
    assert not any(graph.get(key).is_partitioned for key in graph.get_all_asset_keys())
    whole = definitions.resolve_implicit_global_asset_job_def()
    with dg.DagsterInstance.ephemeral() as instance:
        result = whole.execute_in_process(
            instance=instance,
            asset_selection=list(PUBLISH_SELECTION.resolve(graph)),
            raise_on_error=False,
        )
    assert result.success
    assert _published(result)["n_documents"] == SAMPLE_SNAPSHOT_COUNTS["n_documents"]
    assert warehouse_file.exists()


def test_a_table_its_cache_holds_row_for_row_is_stored_once(raw_dir: Path, warehouse_file: Path):
    """The staged paragraphs, sentences, quotes and numeric mentions are the per-document caches' own files (one
    inode, two names), not second copies; tables a step reshapes after its cache (entities, issue mentions, the
    restored articles) are written as Parquet."""
    for run in range(2):  # cold, then everything read back from the caches
        assert _materialize(raw_dir, warehouse_file).success
        staging, cache = warehouse_file.parent / ".staging", warehouse_file.parent / "cache"
        cached_inodes = {path.stat().st_ino for path in cache.rglob("*.arrow")}
        for table in ("paragraphs", "sentences", "quotes", "mentions_numeric"):
            assert (staging / f"{table}.arrow").stat().st_ino in cached_inodes, (run, table)
            assert not (staging / f"{table}.parquet").exists()
        for table in ("articles", "entities", "issue_mentions", "entity_mentions"):
            assert (staging / f"{table}.parquet").exists() and not (staging / f"{table}.arrow").exists()
        with duckdb.connect(str(warehouse_file), read_only=True) as con:
            assert (
                con.sql("SELECT count(*) FROM sentences").fetchall()[0][0]
                == SAMPLE_SNAPSHOT_COUNTS["n_sentences"]
            )


def test_the_sensor_waits_for_a_materialize_all_started_in_the_ui(raw_dir: Path, monkeypatch):
    """The UI's "Materialize all" runs Dagster's implicit __ASSET_JOB, which carries none of materialize_all's
    tags (newsetl/role=publish): the sensor waits for it all the same, as for any run holding the warehouse."""
    import uuid

    from assets.automation import raw_request
    from assets.definitions import defs
    from assets.settings import ROLE_TAG

    ui_job = defs.resolve_implicit_global_asset_job_def()
    assert ui_job.name == "__ASSET_JOB" and ROLE_TAG not in ui_job.tags  # so nothing may depend on the tag
    assert defs.resolve_job_def("materialize_all").tags[ROLE_TAG] == "publish"
    monkeypatch.setenv("NEWSETL_RAW_DIR", str(raw_dir))
    monkeypatch.setenv("NEWSETL_WAREHOUSE", str(raw_dir.parent / "none" / "news.duckdb"))
    for status in (dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTED):  # launched, running
        with dg.DagsterInstance.ephemeral() as instance:

            def evaluate():
                return raw_request(dg.build_sensor_context(instance=instance), "raw-now", "raw-published")

            assert len(evaluate().run_requests) == 1  # nothing running: raw/ differs, so a run is requested
            instance.add_run(dg.DagsterRun(job_name=ui_job.name, run_id=str(uuid.uuid4()), status=status,
                                           tags={"dagster/from_ui": "true"}))  # fmt: skip
            assert evaluate().skip_message == "a run is queued or running; raw/ is compared again after it"


def test_the_observation_a_cli_run_records_takes_the_manifest_it_described(raw_dir: Path, monkeypatch):
    """`newsetl run` describes raw/ to decide freshness and passes the manifest to the run: the observation it
    records at the start reads no file again and says what an observation reading raw/ says."""
    import dagster as dg

    import pipeline.ingest.manifest as manifest_module
    from assets.raw import raw_files_observation
    from newsetl.runner import _record_raw_observation

    monkeypatch.setenv("NEWSETL_RAW_DIR", str(raw_dir))
    monkeypatch.setenv("NEWSETL_WAREHOUSE", str(raw_dir.parent / "none" / "news.duckdb"))
    manifest = manifest_module.describe_raw(raw_dir)
    version = manifest_module.manifest_sha256(manifest)
    described = raw_files_observation(version).metadata  # reads raw/ itself
    reads = []
    describe = manifest_module.describe_raw
    monkeypatch.setattr(manifest_module, "describe_raw", lambda *a, **k: reads.append(a) or describe(*a, **k))

    with dg.DagsterInstance.ephemeral() as instance:
        _record_raw_observation(instance, manifest)
        assert reads == []
        _record_raw_observation(instance)  # no manifest given: raw/ is read, once
        assert len(reads) == 1
        records = instance.fetch_observations(dg.AssetKey("raw_files"), limit=2).records
    for record in records:
        observation = record.asset_observation
        assert observation.tags["dagster/data_version"] == version
        assert observation.metadata == described
        assert observation.metadata["files"].value == 5 and observation.metadata["new_files"].value == 5
