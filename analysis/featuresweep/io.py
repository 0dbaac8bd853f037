"""Read an fsweep result file (DESIGN.md, "Result store") into pandas, xarray and numpy.

The file holds

- ``/tasks``: a compound table, one row per task in plan order (parameters, ``seed``,
  ``status``, bookkeeping, every scalar metric; NaN where not computed);
- ``/arrays/<name>``: ``[tasks, width]`` per-task arrays, NaN-padded, row = task index;
- ``/cube/<metric>``: each metric over the grid axes plus ``seed`` with dimension scales;
- ``/spec`` and root attributes: provenance.

Every reader here opens the file read-only without HDF5 file locking, reads what it
needs and closes it again, so it works on the snapshot a running sweep keeps replacing.
"""
from __future__ import annotations

import os
import warnings
from contextlib import contextmanager
from typing import Any, Iterator

import h5py
import numpy as np
import pandas as pd
import xarray as xr


@contextmanager
def open_result(path: "str | os.PathLike[str]") -> Iterator[h5py.File]:
    """Opens a result file read-only, without HDF5 file locking where h5py supports it."""
    try:
        handle = h5py.File(path, "r", locking=False)
    except TypeError:  # h5py built against an HDF5 without the locking switch
        handle = h5py.File(path, "r")
    try:
        yield handle
    finally:
        handle.close()


def _text(value: Any) -> Any:
    """Decodes bytes (fixed-length HDF5 strings) to str; other values pass through."""
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def load_tasks(path: "str | os.PathLike[str]") -> pd.DataFrame:
    """One row per task, in plan order, indexed by the task ``index``.

    Parameters and metrics are columns with the names of DESIGN.md's "Names" table;
    string columns (categories, ``key``, ``status``, ``message``) are decoded to ``str``.
    Tasks not yet computed have ``status == "pending"`` and NaN metrics.
    """
    with open_result(path) as f:
        table = f["tasks"][:]
    frame = pd.DataFrame(table)
    for column, dtype in table.dtype.fields.items():
        if dtype[0].kind == "S":
            frame[column] = [value.decode("utf-8") for value in table[column]]
    frame.index = pd.Index(frame["index"].to_numpy(), name="task")
    return frame


def _dimension_names(dataset: h5py.Dataset) -> list[str]:
    """The names of the dimension scales attached to each dimension ("" where none is)."""
    names = []
    for dimension in dataset.dims:
        names.append(_text(dimension[0].attrs.get("NAME", b"")) if len(dimension) else "")
    return names


def _metric_datasets(f: h5py.File) -> dict[str, list[str]]:
    """The ``/cube`` datasets that are metrics (their last dimension is ``seed``; zipped
    parameters' coordinates and the scales themselves are not), with their dimension names."""
    found = {}
    for name, dataset in f["cube"].items():
        if isinstance(dataset, h5py.Dataset) and "DIMENSION_LIST" in dataset.attrs:
            dims = _dimension_names(dataset)
            if dims and dims[-1] == "seed":
                found[name] = dims
    return found


def metric_names(path: "str | os.PathLike[str]") -> list[str]:
    """The scalar metrics of the file, in ``/tasks`` column order."""
    with open_result(path) as f:
        names = list(_metric_datasets(f))
        order = list(f["tasks"].dtype.names)
    return sorted(names, key=lambda name: order.index(name) if name in order else len(order))


def grid_axes(path: "str | os.PathLike[str]") -> list[str]:
    """The grid axes of the sweep, slowest first (without ``seed``); a zipped axis is
    named after its first parameter."""
    with open_result(path) as f:
        for dims in _metric_datasets(f).values():
            return dims[:-1]
    return []


def array_names(path: "str | os.PathLike[str]") -> list[str]:
    """The names of the per-task arrays (``/arrays/<name>``)."""
    with open_result(path) as f:
        return sorted(f["arrays"]) if "arrays" in f else []


def load_array(path: "str | os.PathLike[str]", name: str, frame: bool = False) -> "np.ndarray | pd.DataFrame":
    """The per-task array ``/arrays/<name>``: shape ``[tasks, width]``, row ``i`` is task ``i``
    (the row of :func:`load_tasks`), NaN-padded and NaN for pending tasks.

    With ``frame=True`` a DataFrame indexed like :func:`load_tasks` with columns
    ``name[0]``, ``name[1]``, …
    """
    with open_result(path) as f:
        if "arrays" not in f or name not in f["arrays"]:
            known = ", ".join(sorted(f["arrays"])) if "arrays" in f else "none"
            raise KeyError(f"{os.fspath(path)} has no array {name!r} (arrays: {known})")
        values = f["arrays"][name][:].astype(float)
        index = f["tasks"]["index"]
    if not frame:
        return values
    return pd.DataFrame(values, index=pd.Index(index, name="task"),
                        columns=[f"{name}[{i}]" for i in range(values.shape[1])])


def load_cube(path: "str | os.PathLike[str]", arrays: bool = False) -> xr.Dataset:
    """Every scalar metric over the grid axes plus ``seed``, labelled by the axis values
    (``xarray.open_dataset(path, group="cube", engine="h5netcdf")``, loaded into memory
    and closed). Pending cells are NaN. String attributes are decoded; the dataset's
    ``attrs`` carry the provenance (:func:`provenance` without the spec text).

    With ``arrays=True`` each ``/arrays/<name>`` is added too, as a variable over the
    grid axes, ``seed`` and a last dimension ``<name>_index``.
    """
    with warnings.catch_warnings():
        # Every dimension has a scale, so no phony dimension is ever made; say so
        # explicitly, which also silences h5netcdf's notice about the default.
        warnings.filterwarnings("ignore", message=".*phony_dims.*")
        with xr.open_dataset(path, group="cube", engine="h5netcdf", phony_dims="sort") as opened:
            cube = opened.load()
    for variable in cube.variables.values():
        variable.attrs = {key: _text(value) for key, value in variable.attrs.items()}
    info = provenance(path)
    info.pop("spec", None)
    cube.attrs.update(info)
    if arrays:
        _attach_arrays(cube, path)
    return cube


def _attach_arrays(cube: xr.Dataset, path: "str | os.PathLike[str]") -> None:
    """Scatters each per-task array into the cube's grid (+ seed) positions."""
    tasks = load_tasks(path)
    dims = [dim for dim in cube.dims if dim != "seed"] + ["seed"]
    positions = []
    for dim in dims:
        labels = cube[dim].to_numpy()
        lookup = {_text(label): i for i, label in enumerate(labels)}
        column = tasks[dim].to_numpy()
        positions.append(np.array([lookup[_text(value)] for value in column], dtype=int))
    shape = tuple(cube.sizes[dim] for dim in dims)
    for name in array_names(path):
        values = load_array(path, name)
        grid = np.full(shape + (values.shape[1],), np.nan)
        grid[tuple(positions)] = values
        cube[name] = xr.DataArray(grid, dims=dims + [f"{name}_index"])


def provenance(path: "str | os.PathLike[str]") -> dict[str, Any]:
    """The root attributes (``protocol``, ``spec_sha256``, ``root_seed``, ``fsweep_version``,
    ``git_commit``, ``created``, ``finished``, ``mpi_size``, ``hosts``, ``tasks_*``, and what
    decides whether two files' bits can match: ``cpu_model``, ``cpu_flags``, ``cpu_mixed``,
    ``kernel_path``, ``kernel_choice`` (JSON), ``kernel_origin``, ``kernel_compiled_for``,
    ``blas_name``, ``blas_core``) as plain Python values, plus ``spec`` (the spec's text) and
    ``spec_file``."""
    with open_result(path) as f:
        info = {key: _text(value) for key, value in f.attrs.items()}
        if "spec" in f:
            info["spec"] = _text(f["spec"][()])
            info["spec_file"] = _text(f["spec"].attrs.get("file", b""))
    return info
