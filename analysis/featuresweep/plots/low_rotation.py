"""low-rotation (Telgarsky 2022): on the 2-sparse parity, GD/SGD reaches low test error
while neurons barely rotate; margins grow.

Figures:

- ``test-error``: ``test_error`` against ``n`` (or the first grid axis), one line per
  optimizer/variant combination when they vary;
- ``dynamics``: ``rotation_mean`` and ``margin`` (and ``weight_movement``) against
  ``steps`` when ``steps`` is a grid axis;
- ``curves``: the recorded ``*_curve`` arrays (e.g. rotation and margin at the recorded
  steps) against ``/arrays/record_steps``, when the file has them.
"""
from __future__ import annotations

from matplotlib.ticker import FormatStrFormatter, NullFormatter

from .common import SweepData, curves_figure, cycle_colors, errorbar, finish, panels, series_groups

#: y labels of the recorded curves (DESIGN.md's low-rotation metrics)
CURVE_LABELS = {
    "rotation_curve": "mean angle ∠(w_j(t), w_j(0)) [rad]",
    "margin_curve": "normalised margin",
    "movement_curve": "‖W_t − W_0‖_F",
    "loss_curve": "training logistic loss",
    "test_error_curve": "test error",
}


def draw(data: SweepData) -> dict:
    """The low-rotation figures, by name."""
    x = data.x_axis(["n", "m", "d", "steps"])
    figures = {"test-error": lines(data, x, ["test_error"], "Test error on the 2-sparse parity")}
    if "steps" in data.axes:
        present = [m for m in ("rotation_mean", "margin", "weight_movement") if data.has(m)]
        if present:
            figures["dynamics"] = lines(data, "steps", present, "Rotation of the neurons and margin against training steps")
    curves = [name for name in data.array_names() if name.endswith("_curve")]
    preferred = sorted(curves, key=lambda name: (not name.startswith(("rotation", "margin")), name))
    if preferred and data.array("record_steps") is not None:
        figures["curves"] = curves_figure(data, preferred, "Rotation, margin and error at the recorded steps",
                                          ylabels=CURVE_LABELS)
    return figures


def lines(data: SweepData, x: str, columns: list[str], subtitle: str):
    """One panel per metric against x, one line per combination of the other axes."""
    figure, axes = panels(len(columns))
    colors = cycle_colors()
    for ax, column in zip(axes, columns):
        for number, (label, frame) in enumerate(series_groups(data, data.tasks, [x])):
            errorbar(ax, frame, x, column, color=colors[number % len(colors)], label=label or column)
        if x in ("n", "m", "steps") and data.tasks[x].min() > 0 and data.tasks[x].max() / data.tasks[x].min() >= 8:
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(FormatStrFormatter("%g"))
            ax.xaxis.set_minor_formatter(NullFormatter())
            ax.set_xticks(sorted(data.tasks[x].unique()))
        ax.set_xlabel(x)
        ax.set_ylabel(column)
        ax.set_title(column, fontsize=10)
    axes[0].legend(fontsize=7)
    finish(figure, data, subtitle)
    return figure
