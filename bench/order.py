#!/usr/bin/env python3
"""Start-up: which of cicb's functions the linker places first (src/startup.order).

    python3 bench/order.py              # profile the start-up commands, rewrite src/startup.order
    python3 bench/order.py --check      # only report how much of the start-up code is in place

A process that reads one small body runs a few hundred KB of cicb's 2.2 MB of code. Left where the
linker puts it, that code is spread over all of .text, and every 64 KB of it the process touches is
a page fault (the kernel maps the 16 pages around each fault). build.rs hands src/startup.order to
lld (`--symbol-ordering-file`), which lays those functions out first, next to each other.

This script builds cicb (the release profile keeps the symbol table, which is not loaded at run
time), runs every start-up command under callgrind and writes the functions they ran: those every
command runs first, then each command's own together. Functions renamed since the last run are
ignored by the linker, new ones are merely left where they were: rerun it after large changes
(`--check` counts the 64 KB windows the start-up code spans; bench/run.py reports the start-up
faults). Needs valgrind.
"""

import argparse
import collections
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDER = os.path.join(ROOT, "src", "startup.order")
CICB = os.path.join(ROOT, "target", "release", "cicb")
HEADER = """\
# The functions a small body's start-up runs, placed first in .text by lld (build.rs).
# Written by bench/order.py from callgrind runs of the start-up commands; do not edit.
"""


def build():
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet", "--bin", "cicb"], cwd=ROOT, check=True)


def commands(work):
    """Every start-up command: the four of the benchmark, on every sample, and the small ones."""
    samples = sorted(glob.glob(os.path.join(ROOT, "samples", "*.xml")) + glob.glob(os.path.join(ROOT, "samples", "*.json")))
    broken = os.path.join(work, "broken.xml")
    with open(broken, "w") as f:
        f.write("<Response><EventName>TaskFinish</EventName><JobsDetail><Code>")
    runs = [["--version"], ["summarize", broken], ["validate", broken]]
    for body in samples:
        runs += [
            ["summarize", body],
            ["convert", body],
            ["parse", "--get", "JobsDetail.JobId", body],
            ["validate", body],
        ]
    return runs


def executed(argv, work):
    """The mangled names of the functions one run executed, in the executable itself."""
    out = os.path.join(work, "callgrind.out")
    subprocess.run(
        ["valgrind", "--tool=callgrind", "--demangle=no", "--dump-instr=no", f"--callgrind-out-file={out}", CICB, *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=work,
    )
    # Callgrind compresses names to `(id)` after their first use: objects (`ob=`, `cob=`) and
    # functions (`fn=`, `cfn=`) each in their own numbering. A `fn=` belongs to the last `ob=`.
    functions, objects = {}, {}
    ran, ours, me = set(), False, os.path.realpath(CICB)
    with open(out, errors="replace") as f:
        for line in f:
            m = re.match(r"(c?ob|c?fn)=\((\d+)\)(?: (.*))?", line)
            if not m:
                continue
            kind, ident, name = m.groups()
            table = objects if kind.endswith("ob") else functions
            if name is not None:
                table[ident] = name
            if kind == "ob":
                ours = os.path.realpath(objects.get(ident, "")) == me
            elif kind == "fn" and ours:
                ran.add(functions[ident])
    return ran


def symbols():
    """Function symbols of the built executable: name -> (address, size)."""
    out = subprocess.run(["nm", "--defined-only", "-S", CICB], capture_output=True, text=True, check=True).stdout
    table = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "tTwW":
            table[parts[3]] = (int(parts[0], 16), int(parts[1], 16))
    return table


def report(ran, table):
    """How far apart the code the start-up runs lies: bytes, and 64 KB windows touched."""
    placed = [table[n] for n in ran if n in table]
    size = sum(s for _, s in placed)
    pages = (page for start, size in placed for page in range(start - start % 4096, start + size, 4096))
    windows = {page // 65536 for page in pages}
    lo = min(a for a, _ in placed)
    hi = max(a + s for a, s in placed)
    print(f"{len(placed)} functions, {size / 1024:.0f} KB of code, spread over {(hi - lo) / 1024:.0f} KB: {len(windows)} windows of 64 KB")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="report only; leave src/startup.order as it is")
    args = ap.parse_args()
    build()
    work = tempfile.mkdtemp(prefix="cicb-order.")
    shared = collections.Counter()
    users = collections.defaultdict(set)
    runs = commands(work)
    for argv in runs:
        ran = executed(argv, work)
        shared.update(ran)
        for name in ran:
            users[name].add(argv[0])
    if not shared:
        sys.exit("callgrind recorded nothing: is valgrind installed?")
    table = symbols()
    print(f"{len(runs)} runs", end=": ")
    report(shared, table)
    if args.check:
        return
    # What every command runs first, then what fewer commands share, each command's own code
    # together (a start-up touches only its command's part), most run first within a group, then
    # by address (the linker's own order) so that ties stay stable.
    def key(n):
        return (-len(users[n]), sorted(users[n]), -shared[n], table[n][0])

    order = sorted((n for n in shared if n in table), key=key)
    with open(ORDER, "w") as f:
        f.write(HEADER)
        f.writelines(n + "\n" for n in order)
    print(f"wrote {os.path.relpath(ORDER, ROOT)}: {len(order)} functions; rebuild to place them")


if __name__ == "__main__":
    main()
