"""The experiment in headless Chromium: the line above the tabs follows the form, Measure times real steps of the
config on this machine and the line then gives the run's time, and a reload brings back the form, the open tab and
the measurement (all kept in this browser's localStorage)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.helpers import AppServer, chromium_or_skip, configure_tiny_run, open_studio, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
sync_playwright = chromium_or_skip()


def test_the_experiment_is_measured_and_survives_a_reload(app: AppServer, tiny_model: Path) -> None:
    with sync_playwright() as p:
        browser, page = open_studio(p, app)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        strip = page.locator("#experiment-summary")
        wait_for(lambda: "legal-ko-sample" in strip.inner_text(), 60, "the experiment line on arrival")
        assert "not measured yet" in strip.inner_text()

        configure_tiny_run(page, tiny_model, [("cfg-training-learning-rate", "0.0007")])
        wait_for(lambda: "LR 0.0007" in strip.inner_text(), 60, "the line to follow the form")
        assert str(tiny_model) in strip.inner_text()

        page.get_by_role("tab", name="3. Train").click()
        page.locator("#experiment-measure").click()
        said = page.locator("#experiment-measured")
        wait_for(lambda: "Measured:" in said.inner_text(), 600, "the probe run to be timed")
        wait_for(lambda: "measured on this machine" in strip.inner_text(), 30, "the line to give the run's time")

        page.reload()
        kept = ("LR 0.0007", "measured on this machine", str(tiny_model))
        wait_for(lambda: all(part in strip.inner_text() for part in kept), 90, "the kept experiment and its pace")
        assert page.get_by_role("tab", name="3. Train", selected=True).count() == 1, "the open tab was lost"
        page.get_by_role("tab", name="2. Configure").click()
        field = page.locator("#cfg-training-learning-rate input").first
        wait_for(lambda: field.input_value() in ("0.0007", "7e-4", "0.00070"), 30, "the kept learning rate")
        assert errors == []
        browser.close()
