"""What every protocol's figures share: the sweep as loaded once, seed statistics,
panels over the axes that are not on the x axis, and saving."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import matplotlib

matplotlib.use("Agg")  # files only, no display

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .. import io  # noqa: E402

#: The most panels one figure gets; further combinations of the other axes are left out (and said so).
MAX_PANELS = 8


@dataclass
class SweepData:
    """A result file read once for plotting: tasks, grid axes, provenance, arrays on demand."""

    path: Path
    tasks: pd.DataFrame
    axes: list[str]
    info: dict
    _arrays: dict = field(default_factory=dict)

    @classmethod
    def read(cls, path: "str | Path") -> "SweepData":
        path = Path(path)
        return cls(path=path, tasks=io.load_tasks(path), axes=io.grid_axes(path), info=io.provenance(path))

    @property
    def protocol(self) -> str:
        return str(self.info.get("protocol", ""))

    @property
    def done(self) -> pd.DataFrame:
        """The tasks that finished (no pending, no failed)."""
        return self.tasks[self.tasks["status"] == "done"]

    @property
    def seeds(self) -> int:
        return int(self.tasks["seed"].nunique())

    def has(self, column: str) -> bool:
        """Whether `column` is in /tasks with at least one finite value among finished tasks."""
        return column in self.tasks.columns and bool(np.isfinite(self.done[column].to_numpy(dtype=float)).any())

    def array(self, name: str) -> "np.ndarray | None":
        """/arrays/<name> ([tasks, width], row = task index) or None when the file has none."""
        if name not in self._arrays:
            self._arrays[name] = io.load_array(self.path, name) if name in io.array_names(self.path) else None
        return self._arrays[name]

    def array_names(self) -> list[str]:
        return io.array_names(self.path)

    def varying(self, column: str) -> bool:
        """Whether a column takes more than one value across the sweep."""
        return column in self.tasks.columns and self.tasks[column].nunique() > 1

    def x_axis(self, preferred: Sequence[str]) -> str:
        """The first preferred name that is a grid axis, else the first grid axis, else
        the first preferred name, else `seed` (a sweep without axes)."""
        for name in preferred:
            if name in self.axes:
                return name
        if self.axes:
            return self.axes[0]
        return preferred[0] if preferred else "seed"

    def title(self) -> str:
        """protocol · spec file · done/total · seeds, for a figure's suptitle."""
        spec = Path(str(self.info.get("spec_file", ""))).name or self.path.name
        done, total = len(self.done), len(self.tasks)
        return (f"{self.protocol} · {spec} · {done}/{total} tasks done · "
                f"mean ± sd over {self.seeds} seed{'s' if self.seeds != 1 else ''}")


def seed_stats(frame: pd.DataFrame, by: "str | list[str]", column: str) -> pd.DataFrame:
    """Mean, standard deviation (0 with one seed) and count of `column` over seeds,
    grouped by `by`, from finished rows only; groups without a finite value are NaN."""
    rows = frame[frame["status"] == "done"] if "status" in frame else frame
    grouped = rows.groupby(by, sort=True)[column]
    stats = pd.DataFrame({"mean": grouped.mean(), "sd": grouped.std(ddof=1), "count": grouped.count()})
    stats.loc[stats["count"] <= 1, "sd"] = 0.0
    return stats


def panel_groups(data: SweepData, exclude: Iterable[str]) -> list[tuple[str, pd.DataFrame]]:
    """The tasks split by every combination of the grid axes not in `exclude` (one panel each),
    titled `axis = value, …`; a single untitled group when there are none."""
    excluded = set(exclude)
    by = [axis for axis in data.axes if axis not in excluded and data.varying(axis)]
    if not by:
        return [("", data.tasks)]
    groups = []
    for values, frame in data.tasks.groupby(by, sort=True):
        values = values if isinstance(values, tuple) else (values,)
        groups.append((", ".join(f"{axis} = {format_value(v)}" for axis, v in zip(by, values)), frame))
    if len(groups) > MAX_PANELS:
        print(f"featuresweep: {len(groups)} combinations of {', '.join(by)}; drawing the first {MAX_PANELS}")
        groups = groups[:MAX_PANELS]
    return groups


def format_value(value) -> str:
    """A compact label for an axis value."""
    if isinstance(value, (float, np.floating)):
        return f"{value:g}"
    return str(value)


def panels(count: int, width: float = 4.0, height: float = 3.3, sharey: bool = False):
    """A figure with `count` panels, at most four a row; returns (figure, flat list of axes)."""
    columns = min(count, 4)
    rows = int(np.ceil(count / columns))
    # at least 6.5 inches wide, so the two-line suptitle fits above a single panel
    figure, grid = plt.subplots(rows, columns, figsize=(max(width * columns, 6.5), height * rows + 0.5),
                                squeeze=False, sharey=sharey)
    axes = list(grid.ravel())
    for extra in axes[count:]:
        extra.set_visible(False)
    return figure, axes[:count]


def errorbar(ax, frame: pd.DataFrame, x: str, column: str, **style) -> None:
    """mean ± sd over seeds of `column` against `x`, from the finished rows of `frame`."""
    if column not in frame.columns:
        return
    stats = seed_stats(frame, x, column)
    stats = stats[np.isfinite(stats["mean"])]
    if stats.empty:
        return
    style = {"marker": "o", "markersize": 4, "capsize": 3, "linewidth": 1.4, **style}
    ax.errorbar(stats.index.to_numpy(), stats["mean"].to_numpy(), yerr=stats["sd"].to_numpy(), **style)


def finish(figure, data: SweepData, subtitle: str) -> None:
    """Suptitle (what the figure shows, then the sweep's provenance line) and tight layout."""
    figure.suptitle(f"{subtitle}\n{data.title()}", fontsize=10)
    figure.tight_layout()


def save(figure, directory: Path, stem: str, fmt: str, dpi: int) -> Path:
    """Writes the figure as `directory/stem.fmt` and closes it."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{stem}.{fmt}"
    figure.savefig(path, dpi=dpi, format=fmt, metadata=None if fmt != "png" else {"Software": None})
    plt.close(figure)
    return path


def cycle_colors() -> list[str]:
    """Matplotlib's default colour cycle."""
    return plt.rcParams["axes.prop_cycle"].by_key()["color"]


def series_groups(data: SweepData, frame: pd.DataFrame, exclude: Iterable[str]) -> list[tuple[str, pd.DataFrame]]:
    """`frame` split by every combination of the varying grid axes not in `exclude`
    (one line each, labelled `axis = value, …`); one unlabelled group when there are none."""
    excluded = set(exclude)
    by = [axis for axis in data.axes if axis not in excluded and data.varying(axis)]
    if not by:
        return [("", frame)]
    groups = []
    for values, part in frame.groupby(by, sort=True):
        values = values if isinstance(values, tuple) else (values,)
        groups.append((", ".join(f"{axis} = {format_value(v)}" for axis, v in zip(by, values)), part))
    if len(groups) > MAX_PANELS:
        print(f"featuresweep: {len(groups)} combinations of {', '.join(by)}; drawing the first {MAX_PANELS}")
        groups = groups[:MAX_PANELS]
    return groups


def curve_arrays(data: SweepData, names: Sequence[str]) -> list[str]:
    """Those of `names` that are per-task curves sampled at `/arrays/record_steps`."""
    if data.array("record_steps") is None:
        return []
    present = set(data.array_names())
    return [name for name in names if name in present]


def curves_figure(data: SweepData, names: Sequence[str], subtitle: str, ylabels: "dict | None" = None,
                  references: "dict | None" = None, line_axis: "str | None" = None):
    """One panel per curve array (against `/arrays/record_steps`), one line per value of
    `line_axis` (default: the first grid axis): mean over seeds with a ±sd band. Any other
    varying axis is held at its largest value, named in the title. `references` maps a curve
    name to [(value, label)] horizontal lines."""
    steps = data.array("record_steps")
    line_axis = line_axis or data.x_axis([])
    done, held = data.done, {}
    for axis in data.axes:
        if axis != line_axis and data.varying(axis):
            held[axis] = sorted(data.tasks[axis].unique())[-1]
            done = done[done[axis] == held[axis]]
    if line_axis in done.columns and data.varying(line_axis):
        lines = [(f"{line_axis} = {format_value(value)}", part) for value, part in done.groupby(line_axis, sort=True)]
    else:
        lines = [("", done)]
    figure, axes = panels(len(names))
    colors = cycle_colors()
    for ax, name in zip(axes, names):
        values = data.array(name)
        for number, (label, frame) in enumerate(lines):
            rows = frame["index"].to_numpy()
            if rows.size == 0:
                continue
            x = np.nanmean(steps[rows], axis=0)
            mean, sd = np.nanmean(values[rows], axis=0), np.nanstd(values[rows], axis=0)
            keep = np.isfinite(x) & np.isfinite(mean)
            color = colors[number % len(colors)]
            ax.plot(x[keep], mean[keep], color=color, linewidth=1.3, label=label or None)
            ax.fill_between(x[keep], (mean - sd)[keep], (mean + sd)[keep], color=color, alpha=0.15)
        for value, text in (references or {}).get(name, []):
            ax.axhline(value, color="black", linestyle=":", linewidth=1, label=text)
        ax.set_xlabel("step")
        ax.set_ylabel((ylabels or {}).get(name, name))
        ax.set_title(name, fontsize=10)
    if axes[0].get_legend_handles_labels()[1]:
        axes[0].legend(fontsize=7, loc="best")
    if held:
        subtitle += " (" + ", ".join(f"{axis} = {format_value(value)}" for axis, value in held.items()) + ")"
    finish(figure, data, subtitle)
    return figure
