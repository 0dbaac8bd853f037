"""giant-step (Moniri, Lee, Hassani, Dobriban 2023; Ba et al. 2022): one large GD step
with η = c·n^α puts ℓ = ⌊1/(1−2α)⌋ spikes into the feature matrix F; the ridge readout
on F beats random features F0.

Figures (one panel per value of the axes other than the x axis, usually per n):

- ``spectrum``: the top singular values of F/√n_readout (``/arrays/singular_values``)
  against α, those above the bulk edge (``bulk_edge`` column) highlighted, the top of
  F0's spectrum (``/arrays/rf_singular_values``) for reference, and the thresholds
  α = ¼, ⅓, ⅜ (, ⅖) where the theory's count steps up;
- ``outliers``: the measured count against ``theory_outliers`` (and ⌊1/(1−2α)⌋);
- ``mse``: train/test MSE against the random-features baseline ``rf_*``;
- ``alignment``: ``he1/he2/he3_alignment`` (and ``beta_alignment``).
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
from matplotlib.ticker import FormatStrFormatter

from .common import SweepData, cycle_colors, errorbar, finish, panel_groups, panels, seed_stats

SPIKE_COLOR = "#d62728"
#: thresholds are marked up to this many spikes (α = ⅖); beyond, they crowd towards α = ½
MAX_MARKED_SPIKES = 5
FRACTIONS = {Fraction(1, 4): "¼", Fraction(1, 3): "⅓", Fraction(3, 8): "⅜", Fraction(2, 5): "⅖"}
BULK_COLOR = "#7f7f7f"


def theory_count(alpha: np.ndarray) -> np.ndarray:
    """⌊1/(1−2α)⌋, the number of spikes after one step with η ∝ n^α (α ∈ [0, ½))."""
    return np.floor(1.0 / (1.0 - 2.0 * np.asarray(alpha, dtype=float)) + 1e-12)


def thresholds(upper: float, largest: int = MAX_MARKED_SPIKES) -> list[tuple[int, Fraction]]:
    """(ℓ, α_ℓ) where the theory's count reaches ℓ = 2, 3, …, `largest`: α_ℓ = (1 − 1/ℓ)/2 ≤ `upper`
    (¼, ⅓, ⅜, ⅖; later ones crowd towards ½ and are not marked)."""
    found, ell = [], 2
    while ell <= largest and (alpha := Fraction(ell - 1, 2 * ell)) <= upper + 1e-12:
        found.append((ell, alpha))
        ell += 1
    return found


def on_theory_axis(frame, x: str) -> bool:
    """Whether the theory's α-thresholds apply: x is α and every task takes a step (c > 0)."""
    return x == "alpha" and ("c" not in frame or bool((frame["c"] > 0).all()))


def mark_thresholds(ax, data: SweepData, x: str, label: bool) -> None:
    """Dotted verticals at the theory's thresholds (only on an α axis, and only when a step is taken)."""
    if not on_theory_axis(data.tasks, x):
        return
    for ell, alpha in thresholds(float(data.tasks["alpha"].max())):
        ax.axvline(float(alpha), color="0.55", linestyle=":", linewidth=1)
        if label:
            ax.annotate(f"α = {FRACTIONS.get(alpha, str(alpha))}: ℓ = {ell}", xy=(float(alpha), 1.0),
                        xycoords=("data", "axes fraction"), xytext=(-1, -4), textcoords="offset points",
                        rotation=90, fontsize=7, color="0.35", ha="right", va="top")


def draw(data: SweepData) -> dict:
    """The giant-step figures, by name."""
    x = data.x_axis(["alpha", "c", "N", "n"])
    figures = {}
    if data.array("singular_values") is not None:
        figures["spectrum"] = spectrum(data, x)
    figures["outliers"] = outliers(data, x)
    figures["mse"] = mse(data, x)
    figures["alignment"] = alignment(data, x)
    return figures


def spectrum(data: SweepData, x: str):
    """Top singular values against x: spikes (above the bulk edge) leaving the bulk."""
    values = data.array("singular_values")
    reference = data.array("rf_singular_values")
    groups = panel_groups(data, [x])
    figure, axes = panels(len(groups), height=3.6)
    for ax, (label, frame) in zip(axes, groups):
        done = frame[frame["status"] == "done"]
        positions = done["index"].to_numpy()
        xs = np.sort(done[x].unique())
        edge = seed_stats(done, x, "bulk_edge") if "bulk_edge" in done else None
        for value in xs:
            rows = positions[done[x].to_numpy() == value]
            block = values[rows]                           # [seeds, top_k]
            mean, sd = np.nanmean(block, axis=0), np.nanstd(block, axis=0)
            above = mean > edge.loc[value, "mean"] if edge is not None else np.zeros_like(mean, dtype=bool)
            for flag, color in ((False, BULK_COLOR), (True, SPIKE_COLOR)):
                keep = (above == flag) & np.isfinite(mean)
                if keep.any():
                    ax.errorbar(np.full(keep.sum(), value), mean[keep], yerr=sd[keep], fmt="_", color=color,
                                markersize=12, markeredgewidth=1.5, elinewidth=0.8, capsize=2, zorder=3)
        if edge is not None and not edge.empty:
            ax.plot(edge.index, edge["mean"], color="black", linewidth=1.2, marker=".", label="bulk edge (bulk_edge)")
            ax.fill_between(edge.index, edge["mean"] - edge["sd"], edge["mean"] + edge["sd"], color="black", alpha=0.12)
        if reference is not None:
            top = [np.nanmean(reference[positions[done[x].to_numpy() == value], 0]) for value in xs]
            ax.plot(xs, top, color=BULK_COLOR, linestyle="--", linewidth=1, label="top of F0 spectrum (no step)")
        ax.plot([], [], "_", color=SPIKE_COLOR, markersize=14, markeredgewidth=2, label="singular value above the edge")
        ax.plot([], [], "_", color=BULK_COLOR, markersize=14, markeredgewidth=2, label="singular value in the bulk")
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(FormatStrFormatter("%g"))
        ax.tick_params(axis="y", which="minor", labelsize=7)
        ax.set_xlabel(x)
        ax.set_ylabel("singular values of F/√n_readout")
        ax.set_title(label, fontsize=10)
        mark_thresholds(ax, data, x, label=True)
    axes[0].legend(fontsize=7, loc="upper left")
    finish(figure, data, f"Top {values.shape[1]} singular values of the features after one step: spikes leave the bulk")
    return figure


def outliers(data: SweepData, x: str):
    """Measured outlier count against the theory's ⌊1/(1−2α)⌋ (as stored in theory_outliers)."""
    groups = panel_groups(data, [x])
    figure, axes = panels(len(groups), sharey=True)
    for ax, (label, frame) in zip(axes, groups):
        if on_theory_axis(frame, x):
            fine = np.linspace(frame["alpha"].min(), frame["alpha"].max(), 2001)
            ax.plot(fine, theory_count(fine), color="black", linewidth=1, label="⌊1/(1−2α)⌋")
        if data.has("theory_outliers"):
            theory = seed_stats(frame, x, "theory_outliers")
            ax.plot(theory.index, theory["mean"], "s", color="black", markerfacecolor="white", markersize=6,
                    label="theory_outliers (file)")
        errorbar(ax, frame, x, "outliers", color=SPIKE_COLOR, label="measured outliers")
        mark_thresholds(ax, data, x, label=False)
        ax.set_xlabel(x)
        ax.set_ylabel("number of spikes")
        ax.set_title(label, fontsize=10)
    axes[0].legend(fontsize=8, loc="upper left")
    finish(figure, data, "Outliers of the feature spectrum against the theory")
    return figure


def mse(data: SweepData, x: str):
    """Readout train/test MSE after the step against the random-features baseline."""
    groups = panel_groups(data, [x])
    figure, axes = panels(len(groups), sharey=True)
    colors = cycle_colors()
    series = [("test_mse", "test, after the step", colors[0], "-"),
              ("rf_test_mse", "test, random features", colors[0], "--"),
              ("train_mse", "train, after the step", colors[1], "-"),
              ("rf_train_mse", "train, random features", colors[1], "--")]
    for ax, (label, frame) in zip(axes, groups):
        for column, name, color, style in series:
            if data.has(column):
                errorbar(ax, frame, x, column, color=color, linestyle=style, label=name,
                         markerfacecolor="white" if style == "--" else color)
        mark_thresholds(ax, data, x, label=False)
        ax.set_xlabel(x)
        ax.set_ylabel("mean squared error")
        ax.set_title(label, fontsize=10)
    axes[0].legend(fontsize=8)
    finish(figure, data, "Ridge readout on the stepped features (solid) against random features (dashed)")
    return figure


def alignment(data: SweepData, x: str):
    """|cos| of the top singular vectors with He_k(X̃β), k = 1..3, and of the step with β."""
    groups = panel_groups(data, [x])
    figure, axes = panels(len(groups), sharey=True)
    colors = cycle_colors()
    series = [(f"he{k}_alignment", f"He{k}(X̃β) · top-3 left singular vectors of F", colors[k - 1], "-") for k in (1, 2, 3)]
    series.append(("beta_alignment", "β · top right singular vector of W1 − W0", "black", "--"))
    for ax, (label, frame) in zip(axes, groups):
        for column, name, color, style in series:
            if data.has(column):
                errorbar(ax, frame, x, column, color=color, linestyle=style, label=name)
        mark_thresholds(ax, data, x, label=False)
        ax.set_ylim(0, 1.05)
        ax.set_xlabel(x)
        ax.set_ylabel("|cos|")
        ax.set_title(label, fontsize=10)
    axes[0].legend(fontsize=7, loc="upper left")
    finish(figure, data, "Each spike is a polynomial feature: alignment with He_k(X̃β)")
    return figure
