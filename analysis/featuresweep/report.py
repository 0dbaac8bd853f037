"""One self-contained HTML page for a finished (or running) sweep, to share with collaborators:
provenance, status counts, failures with their messages, the protocol's figures (theory
overlaid, the same as ``python -m featuresweep plot``) and a sortable task table.

Figures are PNGs embedded as base64 ``data:`` URIs and the sorting is a few lines of inline
JavaScript: the file needs no network and no other file to be viewed.

    python -m featuresweep report results/quickstart.h5 --out report.html
"""
from __future__ import annotations

import base64
import html
import io as _io
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import io

#: Root attributes shown under provenance, in this order, when present.
PROVENANCE_KEYS = [
    ("protocol", "protocol"), ("spec_file", "spec file"), ("spec_sha256", "spec SHA-256"),
    ("root_seed", "root seed"), ("fsweep_version", "fsweep version"), ("git_commit", "git commit"),
    ("created", "created"), ("finished", "finished"), ("mpi_size", "MPI ranks"), ("hosts", "hosts"),
]
#: Root attributes whose names start with these describe the machine and the kernels
#: (`cpu_model`, `cpu_flags`, `kernel_path`, `kernel_choice`, `blas_core`, …): all shown.
MACHINE_PREFIXES = ("cpu_", "kernel_", "blas_")
#: The task table shows at most this many rows (a 100,000-task smoke sweep would make a
#: page no browser wants); the page says when rows are left out.
MAX_TABLE_ROWS = 5000
#: Columns of /tasks the table never shows (the key is long and in the file).
HIDDEN_COLUMNS = {"index", "key", "message"}

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1200px;
       padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.tasks th { cursor: pointer; background: #f4f4f4; position: sticky; top: 0; user-select: none; }
table.tasks th[aria-sort=ascending]::after { content: " \\25B2"; }
table.tasks th[aria-sort=descending]::after { content: " \\25BC"; }
.counts span { display: inline-block; margin-right: 1.5em; font-size: 1.1em; }
.done { color: #1a7f37; } .failed { color: #cf222e; } .pending { color: #9a6700; }
pre { background: #f6f8fa; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
.top { display: flex; gap: 1.5em; align-items: flex-start; } .top > div { min-width: 0; flex: 1 1 0; }
.top pre { max-height: 22em; margin-top: 0; } .top > div:first-child { flex: 0 1 46%; }
table.provenance th { white-space: nowrap; } table.provenance td { word-break: break-all; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 0.5em 1em; }
figure { margin: 0.5em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.9em; color: #555; }
.scroll { max-height: 40em; overflow: auto; }
"""

# Sorts the task table by the clicked column: numbers by value (data-v), text as text;
# a second click reverses. No library, no network.
SCRIPT = """
document.querySelectorAll("table.tasks").forEach(function (table) {
  var headers = table.querySelectorAll("thead th");
  headers.forEach(function (header, column) {
    header.addEventListener("click", function () {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var numeric = header.dataset.type === "number";
      function key(row) {
        var cell = row.cells[column];
        if (numeric) { var v = parseFloat(cell.dataset.v); return isNaN(v) ? null : v; }
        return cell.textContent;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === null || y === null) { return (x === null) - (y === null); }  // NaN last
        var order = numeric ? x - y : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


def _escape(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _format_number(value: Any) -> str:
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    number = float(value)
    if math.isnan(number):
        return ""
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.4g}"


def _figure_png(figure, dpi: int) -> str:
    """The figure as a base64 PNG (and closes it)."""
    import matplotlib.pyplot as plt

    buffer = _io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _provenance_rows(info: dict) -> list[tuple[str, str]]:
    rows = [(label, info[key]) for key, label in PROVENANCE_KEYS if key in info and info[key] != ""]
    rows += [(key, info[key]) for key in sorted(info) if key.startswith(MACHINE_PREFIXES)]
    return [(label, str(value)) for label, value in rows]


def _key_value_table(rows: list[tuple[str, str]], css: str = "") -> str:
    body = "".join(f"<tr><th>{_escape(k)}</th><td>{_escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="{css}">{body}</table>'


def _task_columns(tasks: pd.DataFrame, axes: list[str], metrics: list[str]) -> list[str]:
    """Task index, the grid axes, seed, status and bookkeeping, then the metrics."""
    first = ["index"] + [a for a in axes if a in tasks.columns] + ["seed", "status", "attempts", "rank", "seconds"]
    columns = [c for c in first if c in tasks.columns]
    columns += [m for m in metrics if m in tasks.columns and m not in columns]
    return columns


def _task_table(tasks: pd.DataFrame, columns: list[str]) -> str:
    numeric = {c: pd.api.types.is_numeric_dtype(tasks[c]) for c in columns}
    head = "".join(
        f'<th data-type="{"number" if numeric[c] else "text"}">{_escape("task" if c == "index" else c)}</th>'
        for c in columns)
    rows = []
    for record in tasks[columns].head(MAX_TABLE_ROWS).itertuples(index=False):
        cells = []
        for column, value in zip(columns, record):
            if numeric[column]:
                raw = float(value)
                data = "NaN" if math.isnan(raw) else repr(raw)
                cells.append(f'<td class="num" data-v="{data}">{_format_number(value)}</td>')
            elif column == "status":
                cells.append(f'<td class="{_escape(value)}">{_escape(value)}</td>')
            else:
                cells.append(f"<td>{_escape(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="tasks"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def render(path: "str | os.PathLike[str]", dpi: int = 90) -> str:
    """The report of the result file at `path` as one HTML string."""
    from .plots import figures  # imports matplotlib (Agg): only when drawing

    path = Path(path)
    info = io.provenance(path)
    tasks = io.load_tasks(path)
    axes = io.grid_axes(path)
    metrics = io.metric_names(path)
    protocol = str(info.get("protocol", ""))

    counts = tasks["status"].value_counts()
    done, failed, pending = (int(counts.get(name, 0)) for name in ("done", "failed", "pending"))
    total = len(tasks)

    drawn = []
    if done:
        for name, figure in figures(path).items():
            drawn.append((name, _figure_png(figure, dpi)))

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_escape(protocol)} sweep: {_escape(path.name)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{_escape(protocol)} sweep <code>{_escape(path.name)}</code></h1>",
        f'<p class="counts"><span>{total} tasks</span><span class="done">{done} done</span>'
        f'<span class="failed">{failed} failed</span><span class="pending">{pending} pending</span></p>',
        "<h2>Provenance</h2>",
        '<div class="top"><div>',
        _key_value_table(_provenance_rows(info), "provenance"),
        "</div>",
    ]
    if "spec" in info:
        parts.append(f"<div><pre class=\"spec\">{_escape(info['spec'])}</pre></div>")
    parts.append("</div>")

    parts.append(f"<h2>Failures ({failed})</h2>")
    if failed:
        failures = tasks[tasks["status"] == "failed"]
        shown = [c for c in axes if c in failures.columns] + ["seed", "attempts", "rank", "message"]
        head = "".join(f"<th>{_escape(c)}</th>" for c in ["task"] + shown)
        body = "".join(
            "<tr>" + f"<td>{int(index)}</td>" + "".join(f"<td>{_escape(row[c])}</td>" for c in shown) + "</tr>"
            for index, row in failures.iterrows())
        parts.append(f'<table class="failures"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
    else:
        parts.append("<p>No task failed.</p>")

    figures_html = ["<h2>Figures</h2>"]
    if drawn:
        figures_html.append('<div class="figures">')
        for name, data in drawn:
            figures_html.append(f'<figure><img alt="{_escape(name)}" src="data:image/png;base64,{data}">'
                                f"<figcaption>{_escape(name)}</figcaption></figure>")
        figures_html.append("</div>")
    else:
        figures_html.append("<p>No task is done yet: nothing to draw.</p>")
    # Figures first after the provenance, failures after them.
    failures_at = parts.index(f"<h2>Failures ({failed})</h2>")
    parts[failures_at:failures_at] = figures_html

    columns = _task_columns(tasks, axes, metrics)
    parts.append("<h2>Tasks</h2>")
    parts.append("<p>Click a column's name to sort by it (again to reverse).")
    if total > MAX_TABLE_ROWS:
        parts.append(f" The first {MAX_TABLE_ROWS} of {total} tasks are shown; all are in the file's /tasks.")
    parts.append("</p>")
    parts.append(f'<div class="scroll">{_task_table(tasks, columns)}</div>')
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(parts)


def write_report(path: "str | os.PathLike[str]", out: "str | os.PathLike[str]", dpi: int = 90) -> Path:
    """Writes the report of `path` to `out` (parent directories created) and returns `out`."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(path, dpi=dpi), encoding="utf-8")
    return out
