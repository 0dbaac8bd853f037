"""Shared fixtures: the fsweep binary built by `make build`, and mpirun as root needs it."""
import os
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def fsweep_binary() -> str:
    return os.environ.get("FSWEEP_BINARY", str(ROOT / ".build" / "release" / "fsweep"))


def mpirun_prefix() -> list[str]:
    if "MPIRUN" in os.environ:
        return shlex.split(os.environ["MPIRUN"])
    prefix = ["mpirun", "--oversubscribe"]
    if os.geteuid() == 0:
        prefix.append("--allow-run-as-root")
    return prefix


@pytest.fixture(scope="session")
def quickstart(tmp_path_factory) -> Path:
    """jobs/quickstart.toml run as `make run` runs it, on 2 ranks, in a fresh directory
    laid out like the checkout (results/quickstart.h5)."""
    directory = tmp_path_factory.mktemp("quickstart")
    (directory / "results").mkdir()
    out = directory / "results" / "quickstart.h5"
    subprocess.run(mpirun_prefix() + ["-np", "2", fsweep_binary(), "run", str(ROOT / "jobs" / "quickstart.toml"),
                                      "--out", str(out), "--quiet"], check=True, cwd=directory)
    return directory
