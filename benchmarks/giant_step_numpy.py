#!/usr/bin/env python3
"""A numpy reference implementation of one `giant-step` task (DESIGN.md conventions).

Same algorithm and conventions as Sources/Trainer/Protocols/GiantStep (own RNG:
numpy default_rng, so individual numbers differ from fsweep's but the statistics
and outlier counts must agree):

  x ~ N(0, I_d); beta uniform on S^{d-1}; y = sigma*(<beta, x>) + tau*eps
  w_j(0) uniform on S^{d-1}; a_j ~ N(0, 1/N) fixed; f(x) = (1/sqrt N) sum_j a_j sigma(<w_j, x>)
  W1 = W0 - eta*sqrt(N)*grad_W L(W0), L = (1/2n) sum (f - y)^2, eta = c*n^alpha
     = W0 - (eta/n) diag(a) D^T X,  D_ij = r_i sigma'(z_ij)
  F = sigma(X_readout W1^T) (no 1/sqrt N); ridge a = (F^T F + m*lambda*I)^{-1} F^T y (Cholesky)
  spectra: singular values of F/sqrt(m) = sqrt(top eigenvalues of F^T F / m), from
           numpy.linalg.eigh of the N x N Gram F^T F (full LAPACK syevd: vectors for F,
           eigvalsh for F0) -- not a truncated method.
  outliers: rho = median of s_i(F)/s_i(F0) over ranks 9..16, edge = rho*s_1(F0)*1.015,
            count of s_i(F) > edge (rank 1 skipped on both sides for relu/softplus).

float32 arithmetic by default (--precision float64), metrics accumulated in float64.
BLAS is single-threaded: OPENBLAS_NUM_THREADS=1 is set before numpy is imported.

  python benchmarks/giant_step_numpy.py --size 2048 --alpha 0.3 --seeds 3 --json
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import math
import sys
import time

import numpy as np

INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
MARGIN = 0.015
VALUES_NEEDED = 16
REFERENCE_RANKS = range(8, 16)  # 0-based: ranks 9..16


def hermite(k, z):
    """He_k(z)/sqrt(k!) (probabilists', unit variance)."""
    if k == 0:
        return np.ones_like(z)
    prev, cur, fact = np.ones_like(z), z.copy(), 1.0
    for j in range(1, k):
        prev, cur = cur, z * cur - j * prev
        fact *= j + 1
    return cur / math.sqrt(fact)


def activation(name, z):
    if name == "crelu":
        return np.maximum(z, 0) - z.dtype.type(INV_SQRT_2PI)
    if name == "relu":
        return np.maximum(z, 0)
    if name == "tanh":
        return np.tanh(z)
    if name == "softplus":
        return np.where(z > 20, z, np.log1p(np.exp(np.minimum(z, 20))))
    if name == "hermite3":
        z2 = z * z
        return z + (z2 - 1) * z.dtype.type(0.7071067811865476) + (z2 - 3) * z * z.dtype.type(0.4082482904638631)
    raise ValueError(name)


def derivative(name, z):
    if name in ("crelu", "relu"):
        return (z > 0).astype(z.dtype)
    if name == "tanh":
        t = np.tanh(z)
        return 1 - t * t
    if name == "softplus":
        return 1 / (1 + np.exp(-z))
    if name == "hermite3":
        return 1 + z * z.dtype.type(1.4142135623730951) + (3 * z * z - 3) * z.dtype.type(0.4082482904638631)
    raise ValueError(name)


def target(name, z):
    if name == "linear":
        return z
    if name == "he2":
        return hermite(2, z)
    if name == "he1+he2":
        return z + hermite(2, z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0)
    raise ValueError(name)


def unit_vector(rng, d):
    v = rng.standard_normal(d)
    return v / np.linalg.norm(v)


def single_index(rng, count, beta, tgt, tau, dtype):
    x = rng.standard_normal((count, beta.size), dtype=np.float64).astype(dtype)
    proj = x.astype(np.float64) @ beta
    y = target(tgt, proj)
    if tau > 0:
        y = y + tau * rng.standard_normal(count)
    return x, y, proj


def top_spectrum(gram, m, count, vectors):
    """Top `count` singular values of F/sqrt(m) (descending) from the Gram F^T F, and the
    corresponding right singular vectors (columns) when asked, via numpy.linalg.eigh."""
    if vectors:
        w, v = np.linalg.eigh(gram)
        order = np.argsort(w)[::-1][:count]
        return np.sqrt(np.maximum(w[order].astype(np.float64), 0) / m), v[:, order]
    w = np.linalg.eigvalsh(gram)
    w = np.sort(w)[::-1][:count]
    return np.sqrt(np.maximum(w.astype(np.float64), 0) / m), None


def outlier_rule(updated, rf, mean_spike):
    skip = 1 if mean_spike else 0
    available = min(len(updated), len(rf))
    ranks = [r for r in REFERENCE_RANKS if r < available]
    if len(ranks) < 2:
        ranks = list(range(available // 2, available))
    floor = 1e-9 * (rf[0] if len(rf) else 0)
    ratios = sorted(updated[r] / rf[r] for r in ranks if rf[r] > floor)
    rho = 1.0 if not ratios else (ratios[(len(ratios) - 1) // 2] + ratios[len(ratios) // 2]) / 2
    edge = rho * rf[min(skip, available - 1)] * (1 + MARGIN)
    count = int(sum(1 for s in updated[skip:] if s > edge))
    return count, edge, rho


def theory_count(alpha):
    return int(math.floor(1 / (1 - 2 * alpha) + 1e-9))


def ridge(F, gram, y, lam, dtype):
    m, N = F.shape
    system = gram.copy()
    system[np.diag_indices(N)] += dtype(m * lam)
    rhs = F.T @ y.astype(dtype)
    L = np.linalg.cholesky(system)
    # two triangular solves (numpy only: solve with the factor)
    z = np.linalg.solve(L, rhs)
    return np.linalg.solve(L.T, z)


def mse(F, coef, y):
    pred = (F @ coef).astype(np.float64)
    return float(np.mean((pred - y) ** 2))


def abs_cos(a, b):
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return float(abs(a @ b) / (na * nb)) if na > 0 and nb > 0 else 0.0


def giant_step(p, seed):
    """One giant-step task; p has DESIGN.md's parameter names. Returns a dict of metrics."""
    dtype = np.float64 if p.get("precision", "float32") == "float64" else np.float32
    n, m, t, d, N = (int(p[k]) for k in ("n", "n_readout", "n_test", "d", "N"))
    alpha, c, lam = float(p["alpha"]), float(p.get("c", 1.0)), float(p.get("lambda", 0.1))
    act, tgt = p.get("activation", "crelu"), p.get("target", "he1+he2")
    tau, top_k = float(p.get("label_noise", 0.0)), int(p.get("top_k", 8))
    eta = c * n ** alpha
    rng = np.random.default_rng(seed)

    beta = unit_vector(rng, d)
    W0 = rng.standard_normal((N, d))
    W0 = (W0 / np.linalg.norm(W0, axis=1, keepdims=True)).astype(dtype)
    a = rng.standard_normal(N) / math.sqrt(N)
    X, y, _ = single_index(rng, n, beta, tgt, tau, dtype)

    # The step: -(eta/n) diag(a) D^T X.
    Z = X @ W0.T                                            # n x N
    out = (activation(act, Z) @ a.astype(dtype)).astype(np.float64) / math.sqrt(N)
    r = (out - y).astype(dtype)
    D = r[:, None] * derivative(act, Z)
    del Z
    step = D.T @ X                                          # N x d
    del D
    step *= (-eta / n * a).astype(dtype)[:, None]
    W1 = W0 + step

    Xr, yr, proj = single_index(rng, m, beta, tgt, tau, dtype)
    Xt, yt, _ = single_index(rng, t, beta, tgt, tau, dtype)

    k = min(top_k, N)
    computed = min(max(top_k, VALUES_NEEDED), N)
    F = activation(act, Xr @ W1.T)
    G = F.T @ F
    coef = ridge(F, G, yr, lam, dtype)
    s, V = top_spectrum(G, m, computed, vectors=True)
    F0 = activation(act, Xr @ W0.T)
    G0 = F0.T @ F0
    coef0 = ridge(F0, G0, yr, lam, dtype)
    s0, _ = top_spectrum(G0, m, computed, vectors=False)
    count, edge, rho = outlier_rule(list(s), list(s0), act in ("relu", "softplus"))

    best_he = [0.0, 0.0, 0.0]
    for i in range(min(3, k)):
        u = (F.astype(np.float64) @ V[:, i].astype(np.float64))
        for deg in (1, 2, 3):
            best_he[deg - 1] = max(best_he[deg - 1], abs_cos(u, hermite(deg, proj)))

    metrics = {
        "train_mse": mse(F, coef, yr),
        "test_mse": mse(activation(act, Xt @ W1.T), coef, yt),
        "rf_train_mse": mse(F0, coef0, yr),
        "rf_test_mse": mse(activation(act, Xt @ W0.T), coef0, yt),
        "outliers": count,
        "theory_outliers": 0 if c == 0 else theory_count(alpha),
        "bulk_edge": edge,
        "bulk_dilation": rho,
        "eta": eta,
        "he1_alignment": best_he[0], "he2_alignment": best_he[1], "he3_alignment": best_he[2],
        "singular_values": [float(v) for v in s[:k]],
        "rf_singular_values": [float(v) for v in s0[:k]],
    }
    if eta > 0:
        _, vs = np.linalg.eigh(step.T @ step)                # d x d, top eigenvector
        metrics["beta_alignment"] = abs_cos(vs[:, -1].astype(np.float64), beta)
    return metrics


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=2048, help="n = d = N = n_readout = n_test")
    ap.add_argument("--alpha", type=float, default=0.3)
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--lambda", dest="lam", type=float, default=0.1)
    ap.add_argument("--activation", default="crelu")
    ap.add_argument("--target", default="he1+he2")
    ap.add_argument("--precision", default="float32", choices=["float32", "float64"])
    ap.add_argument("--seeds", type=int, default=1, help="tasks to run (seeds 0..S-1)")
    ap.add_argument("--seed-offset", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    s = args.size
    p = dict(n=s, d=s, N=s, n_readout=s, n_test=s, alpha=args.alpha, c=args.c, **{"lambda": args.lam},
             activation=args.activation, target=args.target, precision=args.precision)
    runs = []
    for seed in range(args.seed_offset, args.seed_offset + args.seeds):
        start = time.perf_counter()
        metrics = giant_step(p, seed=[20231011, int(round(args.alpha * 1000)), s, seed])
        metrics["seconds"] = time.perf_counter() - start
        metrics["seed"] = seed
        runs.append(metrics)
    if args.json:
        print(json.dumps({"parameters": p, "runs": runs}))
    else:
        for r in runs:
            print(f"seed {r['seed']}: {r['seconds']:.2f} s  outliers {r['outliers']} (theory {r['theory_outliers']})"
                  f"  test_mse {r['test_mse']:.4f}  rf_test_mse {r['rf_test_mse']:.4f}")


if __name__ == "__main__":
    sys.exit(main())
