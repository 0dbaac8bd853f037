"""patterns (Shi, Wei, Liang 2022): labels depend on class-relevant patterns hidden among
background patterns; GD learns the relevant patterns, fixed random features of the same
width do not.

Figures:

- ``errors``: ``test_error`` of the trained network against ``rf_test_error`` of random
  features, against the first grid axis;
- ``alignment``: ``pattern_alignment`` (cosine of neurons with the relevant patterns);
- ``curves``: recorded ``*_curve`` arrays against the steps, when the file has them.
"""
from __future__ import annotations

from .common import SweepData, curves_figure, cycle_colors, errorbar, finish, panel_groups, panels


def draw(data: SweepData) -> dict:
    """The patterns figures, by name."""
    x = data.x_axis(["m", "D", "k", "steps", "d"])
    figures = {"errors": errors(data, x)}
    if data.has("pattern_alignment"):
        figures["alignment"] = single(data, x, "pattern_alignment", "cosine of neurons with the relevant patterns",
                                      "Learned neurons align with the class-relevant patterns")
    curves = [name for name in data.array_names() if name.endswith("_curve")]
    if curves and data.array("record_steps") is not None:
        figures["curves"] = curves_figure(data, curves, "Training curves")
    return figures


def errors(data: SweepData, x: str):
    """Network against random-features test error."""
    groups = panel_groups(data, [x])
    figure, axes = panels(len(groups), sharey=True)
    colors = cycle_colors()
    for ax, (label, frame) in zip(axes, groups):
        errorbar(ax, frame, x, "test_error", color=colors[0], label="network trained by GD (test_error)")
        errorbar(ax, frame, x, "rf_test_error", color=colors[1], linestyle="--", markerfacecolor="white",
                 label="random features, same width (rf_test_error)")
        ax.set_ylim(bottom=0)
        ax.set_xlabel(x)
        ax.set_ylabel("test error")
        ax.set_title(label, fontsize=10)
    axes[0].legend(fontsize=7)
    finish(figure, data, "Feature learning against fixed random features on pattern data")
    return figure


def single(data: SweepData, x: str, column: str, ylabel: str, subtitle: str):
    """One metric against x, mean ± sd over seeds, one panel per value of the other axes."""
    groups = panel_groups(data, [x])
    figure, axes = panels(len(groups), sharey=True)
    for ax, (label, frame) in zip(axes, groups):
        errorbar(ax, frame, x, column, color=cycle_colors()[0], label=column)
        ax.set_xlabel(x)
        ax.set_ylabel(ylabel)
        ax.set_title(label, fontsize=10)
    finish(figure, data, subtitle)
    return figure
