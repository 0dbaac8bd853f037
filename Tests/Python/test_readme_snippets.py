"""The README's Python snippets, run as written against a real quickstart sweep."""
import json
import os
import re
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from conftest import ROOT, fsweep_binary


def readme_python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Reading the results", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def readme_shell_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Reading the results", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.S)


def test_readme_snippets_run_as_written(quickstart: Path):
    blocks = readme_python_blocks()
    assert len(blocks) == 2
    for block in blocks:
        # Warnings are errors: the default-engine xarray snippet must not need phony_dims.
        result = subprocess.run([os.sys.executable, "-W", "error", "-c", block], cwd=quickstart,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip()


def test_readme_ncdump_snippet_runs_and_shows_units(quickstart: Path):
    blocks = [block for block in readme_shell_blocks() if "ncdump" in block]
    assert len(blocks) == 1
    for line in blocks[0].splitlines():
        command = line.split("#", 1)[0].strip()
        result = subprocess.run(command, shell=True, cwd=quickstart, capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stderr)
        assert result.stdout.strip(), command
        if " -h " in command:
            assert 'outliers:units = "1" ;' in result.stdout
            assert "outliers:long_name = " in result.stdout


def test_quickstart_reads_into_pandas_one_row_per_task_all_done(quickstart: Path):
    path = quickstart / "results" / "quickstart.h5"
    with h5py.File(path, "r") as f:
        tasks = pd.DataFrame(f["tasks"][:])
    for column in tasks.columns[tasks.dtypes == object]:
        tasks[column] = tasks[column].str.decode("utf-8")
    assert len(tasks) == 30
    assert set(tasks["status"]) == {"done"}
    assert tasks["key"].is_unique
    assert set(tasks["activation"]) == {"crelu"}
    assert sorted(tasks["n"].unique()) == [512, 1024, 2048]
    # The second spike appears at alpha = 0.3 for n = 2048 (theory: floor(1/(1-2 alpha)) = 2).
    big = tasks[(tasks["n"] == 2048) & np.isclose(tasks["alpha"], 0.3)]
    assert list(big["outliers"]) == [2.0, 2.0]
    assert list(big["theory_outliers"]) == [2.0, 2.0]
    one_spike = tasks[(tasks["n"] == 2048) & tasks["alpha"].round(3).isin([0.1, 0.2])]
    assert set(one_spike["outliers"]) == {1.0}
    # The step's features beat random features once the step is large.
    large = tasks[tasks["alpha"] >= 0.2]
    assert (large["test_mse"] < large["rf_test_mse"]).mean() > 0.8


def test_cube_has_the_spec_axes_plus_seed(quickstart: Path):
    cube = xr.open_dataset(quickstart / "results" / "quickstart.h5", group="cube")
    assert cube["outliers"].dims == ("alpha", "n", "seed")
    assert list(cube["n"].values) == [512, 1024, 2048]
    assert np.allclose(cube["alpha"].values, [0.0, 0.1, 0.2, 0.3, 0.4])
    assert list(cube["seed"].values) == [0, 1]
    assert not any(name.startswith("phony_dim") for name in cube.dims)


def test_status_json_agrees_with_the_file(quickstart: Path):
    path = quickstart / "results" / "quickstart.h5"
    status = json.loads(subprocess.run([fsweep_binary(), "status", str(path), "--json"], check=True,
                                       capture_output=True, text=True).stdout)
    assert (status["total"], status["done"], status["failed"], status["pending"]) == (30, 30, 0, 0)
    assert sum(rank["tasks"] for rank in status["ranks"]) == 30
    assert {rank["rank"] for rank in status["ranks"]} <= {0, 1}
