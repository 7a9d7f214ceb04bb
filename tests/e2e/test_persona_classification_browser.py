"""Persona 3, in Chromium on /: a 60-row classification CSV saved by Excel in CP949 is uploaded (after a broken file,
whose errors must go when the new file is chosen), stored, configured as classification with the labels counted
from the data, timed before Start (a measured time per step in the experiment line), trained on a tiny model,
stopped mid-run, then asked on the Playground. At every step: no blank chart without words, nothing stale once the
run stopped (no "Stopping…", no ETA), the history and the run lists current within one refresh, no emoji, no
JavaScript error for the whole walk. Saves the English "running" screenshots of every tab."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.strings import words
from studio.tabs.train import REFRESH_SECONDS
from tests.e2e.helpers import AppServer, chromium_or_skip, set_field, wait_for
from tests.e2e.persona_data import CLASSES, write_cp949_csv
from tests.e2e.screenshots import Shots, open_tab, shots_folder  # noqa: F401  # the shots_dir fixture
from tests.e2e.walk import (
    blank_charts,
    choose_file,
    detected_note,
    history_row,
    open_page,
    settles,
    state_of,
    upload,
    wait_text,
)
from training.lifecycle import runs

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.persona]
sync_playwright = chromium_or_skip()
LANG = "en"
ONE_REFRESH = 3 * REFRESH_SECONDS + 5  # a tick, its answer and a redraw on a busy 2-core machine


def test_cp949_csv_to_a_stopped_classifier(app: AppServer, tiny_model: Path, tmp_path: Path, shots_dir: Path) -> None:
    csv = write_cp949_csv(tmp_path / "문의분류.csv")
    broken = tmp_path / "broken.csv"
    broken.write_bytes("text,label\r\n배송이 늦어요,\r\n,환불\r\n".encode("cp949"))
    with sync_playwright() as p:
        browser, page, watch = open_page(p, app, LANG)
        shots = Shots(page, shots_dir, LANG)
        watch.screen("data: first view")
        open_tab(page, "train", LANG)
        watch.expect(page.locator("#train-stop").is_disabled(), "Stop is enabled with no run")
        watch.expect(page.locator("#history-delete").is_disabled(), "Delete the open run is enabled with no run")
        watch.expect(not blank_charts(page), f"blank charts with no run: {blank_charts(page)}")
        watch.screen("train: no run")

        # Data: a broken file's errors, then the CP949 file: the old errors go as soon as it is chosen
        open_tab(page, "data", LANG)
        report = page.locator("#data-report")
        choose_file(page, broken, LANG)
        page.locator("#data-check").click()
        wait_text(report, "broken.csv:2", 240, "the broken file's located errors")
        upload(page, "data-upload-file", csv)
        watch.expect(
            settles(lambda: "broken.csv" not in report.inner_text(), ONE_REFRESH),
            "the broken file's errors stay after a new file",
        )
        wait_text(report, lambda shown: all(p in shown for p in detected_note(LANG)), 120, "the CSV to be read")
        page.locator("#data-check").click()
        read = wait_text(report, "cp949", 240, "the CSV to be read")
        assert "60" in read and "classification" in read, read
        stats = page.locator("#data-stats")
        watch.expect(
            settles(lambda: "3 classes" in stats.inner_text(), 120),
            f"the statistics after Check are not the CSV's: {stats.inner_text()[:300]!r}",
        )
        page.locator("#data-name textarea").fill("complaints")
        page.locator("#data-import").click()
        wait_for(lambda: (app.data_dir / "datasets" / "complaints" / "manifest.json").exists(), 60, "the store")
        wait_for(lambda: "complaints" in page.locator("#data-summary").inner_text(), 60, "the stored dataset shown")
        watch.screen("data: stored")

        # Configure: the task and dataset followed the stored data; the head's size comes from the data (0)
        open_tab(page, "configure", LANG)
        wait_for(lambda: page.locator("#cfg-task input").input_value() == "classification", 30, "the task to follow")
        assert page.locator("#cfg-data-dataset input").input_value() == "complaints"
        set_field(page, "cfg-model-name-or-path", str(tiny_model))
        for elem, value in (
            ("cfg-model-max-seq-length", "32"),
            ("cfg-training-per-device-train-batch-size", "8"),
            ("cfg-training-max-steps", "200000"),  # stopped by the walk long before
            ("cfg-training-eval-steps", "200"),
            ("cfg-training-save-steps", "100000"),
        ):
            set_field(page, elem, value)
        yaml = page.locator("#cfg-yaml")
        wait_for(lambda: "save_steps: 100000" in yaml.inner_text(), 60, "the YAML to follow the form")
        assert "num_labels: 0" in yaml.inner_text() and "task: classification" in yaml.inner_text()
        watch.screen("configure")

        # Train: the time per step measured on this machine before Start, said in the experiment line
        open_tab(page, "train", LANG)
        strip = page.locator("#experiment-summary")
        watch.expect("complaints" in strip.inner_text(), f"the experiment line: {strip.inner_text()!r}")
        page.locator("#experiment-measure").click()
        measured = words("experiment", LANG)("measured", per_step=0, steps=0, startup=0).split(":")[0]
        wait_text(page.locator("#experiment-measured"), measured, 300, "the time per step to be measured")
        unmeasured = words("experiment", LANG)("time_unmeasured").split(":")[0]
        watch.expect(
            settles(lambda: unmeasured not in strip.inner_text(), ONE_REFRESH),
            f"the experiment line gives no measured time: {strip.inner_text()!r}",
        )

        # Start; charts speak while it runs; every tab's running screenshot
        page.locator("#train-start").click()
        wait_for(lambda: len(runs.list_runs(app.data_dir / "runs")) == 1, 30, "the run folder")
        (run,) = runs.list_runs(app.data_dir / "runs")
        progress = page.locator("#train-progress")
        wait_text(progress, state_of(LANG, "running"), 300, "the running state")
        watch.expect(not blank_charts(page), f"blank charts at the start: {blank_charts(page)}")
        watch.expect(not page.locator("#train-stop").is_disabled(), "Stop is disabled while the run trains")
        wait_for(lambda: page.locator("#train-loss-plot g.mark-line path").count() > 0, 120, "a loss curve")
        watch.expect(not blank_charts(page), f"blank charts while running: {blank_charts(page)}")
        watch.screen("train: running")
        shots.every_tab("running", back_to="train", watch=watch)
        assert runs.read_status(run.path)["state"] == "running", "the run ended before Stop: raise max_steps"
        watch.expect(
            settles(lambda: state_of(LANG, "running") in history_row(page, run.id), ONE_REFRESH),
            "the history does not list the running run within one refresh",
        )

        # Stop: the state, message, ETA, run list and history all say stopped within one refresh
        page.locator("#train-stop").click()
        wait_for(lambda: runs.read_status(run.path)["state"] == "stopped", 120, "the run to stop")
        stopped = state_of(LANG, "stopped")
        wait_for(lambda: stopped in progress.inner_text(), ONE_REFRESH, "the progress to say stopped")
        message = page.locator("#train-message").inner_text()
        stopping = words("train", LANG)("stopping", run=run.id).split("`")[0].strip()
        watch.expect(stopping not in message, f"stale after the run stopped: {message!r}")
        watch.expect("ETA" not in progress.inner_text(), f"an ETA after the run stopped: {progress.inner_text()!r}")
        listed = page.locator("#train-run input")
        watch.expect(
            settles(lambda: stopped in listed.input_value(), ONE_REFRESH),
            f"the run list still says {listed.input_value()!r} after the run stopped",
        )
        watch.expect(
            settles(lambda: stopped in history_row(page, run.id), ONE_REFRESH),
            f"the history row is not current after Stop: {history_row(page, run.id)!r}",
        )
        watch.expect(not blank_charts(page), f"blank charts after Stop: {blank_charts(page)}")
        watch.screen("train: stopped")

        # Playground: the stopped classifier is offered as soon as the tab opens, and labels a new message
        open_tab(page, "playground", LANG)
        page.locator("#play-run input").click()
        page.get_by_role("option", name=run.id).first.click(timeout=ONE_REFRESH * 1000)
        wait_for(lambda: page.locator("#play-tuned-labels").is_visible(), 60, "the label tables of a classifier")
        page.locator("#play-prompt textarea").fill("택배가 일주일째 안 와요")
        page.locator("#play-ask").click()
        for which in ("base", "tuned"):
            wait_text(
                page.locator(f"#play-{which}-labels"),
                lambda shown: all(label in shown for label in CLASSES),
                180,
                f"the {which} model's labels",
            )
        watch.screen("playground: labelled")
        browser.close()
    watch.assert_clean()
