"""Faults: a run whose process is killed outright, and a run stopped by Ctrl-C or SIGTERM.

The tests marked ``faults`` start real processes (`newsetl run`, `dagster job launch`, `dagster-daemon run`) and
take minutes together: `make test-faults` runs them, `make test` the rest.
"""

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, SAMPLE_FILES

from pipeline.infra.processes import (
    ProcessIdentity,
    descendants,
    identity_of,
    is_running,
    kill_descendants,
    this_process,
)

BIN = Path(sys.executable).parent
NEWSETL = [sys.executable, "-m", "newsetl"]
#: The brief every stop must meet, from the signal to the process's exit.
STOP_WITHIN_S = 10.0

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")


# --- processes: identity and trees (quick) ---------------------------------------------------------------------


def _sleeper_tree() -> subprocess.Popen:
    """A process whose child starts a grandchild; all three sleep."""
    grandchild = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); time.sleep(120)"
    return subprocess.Popen([sys.executable, "-c", f"import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', {grandchild!r}]); time.sleep(120)"])  # fmt: skip


def _wait_until(condition, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


@linux_only
def test_kill_descendants_kills_children_and_grandchildren_but_not_the_root():
    root = _sleeper_tree()
    try:
        below = _wait_until(
            lambda: len(descendants(root.pid)) >= 2 and descendants(root.pid), 30, "two levels"
        )
        identities = [identity_of(pid) for pid in below]
        killed = kill_descendants(root.pid)
        assert sorted(killed) == sorted(below)
        _wait_until(lambda: not any(is_running(p) for p in identities), 5, "the killed processes to go")
        assert root.poll() is None  # the root was not below itself
    finally:
        root.kill()
        root.wait()


@linux_only
def test_is_running_tells_a_gone_process_and_a_reused_pid_from_a_live_one():
    assert is_running(this_process()) is True
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    identity = identity_of(child.pid)
    child.wait()
    assert is_running(identity) is False
    # The same pid with another start time is another process: the one named is gone.
    assert is_running(ProcessIdentity(socket.gethostname(), os.getpid(), "1")) is False
    assert is_running(ProcessIdentity("another-host.invalid", os.getpid())) is None


# --- the dead-runs sensor (quick) ------------------------------------------------------------------------------


@linux_only
def test_dead_runs_sensor_fails_only_unfinished_runs_whose_process_is_gone():
    import dagster as dg

    from assets.automation import (
        OWNER_HOST_TAG,
        OWNER_PID_TAG,
        OWNER_STARTED_TAG,
        dead_runs_sensor,
        owner_tags,
    )

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone_identity = identity_of(gone.pid)
    gone.wait()
    gone_tags = {OWNER_HOST_TAG: gone_identity.host, OWNER_PID_TAG: str(gone.pid)} | (
        {OWNER_STARTED_TAG: gone_identity.started} if gone_identity.started else {}
    )
    runs = {
        "dead": (dg.DagsterRunStatus.STARTED, gone_tags),
        "dead_canceling": (dg.DagsterRunStatus.CANCELING, gone_tags),
        "dead_but_finished": (dg.DagsterRunStatus.SUCCESS, gone_tags),
        "alive": (dg.DagsterRunStatus.STARTED, owner_tags()),
        "other_host": (dg.DagsterRunStatus.STARTED, gone_tags | {OWNER_HOST_TAG: "another-host.invalid"}),
        "launched_by_the_daemon": (dg.DagsterRunStatus.STARTED, {}),
    }
    with dg.DagsterInstance.local_temp() as instance:
        ids = {}
        for name, (status, tags) in runs.items():
            ids[name] = instance.add_run(
                dg.DagsterRun(job_name="materialize_all", run_id=str(uuid.uuid4()), status=status, tags=tags)
            ).run_id
        outcome = dead_runs_sensor(dg.build_sensor_context(instance=instance))
        statuses = {name: instance.get_run_by_id(run_id).status for name, run_id in ids.items()}
        failure = instance.all_logs(ids["dead"], of_type=dg.DagsterEventType.RUN_FAILURE)

    assert statuses == {
        "dead": dg.DagsterRunStatus.FAILURE,
        "dead_canceling": dg.DagsterRunStatus.FAILURE,
        "dead_but_finished": dg.DagsterRunStatus.SUCCESS,
        "alive": dg.DagsterRunStatus.STARTED,
        "other_host": dg.DagsterRunStatus.STARTED,
        "launched_by_the_daemon": dg.DagsterRunStatus.STARTED,
    }
    assert f"pid {gone.pid} on {gone_identity.host}" in failure[0].message
    assert "is gone" in failure[0].message
    assert "marked 2 run(s) failed" in outcome.skip_message


def test_the_instance_monitors_runs_and_the_dead_runs_sensor_is_on_by_default(tmp_path, monkeypatch):
    import dagster as dg

    from assets.definitions import defs

    home = _dagster_home(tmp_path)
    monkeypatch.chdir(home)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert instance.run_monitoring_enabled
        assert "MONITORING" in instance.get_required_daemon_types()
    sensor = defs.resolve_sensor_def("dead_runs_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


# --- stopping_on_signals without Dagster (quick) ---------------------------------------------------------------

STUBBORN = textwrap.dedent(
    """
    import subprocess, sys, time
    from newsetl.interrupts import stopping_on_signals

    with stopping_on_signals():
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        print(child.pid, flush=True)
        while True:  # a main thread that never unwinds, as one stuck in a long C call
            try:
                time.sleep(120)
            except KeyboardInterrupt:
                pass
    """
)


@linux_only
def test_a_main_thread_that_never_unwinds_is_stopped_and_its_children_killed(tmp_path):
    env = _env(warehouse=tmp_path / "warehouse" / "news.duckdb")
    proc = subprocess.Popen(
        [sys.executable, "-c", STUBBORN], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    child = identity_of(int(proc.stdout.readline()))
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert time.monotonic() - sent < STOP_WITHIN_S
    assert proc.returncode == 128 + signal.SIGTERM
    assert "SIGTERM received" in proc.stderr.read()
    _wait_until(lambda: is_running(child) is False, 2, "the child to go")


def test_a_block_without_signals_leaves_the_handlers_as_they_were(monkeypatch):
    from newsetl.interrupts import stopping_on_signals

    monkeypatch.setenv("DAGSTER_HOME", "")  # a throwaway instance: this test records nothing

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    with stopping_on_signals():
        assert signal.getsignal(signal.SIGINT) is not before[signal.SIGINT]
    assert {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)} == before
    assert signal.set_wakeup_fd(-1) == -1  # no pipe left behind


# --- real runs (faults) ----------------------------------------------------------------------------------------


def _env(home: Path | None = None, raw: Path | None = None, warehouse: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "NEWSETL_EXECUTOR")}
    env["PYTHONPATH"] = str(REPO)
    env["DAGSTER_HOME"] = str(home) if home else ""  # empty: a throwaway instance
    env |= {"NEWSETL_RAW_DIR": str(raw)} if raw else {}
    env |= {"NEWSETL_WAREHOUSE": str(warehouse)} if warehouse else {}
    return env


def _dagster_home(tmp_path: Path) -> Path:
    """A Dagster instance of its own, configured as the repo's. dagster.yaml's storage folders are relative, to
    the working directory: every process of a test runs there, this one too (``monkeypatch.chdir``)."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    return home


def _samples(target: Path) -> Path:
    target.mkdir(parents=True)
    for sample in SAMPLE_FILES:
        shutil.copy(sample, target / sample.name)
    return target


def _grown_raw(target: Path, copies: int) -> Path:
    """The five samples ``copies`` times over, each copy with a sentence of its own (its own document)."""
    target.mkdir(parents=True)
    for sample in SAMPLE_FILES:
        lines = sample.read_text(encoding="utf-8").split("\n")
        for copy in range(copies):
            varied = [*lines[:3], f"Correspondents filed update number {copy} from this desk.", *lines[3:]]
            (target / f"{copy:04d}_{sample.name}").write_text("\n".join(varied), encoding="utf-8")
    return target


def _newsetl_run(env: dict, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*NEWSETL, "run", "--json", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=400
    )


def _warehouse_state(warehouse: Path) -> dict:
    """What a reader of the warehouse sees, and every file of it outside the working folders and the raw store
    (content-addressed: a run adds the raw files it read, whether it publishes or not)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        snapshots = [
            row[0] for row in con.sql("SELECT snapshot_id FROM snapshots ORDER BY created_at").fetchall()
        ]
        documents = con.sql("SELECT count(*) FROM documents").fetchall()[0][0]
    root = warehouse.parent
    files = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file()
        and path.relative_to(root).parts[0] not in (".staging", "cache", "raw_store")
        and not path.name.startswith(".run.")
    )
    return {
        "snapshots": snapshots,
        "documents": documents,
        "database_sha256": hashlib.sha256(warehouse.read_bytes()).hexdigest(),
        "files": files,
    }


def _runs_of(instance, pid: int):
    import dagster as dg

    from assets.automation import OWNER_PID_TAG

    return instance.get_runs(filters=dg.RunsFilter(tags={OWNER_PID_TAG: str(pid)}))


def _started_run(instance, proc: subprocess.Popen, timeout: float):
    import dagster as dg

    def started():
        assert proc.poll() is None, (
            f"newsetl run ended early ({proc.returncode}): {proc.stderr.read()[-2000:]}"
        )
        runs = [r for r in _runs_of(instance, proc.pid) if r.status == dg.DagsterRunStatus.STARTED]
        return runs[0] if runs else None

    return _wait_until(started, timeout, f"a STARTED run of pid {proc.pid}", interval=0.5)


@pytest.fixture(scope="module")
def published_samples(tmp_path_factory) -> Path:
    """A warehouse the five samples published through `newsetl run`, built once; each test takes a copy."""
    root = tmp_path_factory.mktemp("published_samples")
    home = _dagster_home(root)
    small = _samples(root / "raw")
    done = _newsetl_run(_env(home, small, root / "warehouse" / "news.duckdb"), home)
    assert done.returncode == 0, done.stderr[-3000:]
    return root


#: SIGTERM from a process manager reaches only `newsetl run`; Ctrl-C reaches its whole process group.
STOP_CASES = [
    pytest.param(signal.SIGTERM, ["--processes"], False, id="SIGTERM-step-processes-not-signalled"),
    pytest.param(signal.SIGINT, [], True, id="ctrl-c-in-process-whole-group"),
]


@pytest.mark.faults
@linux_only
@pytest.mark.parametrize(("signum", "args", "to_group"), STOP_CASES)
def test_a_signal_stops_a_run_within_10s_and_leaves_the_warehouse_as_it_was(
    signum, args, to_group, published_samples, tmp_path, monkeypatch
):
    import dagster as dg

    home = _dagster_home(tmp_path)
    monkeypatch.chdir(home)
    small = shutil.copytree(published_samples / "raw", tmp_path / "small")
    warehouse = shutil.copytree(published_samples / "warehouse", tmp_path / "warehouse") / "news.duckdb"
    before = _warehouse_state(warehouse)

    # 500 documents: minutes on a busy machine, tens of seconds on an idle one; stopped a few seconds in.
    big = _grown_raw(tmp_path / "big", copies=100)
    proc = subprocess.Popen(
        [*NEWSETL, "run", "--json", *args],
        env=_env(home, big, warehouse),
        cwd=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a shell's foreground job: Ctrl-C reaches all of it
    )
    seen: dict[int, ProcessIdentity] = {}

    def note_processes():
        seen.update({pid: identity_of(pid) for pid in descendants(proc.pid) if pid not in seen})

    try:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            run = _started_run(instance, proc, timeout=180)
            if args:  # a step process at work, and the run's own processes below it
                _wait_until(lambda: (note_processes(), descendants(proc.pid))[1], 120, "a step process")
            time.sleep(2)
            note_processes()
            assert proc.poll() is None, "the run ended before it could be stopped: grow the raw folder"
            sent = time.monotonic()
            os.killpg(proc.pid, signum) if to_group else proc.send_signal(signum)
            while proc.poll() is None and time.monotonic() - sent < 30:
                note_processes()
                time.sleep(0.1)
            stopped_after = time.monotonic() - sent
            stdout, stderr = proc.communicate(timeout=30)
            status = instance.get_run_by_id(run.run_id).status
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    name = signal.Signals(signum).name
    assert stopped_after < STOP_WITHIN_S, f"stopped after {stopped_after:.1f}s:\n{stderr[-3000:]}"
    assert proc.returncode == 128 + signum, stderr[-3000:]
    assert f"newsetl: {name} received: stopping the run" in stderr
    assert stdout == ""  # no half a summary
    if args:
        assert seen, "the run had no process below it: the test would prove nothing about children"
    deadline = time.monotonic() + 2  # SIGKILL is sent before the exit; the kernel takes a moment
    while (survivors := [p for p in seen.values() if is_running(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert survivors == [], f"still running after the stop: {survivors}"
    assert status == dg.DagsterRunStatus.CANCELED
    # The warehouse is what it was, readable, with no partial files beside it; a next run publishes normally.
    assert _warehouse_state(warehouse) == before
    shutil.copy(SAMPLE_FILES[0], small / "copy_of_the_first_sample.txt")
    after = _newsetl_run(_env(home, small, warehouse), home)
    assert after.returncode == 0, after.stderr[-3000:]
    state = _warehouse_state(warehouse)
    assert state["snapshots"][:-1] == before["snapshots"] and len(state["snapshots"]) == 2


@pytest.mark.faults
@linux_only
def test_a_killed_run_is_failed_by_the_daemon_and_the_queued_publish_starts(tmp_path, monkeypatch):
    """Issue #24: a `newsetl run` killed (SIGKILL) left its run STARTED with the `publish` tag; dagster.yaml lets
    one publishing run at a time, so every later run stayed QUEUED for good."""
    import dagster as dg

    home = _dagster_home(tmp_path)
    monkeypatch.chdir(home)
    env = _env(home, _grown_raw(tmp_path / "raw", copies=40), tmp_path / "warehouse" / "news.duckdb")
    proc = subprocess.Popen(
        [*NEWSETL, "run", "--quiet"],
        env=env,
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    daemon = None
    try:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            dead = _started_run(instance, proc, timeout=180)
            proc.kill()
            proc.wait()
            assert (
                instance.get_run_by_id(dead.run_id).status == dg.DagsterRunStatus.STARTED
            )  # nothing ends it

            queued_id = str(uuid.uuid4())
            launch = subprocess.run(
                [str(BIN / "dagster"), "job", "launch", "-m", "assets.definitions", "-j", "materialize_all",
                 "--run-id", queued_id],
                env=env, cwd=home, capture_output=True, text=True, timeout=180,
            )  # fmt: skip
            assert launch.returncode == 0, launch.stderr[-3000:]
            assert instance.get_run_by_id(queued_id).status == dg.DagsterRunStatus.QUEUED

            with (tmp_path / "daemon.log").open("w") as log:
                daemon = subprocess.Popen(
                    [str(BIN / "dagster-daemon"), "run", "-m", "assets.definitions"],
                    env=env,
                    cwd=home,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its code server and run workers too, for the kill below
                )
            _wait_until(
                lambda: instance.get_run_by_id(queued_id).status != dg.DagsterRunStatus.QUEUED,
                60,
                f"the queued run to start (daemon log: {tmp_path / 'daemon.log'})",
                interval=1,
            )
            # Launched by the queue's coordinator (not ended some other way), the dead run no longer counting.
            assert instance.all_logs(queued_id, of_type=dg.DagsterEventType.RUN_STARTING)
            assert instance.get_run_by_id(dead.run_id).status == dg.DagsterRunStatus.FAILURE
            failure = instance.all_logs(dead.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
            assert f"pid {proc.pid} on {socket.gethostname()}" in failure[-1].message
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if daemon is not None:
            _stop_group(daemon)


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM to the process's whole group (the daemon, its code server, the runs it launched), SIGKILL after 15s."""
    for signum, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 15)):
        try:
            os.killpg(proc.pid, signum)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait_s)
            _wait_until(lambda: not _group_alive(proc.pid), wait_s, "the daemon's group to end")
            break
        except (subprocess.TimeoutExpired, AssertionError):
            continue


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True
