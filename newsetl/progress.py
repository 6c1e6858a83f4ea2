"""What `newsetl run` prints while it works: one line per finished stage with its documents, time and rate, and
on a terminal a live line for the stage still running (plain lines only when stderr is no terminal)."""

import logging
import sys
import threading
import time

import dagster as dg

from newsetl import render

_DONE = {"STEP_SUCCESS": "done", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped"}
#: Columns for a stage's name; a longer one (a check's step key) is cut with "…".
NAME_WIDTH = 28
#: A rate is worth printing only for a stage that took this long.
RATE_AFTER_S = 1.0
#: ... and computed at least this many documents (a rate of 2/s over five documents says nothing).
RATE_FROM_DOCUMENTS = 100


def stage_line(mark: str, name: str, status: str, seconds: float, documents: int | None = None,
               reused: int | None = None) -> str:  # fmt: skip
    """``  ✓ clean                        done       3.86s  5 documents (5 reused)``."""
    line = f"  {mark} {render.pad(render.clip(name, NAME_WIDTH)[0], NAME_WIDTH)} {status:<8} {seconds:6.2f}s"
    if documents is None:
        return line
    line += f"  {render.plural(documents, 'document')}"
    computed = documents - (reused or 0)
    if reused:
        line += f" ({computed:,} computed, {reused:,} reused)"
    if seconds >= RATE_AFTER_S and computed >= RATE_FROM_DOCUMENTS:
        line += f", {computed / seconds:,.0f}/s"
    return line


def _documents(metadata: dict) -> tuple[int, int] | None:
    """(documents done, of which read back from the cache) from a materialization's metadata, when it says."""
    values = {key: getattr(value, "value", value) for key, value in metadata.items()}
    computed = values.get("documents_computed", values.get("documents_cleaned"))
    reused = values.get("documents_reused")
    if not isinstance(computed, int) or not isinstance(reused, int):
        return None
    return computed + reused, reused


class StageProgress(logging.Handler):
    def __init__(self, stream, *, live: bool | None = None) -> None:
        super().__init__(logging.DEBUG)
        self.stream = stream
        self.live = stream.isatty() if live is None else live
        self.started: dict[str, float] = {}
        self.documents: dict[str, tuple[int, int]] = {}
        self.draw_lock = threading.Lock()
        self.ticker: threading.Thread | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:  # a progress line must never fail the step it reports on
            self._emit(record)
        except Exception:  # noqa: BLE001
            self.handleError(record)

    def _write(self, text: str) -> None:
        with self.draw_lock:
            self.stream.write(("\r\x1b[K" if self.live else "") + text + "\n")
            self.stream.flush()

    def _emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event, step = meta.get("dagster_event"), meta.get("step_key")
        if event is None or step is None:
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            self.started[step] = time.perf_counter()
            self._tick()
        elif kind == "ASSET_MATERIALIZATION" and step not in self.documents:
            found = _documents(event.event_specific_data.materialization.metadata)
            if found is not None:
                self.documents[step] = found
        elif kind == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            if not data.passed:
                self._write(f"  ✗ check {data.check_name} on {data.asset_key.to_user_string()} failed")
        elif kind in _DONE:
            elapsed = time.perf_counter() - self.started.pop(step, time.perf_counter())
            documents, reused = self.documents.pop(step, (None, None))
            mark = "✓" if kind == "STEP_SUCCESS" else "✗"
            self._write(stage_line(mark, step, _DONE[kind], elapsed, documents, reused))

    def _tick(self) -> None:
        """On a terminal, redraw "running" with the seconds so far for the stages started and not finished."""
        if not self.live or (self.ticker is not None and self.ticker.is_alive()):
            return

        def loop() -> None:
            while self.started:
                with self.draw_lock:
                    if not self.started:
                        break
                    now = time.perf_counter()
                    running = ", ".join(f"{s} {now - t:.0f}s" for s, t in list(self.started.items()))
                    self.stream.write("\r\x1b[K  … " + render.clip(running, render.terminal_width() - 6)[0])
                    self.stream.flush()
                time.sleep(0.5)

        self.ticker = threading.Thread(target=loop, name="newsetl-progress", daemon=True)
        self.ticker.start()


@dg.logger(description="One line per stage with its documents, time and rate; used by `newsetl run`.")
def stage_progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("newsetl.stages")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.handlers = [StageProgress(sys.stderr)]
    return logger


def with_stage_progress(job: dg.JobDefinition) -> dg.JobDefinition:
    """``job`` whose "progress" logger is this module's (the run config names it; ``newsetl/runner.py``)."""
    return job.with_logger_defs({**job.loggers, "progress": stage_progress_logger})
