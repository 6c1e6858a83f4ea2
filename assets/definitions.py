"""The one entry point: every asset, check, resource, schedule and sensor of newsetl."""

import dagster as dg

from assets import executor
from assets.automation import all_assets_job, daily_schedule, dead_runs_sensor, raw_files_sensor
from assets.graph import ASSETS, CHECKS
from assets.progress import LOGGER_KEY, progress_logger
from assets.resources import build_resources
from assets.settings import raw_dir, warehouse_path

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[all_assets_job],
    schedules=[daily_schedule],
    sensors=[raw_files_sensor, dead_runs_sensor],
    resources=build_resources(raw_dir(), warehouse_path()),
    # In-process or a process per step, chosen by each run's config (assets/executor.py); either holds the
    # warehouse for the whole run.
    executor=executor.run_executor,
    loggers={"console": dg.colored_console_logger, LOGGER_KEY: progress_logger},
)
