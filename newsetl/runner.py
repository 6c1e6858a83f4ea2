"""Run the Dagster asset graph in-process — the same definitions the UI uses, not a second code path."""

import contextlib
import os
import sys
import time

import dagster as dg


def _instance() -> dg.DagsterInstance:
    # With DAGSTER_HOME set (`newsetl run` sets it to the checkout's .dagster/: newsetl/instance.py), runs land in
    # the instance the UI reads, so staleness and history are shared; unset or empty, a throwaway instance.
    from newsetl.interrupts import record_runs_in_instance

    record_runs_in_instance()  # opened first by the signal handling, before the run's own opening
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def _run_config(quiet: bool) -> dict:
    # assets/progress.py's logger: stage lines and documents done; quiet names none but the console logger,
    # raised past everything a run logs.
    from assets.progress import LOGGER_KEY

    if quiet:
        return {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
    return {"loggers": {LOGGER_KEY: {}}}


def publishing_job() -> dg.JobDefinition:
    """The publishing job, as a step process of the multiprocess executor rebuilds it (``dg.reconstructable``)."""
    from assets.definitions import defs

    return defs.resolve_job_def("materialize_all")


def run_pipeline(
    *,
    quiet: bool = False,
    processes: bool = False,
    raw_manifest=None,
    handle_signals: bool = True,
) -> dict:
    """Materialize every asset; see ``_run``. SIGINT or SIGTERM stops it within seconds, worker processes too,
    and ends the process with 130 or 143 (``newsetl/interrupts.py``); ``handle_signals=False`` when the caller
    has set that up already (``newsetl run`` does, before it waits for the warehouse and hashes raw/)."""
    from newsetl.interrupts import stopping_on_signals

    if not handle_signals:
        return _run(quiet=quiet, processes=processes, raw_manifest=raw_manifest)
    with stopping_on_signals():
        return _run(quiet=quiet, processes=processes, raw_manifest=raw_manifest)


def _run(*, quiet: bool, processes: bool, raw_manifest) -> dict:
    """Materialize every asset; return success, failures and the published snapshot's summary.

    With ``processes``, every step runs in a process of its own, one at a time (Dagster's multiprocess
    executor): slower to start, but the run's memory peak is its largest step's. ``raw_manifest`` is raw/'s
    manifest (``describe_raw``) when the caller has read it already (`newsetl run` has, for its freshness check):
    raw/ is then not read again."""
    from assets.automation import owner_tags

    job = publishing_job()
    run_config = _run_config(quiet)
    started = time.perf_counter()
    with _instance() as instance:
        _record_raw_observation(instance, raw_manifest)
        publishing = None  # every asset of the job
        if processes:
            with _stderr_silenced(quiet):
                outcome = _execute_in_processes(instance, run_config, publishing)
        else:
            outcome = _outcome(
                job.execute_in_process(
                    instance=instance,
                    run_config=run_config,
                    asset_selection=publishing,
                    raise_on_error=False,
                    tags=owner_tags(),
                ),
                instance,
            )
    return outcome | {"seconds": time.perf_counter() - started}


def _outcome(result, instance: dg.DagsterInstance | None = None) -> dict:
    """Success, failures, the published snapshot's summary and the run id of a finished run."""
    failures = _failures(result, instance)
    summary = None
    if result.success:
        materialization = next(m for m in result.asset_materializations_for_node("warehouse_snapshot"))
        summary = {key: value.value for key, value in materialization.metadata.items()}
    return {"success": result.success and not failures, "failures": failures, "summary": summary,
            "run_id": result.run_id}  # fmt: skip


@contextlib.contextmanager
def _stderr_silenced(silence: bool):
    """Quiet means quiet: the step processes of the multiprocess executor inherit this process's stderr and write
    Dagster's own step lines and warnings to it, outside the loggers a run config sets. Failures still reach the
    user through the run's events (``_failures``)."""
    if not silence:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _execute_in_processes(instance: dg.DagsterInstance, run_config: dict, selection) -> dict:
    """The publishing job with the multiprocess executor; it needs an instance that outlives this process's
    memory (the step processes report to it), so an ephemeral one becomes a temporary folder."""
    if instance.is_ephemeral:
        with dg.DagsterInstance.local_temp() as temporary:
            return _execute_in_processes(temporary, run_config, selection)
    from assets.automation import owner_tags
    from assets.executor import MULTIPROCESS_RUN_CONFIG

    run_config = run_config | MULTIPROCESS_RUN_CONFIG

    with dg.execute_job(
        dg.reconstructable(publishing_job),
        instance=instance,
        run_config=run_config,
        asset_selection=selection,
        raise_on_error=False,
        tags=owner_tags(),
    ) as result:
        return _outcome(result, instance)  # events are read from the instance, while it is open


def _record_raw_observation(instance: dg.DagsterInstance, manifest=None) -> None:
    """Record what raw/ holds now (``manifest``, else read from raw/), as the UI's "Observe sources" would, so
    staleness in the UI stays right."""
    from assets.raw import raw_files_observation, raw_metadata
    from assets.settings import raw_dir, warehouse_path
    from pipeline.ingest.manifest import describe_raw, manifest_sha256

    if manifest is None:
        manifest = describe_raw(raw_dir())
    metadata = raw_metadata(manifest, warehouse_path())
    instance.report_runless_asset_event(raw_files_observation(manifest_sha256(manifest), metadata))


def _failures(result, instance: dg.DagsterInstance | None = None) -> list[str]:
    messages = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            messages.append(
                f"step {event.step_key} failed: {describe_error(event.event_specific_data.error)}"
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
    if not messages and not result.success:
        # The run failed outside every step (the executor, a step process that never started): its own event
        # holds why. Read from the instance: a run's all_events has step events only.
        messages += _run_failure(result, instance)
    return messages


def describe_error(error) -> str:
    """One line for a Dagster ``SerializableErrorInfo``: its message and the innermost cause's class and message.

    Dagster wraps what an asset raised ("Error occurred while executing op "clean":"), so the message alone can
    name no cause and no file; the chain of ``cause``/``context`` leads to the exception itself."""
    if error is None:
        return "unknown error"
    outer = (
        (error.message or "")
        .strip()
        .removeprefix("dagster._core.errors.DagsterExecutionStepExecutionError: ")
    )
    inner = error
    while (following := inner.cause or inner.context) is not None:
        inner = following
    if inner is error:
        return outer or error.cls_name or "unknown error"
    cause = f"{inner.cls_name}: {(inner.message or '').strip()}".strip()
    if cause.startswith(f"{inner.cls_name}: {inner.cls_name}"):
        cause = (inner.message or "").strip()
    return f"{outer} {cause}".strip() if cause not in outer else outer


def _run_failure(result, instance: dg.DagsterInstance | None) -> list[str]:
    events = [e for e in result.all_events if e.event_type_value == "RUN_FAILURE"]
    if not events and instance is not None:
        try:
            records = instance.all_logs(result.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
            events = [r.dagster_event for r in records if r.dagster_event]
        except Exception:  # noqa: BLE001 - reporting a failure must not fail
            events = []
    out = [f"the run failed: {describe_error(getattr(e.event_specific_data, 'error', None))}" for e in events]
    return out or [f"the run failed (run {result.run_id}); see its events in the Dagster UI"]
