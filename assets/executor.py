"""The executors of every job, wrapped so a run holds the warehouse from its first step to its last.

Dagster's executors run a job's steps; they know nothing of our staging folder, which every step of a run reads and
writes. The wrapper takes ``pipeline.infra.run_lock`` around the whole plan: a UI, schedule or sensor run waits for (or,
after ``NEWSETL_RUN_WAIT`` seconds, fails naming) another run on the same warehouse, instead of publishing its
tables. ``newsetl run`` takes the lock itself before Dagster starts; the executor then
finds it held for it and goes on.
"""

from collections.abc import Iterator

import dagster as dg
from dagster._core.executor.base import Executor

from assets.automation import owner_of, owner_tags
from assets.settings import warehouse_path
from pipeline.infra.run_lock import WarehouseInUse, run_lock


class WarehouseRunExecutor(Executor):
    """``inner``, with the warehouse's run lock held for the whole plan."""

    def __init__(self, inner: Executor):
        self._inner = inner

    @property
    def retries(self):
        return self._inner.retries

    @property
    def step_dependency_config(self):
        return self._inner.step_dependency_config

    def execute(self, plan_context, execution_plan) -> Iterator[dg.DagsterEvent]:
        run = plan_context.dagster_run
        try:
            lock = run_lock(warehouse_path(), run_id=run.run_id, on_wait=plan_context.log.warning)
            lock.__enter__()
        except WarehouseInUse as error:
            raise dg.Failure(str(error)) from None
        if owner_of(run.tags) is None:
            # A run the daemon launched: its worker is this process; if it dies, dead_runs_sensor fails the run.
            plan_context.instance.add_run_tags(run.run_id, owner_tags())
        try:
            yield from self._inner.execute(plan_context, execution_plan)
        finally:
            lock.__exit__(None, None, None)


def holding_the_warehouse(inner: dg.ExecutorDefinition) -> dg.ExecutorDefinition:
    """``inner``'s executor definition (same name, config and requirements), each executor it makes wrapped."""

    def create(init_context) -> Executor:
        return WarehouseRunExecutor(inner.executor_creation_fn(init_context))

    return dg.ExecutorDefinition(
        name=inner.name,
        config_schema=inner.config_schema,
        requirements=inner.get_requirements,
        executor_creation_fn=create,
        description=inner.description,
    )


#: The executor of every job, chosen per run by its run config, so the UI's launchpad, the schedule and
#: `newsetl run --processes` choose without an environment variable read at import:
#: ``execution: {config: {in_process: {}}}`` (the default: on a small corpus the multiprocess executor spends
#: seconds per step importing) or ``execution: {config: {multiprocess: {max_concurrent: 1}}}`` (a process per
#: step, one at a time: a step's memory goes back to the system when it ends; docs/performance.md). Dagster's own
#: ``multi_or_in_process_executor``, with in-process as the default, held around the warehouse lock.
run_executor = holding_the_warehouse(
    dg.ExecutorDefinition(
        name="in_process_or_multiprocess",
        config_schema=dg.Field(
            dg.multi_or_in_process_executor.config_schema.as_field().config_type,
            default_value={"in_process": {}},
        ),
        requirements=dg.multi_or_in_process_executor.get_requirements,
        executor_creation_fn=dg.multi_or_in_process_executor.executor_creation_fn,
        description="in_process (default) or multiprocess, by run config; holds the warehouse for the run.",
    )
)

#: Run config selecting a process per step, one at a time (what `newsetl run --processes` asks).
MULTIPROCESS_RUN_CONFIG = {"execution": {"config": {"multiprocess": {"max_concurrent": 1}}}}
