"""two-step (Moniri, Hassani 2026): two GD steps with η1 = c1·N^α1, η2 = c2·N^α2 leave
⌊α2/(½−α1)⌋ outliers in the updated weights beyond the one-step spike; reusing the first
batch (``batch = reuse``) lets the second step learn directions of information exponent > 1
(He3 with tanh), fresh batches do not.

Figures:

- ``outliers``: heat maps over α1 × α2 of the measured ``outliers`` (edge-distribution count
  of (I − aaᵀ/‖a‖²)W2, mean over seeds) next to ``theory_outliers`` (the paper's count) and
  ``theory_outliers_activation`` (the orders whose Hermite coefficient is non-zero for the
  activation), one row per ``batch`` value (a line plot when α1 and α2 are not both grid axes);
- ``alignment``: ``step2_beta_alignment`` (top right singular vector of W2 − W1) and
  ``step2_beta_alignment_max`` (best of its top 3) against α2 (or the first axis), reuse
  against fresh, one panel per combination of the other axes (target, activation);
- ``mse``: readout test MSE against the random features';
- ``scaling`` (when the size ``n`` is a grid axis too, as in jobs/two-step-scaling.toml):
  the measured transition line, for each α1 the smallest α2 of the grid where the mean
  ``outliers`` over seeds reaches ½ (most seeds see the first outlier), one line per size,
  against the theory's ½ − α1 (where ⌊α2/(½−α1)⌋ becomes 1); then one panel per α1 with the
  mean outliers against α2 for every size and the theory's count. The other figures then
  show the largest size only.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

import dataclasses

from .common import SweepData, cycle_colors, errorbar, finish, format_value, panel_groups, panels, seed_stats


def draw(data: SweepData) -> dict:
    """The two-step figures, by name."""
    figures = {}
    size = next((axis for axis in ("n", "N") if axis in data.axes and data.varying(axis)), None)
    if size is not None and "alpha1" in data.axes and "alpha2" in data.axes:
        figures["scaling"] = scaling(data, size)
        largest = data.tasks[size].max()
        data = dataclasses.replace(data, tasks=data.tasks[data.tasks[size] == largest],
                                   axes=[axis for axis in data.axes if axis != size])
    if "alpha1" in data.axes and "alpha2" in data.axes:
        figures["outliers"] = heat_maps(data)
    else:
        figures["outliers"] = outlier_lines(data, data.x_axis(["alpha2", "alpha1"]))
    figures["alignment"] = alignment(data, data.x_axis(["alpha2", "alpha1", "c2"]))
    if data.has("test_mse"):
        figures["mse"] = mse(data, data.x_axis(["alpha2", "alpha1", "c2"]))
    return figures


def batches(data: SweepData) -> list:
    """The batch values of the sweep ([None] when there is no batch column)."""
    return sorted(data.tasks["batch"].unique()) if "batch" in data.tasks else [None]


def heat_maps(data: SweepData):
    """Measured outliers beyond the one-step spike and the two predicted counts over
    α1 × α2, one row per batch value; each cell shows mean ± sd over seeds."""
    rows = batches(data)
    columns = [("outliers", "measured outliers beyond the one-step spike"), ("theory_outliers", "theory ⌊α2/(½−α1)⌋"),
               ("theory_outliers_activation", "theory, orders k with E σ^(k+1) ≠ 0 for σ")]
    figure, grid = plt.subplots(len(rows), len(columns), figsize=(13, 3.5 * len(rows) + 1.0), squeeze=False,
                                layout="constrained")
    axes = list(grid.ravel())
    grids = []
    for batch in rows:
        frame = data.tasks if batch is None else data.tasks[data.tasks["batch"] == batch]
        for column, title in columns:
            stats = seed_stats(frame, ["alpha1", "alpha2"], column) if column in frame else None
            grid = spread = None
            if stats is not None and not stats.empty:
                grid, spread = stats["mean"].unstack("alpha2"), stats["sd"].unstack("alpha2")
            grids.append((grid, spread, f"{title}" + (f", batch = {batch}" if batch is not None else "")))
    finite = [g.to_numpy() for g, _, _ in grids if g is not None]
    top = max([np.nanmax(g) for g in finite if np.isfinite(g).any()] + [1.0])
    for ax, (grid, spread, title) in zip(axes, grids):
        ax.set_title(title, fontsize=9)
        if grid is None:
            ax.text(0.5, 0.5, "not in the file", ha="center", va="center", transform=ax.transAxes)
            continue
        image = ax.imshow(grid.to_numpy(), origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=top)
        ax.set_xticks(range(grid.shape[1]), [format_value(v) for v in grid.columns], fontsize=7)
        ax.set_yticks(range(grid.shape[0]), [format_value(v) for v in grid.index], fontsize=7)
        ax.set_xlabel("α2")
        ax.set_ylabel("α1")
        for (i, j), value in np.ndenumerate(grid.to_numpy()):
            if np.isfinite(value):
                sd = spread.to_numpy()[i, j]
                ax.text(j, i, f"{value:.1f}" + (f"±{sd:.1f}" if sd > 0 else ""), ha="center", va="center",
                        fontsize=7, color="white" if value < top / 2 else "black")
    figure.colorbar(image, ax=axes, shrink=0.8, label="outliers (mean over seeds)")
    figure.suptitle("Outliers of (I − aaᵀ/‖a‖²)·W2 (W2 beyond the one-step spike) after two steps against "
                    f"⌊α2/(½−α1)⌋\n{data.title()}", fontsize=10)
    return figure


def outlier_lines(data: SweepData, x: str):
    """Measured outliers against the theory's count along one axis."""
    groups = panel_groups(data, [x, "batch"])
    figure, axes = panels(len(groups), sharey=True)
    colors = cycle_colors()
    for ax, (label, frame) in zip(axes, groups):
        for number, batch in enumerate(batches(data)):
            part = frame if batch is None else frame[frame["batch"] == batch]
            errorbar(ax, part, x, "outliers", color=colors[number], label=f"measured, batch = {batch}")
            for column, style, name in [("theory_outliers", ":", "theory"),
                                        ("theory_outliers_activation", "-.", "theory for σ")]:
                if column in part:
                    theory = seed_stats(part, x, column)
                    ax.plot(theory.index, theory["mean"], drawstyle="steps-mid", color=colors[number],
                            linestyle=style, label=f"{name}, batch = {batch}")
        ax.set_xlabel(x)
        ax.set_ylabel("outliers")
        ax.set_title(label, fontsize=10)
    axes[0].legend(fontsize=7)
    finish(figure, data, "Outliers beyond the one-step spike after two steps against ⌊α2/(½−α1)⌋")
    return figure


def alignment(data: SweepData, x: str):
    """What the second step learned: |cos(β, top right singular vector of W2 − W1)|
    (``step2_beta_alignment``, filled markers) and the best of its top 3
    (``step2_beta_alignment_max``, hollow) against x, reusing the batch (solid) against a
    fresh one (dashed), with a random unit vector's mean overlap √(2/(π·d)) for scale."""
    groups = panel_groups(data, [x, "batch"])
    figure, axes = panels(len(groups), sharey=True)
    colors = cycle_colors()
    styles = {"reuse": "-", "fresh": "--"}
    for ax, (label, frame) in zip(axes, groups):
        for number, batch in enumerate(batches(data)):
            part = frame if batch is None else frame[frame["batch"] == batch]
            suffix = f", batch = {batch}" if batch is not None else ""
            errorbar(ax, part, x, "step2_beta_alignment", color=colors[number], linestyle=styles.get(batch, "-"),
                     label=f"top vector of W2 − W1{suffix}")
            errorbar(ax, part, x, "step2_beta_alignment_max", color=colors[number], linestyle=styles.get(batch, "-"),
                     marker="s", markerfacecolor="white", linewidth=0.8, alpha=0.6,
                     label=f"best of top 3{suffix}")
        if "d" in frame and len(frame):
            ax.axhline(np.sqrt(2 / (np.pi * float(frame["d"].max()))), color="grey", linestyle=":", linewidth=1,
                       label="random vector")
        ax.set_xlabel(x)
        ax.set_ylabel("|cos(β, right singular vector of W2 − W1)|")
        ax.set_title(label, fontsize=9)
    axes[0].set_ylim(bottom=0)  # after every panel is drawn: the shared top covers them all
    axes[0].legend(fontsize=7)
    finish(figure, data, "What the second step learned: alignment with β, same batch (reuse) against a fresh one")
    return figure


def mse(data: SweepData, x: str):
    """Test MSE after two steps, reuse against fresh."""
    groups = panel_groups(data, [x, "batch"])
    figure, axes = panels(len(groups), sharey=True)
    colors = cycle_colors()
    for ax, (label, frame) in zip(axes, groups):
        for number, batch in enumerate(batches(data)):
            part = frame if batch is None else frame[frame["batch"] == batch]
            errorbar(ax, part, x, "test_mse", color=colors[number], label=f"test, batch = {batch}")
            if data.has("rf_test_mse"):
                errorbar(ax, part, x, "rf_test_mse", color=colors[number], linestyle="--",
                         markerfacecolor="white", label=f"random features, batch = {batch}")
        ax.set_xlabel(x)
        ax.set_ylabel("test MSE")
        ax.set_title(label, fontsize=10)
    axes[0].legend(fontsize=7)
    finish(figure, data, "Readout test MSE after two steps")
    return figure


def transition(frame, threshold: float = 0.5) -> "dict":
    """For each α1, the smallest α2 whose mean ``outliers`` over seeds reaches `threshold`
    (NaN when no α2 of the grid does)."""
    stats = seed_stats(frame, ["alpha1", "alpha2"], "outliers")["mean"].unstack("alpha2")
    line = {}
    for alpha1, row in stats.iterrows():
        reached = [alpha2 for alpha2, value in row.items() if np.isfinite(value) and value >= threshold]
        line[alpha1] = min(reached) if reached else np.nan
    return line


def scaling(data: SweepData, size: str):
    """The transition line per size against ½ − α1, then outliers against α2 per α1."""
    sizes = sorted(data.done[size].unique())
    alphas1 = sorted(data.done["alpha1"].unique())
    figure, axes = panels(1 + len(alphas1), width=3.6, height=3.0)
    colors = cycle_colors()
    ax = axes[0]
    for number, value in enumerate(sizes):
        line = transition(data.done[data.done[size] == value])
        ax.plot(list(line), list(line.values()), marker="o", color=colors[number % len(colors)],
                label=f"{size} = {format_value(value)}")
    grid = np.linspace(min(alphas1), max(alphas1), 50)
    ax.plot(grid, 0.5 - grid, color="black", linestyle=":", label="theory ½ − α1")
    ax.set_xlabel("α1")
    ax.set_ylabel("first α2 with an outlier")
    ax.set_title("transition line", fontsize=10)
    ax.legend(fontsize=7)
    for ax, alpha1 in zip(axes[1:], alphas1):
        part = data.done[data.done["alpha1"] == alpha1]
        for number, value in enumerate(sizes):
            errorbar(ax, part[part[size] == value], "alpha2", "outliers", color=colors[number % len(colors)],
                     label=f"{size} = {format_value(value)}")
        theory = seed_stats(part, "alpha2", "theory_outliers_activation" if "theory_outliers_activation" in part else "theory_outliers")
        ax.plot(theory.index, theory["mean"], drawstyle="steps-mid", color="black", linestyle=":", label="theory for σ")
        ax.set_xlabel("α2")
        ax.set_title(f"α1 = {format_value(alpha1)}", fontsize=10)
    axes[1].legend(fontsize=7)
    finish(figure, data, "Finite-size scaling of the two-step outlier count")
    return figure
