#!/usr/bin/env python3
"""`make bench`: fsweep against the numpy / mpi4py code a researcher would otherwise write.

  (a) fsweep bench --threads CORES       GEMM ours vs OpenBLAS, giant-step end to end (one core),
                                        and the 2048 task again on all cores (bit-identical)
  (b) one giant-step task at n = d = N = 2048, alpha in {0.1, 0.2, 0.3}, 3 seeds each:
      benchmarks/giant_step_numpy.py vs `fsweep train --protocol giant-step --json`;
      time ratio (median per-task seconds measured inside each process), outlier
      counts (every task of both must give the same count per alpha), test MSE
      (|mean_numpy - mean_fsweep| <= max(3 * sqrt(se_numpy^2 + se_fsweep^2), 2 % of the mean),
      se = seed-to-seed standard deviation / sqrt(seeds); the RNGs differ, so only
      the statistics can agree)
  (c) mpirun -np R python benchmarks/sweep_mpi4py.py vs mpirun -np R fsweep run, same spec,
      wall times of the whole mpirun (startup and HDF5 writing included), each side run
      --sweep-runs times (default 2), alternating; the ratio of the best runs, and the
      ratios of every pair (a shared machine only ever adds time, to either side).

  python benchmarks/compare.py --fsweep .build/release/fsweep --mpirun "mpirun --oversubscribe"
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu_header():
    """The CPU's model and vector flags, as every figure must name them."""
    model, flags = "unknown", set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model == "unknown":
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    vector = [f for f in ("avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_vnni", "avx512_bf16") if f in flags]
    return f"{model}, {os.cpu_count()} cores; vector flags: {' '.join(vector)}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}"


def run(cmd, capture=True, env=None):
    print("$ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE if capture else None, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    return proc.stdout, wall


def giant_step_compare(args):
    s = args.size
    params = dict(n=s, d=s, N=s, n_readout=s, n_test=s, c=1.0, **{"lambda": 0.1},
                  activation="crelu", target="he1+he2")
    py_env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    rows, ok_all = [], True
    np_times, sw_times = [], []
    for alpha in args.alphas:
        out, _ = run([args.python, os.path.join(HERE, "giant_step_numpy.py"), "--size", str(s),
                      "--alpha", str(alpha), "--seeds", str(args.seeds), "--json"], env=py_env)
        np_runs = json.loads(out)["runs"]
        sw_runs = []
        for seed in range(args.seeds):
            cmd = [args.fsweep, "train", "--protocol", "giant-step", "--seed", str(seed), "--root-seed", "20231011", "--json"]
            for k, v in dict(params, alpha=alpha).items():
                cmd += ["--param", f"{k}={v}"]
            out, _ = run(cmd)
            sw_runs.append(json.loads(out.strip().splitlines()[-1]))
        np_times += [r["seconds"] for r in np_runs]
        sw_times += [r["seconds"] for r in sw_runs]
        np_out = sorted(int(r["outliers"]) for r in np_runs)
        sw_out = sorted(int(r["outliers"]) for r in sw_runs)
        outliers_ok = len(set(np_out + sw_out)) == 1

        def stats(runs):
            v = [r["test_mse"] for r in runs]
            return statistics.mean(v), (statistics.stdev(v) / len(v) ** 0.5 if len(v) > 1 else 0.0)
        (m_np, se_np), (m_sw, se_sw) = stats(np_runs), stats(sw_runs)
        tol = max(3 * (se_np ** 2 + se_sw ** 2) ** 0.5, 0.02 * (m_np + m_sw) / 2)
        mse_ok = abs(m_np - m_sw) <= tol
        ok_all = ok_all and outliers_ok and mse_ok
        rows.append((alpha, np_out, sw_out, outliers_ok, m_np, se_np, m_sw, se_sw, tol, mse_ok,
                     statistics.median(r["seconds"] for r in np_runs), statistics.median(r["seconds"] for r in sw_runs)))

    print(f"\n(b) giant-step at n = d = N = n_readout = n_test = {s}, float32, {args.seeds} seeds per alpha")
    print(f"{'alpha':>5} {'outliers numpy':>15} {'outliers fsweep':>16} {'same':>5}   "
          f"{'test_mse numpy':>18} {'test_mse fsweep':>18} {'tol':>7} {'ok':>3}   {'s numpy':>8} {'s fsweep':>8} {'ratio':>6}")
    for a, no, so, ook, mn, sn, ms, ss, tol, mok, tn, ts in rows:
        print(f"{a:>5} {str(no):>15} {str(so):>16} {'yes' if ook else 'NO':>5}   "
              f"{mn:>9.4f} ± {sn:<6.4f} {ms:>9.4f} ± {ss:<6.4f} {tol:>7.4f} {'yes' if mok else 'NO':>3}   "
              f"{tn:>8.2f} {ts:>8.2f} {tn / ts:>6.1f}")
    tn, ts = statistics.median(np_times), statistics.median(sw_times)
    print(f"median seconds per task: numpy {tn:.2f}, fsweep {ts:.2f}, ratio numpy/fsweep {tn / ts:.1f}x"
          f"  (target >= {args.target:g}x);  outliers and test MSE agree: {'yes' if ok_all else 'NO'}")
    return dict(size=s, numpy_seconds=tn, fsweep_seconds=ts, ratio=tn / ts, agree=ok_all,
                rows=[dict(alpha=r[0], outliers_numpy=r[1], outliers_fsweep=r[2], test_mse_numpy=r[4],
                           test_mse_fsweep=r[6], tolerance=r[8], seconds_numpy=r[10], seconds_fsweep=r[11])
                      for r in rows])


def sweep_compare(args):
    os.makedirs(args.workdir, exist_ok=True)
    mpirun = shlex.split(args.mpirun)
    np_out = os.path.join(args.workdir, "quickstart_mpi4py.h5")
    sw_out = os.path.join(args.workdir, "quickstart_fsweep.h5")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    np_times, sw_times = [], []
    for _ in range(args.sweep_runs):
        for path in (np_out, sw_out, sw_out + ".journal", sw_out + ".lock"):
            if os.path.exists(path):
                os.remove(path)
        _, t_np = run(mpirun + ["-np", str(args.ranks), "-x", "OPENBLAS_NUM_THREADS", "-x", "OMP_NUM_THREADS",
                                args.python, os.path.join(HERE, "sweep_mpi4py.py"), args.spec, "--out", np_out],
                      capture=False, env=env)
        _, t_sw = run(mpirun + ["-np", str(args.ranks), args.fsweep, "run", args.spec, "--out", sw_out],
                      capture=False, env=env)
        np_times.append(t_np)
        sw_times.append(t_sw)
    t_np, t_sw = min(np_times), min(sw_times)
    pairs = ", ".join(f"{a:.1f}/{b:.1f} s = {a / b:.2f}x" for a, b in zip(np_times, sw_times))
    print(f"\n(c) {args.spec} on {args.ranks} ranks, {args.sweep_runs} alternating runs each "
          f"(mpi4py/fsweep: {pairs}):\n    best mpi4py+numpy+h5py {t_np:.1f} s, best fsweep {t_sw:.1f} s, "
          f"ratio {t_np / t_sw:.2f}x  (target >= {args.target:g}x)")
    return dict(spec=args.spec, ranks=args.ranks, mpi4py_seconds=t_np, fsweep_seconds=t_sw, ratio=t_np / t_sw,
                mpi4py_runs=np_times, fsweep_runs=sw_times)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fsweep", default=".build/release/fsweep")
    ap.add_argument("--mpirun", default="mpirun --oversubscribe")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--ranks", type=int, default=os.cpu_count())
    ap.add_argument("--spec", default="jobs/quickstart.toml")
    ap.add_argument("--size", type=int, default=2048)
    ap.add_argument("--alphas", type=lambda t: [float(x) for x in t.split(",")], default=[0.1, 0.2, 0.3])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--workdir", default="results/bench")
    ap.add_argument("--sweep-runs", type=int, default=2, help="runs of each sweep in (c), alternating")
    ap.add_argument("--quick", action="store_true", help="fsweep bench --quick (no 4096)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: a,b,c")
    ap.add_argument("--json-out", help="also write every figure to this JSON file")
    ap.add_argument("--label", default="", help="what this comparison measures (printed first)")
    ap.add_argument("--target", type=float, default=5.0, help="the speed-up over the peers this CPU class should reach")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    print(f"==== {args.label or args.fsweep}\nCPU: {cpu_header()}", flush=True)
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(figures are wall-clock; a shared CPU slows both sides)", flush=True)
    report = {"label": args.label, "cpu": cpu_header()}
    if "a" not in skip:
        print("\n(a) fsweep bench", flush=True)
        run([args.fsweep, "bench", "--threads", str(os.cpu_count())] + (["--quick"] if args.quick else []), capture=False)
    if "b" not in skip:
        report["giant_step"] = giant_step_compare(args)
    if "c" not in skip:
        report["sweep"] = sweep_compare(args)
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(report, f, indent=1)
    ok = report.get("giant_step", {}).get("agree", True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
