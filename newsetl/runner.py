"""Run the Dagster asset graph in-process — the same definitions the UI uses, not a second code path."""

import os
import time
import warnings

import dagster as dg


def _instance() -> dg.DagsterInstance:
    # With DAGSTER_HOME set (the Makefile sets it to the repo root), CLI runs land in the same instance the UI
    # reads, so staleness and history are shared; without it the run uses a throwaway instance.
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def run_pipeline(*, quiet: bool = False) -> dict:
    """Materialize every asset; return success, failures and the published snapshot's summary."""
    # Dagster flags beta APIs (observable sources, data versions) at import and run time; users need not see that.
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")
    from assets.definitions import defs

    job = defs.resolve_job_def("materialize_all")
    run_config = (
        {"loggers": {"progress": {}}}
        if not quiet
        else {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
    )
    started = time.perf_counter()
    with _instance() as instance:
        _record_raw_observation(instance)
        result = job.execute_in_process(instance=instance, run_config=run_config, raise_on_error=False)
        failures = _failures(result)
        summary = None
        if result.success:
            materialization = next(m for m in result.asset_materializations_for_node("warehouse_snapshot"))
            summary = {key: value.value for key, value in materialization.metadata.items()}
    return {
        "success": result.success and not failures,
        "failures": failures,
        "summary": summary,
        "seconds": time.perf_counter() - started,
        "run_id": result.run_id,
    }


def _record_raw_observation(instance: dg.DagsterInstance) -> None:
    """Record what raw/ holds now, as the UI's "Observe sources" would, so staleness in the UI stays right."""
    from assets.raw import raw_files_observation
    from assets.settings import raw_dir
    from pipeline.manifest import describe_raw, manifest_sha256

    version = manifest_sha256(describe_raw(raw_dir()))
    instance.report_runless_asset_event(raw_files_observation(version))


def _failures(result) -> list[str]:
    messages = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.event_specific_data.error
            messages.append(
                f"step {event.step_key} failed: {error.message.strip() if error else 'unknown error'}"
            )
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                detail = evaluation.metadata.get("failures") or evaluation.metadata.get("sample")
                text = detail.value if detail is not None else ""
                messages.append(
                    f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()} failed"
                    + (f":\n{text}" if text else "")
                )
    return messages
