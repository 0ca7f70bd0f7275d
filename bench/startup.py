#!/usr/bin/env python3
"""Start-up: one small body per process, against a process that does nothing.

    python3 bench/startup.py                # 200 runs each, 3 alternating rounds
    python3 bench/startup.py --runs 500 --rounds 5

The real use is one 2-10 KB body per process (a shell loop, a CI step, a handler calling cicb).
`examples/noop.rs` (an empty `main`) is built with the same release profile as cicb; each command
and the do-nothing program run `--runs` times under `perf stat` (wall time, task clock, page
faults), alternating, `--rounds` times. Prints each command's median elapsed time, its ratio to the
do-nothing program (target: at most 1.2x) and its page faults. Needs `perf` (Debian: linux-perf).
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CICB = os.path.join(ROOT, "target", "release", "cicb")
NOOP = os.path.join(ROOT, "target", "release", "examples", "noop")
TARGET = 1.2


def build(bins=("cicb",), examples=("noop",)):
    """The release `bins` as `cargo install` builds them, and the `examples` beside them. Two
    invocations: built together, the examples' dev-dependencies would turn on features of the
    crates they share with cicb (serde_json's `float_roundtrip`), and the cicb measured would be
    another binary than the installed one (27 KB larger, its start-up order not applied)."""
    cargo = ["cargo", "build", "--release", "--locked", "--quiet"]
    subprocess.run(cargo + [a for e in examples for a in ("--example", e)], cwd=ROOT, check=True)
    subprocess.run(cargo + [a for b in bins for a in ("--bin", b)], cwd=ROOT, check=True)


def perf(argv, runs):
    """(elapsed seconds, page faults) per run, from `perf stat -r`."""
    out = subprocess.run(
        ["perf", "stat", "-r", str(runs), "-e", "task-clock,page-faults", "--", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ).stderr
    elapsed = re.search(r"([\d.]+) \+- [\d.]+ seconds time elapsed", out) or re.search(r"([\d.]+) seconds time elapsed", out)
    faults = re.search(r"([\d,]+)\s+page-faults", out)
    if not elapsed:
        sys.exit(f"unexpected perf output:\n{out}")
    return float(elapsed.group(1)), int(faults.group(1).replace(",", "")) if faults else 0


def install(exe, folder, name=None):
    """`exe` copied into `folder`, as `cargo install` does, under `name` (its own by default): every
    executable a benchmark compares is measured as installed, from one folder. How a file was
    written changes how the kernel caches its pages, and so the page faults of a start-up (a
    linker's output took 5 more than its copy here)."""
    path = os.path.join(folder, name or os.path.basename(exe))
    shutil.copyfile(exe, path)
    os.chmod(path, 0o755)
    return path


def write_body(path, cicb=CICB):
    """The body both benchmarks start on: `cicb sample Transcode --seed 1` (4.2 KB)."""
    with open(path, "wb") as f:
        f.write(subprocess.run([cicb, "sample", "Transcode", "--seed", "1"], check=True, capture_output=True).stdout)


def commands(cicb, body, suffix=""):
    """The start-up commands of one build over `body`, by name; `SCORED` are held to `TARGET`."""
    return {
        f"cicb --version{suffix}": [cicb, "--version"],
        f"summarize{suffix}": [cicb, "summarize", body],
        f"convert{suffix}": [cicb, "convert", body],
        f"parse --get{suffix}": [cicb, "parse", "--get", "JobsDetail.JobId", body],
        f"validate{suffix}": [cicb, "validate", body],
    }


SCORED = ("summarize", "convert", "parse --get", "validate")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    build()
    work = tempfile.mkdtemp(prefix="cicb-startup.")
    body = os.path.join(work, "transcode.xml")
    write_body(body)
    size = os.path.getsize(body)
    cmds = {"do nothing": [install(NOOP, work)], **commands(install(CICB, work), body)}
    times = {k: [] for k in cmds}
    faults = {}
    for _ in range(args.rounds):
        for name, argv in cmds.items():
            t, f = perf(argv, args.runs)
            times[name].append(t)
            faults[name] = f
    noop = statistics.median(times["do nothing"])
    print(f"one {size}-byte Transcode body per process; perf stat -r {args.runs}, {args.rounds} alternating rounds")
    print("| command | median | ratio to doing nothing | target | page faults |")
    print("|---|---:|---:|---:|---:|")
    worst = 0.0
    for name in cmds:
        m = statistics.median(times[name])
        ratio = m / noop
        if name in SCORED:
            worst = max(worst, ratio)
        target = f"≤ {TARGET}×" if name in SCORED else ""
        print(f"| {name} | {m * 1000:.3f} ms | {ratio:.2f}× | {target} | {faults[name]} |")
    print(f"highest ratio of the four commands: {worst:.2f}× (target {TARGET}×)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
