"""When runs happen: a daily schedule, a sensor that starts a run whenever raw/ differs from what the current
snapshot was built from, and a sensor that ends the runs whose process died, so the runs queued behind them happen
too."""

import datetime as dt
import socket
from collections.abc import Mapping
from pathlib import Path

import dagster as dg

from assets.graph import PUBLISH_SELECTION
from assets.raw import raw_files_observation, raw_metadata
from assets.settings import DEFAULT_SCHEDULE_TIMEZONE, ROLE_TAG, raw_dir, schedule_cron, warehouse_path
from pipeline.core.integrity import WarehouseDamaged
from pipeline.infra.processes import ProcessIdentity, is_running, this_process
from pipeline.ingest.manifest import describe_raw, manifest_sha256
from pipeline.warehouse.store import read_snapshots

#: The raw/ state a sensor-requested run was asked for.
RAW_VERSION_TAG = "newsetl/raw_version"

all_assets_job = dg.define_asset_job(
    "materialize_all",
    selection=PUBLISH_SELECTION,
    description="Clean, segment, tag, validate and publish everything in raw/.",
    tags={ROLE_TAG: "publish"},
)

daily_schedule = dg.ScheduleDefinition(
    name="daily_refresh",
    job=all_assets_job,
    cron_schedule=schedule_cron(),
    execution_timezone=DEFAULT_SCHEDULE_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Re-materialize the warehouse every day (cron from NEWSETL_SCHEDULE_CRON).",
)


#: Runs that will still publish: while one is on its way, the sensor requests nothing more.
_UNFINISHED = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


def published_raw_version(warehouse: Path) -> str | None:
    """The manifest hash the current snapshot was built from; None when nothing is published or the file is
    damaged (a run then says why)."""
    try:
        log = read_snapshots(warehouse, deep=False)
    except WarehouseDamaged:
        return None
    return log["manifest_sha256"][-1] if log.height else None


def raw_request(
    context: dg.SensorEvaluationContext, version: str, published: str | None, metadata: dict | None = None
):
    """What the sensor does with raw/ at ``version`` when the warehouse was built from ``published``.

    The warehouse, not the sensor's memory, decides: raw/ returning to a state it had before (a bad file removed)
    still differs from the current snapshot, so it gets a run. The run key is unique per request (Dagster drops a
    repeated key), and the cursor keeps a state whose run failed from being requested every minute."""
    seen = [raw_files_observation(version, metadata)] if version != context.cursor else []
    if version == published:
        return dg.SensorResult(skip_reason="the current snapshot was built from raw/ as it is", cursor=version,
                               asset_events=seen)  # fmt: skip
    # Any run, not only materialize_all's: the UI's "Materialize all" runs Dagster's implicit __ASSET_JOB, without
    # the job's newsetl/role tag, and every run holds the warehouse (assets/executor.py), so a request now would
    # only queue behind it.
    if context.instance.get_runs(dg.RunsFilter(statuses=_UNFINISHED), limit=1):
        return dg.SkipReason("a run is queued or running; raw/ is compared again after it")
    if version == context.cursor:
        return dg.SkipReason(
            "the run requested for raw/ as it is did not publish (see that run); the daily schedule or the next "
            "change to raw/ runs again"
        )
    requested_at = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"{version}@{requested_at}", tags={RAW_VERSION_TAG: version})],
        asset_events=seen,
        cursor=version,
    )


@dg.sensor(
    job=all_assets_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a run whenever raw/ differs from what the current snapshot was built from (a file added, "
    "changed or removed, or raw/ back to an earlier state).",
)
def raw_files_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    try:
        manifest = describe_raw(raw_dir())
    except FileNotFoundError as error:
        return dg.SkipReason(str(error))
    version = manifest_sha256(manifest)
    # What the UI shows of raw/ (files, bytes, changes since the snapshot), only when an observation is recorded.
    metadata = raw_metadata(manifest, warehouse_path()) if version != context.cursor else None
    return raw_request(context, version, published_raw_version(warehouse_path()), metadata)


#: Who runs a run started by `newsetl run` (``owner_tags``): the daemon fails the run once that process is gone.
OWNER_HOST_TAG = "newsetl/host"
OWNER_PID_TAG = "newsetl/pid"
OWNER_STARTED_TAG = "newsetl/pid_started"
#: Runs whose process is checked: the active ones (they hold the queue's publish slot) and those created but
#: never started.
OWNED_STATUSES = [
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]


def owner_tags() -> dict[str, str]:
    """Tags naming this process as the one executing a run (``execute_in_process`` / ``execute_job``).

    A run executed inside the CLI is no run launcher's worker, so Dagster's run monitoring cannot check it
    (``DefaultRunLauncher.supports_check_run_worker_health`` is False); these tags let ``dead_runs_sensor`` do it."""
    me = this_process()
    tags = {OWNER_HOST_TAG: me.host, OWNER_PID_TAG: str(me.pid)}
    return tags | ({OWNER_STARTED_TAG: me.started} if me.started else {})


def owner_of(tags: Mapping[str, str]) -> ProcessIdentity | None:
    if OWNER_HOST_TAG not in tags or not tags.get(OWNER_PID_TAG, "").isdigit():
        return None
    return ProcessIdentity(tags[OWNER_HOST_TAG], int(tags[OWNER_PID_TAG]), tags.get(OWNER_STARTED_TAG))


def fail_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed every unfinished run whose owning process ran on this host and is gone (SIGKILL, a crash, the
    machine's OOM killer): nothing else would ever end it, and a `publish` run left STARTED holds the queue's
    only publish slot for good. Returns a line per run marked."""
    marked = []
    runs = instance.get_runs(
        filters=dg.RunsFilter(statuses=OWNED_STATUSES, tags={OWNER_HOST_TAG: socket.gethostname()})
    )
    for run in runs:
        owner = owner_of(run.tags)
        if owner is None or is_running(owner) is not False:
            continue
        # Read again after the check: a process that is gone can no longer end its run, but it may have ended
        # it between the listing and the check.
        current = instance.get_run_by_id(run.run_id)
        if current is None or current.status not in OWNED_STATUSES:
            continue
        instance.report_run_failed(
            current,
            f"newsetl: the process running this run ({owner.describe()}) is gone: it was killed or crashed "
            "before the run ended. Marked failed so the runs queued behind it can start; a snapshot is "
            "published whole or not at all, so the warehouse holds no part of this run.",
        )
        marked.append(f"{run.run_id} ({owner.describe()})")
    return marked


@dg.sensor(
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Marks failed the runs whose `newsetl run` process is gone (killed or crashed), so the runs "
    "queued behind them start.",
)
def dead_runs_sensor(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    marked = fail_dead_runs(context.instance)
    if not marked:
        return dg.SkipReason("every run started by `newsetl run` still has its process")
    return dg.SkipReason(f"marked {len(marked)} run(s) failed, their process gone: " + "; ".join(marked))
