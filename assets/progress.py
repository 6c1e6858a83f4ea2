"""What `newsetl run` prints while it works: one line per finished stage with its documents, time and rate, and
for a long stage the documents done so far with a rate and an ETA: on a terminal a live line redrawn in place,
otherwise a plain line now and then.

The run config names this logger "progress" (``newsetl/runner.py``); it lives here, in the code location, because a
step process of the multiprocess executor builds its loggers from the definitions, so both executors print
through the same handler. A run started from the UI names no logger and keeps Dagster's console logger.

A stage says how far it is with ``documents_done(context, verb)``: a debug message whose record carries
``(done, total)`` under ``DOCUMENTS_ATTR`` (Dagster hands a log call's ``extra`` on to every logger of the run)."""

import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import dagster as dg

_DONE = {"STEP_SUCCESS": "done", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped"}
#: The name the definitions and `newsetl run`'s run config give this logger.
LOGGER_KEY = "progress"
#: The log record attribute holding a stage's ``(documents done, documents to do)``.
DOCUMENTS_ATTR = "newsetl_documents"
#: Columns for a stage's name; a longer one (a check's step key) is cut with "…".
NAME_WIDTH = 28
#: A rate is worth printing only over this many seconds ...
RATE_AFTER_S = 1.0
#: ... and at least this many documents (a rate of 2/s over five documents says nothing).
RATE_FROM_DOCUMENTS = 100
BAR_WIDTH = 20
#: Without a terminal, a stage's documents are printed only once it has run this long (a log of a short run
#: stays one line per stage); ``NEWSETL_PROGRESS_AFTER_S`` changes it.
PLAIN_AFTER_S = 5.0
#: ... and then at most every this many seconds, or when another quarter of its documents is done.
PLAIN_EVERY_S = 10.0
#: How often the live line is redrawn on a terminal.
TICK_S = 0.5


def _clip(name: str, width: int) -> str:
    # Step keys are Python identifiers: one column a character.
    return name if len(name) <= width else name[: width - 1] + "…"


def stage_line(mark: str, name: str, status: str, seconds: float, documents: int | None = None,
               reused: int | None = None) -> str:  # fmt: skip
    """``  ✓ clean                        done       3.86s  5 documents (5 reused)``."""
    line = f"  {mark} {_clip(name, NAME_WIDTH):<{NAME_WIDTH}} {status:<8} {seconds:6.2f}s"
    if documents is None:
        return line
    line += f"  {documents:,} document{'' if documents == 1 else 's'}"
    computed = documents - (reused or 0)
    if reused:
        line += f" ({computed:,} computed, {reused:,} reused)"
    if seconds >= RATE_AFTER_S and computed >= RATE_FROM_DOCUMENTS:
        line += f", {computed / seconds:,.0f}/s"
    return line


def duration(seconds: float) -> str:
    """``17s``, ``4m05s``, ``2h03m``."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def documents_line(
    name: str, done: int, total: int, rate: float | None = None, eta: float | None = None
) -> str:
    """``  … clean  [########------------]  4,200/10,000 docs  350/s  ETA 17s``."""
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    line = f"  … {name}  [{'#' * filled}{'-' * (BAR_WIDTH - filled)}]  {done:,}/{total:,} docs"
    if rate is not None:
        line += f"  {rate:,.0f}/s"
        if eta is not None and done < total:
            line += f"  ETA {duration(eta)}"
    return line


@dataclass
class _Count:
    """A running stage's documents: the first report (where its rate starts) and the latest."""

    total: int
    first_done: int
    first_at: float
    done: int
    at: float

    def rate(self) -> float | None:
        counted, seconds = self.done - self.first_done, self.at - self.first_at
        return counted / seconds if counted >= RATE_FROM_DOCUMENTS and seconds > 0 else None

    def line(self, name: str, now: float) -> str:
        rate = self.rate()
        # Counted down between two reports, from what the last one said.
        eta = None if rate is None else max(0.0, (self.total - self.done) / rate - (now - self.at))
        return documents_line(name, self.done, self.total, rate, eta)


def _documents(metadata: dict) -> tuple[int, int] | None:
    """(documents done, of which read back from the cache) from a materialization's metadata, when it says."""
    values = {key: getattr(value, "value", value) for key, value in metadata.items()}
    computed = values.get("documents_computed", values.get("documents_cleaned"))
    reused = values.get("documents_reused")
    if not isinstance(computed, int) or not isinstance(reused, int):
        return None
    return computed + reused, reused


class StageProgress(logging.Handler):
    """Turns a run's step events and documents reports into lines on ``stream``. ``live``: redraw a line in
    place (a terminal; by default when ``stream`` is one); ``tick_s=None`` draws it only when asked
    (``live_text``); ``clock`` is injectable for tests."""

    def __init__(
        self,
        stream,
        *,
        live: bool | None = None,
        plain_after_s: float = PLAIN_AFTER_S,
        plain_every_s: float = PLAIN_EVERY_S,
        tick_s: float | None = TICK_S,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(logging.DEBUG)
        self.stream = stream
        self.live = stream.isatty() if live is None else live
        self.plain_after_s, self.plain_every_s = plain_after_s, plain_every_s
        self.tick_s, self.clock = tick_s, clock
        self.started: dict[str, float] = {}
        self.counts: dict[str, _Count] = {}
        self.printed: dict[str, tuple[float, int]] = {}  # without a terminal: when and at which quarter
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
        if step is None:
            return
        if event is None:
            counted = getattr(record, DOCUMENTS_ATTR, None)
            if counted is not None:
                self._count(step, *counted)
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            with self.draw_lock:
                self.started[step] = self.clock()
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
            now = self.clock()
            with self.draw_lock:
                elapsed = now - self.started.pop(step, now)
                self.counts.pop(step, None)
                self.printed.pop(step, None)
            documents, reused = self.documents.pop(step, (None, None))
            mark = "✓" if kind == "STEP_SUCCESS" else "✗"
            self._write(stage_line(mark, step, _DONE[kind], elapsed, documents, reused))

    def _count(self, step: str, done: int, total: int) -> None:
        """A stage's documents report: kept for the live line, or printed as a plain line when due."""
        now = self.clock()
        with self.draw_lock:
            count = self.counts.get(step)
            if count is None or count.total != total or done < count.done:  # a new count starts
                count = self.counts[step] = _Count(total, done, now, done, now)
            count.done, count.at = done, now
            started = self.started.setdefault(step, now)
        if self.live or total <= 0 or now - started < self.plain_after_s:
            return
        last_at, last_quarter = self.printed.get(step, (started, 0))
        quarter = 4 * done // total
        if quarter > last_quarter or now - last_at >= self.plain_every_s:
            self.printed[step] = (now, max(quarter, last_quarter))
            self._write(count.line(step, now))

    def live_text(self) -> str:
        """The live line: each running stage with its documents (or, before it reports any, its seconds)."""
        now = self.clock()
        with self.draw_lock:
            parts = [
                self.counts[s].line(s, now).strip() if s in self.counts else f"… {s} {now - t:.0f}s"
                for s, t in self.started.items()
            ]
        width = max(40, shutil.get_terminal_size((100, 24)).columns) - 1
        return _clip("  " + ", ".join(parts), width) if parts else ""

    def _tick(self) -> None:
        """On a terminal, redraw the live line while stages run."""
        if not self.live or self.tick_s is None or (self.ticker is not None and self.ticker.is_alive()):
            return

        def loop() -> None:
            while self.started:
                text = self.live_text()
                with self.draw_lock:
                    if not self.started or self.stream.closed:
                        break
                    self.stream.write("\r\x1b[K" + text)
                    self.stream.flush()
                time.sleep(self.tick_s)

        self.ticker = threading.Thread(target=loop, name="newsetl-progress", daemon=True)
        self.ticker.start()


def plain_after_s() -> float:
    """``NEWSETL_PROGRESS_AFTER_S`` (seconds a stage runs before a plain documents line), else ``PLAIN_AFTER_S``."""
    configured = os.environ.get("NEWSETL_PROGRESS_AFTER_S", "").strip()
    if not configured:
        return PLAIN_AFTER_S
    try:
        return float(configured)
    except ValueError:
        raise ValueError(
            f"NEWSETL_PROGRESS_AFTER_S must be a number of seconds, not {configured!r}"
        ) from None


def terminal_stderr():
    """This process's stderr as it is now, before Dagster captures it. While a run's steps execute, Dagster
    points stderr at a compute log file and mirrors that file to the terminal with ``tail -F``, which it stops
    without waiting when they end (dagster-io/dagster#23336): a stage's line written last was sometimes lost,
    under ``--processes`` most. A copy of the descriptor keeps writing to where stderr was."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture): as it is
        return sys.stderr
    encoding, errors = sys.stderr.encoding or "utf-8", sys.stderr.errors or "strict"
    return os.fdopen(os.dup(fd), "w", encoding=encoding, errors=errors, buffering=1)


@dg.logger(
    description="One line per stage with its documents, time and rate, and documents done on long stages."
)
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("newsetl.progress")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    for old in logger.handlers:  # an earlier run's in this process
        if isinstance(old, StageProgress) and old.stream not in (sys.stderr, sys.__stderr__):
            old.stream.close()
    logger.handlers = [StageProgress(terminal_stderr(), plain_after_s=plain_after_s())]
    return logger


def documents_done(context: dg.AssetExecutionContext, verb: str) -> Callable[[int, int], None] | None:
    """An ``on_progress(done, total)`` for a pure stage: a debug line in the run's log that this module's
    handler reads as the stage's documents done. None in a run that does not use this logger (one started from
    the UI): nothing would read the counts, and that run's log and console stay as they were."""
    if LOGGER_KEY not in (context.run.run_config.get("loggers") or {}):
        return None

    def report(done: int, total: int) -> None:
        context.log.debug(f"{done:,}/{total:,} documents {verb}", extra={DOCUMENTS_ATTR: (done, total)})

    return report
