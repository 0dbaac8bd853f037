#!/usr/bin/env python3
"""The sweep a researcher would otherwise write: mpi4py + numpy + h5py.

Reads a giant-step sweep spec (TOML: [fixed], [grid], [derived] as plain parameter
names or simple arithmetic on them, `repeats` seeds), expands the grid (grid axes in
file order x seeds), splits the task list statically over the ranks (round robin: task
i runs on rank i % size), runs each task with benchmarks/giant_step_numpy.py's numpy
implementation (single-threaded BLAS), gathers the results to rank 0 and writes them as
one h5py compound table `tasks` (+ `singular_values`, `rf_singular_values` arrays).

  mpirun -np 2 .venv/bin/python benchmarks/sweep_mpi4py.py jobs/quickstart.toml --out results/q_mpi4py.h5
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import itertools
import sys
import time
import tomllib

import h5py
import numpy as np
from mpi4py import MPI

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from giant_step_numpy import giant_step  # noqa: E402

METRICS = ["train_mse", "test_mse", "rf_train_mse", "rf_test_mse", "outliers", "theory_outliers",
           "beta_alignment", "he1_alignment", "he2_alignment", "he3_alignment", "bulk_edge", "bulk_dilation", "eta"]


def expand(spec):
    if spec.get("protocol", "giant-step") != "giant-step":
        raise SystemExit("this reference sweep only implements giant-step")
    fixed, grid, derived = spec.get("fixed", {}), spec.get("grid", {}), spec.get("derived", {})
    names = list(grid)
    tasks = []
    for values in itertools.product(*(grid[k] for k in names)):
        for seed in range(int(spec.get("repeats", 1))):
            p = dict(fixed)
            p.update(zip(names, values))
            for k, expr in derived.items():
                p[k] = eval(str(expr), {"__builtins__": {}}, dict(p))
            p["seed"] = seed
            tasks.append(p)
    return tasks


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("spec")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    with open(args.spec, "rb") as f:
        spec = tomllib.load(f)
    tasks = expand(spec)
    root_seed = int(spec.get("root_seed", 0))
    started = time.perf_counter()
    mine = []
    for i in range(rank, len(tasks), size):
        p = tasks[i]
        t0 = time.perf_counter()
        m = giant_step(p, seed=[root_seed, i, p["seed"]])
        m["seconds"], m["rank"], m["index"] = time.perf_counter() - t0, rank, i
        mine.append(m)
        if rank == 0:
            print(f"rank 0: task {i + 1}/{len(tasks)} n={p['n']} alpha={p['alpha']} seed={p['seed']} "
                  f"{m['seconds']:.1f} s outliers {m['outliers']}", flush=True)
    gathered = comm.gather(mine, root=0)
    if rank == 0:
        results = sorted((r for part in gathered for r in part), key=lambda r: r["index"])
        param_names = [k for k in tasks[0] if k != "seed"]
        fields = []
        for k in param_names:
            v = tasks[0][k]
            fields.append((k, h5py.string_dtype() if isinstance(v, str) else (np.int64 if isinstance(v, int) else np.float64)))
        fields += [("seed", np.int64)] + [(k, np.float64) for k in METRICS] + [("seconds", np.float64), ("rank", np.int64)]
        table = np.zeros(len(results), dtype=fields)
        for row, (p, r) in enumerate(zip(tasks, results)):
            for k in param_names:
                table[k][row] = p[k]
            table["seed"][row] = p["seed"]
            for k in METRICS:
                table[k][row] = r.get(k, np.nan)
            table["seconds"][row], table["rank"][row] = r["seconds"], r["rank"]
        with h5py.File(args.out, "w") as f:
            f.create_dataset("tasks", data=table)
            f.create_dataset("singular_values", data=np.array([r["singular_values"] for r in results]))
            f.create_dataset("rf_singular_values", data=np.array([r["rf_singular_values"] for r in results]))
            f.attrs["spec"] = open(args.spec).read()
        print(f"{len(results)} tasks on {size} ranks in {time.perf_counter() - started:.1f} s -> {args.out}", flush=True)


if __name__ == "__main__":
    main()
