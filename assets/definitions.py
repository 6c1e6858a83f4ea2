"""The one entry point: every asset, check, resource, schedule and sensor of newsetl."""

import dagster as dg

from assets import checks, clean, documents, publish, raw, segment, tags
from assets.automation import all_assets_job, daily_schedule, raw_files_sensor
from assets.progress import progress_logger
from assets.resources import NewsPaths, ParquetFrameIOManager
from assets.settings import raw_dir, warehouse_path

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([raw, clean, segment, documents, tags, publish]),
    asset_checks=checks.CHECKS,
    jobs=[all_assets_job],
    schedules=[daily_schedule],
    sensors=[raw_files_sensor],
    resources={
        "paths": NewsPaths(raw_dir=str(raw_dir()), warehouse_path=str(warehouse_path())),
        "io_manager": ParquetFrameIOManager(warehouse_path=str(warehouse_path())),
    },
    # Every step in one process: on a small machine the multiprocess executor spends seconds per step importing.
    executor=dg.in_process_executor,
    loggers={"console": dg.colored_console_logger, "progress": progress_logger},
)
