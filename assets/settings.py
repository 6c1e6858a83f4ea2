"""Where things live and when they run: read once from the environment, with defaults for a checkout."""

import os
from pathlib import Path

#: Asset groups, as shown in the Dagster UI.
GROUP_INGEST = "ingest"
GROUP_CLEAN = "clean"
GROUP_SEGMENT = "segment"
GROUP_TAG = "tag"
GROUP_PUBLISH = "publish"

#: The run tag dagster.yaml limits: runs tagged ``publish`` queue one at a time.
ROLE_TAG = "newsetl/role"

#: The daily re-materialization (cron, in the schedule's time zone). Override with NEWSETL_SCHEDULE_CRON.
DEFAULT_SCHEDULE_CRON = "0 5 * * *"
DEFAULT_SCHEDULE_TIMEZONE = "UTC"


def raw_dir() -> Path:
    return Path(os.environ.get("NEWSETL_RAW_DIR", "raw"))


def warehouse_path() -> Path:
    return Path(os.environ.get("NEWSETL_WAREHOUSE", "warehouse/news.duckdb"))


def schedule_cron() -> str:
    return os.environ.get("NEWSETL_SCHEDULE_CRON", DEFAULT_SCHEDULE_CRON)


#: How `newsetl run` executes steps when NEWSETL_EXECUTOR says so (read when the command runs, never at import):
#: ``in_process`` or ``multiprocess`` (what ``--processes`` asks). Runs launched from the UI or by the schedule
#: choose by their run config instead (``assets/executor.py``).
EXECUTORS = ("in_process", "multiprocess")


def executor_kind() -> str:
    kind = os.environ.get("NEWSETL_EXECUTOR", "in_process")
    if kind not in EXECUTORS:
        raise ValueError(f"NEWSETL_EXECUTOR={kind!r}: expected one of {', '.join(EXECUTORS)}")
    return kind
