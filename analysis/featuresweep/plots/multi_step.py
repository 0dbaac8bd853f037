"""multi-step: T full-batch GD steps on W, with the readout, the outliers and the alignment
with each target direction recorded after every step (Dandi et al. 2023's "one (giant)
step at a time" and the steps after).

Figures (x axis: the step t = 1..T; one line per value of the first grid axis, any other
varying axis held at its largest value and named in the title; mean ± sd over seeds):

- ``steps``: ``test_mse_by_step`` (random features' ``rf_test_mse`` dotted),
  ``train_mse_by_step``, ``beta_alignment_by_step``, ``outliers_by_step`` (feature
  spectrum, giant-step's rule) and ``weight_outliers_by_step`` (two-step's rule);
- ``directions`` (multi-index targets): ``theta_alignments_by_step`` split per direction
  θ_i: |P_t θ_i|, P_t the projection on the top-k right singular vectors of W_t − W0.
"""
from __future__ import annotations

import numpy as np

from .common import SweepData, cycle_colors, finish, format_value, panels

STEP_ARRAYS = ["test_mse_by_step", "train_mse_by_step", "beta_alignment_by_step", "outliers_by_step",
               "weight_outliers_by_step"]


def draw(data: SweepData) -> dict:
    """The multi-step figures, by name."""
    figures = {"steps": steps_figure(data)}
    thetas = data.array("theta_alignments_by_step")
    if thetas is not None and np.isfinite(thetas).any():
        figures["directions"] = directions_figure(data, thetas)
    return figures


def lines(data: SweepData):
    """(line axis, [(label, finished rows)], held axes): one line per value of the first
    grid axis, other varying axes at their largest value."""
    axis = data.x_axis(["n", "c", "alpha"])
    done, held = data.done, {}
    for other in data.axes:
        if other != axis and data.varying(other):
            held[other] = sorted(data.tasks[other].unique())[-1]
            done = done[done[other] == held[other]]
    if axis in done.columns and data.varying(axis):
        groups = [(f"{axis} = {format_value(value)}", part) for value, part in done.groupby(axis, sort=True)]
    else:
        groups = [("", done)]
    return groups, held


def subtitle(text: str, held: dict) -> str:
    if held:
        text += " (" + ", ".join(f"{axis} = {format_value(value)}" for axis, value in held.items()) + ")"
    return text


def band(ax, values: np.ndarray, color, label):
    """Mean ± sd over rows of a [rows, T] array against t = 1..T."""
    mean, sd = np.nanmean(values, axis=0), np.nanstd(values, axis=0)
    t = np.arange(1, values.shape[1] + 1)
    keep = np.isfinite(mean)
    ax.plot(t[keep], mean[keep], marker="o", markersize=3, color=color, linewidth=1.3, label=label or None)
    ax.fill_between(t[keep], (mean - sd)[keep], (mean + sd)[keep], color=color, alpha=0.15)


def steps_figure(data: SweepData):
    groups, held = lines(data)
    names = [name for name in STEP_ARRAYS if data.array(name) is not None]
    figure, axes = panels(len(names))
    colors = cycle_colors()
    for ax, name in zip(axes, names):
        values = data.array(name)
        for number, (label, frame) in enumerate(groups):
            rows = frame["index"].to_numpy()
            if rows.size == 0:
                continue
            color = colors[number % len(colors)]
            band(ax, values[rows], color, label)
            if name == "test_mse_by_step" and "rf_test_mse" in frame:
                ax.axhline(float(np.nanmean(frame["rf_test_mse"])), color=color, linestyle=":", linewidth=1)
        ax.set_xlabel("step t")
        ax.set_title(name + (" (dotted: random features)" if name == "test_mse_by_step" else ""), fontsize=9)
    if axes[0].get_legend_handles_labels()[1]:
        axes[0].legend(fontsize=7)
    finish(figure, data, subtitle("Readout, outliers and alignment after every step", held))
    return figure


def directions_figure(data: SweepData, thetas: np.ndarray):
    groups, held = lines(data)
    steps = int(np.nanmax(data.done["steps"])) if "steps" in data.done else thetas.shape[1]
    k = max(1, thetas.shape[1] // max(steps, 1))
    figure, axes = panels(k)
    colors = cycle_colors()
    for i, ax in enumerate(axes[:k]):
        for number, (label, frame) in enumerate(groups):
            rows = frame["index"].to_numpy()
            if rows.size == 0:
                continue
            per_step = thetas[rows][:, : steps * k].reshape(len(rows), steps, k)[:, :, i]
            band(ax, per_step, colors[number % len(colors)], label)
        ax.set_ylim(0, 1.05)
        ax.set_xlabel("step t")
        ax.set_title(f"|P_t θ_{i + 1}|: direction {i + 1} in the top-k right singular space of W_t − W0", fontsize=8)
    if axes[0].get_legend_handles_labels()[1]:
        axes[0].legend(fontsize=7)
    finish(figure, data, subtitle("Alignment with each target direction after every step", held))
    return figure
