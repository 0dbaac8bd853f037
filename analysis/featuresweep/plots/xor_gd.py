"""xor-gd (Frei, Chatterji, Bartlett 2022): a two-layer ReLU net trained by full-batch GD
on XOR-like clusters with a fraction of flipped labels interpolates the noise and still
generalises: clean test error ≈ 0, noisy test error ≈ noise rate, while every linear
classifier is at ½. Neurons start as weak random features and GD amplifies them.

Figures:

- ``errors``: ``test_error_clean``, ``test_error_noisy``, ``linear_test_error`` (and
  ``train_error``) against ``noise_rate``, with the lines y = noise rate
  (``theory_test_error_noisy``) and y = ½ (``theory_linear_test_error``);
- ``alignment``: the alignment curves ``{pos,neg}_{mu1,mu2}_alignment_curve`` against the
  recorded steps (start to end), when the file has them;
- ``alignment-histograms``: per-neuron alignment at start and end, when the file has arrays
  named ``*alignment*`` with ``start``/``initial`` and ``end``/``final`` counterparts;
- ``curves``: ``loss_curve``, ``train_error_curve``, ``test_error_clean_curve``.
"""
from __future__ import annotations

import re

import numpy as np

from .common import SweepData, curve_arrays, curves_figure, cycle_colors, errorbar, finish, panel_groups, panels, seed_stats

ALIGNMENT_CURVES = ["pos_mu1_alignment_curve", "pos_mu2_alignment_curve", "neg_mu1_alignment_curve", "neg_mu2_alignment_curve"]
TRAINING_CURVES = ["loss_curve", "train_error_curve", "test_error_clean_curve"]


def draw(data: SweepData) -> dict:
    """The xor-gd figures, by name (those whose data the file has)."""
    x = data.x_axis(["noise_rate"])
    figures = {"errors": errors(data, x)}
    if curves := curve_arrays(data, ALIGNMENT_CURVES):
        figures["alignment"] = curves_figure(
            data, curves, "Neuron alignment |cos(w_j, μ_k)| by sign of a_j: GD amplifies the random start",
            ylabels={name: "mean |cos(w_j, μ)|" for name in curves})
    if pairs := histogram_pairs(data.array_names()):
        figures["alignment-histograms"] = histograms(data, pairs)
    if curves := curve_arrays(data, TRAINING_CURVES):
        figures["curves"] = curves_figure(data, curves, "Training curves (full-batch GD, logistic loss)")
    return figures


def errors(data: SweepData, x: str):
    """Test errors against the noise rate, with y = noise rate and y = ½."""
    groups = panel_groups(data, [x])
    figure, axes = panels(len(groups), sharey=True)
    colors = cycle_colors()
    series = [("test_error_clean", "network, clean test labels", colors[0], "-"),
              ("test_error_noisy", "network, noisy test labels", colors[1], "-"),
              ("train_error", "network, training error (noisy labels)", colors[2], ":"),
              ("linear_test_error", "best linear classifier (clean)", colors[3], "--")]
    for ax, (label, frame) in zip(axes, groups):
        if x == "noise_rate":
            rates = np.sort(frame[x].unique())
            ax.plot(rates, rates, color="black", linewidth=1, label="y = noise rate")
        elif data.has("theory_test_error_noisy"):
            theory = seed_stats(frame, x, "theory_test_error_noisy")
            ax.plot(theory.index, theory["mean"], color="black", linewidth=1, label="noise rate (theory_test_error_noisy)")
        half = float(np.nanmean(frame["theory_linear_test_error"])) if data.has("theory_linear_test_error") else 0.5
        ax.axhline(half, color="black", linestyle="--", linewidth=1, label=f"y = {half:g}: every linear classifier")
        for column, name, color, style in series:
            if data.has(column):
                errorbar(ax, frame, x, column, color=color, linestyle=style, label=name)
        ax.set_ylim(-0.02, 0.6)
        ax.set_xlabel(x)
        ax.set_ylabel("error")
        ax.set_title(label, fontsize=10)
    axes[0].legend(fontsize=7, loc="center right")
    finish(figure, data, "Benign overfitting on XOR clusters: network ≈ noise rate, linear ≈ ½")
    return figure


def histogram_pairs(names: list[str]) -> list[tuple[str, str, str]]:
    """(label, start array, end array) for arrays named like ``*alignment*start*``/``*end*``
    (or ``initial``/``final``, ``init``/``final``)."""
    present = set(names)
    pairs = []
    for name in names:
        if "alignment" not in name:
            continue
        for start, end in (("start", "end"), ("initial", "final"), ("init", "final")):
            if re.search(rf"(^|_){start}(_|$)", name):
                other = re.sub(rf"(^|_){start}(_|$)", rf"\g<1>{end}\g<2>", name)
                if other in present:
                    pairs.append((re.sub(rf"(^|_){start}(_|$)", r"\g<1>\g<2>", name).strip("_"), name, other))
                break
    return pairs


def histograms(data: SweepData, pairs: list[tuple[str, str, str]]):
    """Per-neuron alignment at start (grey) and end (colour), pooled over finished tasks."""
    figure, axes = panels(len(pairs))
    rows = data.done["index"].to_numpy()
    for ax, (label, start, end) in zip(axes, pairs):
        before, after = data.array(start)[rows].ravel(), data.array(end)[rows].ravel()
        before, after = before[np.isfinite(before)], after[np.isfinite(after)]
        bins = np.linspace(min(before.min(initial=0), after.min(initial=0)), max(before.max(initial=1), after.max(initial=1)), 40)
        ax.hist(before, bins=bins, color="0.6", alpha=0.7, label="start")
        ax.hist(after, bins=bins, color="#d62728", alpha=0.6, label="end")
        ax.set_xlabel("cos(w_j, μ)")
        ax.set_ylabel("neurons")
        ax.set_title(label, fontsize=10)
    axes[0].legend(fontsize=8)
    finish(figure, data, "Alignment of neurons with the cluster means at the start and the end of GD")
    return figure
