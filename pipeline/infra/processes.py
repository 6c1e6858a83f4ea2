"""Processes by identity: who a process is, whether it still runs, and the processes it started.

A pid alone names no process for long: the kernel hands a freed pid to the next process that asks. So a process
is named by its host, pid and start time (Linux: field 22 of ``/proc/<pid>/stat``, clock ticks after boot); a
live process with that pid but another start time is someone else, and the one we named is gone.
"""

import os
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class ProcessIdentity:
    host: str
    pid: int
    #: Start time in clock ticks after boot; None where /proc is missing (then only the pid is checked).
    started: str | None = None

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}"


def _stat_fields(pid: int) -> list[str] | None:
    """Fields 3 onwards of ``/proc/<pid>/stat`` (state first); None if the process or /proc is missing. The
    command name (field 2) is in parentheses and may hold spaces, so fields are split after its last ')'."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def start_time(pid: int) -> str | None:
    fields = _stat_fields(pid)
    return fields[19] if fields else None


def this_process() -> ProcessIdentity:
    return ProcessIdentity(socket.gethostname(), os.getpid(), start_time(os.getpid()))


def identity_of(pid: int) -> ProcessIdentity:
    return ProcessIdentity(socket.gethostname(), pid, start_time(pid))


def is_running(process: ProcessIdentity) -> bool | None:
    """True while the process runs, False once it is gone (exited, killed, a zombie not yet reaped, or its pid
    reused by another process); None when this host cannot tell (the process ran on another host)."""
    if process.host != socket.gethostname():
        return None
    fields = _stat_fields(process.pid)
    if fields is None:
        if PROC.is_dir():
            return False
        try:  # no /proc (macOS): a signal 0 says whether the pid exists, nothing more
            os.kill(process.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    if fields[0] in ("Z", "X"):
        return False
    return process.started is None or fields[19] == process.started


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, their children, …), parents before children. Without /proc, only
    this process's own multiprocessing children can be found."""
    if not PROC.is_dir():
        import multiprocessing

        return [child.pid for child in multiprocessing.active_children()] if pid == os.getpid() else []
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, frontier = [], [pid]
    while frontier:
        frontier = [child for parent in frontier for child in children.get(parent, [])]
        found += frontier
    return found


def command_line(pid: int) -> str:
    """The process's command line, arguments joined by spaces ("" when it cannot be read)."""
    try:
        return (
            (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        )
    except OSError:
        return ""


def kill_descendants(
    pid: int, spare: Callable[[int], bool] = lambda pid: False, rounds: int = 5
) -> list[int]:
    """SIGKILL every process below ``pid`` but those ``spare`` names; the pids killed. Each is stopped first
    (SIGSTOP) so that none starts a child between the listing and the kill, and the listing is repeated until it
    finds no one new (a process not yet stopped, ``pid`` itself included, may have started one meanwhile).
    Killing a parent first would hand its children to init, out of reach of the next listing."""
    stopped: list[int] = []
    spared: set[int] = set()
    for _ in range(rounds):
        new = [p for p in descendants(pid) if p not in stopped and p not in spared]
        spared |= {p for p in new if spare(p)}
        new = [p for p in new if p not in spared]
        if not new:
            break
        for p in new:
            _send(p, signal.SIGSTOP)
        stopped += new
    for p in stopped:
        _send(p, signal.SIGKILL)
    return stopped


def _send(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass  # gone already, or not ours to stop
