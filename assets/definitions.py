"""The one entry point: every asset, check, resource, schedule and sensor of newsetl."""

import dagster as dg

from assets import executor
from assets.automation import all_assets_job, daily_schedule, dead_runs_sensor, raw_files_sensor
from assets.graph import ASSETS, CHECKS
from assets.progress import progress_logger
from assets.resources import build_resources
from assets.settings import executor_kind, raw_dir, warehouse_path
from assets.shards import shards_job

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[all_assets_job, shards_job],
    schedules=[daily_schedule],
    sensors=[raw_files_sensor, dead_runs_sensor],
    resources=build_resources(raw_dir(), warehouse_path()),
    # Every step in one process by default: on a small corpus the multiprocess executor spends seconds per step
    # importing. A large one (NEWSETL_EXECUTOR=multiprocess, `newsetl run --processes`) runs one step process at
    # a time, so memory is bounded by the largest step (docs/performance.md). Either holds the warehouse for the
    # whole run (assets/executor.py).
    executor=executor.multiprocess.configured({"max_concurrent": 1})
    if executor_kind() == "multiprocess"
    else executor.in_process,
    loggers={"console": dg.colored_console_logger, "progress": progress_logger},
)
