"""The Dagster UI in a real browser, end to end (issue #25): `dagster dev` as `make ui` starts it, on a throwaway
instance and a copy of the samples, driven in Debian's Chromium with Playwright.

From the Global asset lineage page the test clicks "Materialize all", waits for that run to succeed, reads the new
snapshot from the warehouse, and finds its id on the `warehouse_snapshot` asset page and a passed check on the
check's page. Screenshots of every page go to the test's tmp folder and to ``test-artifacts/test_ui_browser/``
(ignored by git; NEWSETL_TEST_ARTIFACTS names another folder). Without Playwright or Chromium the test skips and
says which is missing, except in CI (CI set), where `.ci/run` installs both and a missing one is a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_FILES, SAMPLE_SNAPSHOT_COUNTS, SAMPLES_RAW_VERSION

pytestmark = pytest.mark.browser

BIN = REPO / ".venv" / "bin"
#: Screen size of every screenshot: the docs' pictures come from these, and stay small at this size.
VIEWPORT = {"width": 1280, "height": 800}
#: Generous on a shared two-core machine: starting `dagster dev` takes ~20 s there, the run on the samples ~30 s.
SERVE_WITHIN_S = 180
RUN_WITHIN_S = 420
UI_TIMEOUT_MS = 60_000
#: The asset page and the check the test opens.
ASSET = "warehouse_snapshot"
CHECK_ASSET, CHECK = "documents", "nothing_lost"


def _unavailable(why: str) -> None:
    """Skip with ``why`` on a developer's machine; in CI, where `.ci/run` installs everything, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{why}; CI must run the browser test (.ci/run installs chromium)")
    pytest.skip(why)


def _chromium() -> str:
    path = os.environ.get("NEWSETL_CHROMIUM") or shutil.which("chromium")
    if not path or not Path(path).is_file():
        _unavailable(
            "Chromium is not installed: `apt-get install chromium` (Debian's package) or NEWSETL_CHROMIUM"
        )
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _artifacts_dir() -> Path:
    return Path(os.environ.get("NEWSETL_TEST_ARTIFACTS", REPO / "test-artifacts")) / "test_ui_browser"


def _ui_env(home: Path, raw: Path, warehouse: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSETL_EXECUTOR"}
    return env | {"DAGSTER_HOME": str(home), "NEWSETL_RAW_DIR": str(raw), "NEWSETL_WAREHOUSE": str(warehouse)}


def _stop_automation(env: dict[str, str]) -> None:
    """Turn the sensor and the schedule off in the instance before the UI starts: on an empty warehouse the sensor
    would launch a run of its own, and the run the test waits for must be the one its click launched."""
    from assets.automation import daily_schedule, raw_files_sensor

    commands = [
        [str(BIN / "dagster"), "sensor", "stop", raw_files_sensor.name, "-m", "assets.definitions"],
        [str(BIN / "dagster"), "schedule", "stop", daily_schedule.name, "-m", "assets.definitions"],
    ]
    for command in commands:  # one after the other: both would create the instance's storage at once
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{' '.join(command[1:4])} failed:\n{done.stdout}{done.stderr}"


def _log_tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _wait_until_serving(proc: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVE_WITHIN_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"dagster dev exited with {proc.returncode} before serving:\n{_log_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/server_info", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"dagster dev did not serve {url} within {SERVE_WITHIN_S} s:\n{_log_tail(log)}")


def _stop(proc: subprocess.Popen) -> None:
    """End `dagster dev` and everything it started (its webserver, daemon, code servers, run workers): they share
    the process group it leads."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the children a slow shutdown left
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


@pytest.fixture
def dagster_ui(tmp_path: Path):
    """`dagster dev` on a free port, with an instance, raw folder and warehouse of its own: (url, instance home,
    warehouse, log file)."""
    home, raw = tmp_path / "dagster_home", tmp_path / "raw"
    home.mkdir()
    raw.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    for sample in SAMPLE_FILES:
        shutil.copy(sample, raw / sample.name)
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    env = _ui_env(home, raw, warehouse)
    _stop_automation(env)
    port, log = _free_port(), tmp_path / "dagster_dev.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [str(BIN / "dagster"), "dev", "--host", "127.0.0.1", "--port", str(port), "-m", "assets.definitions"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_serving(proc, url, log)
        yield url, home, warehouse, log
    finally:
        _stop(proc)
        _keep(tmp_path, [log])


def _keep(tmp_path: Path, extra: list[Path]) -> None:
    """Copy the screenshots (and the UI's log) to the artifacts folder, replacing an earlier run's."""
    shots = sorted((tmp_path / "screenshots").glob("*.png"))
    target = _artifacts_dir()
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in [*shots, *extra]:
        if path.is_file():
            shutil.copy(path, target / path.name)


def _settle(page) -> None:
    """Let the page finish drawing before a screenshot (graph edges, status badges): it asks the server again
    every 2 s, so wait for a pause in its requests."""
    page.wait_for_load_state("networkidle")


def _wait_for_run(instance, log: Path):
    """The one run in the instance (the click's), once it has finished."""
    deadline = time.monotonic() + RUN_WITHIN_S
    run = None
    while time.monotonic() < deadline:
        runs = instance.get_runs()
        assert len(runs) <= 1, f"more runs than the one clicked: {[(r.run_id, r.tags) for r in runs]}"
        run = runs[0] if runs else None
        if run is not None and run.is_finished:
            return run
        time.sleep(2)
    pytest.fail(
        f"the run did not finish within {RUN_WITHIN_S} s ({run.status if run else 'no run'}):\n{_log_tail(log)}"
    )


@pytest.fixture
def browser_tools():
    """Playwright's entry points and Chromium's path, checked before any server starts."""
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (a dev dependency: `make env` or `uv sync`)")
    return sync_playwright, expect, _chromium()


def test_materialize_all_in_the_browser_publishes_a_snapshot_the_asset_page_shows(
    browser_tools, dagster_ui, tmp_path
):
    import dagster as dg
    import duckdb

    from pipeline.warehouse.store import read_snapshots

    sync_playwright, expect, chromium = browser_tools
    url, home, warehouse, log = dagster_ui
    shots = tmp_path / "screenshots"
    shots.mkdir()
    instance = dg.DagsterInstance.from_config(str(home))
    assert instance.get_runs() == []
    assert read_snapshots(warehouse).height == 0

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(UI_TIMEOUT_MS)
        expect.set_options(timeout=UI_TIMEOUT_MS)
        try:
            # The lineage page lists the graph once the code location has loaded: the button counts its assets.
            page.goto(f"{url}/asset-groups")
            expect(page).to_have_title("Global asset lineage")
            materialize_all = page.get_by_role("button", name="Materialize all")
            expect(materialize_all).to_be_enabled()
            _settle(page)
            page.screenshot(path=shots / "1_lineage.png")
            materialize_all.click()
            launched = page.get_by_text("Launched run")  # the toast names the run's first 8 characters
            expect(launched).to_be_visible()
            short_id = launched.inner_text().split()[-1]

            run = _wait_for_run(instance, log)
            assert run.run_id.startswith(short_id) and len(short_id) == 8
            assert run.tags.get("dagster/from_ui") == "true"
            page.goto(f"{url}/runs/{run.run_id}")
            expect(page.get_by_text("Success", exact=True).first).to_be_visible()
            expect(page.get_by_text("Loading run logs")).to_be_hidden()
            page.screenshot(path=shots / "2_run.png")
            assert run.status == dg.DagsterRunStatus.SUCCESS, f"the run ended {run.status}:\n{_log_tail(log)}"

            # The warehouse holds the snapshot that run published, with the samples' counts.
            snapshots = read_snapshots(warehouse)
            assert snapshots.height == 1
            snapshot = snapshots.row(0, named=True)
            assert {k: snapshot[k] for k in SAMPLE_SNAPSHOT_COUNTS} == SAMPLE_SNAPSHOT_COUNTS
            assert snapshot["manifest_sha256"] == SAMPLES_RAW_VERSION
            with duckdb.connect(str(warehouse), read_only=True) as con:
                assert con.execute("SELECT count(*) FROM documents").fetchone() == (5,)

            page.goto(f"{url}/asset-groups")
            expect(page.get_by_role("button", name="Materialize all")).to_be_enabled()
            _settle(page)
            page.screenshot(path=shots / "3_lineage_after_run.png")

            # The asset page shows the id of the snapshot the warehouse holds.
            page.goto(f"{url}/assets/{ASSET}")
            expect(page.get_by_text(snapshot["snapshot_id"], exact=True)).to_be_visible()
            expect(page.get_by_text("Latest check results")).to_be_visible()
            _settle(page)
            page.screenshot(path=shots / "4_asset.png")

            page.goto(f"{url}/assets/{CHECK_ASSET}?view=checks&checkDetail={CHECK}")
            expect(page.get_by_text("This is a blocking asset check")).to_be_visible()
            expect(page.get_by_text("Passed", exact=True)).to_be_visible()
            _settle(page)
            page.screenshot(path=shots / "5_check.png")
        except BaseException:
            page.screenshot(path=shots / "failure.png")
            raise
        finally:
            browser.close()
