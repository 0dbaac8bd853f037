"""`python -m featuresweep report`: one self-contained HTML page, checked in a real headless
browser (Debian's chromium driven by Playwright; no browser download): it loads without
console errors or network requests, every figure decodes, and clicking a column sorts the
task table. The browser test also takes the screenshot shown in the README; with
FSWEEP_UPDATE_DOCS=1 it writes it to docs/report-screenshot.png.
"""
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import pytest

from conftest import ROOT, fsweep_binary

sys.path.insert(0, str(ROOT / "analysis"))

from featuresweep import load_tasks  # noqa: E402
from featuresweep.report import render  # noqa: E402

CHROMIUM = os.environ.get("FSWEEP_CHROMIUM", "/usr/bin/chromium")
GIANT_STEP_FIGURES = ["spectrum", "outliers", "mse", "alignment"]

FAILING_SPEC = """\
protocol = "smoke"
root_seed = 3
repeats = 2

[grid]
fail = ["none", "throw"]
"""


@pytest.fixture(scope="module")
def quickstart_report(quickstart: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = subprocess.run([sys.executable, "-m", "featuresweep", "report", str(quickstart / "results" / "quickstart.h5"),
                             "--out", str(out)], capture_output=True, text=True, cwd=ROOT / "analysis")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    return out


@pytest.fixture(scope="module")
def failing_h5(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("report-failures")
    spec = directory / "failing.toml"
    spec.write_text(FAILING_SPEC)
    out = directory / "failing.h5"
    subprocess.run([fsweep_binary(), "run", str(spec), "--out", str(out), "--quiet", "--allow-failures"], check=True)
    return out


def test_report_is_self_contained_with_provenance_and_every_figure(quickstart: Path, quickstart_report: Path):
    text = quickstart_report.read_text()
    assert text.count('<img alt="') == len(GIANT_STEP_FIGURES)
    assert text.count('src="data:image/png;base64,') == len(GIANT_STEP_FIGURES)
    # Nothing fetched from anywhere: no external script, style sheet, image or font.
    for needle in ("http://", "https://", "<link", "src=\"//", "@import"):
        assert needle not in text, needle
    with h5py.File(quickstart / "results" / "quickstart.h5", "r") as f:
        for attribute in ("git_commit", "spec_sha256", "hosts", "created", "finished"):
            assert str(f.attrs[attribute].decode()) in text, attribute
        assert f"<td>{int(f.attrs['mpi_size'])}</td>" in text
    assert "root_seed = 20231011" in text  # the spec's text
    assert "30 tasks" in text and "30 done" in text and "0 failed" in text


def test_report_shows_machine_and_kernel_attributes_when_present(quickstart: Path, tmp_path: Path):
    """cpu_*, kernel_* and blas_* root attributes (written by newer fsweep builds) are shown."""
    copy = tmp_path / "machine.h5"
    shutil.copy(quickstart / "results" / "quickstart.h5", copy)
    with h5py.File(copy, "a") as f:
        f.attrs["cpu_model"] = "Test CPU @ 2.0GHz"
        f.attrs["cpu_flags"] = "avx512f fma"
        f.attrs["kernel_path"] = "avx512"
        f.attrs["kernel_choice"] = "auto"
        f.attrs["blas_core"] = "SkylakeX"
    text = render(copy)
    for name, value in [("cpu_model", "Test CPU @ 2.0GHz"), ("cpu_flags", "avx512f fma"), ("kernel_path", "avx512"),
                        ("kernel_choice", "auto"), ("blas_core", "SkylakeX")]:
        assert f"<tr><th>{name}</th><td>{value}</td></tr>" in text, name


def test_report_lists_failures_with_their_messages(failing_h5: Path):
    text = render(failing_h5)
    tasks = load_tasks(failing_h5)
    failed = tasks[tasks["status"] == "failed"]
    assert len(failed) == 2
    assert "Failures (2)" in text
    assert text.count("injected failure (smoke protocol, fail = &quot;throw&quot;)") == 2


def test_report_in_a_headless_browser(quickstart_report: Path, tmp_path: Path):
    playwright = pytest.importorskip("playwright.sync_api", reason="`make venv` installs playwright")
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: `make apt` installs chromium"
    problems, requests = [], []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 860})
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(quickstart_report.as_uri(), wait_until="load")
            assert problems == []
            assert [url for url in requests if not url.startswith(("file:", "data:"))] == []

            # Every figure is decoded and has a size.
            images = page.eval_on_selector_all("img", "els => els.map(e => [e.alt, e.complete, e.naturalWidth, e.naturalHeight])")
            assert [alt for alt, *_ in images] == GIANT_STEP_FIGURES
            for alt, complete, width, height in images:
                assert complete and width > 0 and height > 0, alt

            screenshot = tmp_path / "report-screenshot.png"
            page.screenshot(path=str(screenshot))
            assert screenshot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
            if os.environ.get("FSWEEP_UPDATE_DOCS") == "1":
                shutil.copy(screenshot, ROOT / "docs" / "report-screenshot.png")

            # Clicking a column's name sorts by it; clicking again reverses.
            headers = page.eval_on_selector_all("table.tasks thead th", "els => els.map(e => e.textContent)")
            column = headers.index("test_mse")

            def values():
                return page.eval_on_selector_all(
                    "table.tasks tbody tr", f"rows => rows.map(r => parseFloat(r.cells[{column}].dataset.v))")

            before = values()
            assert len(before) == 30 and before != sorted(before)
            page.click("table.tasks thead th >> text=test_mse")
            ascending = values()
            assert ascending == sorted(before)
            assert page.get_attribute(f"table.tasks thead th:nth-child({column + 1})", "aria-sort") == "ascending"
            page.click("table.tasks thead th >> text=test_mse")
            assert values() == sorted(before, reverse=True)
            # Text columns sort too, and the rows move whole (task index follows its values).
            page.click("table.tasks thead th >> text=status")
            tasks = page.eval_on_selector_all("table.tasks tbody tr", "rows => rows.map(r => r.cells[0].textContent)")
            assert sorted(map(int, tasks)) == list(range(30))
            assert problems == []
        finally:
            browser.close()
    assert not any(math.isnan(v) for v in before)
