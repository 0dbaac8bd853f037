"""The multi-step figures (`python -m featuresweep plot` on a multi-step result file) draw the
file's own per-step arrays: each plotted line is checked against the arrays read back with
h5py (not through the analysis package), so a figure that draws the wrong array, the wrong
tasks, the wrong steps or the wrong direction fails here.

The sweeps are small multi-step runs made in the test by the fsweep under test: one over the
step-batch size n with a two-direction target (`target_hermite`), one over per-step step
sizes (`step_sizes`, a list-valued parameter, stored in /tasks as its text).
"""
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

from conftest import ROOT, fsweep_binary, mpirun_prefix

sys.path.insert(0, str(ROOT / "analysis"))

from featuresweep.plots import figures  # noqa: E402

STEPS = 4
SPEC_BY_N = f"""\
protocol = "multi-step"
root_seed = 31
repeats = 2
[fixed]
d = 32
N = 64
steps = {STEPS}
alpha = 0.1
batch = "fresh"
activation = "relu"
target = "multi-index"
directions = 2
target_hermite = [1.0, 1.0]
n_test = 128
[grid]
n = [64, 256]
[derived]
n_readout = "n"
"""

SPEC_BY_STEP_SIZES = f"""\
protocol = "multi-step"
root_seed = 32
repeats = 2
[fixed]
d = 32
N = 64
n = 96
n_readout = 96
n_test = 128
steps = {STEPS}
[grid]
step_sizes = [[0.5, 0.5, 0.5, 0.5], [4, 2, 1, "1/2"]]
"""


def run_sweep(directory: Path, name: str, text: str) -> Path:
    spec = directory / f"{name}.toml"
    spec.write_text(text)
    out = directory / f"{name}.h5"
    subprocess.run(mpirun_prefix() + ["-np", "2", fsweep_binary(), "run", str(spec), "--out", str(out), "--quiet"],
                   check=True, cwd=directory)
    return out


@pytest.fixture(scope="module")
def by_n(tmp_path_factory) -> Path:
    return run_sweep(tmp_path_factory.mktemp("multi-step"), "by-n", SPEC_BY_N)


@pytest.fixture(scope="module")
def by_step_sizes(tmp_path_factory) -> Path:
    return run_sweep(tmp_path_factory.mktemp("multi-step"), "by-step-sizes", SPEC_BY_STEP_SIZES)


def raw(path: Path):
    """(/tasks as a numpy record array, {array name: [tasks, width]}) straight from h5py."""
    with h5py.File(path, "r") as f:
        return f["tasks"][:], {name: f["arrays"][name][:] for name in f["arrays"]}


def decoded(column: np.ndarray) -> np.ndarray:
    return np.array([v.decode() if isinstance(v, bytes) else v for v in column])


def marker_lines(ax):
    """The per-group lines of a panel (mean over seeds, drawn with markers), in drawing order;
    the dotted random-features level (no marker) is left out."""
    return [line for line in ax.get_lines() if line.get_marker() == "o"]


def panel(figure, title_start: str):
    found = [ax for ax in figure.axes if ax.get_title().startswith(title_start)]
    assert len(found) == 1, [ax.get_title() for ax in figure.axes]
    return found[0]


def expected_mean(values: np.ndarray):
    """The seed mean of [rows, T] values over steps t = 1..T, NaN steps left out."""
    mean = np.nanmean(values, axis=0)
    t = np.arange(1, values.shape[1] + 1)
    keep = np.isfinite(mean)
    return t[keep], mean[keep]


def test_steps_figure_draws_the_files_arrays(by_n: Path):
    tasks, arrays = raw(by_n)
    assert set(decoded(tasks["status"])) == {"done"}
    drawn = figures(by_n)
    assert set(drawn) == {"steps", "directions"}
    figure = drawn["steps"]
    sizes = sorted(set(tasks["n"]))
    assert sizes == [64, 256]
    for name in ["test_mse_by_step", "train_mse_by_step", "beta_alignment_by_step", "outliers_by_step",
                 "weight_outliers_by_step"]:
        ax = panel(figure, name)
        lines = marker_lines(ax)
        assert len(lines) == len(sizes), name
        for line, n in zip(lines, sizes):
            rows = np.flatnonzero(tasks["n"] == n)
            assert len(rows) == 2  # both seeds
            t, mean = expected_mean(arrays[name][rows][:, :STEPS])
            assert list(line.get_xdata()) == list(t), name
            np.testing.assert_allclose(line.get_ydata(), mean, rtol=1e-12, atol=0, err_msg=f"{name}, n = {n}")
            assert line.get_label() == f"n = {n}"
        if name == "test_mse_by_step":
            levels = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
            assert len(levels) == len(sizes)
            for level, n in zip(levels, sizes):
                rf = tasks["rf_test_mse"][tasks["n"] == n]
                np.testing.assert_allclose(level.get_ydata(), [np.mean(rf)] * 2, rtol=1e-12)
    # Steps moved W: the alignment is not flat, so the check above compared real curves.
    assert np.ptp(arrays["beta_alignment_by_step"][:, :STEPS]) > 1e-3


def test_directions_figure_splits_the_alignments_per_direction(by_n: Path):
    tasks, arrays = raw(by_n)
    thetas = arrays["theta_alignments_by_step"]
    k = 2
    assert thetas.shape[1] == STEPS * k  # row-major T x k
    figure = figures(by_n)["directions"]
    for i in range(k):
        ax = panel(figure, f"|P_t θ_{i + 1}|")
        lines = marker_lines(ax)
        for line, n in zip(lines, sorted(set(tasks["n"]))):
            rows = np.flatnonzero(tasks["n"] == n)
            per_step = thetas[rows][:, : STEPS * k].reshape(len(rows), STEPS, k)[:, :, i]
            t, mean = expected_mean(per_step)
            assert list(line.get_xdata()) == list(t)
            np.testing.assert_allclose(line.get_ydata(), mean, rtol=1e-12, atol=0, err_msg=f"direction {i + 1}, n = {n}")
    # The two directions' curves differ (a plot that drew one direction twice would fail above).
    first, second = (marker_lines(panel(figure, f"|P_t θ_{i + 1}|"))[-1].get_ydata() for i in range(k))
    assert not np.array_equal(first, second)


def test_step_sizes_sweep_plots_one_line_per_list(by_step_sizes: Path):
    tasks, arrays = raw(by_step_sizes)
    lists = decoded(tasks["step_sizes"])
    assert sorted(set(lists)) == ["0.5,0.5,0.5,0.5", "4.0,2.0,1.0,0.5"]
    # eta_by_step is the list itself, task by task.
    for row, text in enumerate(lists):
        np.testing.assert_array_equal(arrays["eta_by_step"][row, :STEPS], [float(v) for v in text.split(",")])
    figure = figures(by_step_sizes)["steps"]
    ax = panel(figure, "test_mse_by_step")
    lines = marker_lines(ax)
    assert [line.get_label() for line in lines] == [f"step_sizes = {text}" for text in sorted(set(lists))]
    for line, text in zip(lines, sorted(set(lists))):
        rows = np.flatnonzero(lists == text)
        t, mean = expected_mean(arrays["test_mse_by_step"][rows][:, :STEPS])
        np.testing.assert_allclose(line.get_ydata(), mean, rtol=1e-12, atol=0)


def test_plot_command_writes_the_multi_step_figures(by_n: Path, tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "featuresweep", "plot", str(by_n), "--out", str(tmp_path)],
                            cwd=ROOT / "analysis", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = sorted(Path(line).name for line in result.stdout.split())
    assert written == ["by-n-directions.png", "by-n-steps.png"]
    for name in written:
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000, name
