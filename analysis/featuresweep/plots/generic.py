"""Any protocol without its own module: every scalar metric against the first grid axis,
one line per combination of the other axes, and every curve array against the steps."""
from __future__ import annotations

from .. import io
from .common import SweepData, curves_figure, cycle_colors, errorbar, finish, panels, series_groups

#: At most this many metrics are drawn in the overview.
MAX_METRICS = 16


def draw(data: SweepData) -> dict:
    """`metrics` (every metric with a finite value) and, with record_steps, `curves`."""
    figures = {"metrics": metrics_figure(data, [m for m in io.metric_names(data.path) if data.has(m)][:MAX_METRICS])}
    curves = [name for name in data.array_names() if name.endswith("_curve")]
    if curves and data.array("record_steps") is not None:
        figures["curves"] = curves_figure(data, curves, "Recorded curves")
    return figures


def metrics_figure(data: SweepData, names: list[str], subtitle: str = "Every metric against the first grid axis"):
    """One panel per metric against the x axis, one line per combination of the other axes."""
    x = data.x_axis([])
    figure, axes = panels(max(len(names), 1))
    colors = cycle_colors()
    for ax, name in zip(axes, names):
        for number, (label, frame) in enumerate(series_groups(data, data.tasks, [x])):
            errorbar(ax, frame, x, name, color=colors[number % len(colors)], label=label or None)
        ax.set_xlabel(x)
        ax.set_title(name, fontsize=10)
    if axes[0].get_legend_handles_labels()[1]:
        axes[0].legend(fontsize=7)
    finish(figure, data, subtitle)
    return figure
