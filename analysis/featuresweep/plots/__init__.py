"""The figures of each protocol, chosen by the file's ``protocol`` root attribute."""
from __future__ import annotations

from pathlib import Path

from . import generic, giant_step, low_rotation, multi_step, patterns, two_step, xor_gd
from .common import SweepData, save

#: protocol name (the file's `protocol` attribute) → module with `draw(SweepData) -> {name: Figure}`
PROTOCOLS = {
    "giant-step": giant_step,
    "two-step": two_step,
    "multi-step": multi_step,
    "xor-gd": xor_gd,
    "patterns": patterns,
    "low-rotation": low_rotation,
}


def figures(path: "str | Path") -> dict:
    """The figures of the result file at `path`, by name (unknown protocols: every metric
    against the first grid axis)."""
    data = SweepData.read(path)
    module = PROTOCOLS.get(data.protocol, generic)
    return module.draw(data)


def draw_all(path: "str | Path", out: "str | Path", fmt: str = "png", dpi: int = 100,
             prefix: "str | None" = None) -> list[Path]:
    """Writes every figure of the file as ``out/<prefix>-<figure>.<fmt>`` (prefix: the
    file's stem) and returns the paths."""
    path, out = Path(path), Path(out)
    stem = prefix if prefix is not None else path.stem
    return [save(figure, out, f"{stem}-{name}", fmt, dpi) for name, figure in figures(path).items()]
