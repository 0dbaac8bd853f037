"""The analysis package (analysis/featuresweep) and `fsweep export`, on real sweeps run here:
the quickstart (conftest's `quickstart` fixture) and a sweep killed half way.

Every loader is cross-checked against an independent reader: `fsweep status --json`,
`fsweep plan --json`, `fsweep train --json` (the same task recomputed bit for bit) and raw h5py.
"""
import hashlib
import json
from io import StringIO
import os
import re
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, fsweep_binary

sys.path.insert(0, str(ROOT / "analysis"))

from featuresweep import array_names, grid_axes, load_array, load_cube, load_tasks, metric_names, provenance  # noqa: E402
from featuresweep.plots import draw_all  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GIANT_STEP_FIGURES = {"spectrum", "outliers", "mse", "alignment"}


def fsweep_json(*arguments: str) -> dict:
    """Runs `fsweep ARGUMENTS` and parses its JSON output."""
    result = subprocess.run([fsweep_binary(), *arguments], check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def figure_names(written: list, stem: str) -> set:
    """The figure names of files written as `<stem>-<figure>.<format>`."""
    assert all(path.name.startswith(f"{stem}-") for path in written), written
    return {path.stem[len(stem) + 1:] for path in written}


def status_of(path: Path) -> dict:
    return fsweep_json("status", str(path), "--json")


@pytest.fixture(scope="session")
def quickstart_h5(quickstart: Path) -> Path:
    return quickstart / "results" / "quickstart.h5"


# A sweep long enough on one rank to be killed with some tasks done and some pending:
# 100 tasks of about 0.2 s, while the first snapshot after the initial one comes at 5 s.
PARTIAL_SPEC = """\
protocol = "giant-step"
root_seed = 99
repeats = 10
description = "test: killed half way"

[fixed]
c = 1.0
lambda = 0.1
top_k = 6
n = 1024

[grid]
alpha = { linspace = [0.0, 0.45, 10] }

[derived]
d = "n"
N = "n"
n_readout = "n"
n_test = "n"
"""


@pytest.fixture(scope="session")
def partial_h5(tmp_path_factory) -> Path:
    """A sweep killed with SIGKILL once its file shows some tasks done and some pending."""
    directory = tmp_path_factory.mktemp("partial")
    spec = directory / "partial.toml"
    spec.write_text(PARTIAL_SPEC)
    out = directory / "partial.h5"
    process = subprocess.Popen([fsweep_binary(), "run", str(spec), "--out", str(out), "--quiet"],
                               start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            assert process.poll() is None, f"the sweep ended before it could be killed: {process.stderr.read()}"
            if out.exists():
                try:
                    status = status_of(out)
                except subprocess.CalledProcessError:  # caught between snapshots
                    status = None
                if status and status["done"] >= 2 and status["pending"] >= 5:
                    break
            time.sleep(0.3)
        else:
            pytest.fail("no snapshot with tasks both done and pending within 300 s")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert out.exists()
    return out


# ---------------------------------------------------------------- load_tasks

def test_load_tasks_rows_and_counts_match_fsweep_status(quickstart_h5: Path):
    tasks = load_tasks(quickstart_h5)
    status = status_of(quickstart_h5)
    assert len(tasks) == status["total"] == 30
    counts = tasks["status"].value_counts()
    assert (counts.get("done", 0), counts.get("failed", 0), counts.get("pending", 0)) == \
        (status["done"], status["failed"], status["pending"])
    assert list(tasks.index) == list(range(30)) == list(tasks["index"])
    by_rank = tasks[tasks["status"] != "pending"].groupby("rank")
    for rank in status["ranks"]:
        assert by_rank.size()[rank["rank"]] == rank["tasks"]
        assert by_rank["seconds"].sum()[rank["rank"]] == pytest.approx(rank["seconds"], rel=1e-9)
    assert provenance(quickstart_h5)["protocol"] == status["protocolName"] == "giant-step"


def test_load_tasks_decodes_strings_and_keeps_every_column(quickstart_h5: Path):
    tasks = load_tasks(quickstart_h5)
    with h5py.File(quickstart_h5, "r") as f:
        raw = f["tasks"][:]
    assert list(tasks.columns) == list(raw.dtype.names)
    for column in raw.dtype.names:
        if raw.dtype[column].kind == "S":
            assert all(isinstance(value, str) for value in tasks[column]), column
            assert list(tasks[column]) == [value.decode() for value in raw[column]]
        else:
            assert np.array_equal(tasks[column].to_numpy(), raw[column], equal_nan=True), column
    assert set(tasks["activation"]) == {"crelu"} and set(tasks["target"]) == {"he1+he2"}
    assert tasks["key"].str.fullmatch(r"[0-9a-f]{32}").all()


def test_load_tasks_labels_follow_the_plan(quickstart_h5: Path):
    tasks = load_tasks(quickstart_h5)
    plan = fsweep_json("plan", str(ROOT / "jobs" / "quickstart.toml"), "--json")
    for axis in plan["axes"]:
        name = axis["parameters"][0]
        assert sorted(tasks[name].unique()) == pytest.approx(sorted(v[0] for v in axis["values"]))
    assert sorted(tasks["seed"].unique()) == list(range(plan["repeats"]))
    for derived in ("d", "N", "n_readout", "n_test"):  # d = N = n_readout = n_test = n
        assert (tasks[derived] == tasks["n"]).all()
    sample = {row["index"]: row for row in plan["sample"]}
    for index, row in sample.items():
        assert tasks.loc[index, "key"].startswith(row["key"][:32])
        assert tasks.loc[index, "alpha"] == row["alpha"] and tasks.loc[index, "n"] == row["n"]


def test_metrics_equal_a_task_recomputed_by_fsweep_train(quickstart_h5: Path):
    """One n = 512 task, recomputed bit for bit from its parameters and the root seed."""
    tasks = load_tasks(quickstart_h5)
    info = provenance(quickstart_h5)
    row = tasks[(tasks["n"] == 512) & np.isclose(tasks["alpha"], 0.3) & (tasks["seed"] == 1)].iloc[0]
    names = ["n", "n_readout", "n_test", "d", "N", "alpha", "c", "lambda", "activation", "target", "label_noise",
             "top_k", "precision"]
    params = [f"--param={name}={float(row[name])!r}" if isinstance(row[name], float) else f"--param={name}={row[name]}"
              for name in names]
    again = fsweep_json("train", "--protocol", "giant-step", *params, "--seed", str(row["seed"]),
                        "--root-seed", str(info["root_seed"]), "--json")
    assert again["key"] == row["key"]
    for metric in metric_names(quickstart_h5):
        assert again[metric] == row[metric], metric
    assert np.array_equal(np.array(again["singular_values"], dtype=float),
                          load_array(quickstart_h5, "singular_values")[row["index"]])


# ---------------------------------------------------------------- load_array

def test_load_array_rows_are_tasks(quickstart_h5: Path):
    tasks = load_tasks(quickstart_h5)
    assert array_names(quickstart_h5) == ["he_alignment", "rf_singular_values", "singular_values", "theta_alignments"]
    values = load_array(quickstart_h5, "singular_values")
    assert values.shape == (30, 8)                           # top_k = 8 in jobs/quickstart.toml
    assert np.all(np.diff(values, axis=1) <= 0)              # descending
    assert np.isfinite(values).all()
    # the outlier count is the number of singular values above the stored bulk edge
    above = (values > tasks["bulk_edge"].to_numpy()[:, None]).sum(axis=1)
    assert np.array_equal(above, tasks["outliers"].to_numpy())
    frame = load_array(quickstart_h5, "he_alignment", frame=True)
    assert list(frame.columns) == [f"he_alignment[{i}]" for i in range(9)]
    assert list(frame.index) == list(tasks.index)
    with pytest.raises(KeyError, match="no array 'nonsense'"):
        load_array(quickstart_h5, "nonsense")


# ---------------------------------------------------------------- load_cube

def test_load_cube_dims_are_the_spec_axes_plus_seed(quickstart_h5: Path):
    plan = fsweep_json("plan", str(ROOT / "jobs" / "quickstart.toml"), "--json")
    with warnings.catch_warnings():
        warnings.simplefilter("error")                      # no phony_dims (or any other) warning
        cube = load_cube(quickstart_h5)
    axes = [axis["name"] for axis in plan["axes"]]
    assert axes == ["alpha", "n"] == grid_axes(quickstart_h5)
    for name in cube.data_vars:
        assert cube[name].dims == tuple(axes) + ("seed",), name
    for axis in plan["axes"]:
        assert list(cube[axis["name"]].values) == pytest.approx([v[0] for v in axis["values"]])
    assert list(cube["seed"].values) == list(range(plan["repeats"]))
    assert set(cube.data_vars) == set(metric_names(quickstart_h5))
    assert cube.attrs["protocol"] == "giant-step"
    assert isinstance(cube["test_mse"].attrs["description"], str)


def test_load_cube_cells_equal_the_task_rows(quickstart_h5: Path):
    tasks = load_tasks(quickstart_h5)
    cube = load_cube(quickstart_h5, arrays=True)
    singular_values = load_array(quickstart_h5, "singular_values")
    for _, row in tasks.iterrows():
        cell = cube.sel(alpha=row["alpha"], n=row["n"], seed=row["seed"])
        for metric in metric_names(quickstart_h5):
            assert float(cell[metric]) == row[metric] or (np.isnan(cell[metric]) and np.isnan(row[metric]))
        assert np.array_equal(cell["singular_values"].values, singular_values[row["index"]])
    assert cube["singular_values"].dims == ("alpha", "n", "seed", "singular_values_index")


def test_provenance_holds_the_spec(quickstart_h5: Path):
    info = provenance(quickstart_h5)
    spec = (ROOT / "jobs" / "quickstart.toml").read_text()
    assert info["spec"] == spec
    assert info["spec_sha256"] == hashlib.sha256(spec.encode()).hexdigest()
    assert info["tasks_total"] == 30 and info["tasks_done"] == 30
    assert info["mpi_size"] == 2 and info["root_seed"] == 20231011
    assert isinstance(info["created"], str) and info["finished"]


def test_provenance_names_the_cpu_and_the_kernels(quickstart_h5: Path):
    """featuresweep.provenance reads the same CPU and kernel attributes as fsweep status."""
    info = provenance(quickstart_h5)
    kernels = status_of(quickstart_h5)["kernels"]
    for name in ("cpu_model", "cpu_flags", "kernel_path", "kernel_choice", "kernel_origin",
                 "kernel_compiled_for", "blas_name", "blas_core"):
        assert info[name] == kernels[name], name
    with open("/proc/cpuinfo") as f:
        flags = next(line for line in f if line.startswith("flags")).split(":", 1)[1].split()
    assert set(info["cpu_flags"].split()) <= set(flags)
    assert ("avx2" in flags) == ("avx2" in info["cpu_flags"].split())
    choice = json.loads(info["kernel_choice"])
    paths = {choice[p][c] for p in ("float32", "float64") for c in ("large", "panel", "small")}
    assert paths <= {"avx512", "avx2", "portable", "blas"}
    assert info["kernel_path"].startswith("float32: ")


# ---------------------------------------------------------------- a sweep killed half way

def test_partial_sweep_loads_with_pending_tasks_as_nan(partial_h5: Path):
    status = status_of(partial_h5)
    assert status["done"] >= 2 and status["pending"] >= 5
    assert status["finished"] == ""
    tasks = load_tasks(partial_h5)
    assert len(tasks) == status["total"] == 100
    pending = tasks["status"] == "pending"
    assert pending.sum() == status["pending"] and (tasks["status"] == "done").sum() == status["done"]
    metrics = metric_names(partial_h5)
    assert tasks.loc[pending, metrics].isna().all().all()
    assert tasks.loc[~pending, metrics].notna().all().all()
    values = load_array(partial_h5, "singular_values")
    assert values.shape == (100, 6)
    assert np.isnan(values[pending.to_numpy()]).all() and np.isfinite(values[~pending.to_numpy()]).all()
    cube = load_cube(partial_h5)
    assert cube["test_mse"].dims == ("alpha", "seed")
    assert int(cube["test_mse"].isnull().sum()) == status["pending"]
    assert provenance(partial_h5)["tasks_pending"] == status["pending"]


def test_partial_sweep_plots(partial_h5: Path, tmp_path: Path):
    written = draw_all(partial_h5, tmp_path)
    assert figure_names(written, "partial") == GIANT_STEP_FIGURES
    for path in written:
        assert path.read_bytes().startswith(PNG_SIGNATURE)


# ---------------------------------------------------------------- figures

def test_plot_command_writes_every_giant_step_figure(quickstart_h5: Path, tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "featuresweep", "plot", str(quickstart_h5), "--out", str(tmp_path)],
                            cwd=ROOT / "analysis", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = [Path(line) for line in result.stdout.split()]
    assert {path.name for path in written} == {f"quickstart-{name}.png" for name in GIANT_STEP_FIGURES}
    for path in written:
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000, path


def test_plot_command_writes_pdf_on_request(quickstart_h5: Path, tmp_path: Path):
    written = draw_all(quickstart_h5, tmp_path, fmt="pdf")
    assert len(written) == len(GIANT_STEP_FIGURES)
    for path in written:
        assert path.suffix == ".pdf" and path.read_bytes().startswith(b"%PDF")


def test_plot_command_refuses_a_missing_file(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "featuresweep", "plot", str(tmp_path / "none.h5"), "--out",
                             str(tmp_path)], cwd=ROOT / "analysis", capture_output=True, text=True)
    assert result.returncode == 2 and "no such file" in result.stderr


# Figures of the protocols other than giant-step, on their own small real sweeps when the
# protocol is registered in this build of fsweep (skipped otherwise).
OTHER_PROTOCOLS = {
    "xor-gd": ("""\
protocol = "xor-gd"
root_seed = 5
repeats = 2
[fixed]
p = 50
n = 100
n_test = 500
m = 40
cluster_norm = 10.0
lr = 0.5
steps = 100
record_every = 20
[grid]
noise_rate = [0.0, 0.1, 0.2]
""", {"errors", "alignment", "curves"}),
    "two-step": ("""\
protocol = "two-step"
root_seed = 6
repeats = 2
[fixed]
n = 128
n_readout = 128
n_test = 128
d = 128
N = 128
target = "he2"
[grid]
alpha1 = [0.0, 0.2]
alpha2 = [0.1, 0.3]
batch = ["reuse", "fresh"]
""", {"outliers", "alignment", "mse"}),
    "patterns": ("""\
protocol = "patterns"
root_seed = 7
repeats = 2
[fixed]
d = 50
D = 50
k = 4
n = 200
n_test = 500
steps = 50
[grid]
m = [10, 40]
""", {"errors", "alignment"}),
    "low-rotation": ("""\
protocol = "low-rotation"
root_seed = 8
repeats = 2
[fixed]
d = 10
m = 32
lr = 1.0
steps = 100
record_every = 25
n_test = 500
[grid]
n = [100, 300]
""", {"test-error", "curves"}),
}


def registered(protocol: str) -> bool:
    result = subprocess.run([fsweep_binary(), "train", "--protocol", protocol, "--list"], capture_output=True, text=True)
    return result.returncode == 0


@pytest.mark.parametrize("protocol", sorted(OTHER_PROTOCOLS))
def test_other_protocol_figures_on_a_real_sweep(protocol: str, tmp_path: Path):
    if not registered(protocol):
        pytest.skip(f"{protocol} is not registered in {fsweep_binary()}")
    spec_text, figures = OTHER_PROTOCOLS[protocol]
    spec = tmp_path / f"{protocol}.toml"
    spec.write_text(spec_text)
    out = tmp_path / f"{protocol}.h5"
    subprocess.run([fsweep_binary(), "run", str(spec), "--out", str(out), "--quiet"], check=True)
    written = draw_all(out, tmp_path / "figures")
    assert figure_names(written, protocol) >= figures
    for path in written:
        assert path.read_bytes().startswith(PNG_SIGNATURE)


# ---------------------------------------------------------------- fsweep export

def read_export(path, tasks: pd.DataFrame) -> pd.DataFrame:
    """The CSV as pandas reads it, the task table's string columns read as strings."""
    strings = {column: str for column in tasks.columns if not pd.api.types.is_numeric_dtype(tasks[column])}
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=strings)


def assert_export_equals_tasks(exported: pd.DataFrame, tasks: pd.DataFrame) -> None:
    assert list(exported.columns[:len(tasks.columns)]) == list(tasks.columns)
    assert len(exported) == len(tasks)
    for column in tasks.columns:
        if not pd.api.types.is_numeric_dtype(tasks[column]):
            assert list(exported[column].fillna("").astype(str)) == list(tasks[column]), column
        else:
            assert np.array_equal(exported[column].to_numpy(dtype=float), tasks[column].to_numpy(dtype=float),
                                  equal_nan=True), column


def test_export_csv_round_trips_against_load_tasks(quickstart_h5: Path, tmp_path: Path):
    out = tmp_path / "quickstart.csv"
    subprocess.run([fsweep_binary(), "export", str(quickstart_h5), "--csv", str(out)], check=True)
    tasks = load_tasks(quickstart_h5)
    exported = read_export(out, tasks)
    assert list(exported.columns) == list(tasks.columns)
    assert_export_equals_tasks(exported, tasks)


def test_export_csv_with_arrays(quickstart_h5: Path, tmp_path: Path):
    out = tmp_path / "quickstart-arrays.csv"
    subprocess.run([fsweep_binary(), "export", str(quickstart_h5), "--csv", str(out), "--arrays"], check=True)
    tasks = load_tasks(quickstart_h5)
    exported = read_export(out, tasks)
    assert_export_equals_tasks(exported, tasks)
    for name in array_names(quickstart_h5):
        frame = load_array(quickstart_h5, name, frame=True)
        assert np.array_equal(exported[list(frame.columns)].to_numpy(), frame.to_numpy(), equal_nan=True), name
    assert len(exported.columns) == len(tasks.columns) + 8 + 8 + 9 + 1   # theta_alignments: one direction


def test_export_of_a_partial_sweep_has_empty_metrics_for_pending_tasks(partial_h5: Path):
    result = subprocess.run([fsweep_binary(), "export", str(partial_h5), "--csv", "-"], check=True,
                            capture_output=True, text=True)
    lines = result.stdout.splitlines()
    header = lines[0].split(",")
    pending = [line for line in lines[1:] if ",pending," in line]
    assert len(pending) == status_of(partial_h5)["pending"]
    test_mse = header.index("test_mse")
    assert all(line.split(",")[test_mse] == "" for line in pending)
    tasks = load_tasks(partial_h5)
    assert_export_equals_tasks(read_export(StringIO(result.stdout), tasks), tasks)


def test_export_refuses_a_file_without_tasks(tmp_path: Path):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as f:
        f["x"] = np.arange(3)
    result = subprocess.run([fsweep_binary(), "export", str(path), "--csv", str(tmp_path / "x.csv")],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert re.search(r"no /tasks table", result.stderr)
    assert not (tmp_path / "x.csv").exists()


# ---------------------------------------------------------------- analysis/README.md

def test_analysis_readme_python_snippets_run(quickstart: Path):
    text = (ROOT / "analysis" / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 3
    env = {**os.environ, "PYTHONPATH": str(ROOT / "analysis")}
    for block in blocks:
        result = subprocess.run([sys.executable, "-c", block], cwd=quickstart, capture_output=True, text=True, env=env)
        assert result.returncode == 0, f"{block}\n{result.stderr}"


def test_export_quotes_strings_and_keeps_every_real_exact(tmp_path: Path):
    """A hand-made /tasks table with the awkward cases: commas, quotes, UTF-8, empty strings,
    NaN, infinities, subnormal-sized and many-digit reals."""
    texts = [b"plain", b"a,b", b'say "hi"', "\u00fcn\u00efc\u00f8de".encode(), b"", b" padded "]
    reals = [0.1, np.nan, np.inf, -np.inf, 1e-300, 2.0 / 3.0]
    table = np.array(list(zip(range(6), texts, reals, [-(2 ** 62), 0, 1, 2, 3, 2 ** 62])),
                     dtype=[("index", "<i8"), ("label", "S16"), ("value", "<f8"), ("count", "<i8")])
    path = tmp_path / "table.h5"
    with h5py.File(path, "w") as f:
        f["tasks"] = table
    result = subprocess.run([fsweep_binary(), "export", str(path), "--csv", "-"], check=True,
                            capture_output=True, text=True)
    lines = result.stdout.splitlines()
    assert lines[0] == "index,label,value,count"
    assert lines[2] == '1,"a,b",,0' and lines[3] == '2,"say ""hi""",inf,1'
    exported = pd.read_csv(StringIO(result.stdout), keep_default_na=False, na_values=[""], dtype={"label": str})
    assert list(exported["label"].fillna("")) == [text.decode() for text in texts]
    assert np.array_equal(exported["value"].to_numpy(), np.array(reals), equal_nan=True)
    assert list(exported["count"]) == list(table["count"])
