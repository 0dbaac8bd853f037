"""featuresweep: read FeatureSweep result files (HDF5) into pandas/xarray and draw the
papers' figures.

    >>> from featuresweep import load_tasks, load_cube, load_array, provenance
    >>> tasks = load_tasks("results/quickstart.h5")          # one row per task
    >>> cube = load_cube("results/quickstart.h5")            # metrics over (axes..., seed)
    >>> spectra = load_array("results/quickstart.h5", "singular_values")  # [tasks, top_k]

Figures: ``python -m featuresweep plot RESULTS.h5 --out DIR``.
"""
from .io import array_names, grid_axes, load_array, load_cube, load_tasks, metric_names, provenance

__all__ = ["load_tasks", "load_cube", "load_array", "provenance", "array_names", "grid_axes", "metric_names"]
__version__ = "0.1.0"
