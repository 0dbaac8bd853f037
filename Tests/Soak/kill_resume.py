"""Kill a sweep with SIGKILL at random moments, resume it, compare with an uninterrupted run.

    python Tests/Soak/kill_resume.py jobs/quickstart.toml --ranks 2 --kills 5
    python Tests/Soak/kill_resume.py --tasks 1000000 --ranks 4 --kills 5   # a generated smoke sweep

Runs the spec once uninterrupted (the reference), then again, killing mpirun and every
rank at once (`pkill -KILL -f OUT`, as a batch system does) after a random fraction of the
reference's wall time, resuming each time, until it completes. Checks after every kill that
the file (if any) opens and that every task it calls done is in the journal with the
reference's values; at the end that the task keys, statuses and every metric's bits equal the
reference's and that the journal recorded each task exactly once (nothing recomputed).
Exit 0 when everything holds.
"""
import argparse
import os
import random
import shlex
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
BOOKKEEPING = {"index", "key", "status", "attempts", "rank", "seconds", "message"}


def mpirun_prefix():
    if "MPIRUN" in os.environ:
        return shlex.split(os.environ["MPIRUN"])
    return ["mpirun", "--oversubscribe"] + (["--allow-run-as-root"] if os.geteuid() == 0 else [])


def read_tasks(path):
    with h5py.File(path, "r") as f:
        table = f["tasks"][:]
    keys = [k.decode() for k in table["key"]]
    status = dict(zip(keys, (s.decode() for s in table["status"])))
    metrics = {name: dict(zip(keys, table[name].view(np.uint64)))
               for name in table.dtype.names
               if name not in BOOKKEEPING and table.dtype[name] == np.float64}
    return keys, status, metrics


def journal_result_keys(path):
    """Task keys of the journal's result records (framing: magic, then [len][crc][payload])."""
    data = Path(path).read_bytes()
    offset, keys = 8, []
    while offset + 8 <= len(data):
        length, _ = struct.unpack_from("<II", data, offset)
        payload = data[offset + 8: offset + 8 + length]
        if len(payload) < length:
            break
        if payload[0] == 3:  # result record: kind, then the key as a length-prefixed string
            (size,) = struct.unpack_from("<I", payload, 1)
            keys.append(payload[5:5 + size].decode())
        offset += 8 + length
    return keys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("spec", nargs="?", help="the sweep spec (not needed with --tasks)")
    parser.add_argument("--tasks", type=int, default=None,
                        help="instead of SPEC, a smoke sweep of this many tasks (a multiple of 100: "
                             "10 sizes x TASKS/100 busy-work values x 10 repeats, microseconds each)")
    parser.add_argument("--ranks", type=int, default=2)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--binary", default=os.environ.get("FSWEEP_BINARY", str(ROOT / ".build/release/fsweep")))
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="fsweep-soak-"))
    if args.tasks is not None:
        if args.tasks < 100 or args.tasks % 100:
            parser.error("--tasks must be a positive multiple of 100")
        args.spec = str(work / f"smoke-{args.tasks}.toml")
        Path(args.spec).write_text(
            f'protocol = "smoke"\nroot_seed = 15\nrepeats = 10\n\n[grid]\nsize = {{ range = [1, 11, 1] }}\n'
            f'work_ms = {{ linspace = [0.0, 0.000001, {args.tasks // 100}] }}\n')
    elif args.spec is None:
        parser.error("give a SPEC or --tasks N")
    run = mpirun_prefix() + ["-np", str(args.ranks), args.binary, "run", args.spec, "--quiet", "--out"]

    started = time.monotonic()
    subprocess.run(run + [str(work / "reference.h5")], check=True)
    wall = time.monotonic() - started
    ref_keys, ref_status, ref_metrics = read_tasks(work / "reference.h5")
    print(f"reference: {len(ref_keys)} tasks in {wall:.1f} s")

    out = work / "killed.h5"
    journal = Path(str(out) + ".journal")
    kills = []
    while len(kills) < args.kills:
        remaining = 1 - (len(set(journal_result_keys(journal))) / len(ref_keys) if journal.exists() else 0)
        delay = 0.3 + wall * remaining * rng.uniform(0.0, 0.5)
        process = subprocess.Popen(run + [str(out)] + (["--resume"] if journal.exists() else []))
        # Every third kill lands while the HDF5 file is being written: alternately during an
        # in-place snapshot (OUT's modification time moves, its inode stays) and during a whole
        # write (OUT.tmp exists). Waiting for an in-place one, a whole write is let pass only
        # early in the run (a resumed run's first write is whole; a large sweep's comes late,
        # and the last write is whole too), so the kill still lands during a write.
        during_write = len(kills) % 3 == 2
        in_place = during_write and (len(kills) // 3) % 2 == 0
        temporary = Path(str(out) + ".tmp")
        started_at = time.monotonic()
        deadline = started_at + (wall if during_write else delay)
        seen = None
        while process.poll() is None and time.monotonic() < deadline:
            if during_write and temporary.exists() and (not in_place or time.monotonic() > started_at + 0.6 * wall * remaining):
                in_place = False
                break
            if in_place:
                try:
                    info = os.stat(out)
                    now = (info.st_ino, info.st_mtime_ns)
                except FileNotFoundError:
                    now = None
                if seen is not None and now is not None and now[0] == seen[0] and now[1] != seen[1]:
                    break
                seen = now
            time.sleep(0.0005 if during_write else 0.01)
        if process.poll() is not None:
            print(f"finished before the kill at {delay:.2f} s")
            break
        subprocess.run(["pkill", "-KILL", "-f", str(out)])
        process.wait()
        if during_write:
            delay = -2.0 if in_place else -1.0  # marks a kill during an in-place / a whole snapshot write
        done_in_journal = set(journal_result_keys(journal)) if journal.exists() else set()
        kills.append((delay, len(done_in_journal)))
        if out.exists():
            _, status, metrics = read_tasks(out)  # must open
            for key, state in status.items():
                if state == "done":
                    assert key in done_in_journal, f"file says {key} done, journal does not"
                    for name, values in metrics.items():
                        assert values[key] == ref_metrics[name][key], f"{name} of {key} differs"
        moment = ("during an in-place HDF5 write" if delay < -1.5 else "during an HDF5 write") if delay < 0 else f"at {delay:.2f} s"
        print(f"kill {len(kills)} {moment}: {len(done_in_journal)} results durable")

    subprocess.run(run + [str(out)] + (["--resume"] if journal.exists() else []), check=True)
    keys, status, metrics = read_tasks(out)
    assert keys == ref_keys, "task keys or order differ"
    assert status == ref_status, "statuses differ"
    for name in ref_metrics:
        assert metrics[name] == ref_metrics[name], f"metric {name} differs"
    recorded = journal_result_keys(journal)
    assert len(recorded) == len(set(recorded)) == len(ref_keys), \
        f"journal holds {len(recorded)} results for {len(set(recorded))} tasks of {len(ref_keys)}"
    print(f"identical after {len(kills)} kills ({sum(d < 0 for d, _ in kills)} during an HDF5 write, "
          f"{sum(d < -1.5 for d, _ in kills)} of them in place) at "
          f"{', '.join(('in-place write' if d < -1.5 else 'write' if d < 0 else f'{d:.2f}s') + f' ({n} durable)' for d, n in kills)}; "
          f"{len(keys)} tasks, each recorded once")


if __name__ == "__main__":
    sys.exit(main())
