"""Ctrl-C and SIGTERM stop `newsetl run` within seconds, whatever the run is doing.

Python alone cannot: its handlers run in the main thread between bytecodes, and Dagster, while a run executes,
swaps them for its own, which only note the signal (raised at the next step, or when user code is back in
Python). A long Polars call, a clean stage waiting on its worker processes, or the steps of ``--processes`` kept
a run going for minutes after SIGTERM, and worker processes outlived their parent.

So the C-level handler also writes the signal's number to a pipe (``signal.set_wakeup_fd``), which a watcher
thread reads at once. On a signal the watcher says so on stderr, marks this process's runs canceling in the
Dagster instance (Dagster records them canceled as it unwinds), and gives the main thread ``GRACE_S`` to unwind
on its own (its ``finally`` blocks remove partial files). Then it kills every process below this one, marks
any run still open canceled, and exits with ``128 + the signal``: 130 after SIGINT, 143 after SIGTERM, what a
shell reports for a process the signal ended. A publish is a rename (``pipeline/warehouse/publish.py``), so whatever
the exit cuts short, the previous snapshot stays current and whole.
"""

import contextlib
import faulthandler
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Iterator

#: The signals that stop a run.
SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: How long the main thread may take to unwind by itself before the watcher kills and exits.
GRACE_S = 3.0
#: How long each write to the Dagster instance may take (its SQLite may be busy with the run's own events).
RECORD_TIMEOUT_S = 2.0
#: A last resort, armed as the watcher wakes: if C code then takes the GIL and keeps it, so that the watcher
#: cannot finish, faulthandler's own thread (no GIL needed) prints every thread's stack and exits, code 1, this
#: long after the signal. (C code that holds the GIL from before the signal delays even the wake-up.)
BACKSTOP_S = 9.5


#: The signal blocks open in this process, innermost last (``newsetl run`` nests the runner's in its own).
_ACTIVE: list["_Watcher"] = []


def exit_code(signum: int) -> int:
    return 128 + signum


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """Within this block, SIGINT or SIGTERM ends the process within ``GRACE_S`` + a few seconds, children too.

    Only the main thread can install signal handlers; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    watcher = _Watcher()
    watcher.start()
    _ACTIVE.append(watcher)
    try:
        yield
    finally:
        _ACTIVE.remove(watcher)
        watcher.finish()  # returns only if no signal came: otherwise the watcher ends the process


def record_runs_in_instance() -> None:
    """Open the instance the innermost signal block records canceled runs in; the run calls this as it starts."""
    if _ACTIVE:
        _ACTIVE[-1]._recorder.open()


def _raise_interrupt(signum: int, frame) -> None:
    # The main thread, when it runs Python outside Dagster's execution, unwinds at once.
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _noted(signum: int, frame) -> None:
    pass  # the watcher acts on it; the C handler has written it to the pipe already


class _Watcher:
    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)  # set_wakeup_fd requires it
        # stderr as it is now: `--processes --quiet` points fd 2 at /dev/null while the run executes.
        self._stderr = os.dup(2)
        self._handlers: dict[int, object] = {}
        self._previous_fd = -1
        self._thread = threading.Thread(target=self._watch, name="newsetl-signals", daemon=True)
        self._recorder = _Recorder()

    def start(self) -> None:
        for signum in SIGNALS:
            self._handlers[signum] = signal.signal(signum, _raise_interrupt)
        self._previous_fd = signal.set_wakeup_fd(self._write, warn_on_full_buffer=False)
        self._thread.start()

    def finish(self) -> None:
        for signum in SIGNALS:  # a signal from here on must not interrupt the join below
            signal.signal(signum, _noted)
        # After any signal's byte already in the pipe: the watcher reads them in order.
        os.write(self._write, b"\0")
        self._thread.join()
        signal.set_wakeup_fd(self._previous_fd)
        for signum, handler in self._handlers.items():
            signal.signal(signum, handler)
        late = self._drain()
        self._recorder.close()
        for fd in (self._read, self._write, self._stderr):
            os.close(fd)
        if late:  # arrived as the block ended: handled as if it came just after
            signal.raise_signal(late)

    def _drain(self) -> int | None:
        os.set_blocking(self._read, False)
        try:
            data = os.read(self._read, 64)
        except BlockingIOError:
            return None
        return next((b for b in data if b in SIGNALS), None)

    def _watch(self) -> None:
        while True:
            byte = os.read(self._read, 1)[0]
            if byte == 0:
                return  # the block ended with no signal
            if byte in SIGNALS:
                self._stop(byte)

    def _say(self, text: str) -> None:
        with contextlib.suppress(OSError):
            os.write(self._stderr, (text + "\n").encode())

    def _stop(self, signum: int) -> None:
        from pipeline.infra.processes import descendants, kill_descendants

        backstop = os.fdopen(os.dup(self._stderr), "w")
        faulthandler.dump_traceback_later(BACKSTOP_S, exit=True, file=backstop)
        name = signal.Signals(signum).name
        self._say(
            f"newsetl: {name} received: stopping the run within {GRACE_S + RECORD_TIMEOUT_S + 1:.0f}s; a "
            "snapshot is published whole or not at all, so the warehouse stays as it was or fully updated"
        )
        message = f"newsetl run received {name} and stopped"
        self._recorder.canceling({os.getpid(), *descendants(os.getpid())}, message)
        # The main thread's own unwinding ends the wait early (it writes the pipe's 0), as does a second signal.
        deadline = time.monotonic() + GRACE_S
        while (left := deadline - time.monotonic()) > 0:
            if select.select([self._read], [], [], left)[0]:
                os.read(self._read, 1)
                break
        killed = kill_descendants(os.getpid(), spare=_is_resource_tracker)
        _remove_partial_files(killed)
        self._recorder.canceled({os.getpid(), *killed}, message, timeout=RECORD_TIMEOUT_S)
        self._say(
            f"newsetl: stopped ({name}, exit {exit_code(signum)})"
            + (f"; killed {len(killed)} worker process(es)" if killed else "")
        )
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        os._exit(exit_code(signum))


class _Recorder:
    """Records this process's runs as canceling, then canceled, in the Dagster instance: best effort, each write
    in a thread of its own that the exit does not wait for beyond its time. Only where DAGSTER_HOME names an
    instance (otherwise the runs live in a throwaway one). The instance is opened when the block starts, so that
    on a signal the runs are marked canceling before the main thread's Dagster, interrupted too, records its
    own verdict ("interrupted unexpectedly", a failure) instead. Opened only when a run starts
    (:func:`record_runs_in_instance`): a run that finds the warehouse up to date never imports Dagster."""

    def __init__(self) -> None:
        self._instance = None
        self._threads: list[threading.Thread] = []

    def open(self) -> None:
        if self._instance is None and os.environ.get("DAGSTER_HOME"):
            # Opened here, before the run opens its own (not in a thread beside it): two first openings of a new
            # DAGSTER_HOME at once both create its SQLite schema ("alembic_version has more than one head").
            import dagster as dg

            with contextlib.suppress(Exception):
                self._instance = dg.DagsterInstance.get()

    def _spawn(self, target, *args) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)
        return thread

    def canceling(self, owners: set[int], message: str) -> None:
        if self._instance is not None:
            self._spawn(self._mark, owners, message, False)

    def canceled(self, owners: set[int], message: str, timeout: float) -> None:
        if self._instance is None:
            return
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._spawn(self._mark, owners, message, True).join(max(0.0, deadline - time.monotonic()))

    def close(self) -> None:
        for thread in self._threads:
            thread.join(RECORD_TIMEOUT_S)
        if self._instance is not None:
            with contextlib.suppress(Exception):
                self._instance.dispose()

    def _mark(self, owners: set[int], message: str, final: bool) -> None:
        import dagster as dg

        from assets.automation import OWNED_STATUSES, owner_of
        from pipeline.infra.processes import this_process

        instance, host = self._instance, this_process().host
        with contextlib.suppress(Exception):  # best effort: the exit happens whatever the instance says
            for run in instance.get_runs(filters=dg.RunsFilter(statuses=OWNED_STATUSES)):
                owner = owner_of(run.tags)
                if owner is None or owner.host != host or owner.pid not in owners:
                    continue
                current = instance.get_run_by_id(run.run_id)  # Dagster may have ended it meanwhile
                if current is None or current.status not in OWNED_STATUSES:
                    continue
                if final:
                    instance.report_run_canceled(current, message)
                elif current.status != dg.DagsterRunStatus.CANCELING:
                    instance.report_run_canceling(current, message)


def _is_resource_tracker(pid: int) -> bool:
    """multiprocessing's resource trackers are spared: each ends by itself once every process holding its pipe
    has (a moment after this one exits), unlinking the semaphores the killed workers left. Killed, it would leak
    them, and this process's tracker would be started again and complain on stderr."""
    from pipeline.infra.processes import command_line

    return "multiprocessing.resource_tracker" in command_line(pid)


def _remove_partial_files(pids: list[int]) -> None:
    """What killed publishers left half-written: the publish's own litter sweep (``clear_litter``, which the
    next publish runs anyway), now, while this process still holds the run lock. It needs the publish lock, free
    once the killed children are gone; this process's own main thread may still hold it, and then the next
    publish sweeps instead."""
    if not pids:
        return
    from assets.settings import warehouse_path
    from pipeline.warehouse.store import clear_litter, publish_lock

    with contextlib.suppress(Exception), publish_lock(warehouse_path(), timeout_s=1.0):
        clear_litter(warehouse_path())
