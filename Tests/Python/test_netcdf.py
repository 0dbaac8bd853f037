"""/cube as a netCDF-4 group: `ncdump` (netCDF-C), xarray's default engine (netCDF4, on
netCDF-C) and h5netcdf read it without phony dimensions, with CF `long_name`, `units` and
`_FillValue`, and agree value for value with `load_cube`. Runs on the quickstart and on a
smoke sweep with a string axis, a zipped axis and failed (NaN) cells.
"""
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import ROOT, fsweep_binary

sys.path.insert(0, str(ROOT / "analysis"))

from featuresweep import load_cube, load_tasks  # noqa: E402

SMOKE_SPEC = """\
protocol = "smoke"
root_seed = 5
repeats = 2

[grid]
fail = ["none", "throw"]

[[zip]]
size = [4, 8, 16]
work_ms = [0.0, 0.5, 1.0]
"""


@pytest.fixture(scope="module")
def quickstart_h5(quickstart: Path) -> Path:
    return quickstart / "results" / "quickstart.h5"


@pytest.fixture(scope="module")
def smoke_h5(tmp_path_factory) -> Path:
    """12 smoke tasks, half of them failing: NaN cells in every metric, a string axis (`fail`)
    and a zipped axis (`size` with `work_ms`)."""
    directory = tmp_path_factory.mktemp("smoke-netcdf")
    spec = directory / "smoke.toml"
    spec.write_text(SMOKE_SPEC)
    out = directory / "smoke.h5"
    result = subprocess.run([fsweep_binary(), "run", str(spec), "--out", str(out), "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode == 3, result.stderr  # some tasks failed (README, "Exit codes")
    return out


def ncdump(*arguments) -> str:
    assert shutil.which("ncdump"), "ncdump missing: `make apt` installs netcdf-bin"
    result = subprocess.run(["ncdump", *map(str, arguments)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def cube_section(header: str) -> str:
    return header.split("group: cube {", 1)[1].split("} // group cube", 1)[0]


def test_ncdump_reads_the_quickstart_with_units_and_long_names(quickstart_h5: Path):
    header = ncdump("-h", quickstart_h5)
    cube = cube_section(header)
    for dimension in ("alpha = 5 ;", "n = 3 ;", "seed = 2 ;"):
        assert dimension in cube, cube
    assert "double outliers(alpha, n, seed) ;" in cube
    assert 'outliers:units = "1" ;' in cube
    assert 'outliers:long_name = "singular values of F/sqrt(n_readout) above the bulk edge (count)" ;' in cube
    assert "test_mse:_FillValue = NaN ;" in cube
    assert 'alpha:units = "1" ;' in cube and "alpha:long_name" in cube
    assert 'seed:units = "1" ;' in cube
    assert "phony_dim" not in cube
    # The root group reads too: the provenance attributes and the task dimension of /tasks.
    assert ':protocol = "giant-step" ;' in header
    assert "task = 30 ;" in header
    # And the data, not only the header.
    data = ncdump("-v", "n,outliers", quickstart_h5)
    assert "n = 512, 1024, 2048 ;" in data


def test_every_cube_variable_has_long_name_and_units(quickstart_h5: Path, smoke_h5: Path):
    for path in (quickstart_h5, smoke_h5):
        with h5py.File(path, "r") as f:
            for name, dataset in f["cube"].items():
                assert "long_name" in dataset.attrs, (path.name, name)
                if dataset.dtype.kind in "fiu":
                    assert "units" in dataset.attrs, (path.name, name)
                if len(dataset.shape) > 1:  # a metric (axes and zipped coordinates are 1-D)
                    assert np.isnan(dataset.attrs["_FillValue"]), (path.name, name)
                    assert np.isnan(dataset.fillvalue), (path.name, name)


def test_ncdump_reads_string_axes_zipped_axes_and_pending_cells(smoke_h5: Path):
    header = ncdump("-h", smoke_h5)
    cube = cube_section(header)
    assert "string fail(fail) ;" in cube
    assert "int64 work_ms(size)" not in cube  # work_ms is real: double
    assert "double work_ms(size) ;" in cube
    assert 'work_ms:units = "ms" ;' in cube and 'busy_ms:units = "ms" ;' in cube
    assert "fail:units" not in cube  # strings carry no units (CF)
    data = ncdump("-v", "fail,value", smoke_h5)
    assert 'fail = "none", "throw" ;' in data
    # ncdump writes a cell equal to _FillValue as "_": the six failed tasks' cells.
    values = data.split("value =", 1)[1].split(";", 1)[0]
    assert values.replace(",", " ").split().count("_") == 6, values


@pytest.mark.parametrize("engine", [None, "netcdf4", "h5netcdf"])
def test_xarray_opens_the_cube_with_every_engine_as_load_cube_reads_it(quickstart_h5: Path, smoke_h5: Path, engine):
    for path in (quickstart_h5, smoke_h5):
        expected = load_cube(path)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no phony_dims notice, no decoding warnings
            options = {} if engine is None else {"engine": engine}
            with xr.open_dataset(path, group="cube", **options) as opened:
                cube = opened.load()
        assert not any(str(dim).startswith("phony_dim") for dim in cube.dims)
        assert set(cube.data_vars) == set(expected.data_vars)
        assert dict(cube.sizes) == dict(expected.sizes)
        for name in list(expected.coords):
            assert [str(v.decode() if isinstance(v, bytes) else v) for v in cube[name].values] == \
                   [str(v.decode() if isinstance(v, bytes) else v) for v in expected[name].values], name
        for name in expected.data_vars:
            assert cube[name].dims == expected[name].dims, name
            np.testing.assert_array_equal(cube[name].values, expected[name].values, err_msg=name)
            assert cube[name].attrs["units"] and cube[name].attrs["long_name"], name
            assert np.isnan(cube[name].encoding["_FillValue"]), name
    tasks = load_tasks(smoke_h5)
    with xr.open_dataset(smoke_h5, group="cube", **({} if engine is None else {"engine": engine})) as cube:
        failed = int(cube["value"].isnull().sum())
    assert failed == int((tasks["status"] == "failed").sum()) == 6


def test_default_engine_is_netcdf4(quickstart_h5: Path):
    """xarray's default for a netCDF-4 file is netCDF4 (netCDF-C), the engine under test above."""
    from xarray.backends.api import plugins
    assert plugins.guess_engine(str(quickstart_h5)) == "netcdf4"


def test_netcdf_c_can_append_to_the_file(quickstart_h5: Path, tmp_path: Path):
    """Groups track their links' creation order: without it netCDF-C opens a file read-only
    only (NC_EPERM "Can't write file" on mode "a")."""
    import netCDF4

    copy = tmp_path / "copy.h5"
    shutil.copy(quickstart_h5, copy)
    with netCDF4.Dataset(copy, "a") as dataset:
        dataset["cube"].comment = "appended by netCDF4"
    with h5py.File(copy, "r") as f:
        assert f["cube"].attrs["comment"] in (b"appended by netCDF4", "appended by netCDF4")
        assert len(f["tasks"][:]) == 30
