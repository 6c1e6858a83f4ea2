"""When runs happen: a daily schedule and a sensor that notices new, changed or removed raw files."""

import dagster as dg

from assets.graph import PUBLISH_SELECTION
from assets.raw import raw_files_observation
from assets.settings import DEFAULT_SCHEDULE_TIMEZONE, ROLE_TAG, raw_dir, schedule_cron
from pipeline.manifest import raw_version

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


@dg.sensor(
    job=all_assets_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a run when the manifest of raw/ changes (a file added, changed or removed).",
)
def raw_files_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    try:
        version = raw_version(raw_dir())
    except FileNotFoundError as error:
        return dg.SkipReason(str(error))
    if version == context.cursor:
        return dg.SkipReason("raw/ unchanged since the last run request")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=version)],
        asset_events=[raw_files_observation(version)],
        cursor=version,
    )
