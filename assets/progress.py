"""A logger that prints one line per finished stage (for `newsetl run`), instead of Dagster's full event log."""

import logging
import sys
import time

import dagster as dg

_DONE = {"STEP_SUCCESS": "done", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped"}


class _StageProgress(logging.Handler):
    def __init__(self, stream) -> None:
        super().__init__(logging.DEBUG)
        self.stream = stream
        self.started: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        # A progress line must never fail the step it reports on.
        try:
            self._emit(record)
        except Exception:  # noqa: BLE001
            self.handleError(record)

    def _emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key")
        if event is None or step is None:
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            self.started[step] = time.perf_counter()
            return
        if kind == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            if not data.passed:
                self.stream.write(
                    f"  ✗ check {data.check_name} on {data.asset_key.to_user_string()} failed\n"
                )
            return
        if kind not in _DONE:
            return
        elapsed = time.perf_counter() - self.started.get(step, time.perf_counter())
        self.stream.write(
            f"  {'✓' if kind == 'STEP_SUCCESS' else '✗'} {step:<28} {_DONE[kind]:<8} {elapsed:6.2f}s\n"
        )
        self.stream.flush()


@dg.logger(description="One line per stage with its duration; used by `newsetl run`.")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("newsetl.progress")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.handlers = [_StageProgress(sys.stderr)]
    return logger
