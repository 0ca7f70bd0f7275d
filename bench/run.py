#!/usr/bin/env python3
"""cicb's performance benchmark: every target of doc/performance.md, measured side by side in one run.

    python3 bench/run.py                          # full run (about 8 minutes on 2 cores)
    python3 bench/run.py --runs 3 --no-listen     # quicker
    python3 bench/run.py --baseline OLD/cicb      # an older build's rows beside the current ones
    bench/peers.sh                                # once: installs xq, xmltodict and jc in bench/.venv

Sections, each row with its target and whether this run met it:
- start-up: one 4.2 KB body per process (`summarize`, `convert`, `parse --get`, `validate`) against
  examples/noop.rs, a do-nothing program built with the same release profile, under `perf stat`
  (bench/startup.py; needs `perf`, Debian package linux-perf).
- big bodies: medians against the floor, a program that only scans the same XML with quick-xml's
  event reader (examples/scan_floor.rs): "big" (54 MB, 100 000 CosHeaders), "dense" (55 MB,
  1 000 000 small elements), and "dense" pretty-printed with CR LF line ends against LF ones.
- folders: `summarize DIR` and `validate DIR` of 10 000 fixture files on every core.
- listen: p99 at 256 keep-alive connections with durable acknowledgements (bench/listen.py, wrk).

Workloads are generated into a temporary folder (bench/gen.py). Needs hyperfine and /usr/bin/time
(Debian packages `hyperfine`, `time`). Peers are skipped when missing.
"""
import argparse
import json
import os
import platform
import statistics
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CICB = os.path.join(ROOT, "target", "release", "cicb")
FLOOR = os.path.join(ROOT, "target", "release", "examples", "scan_floor")
VENV = os.path.join(ROOT, "bench", ".venv", "bin")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def median_ms(cmd, runs, warmup, failing_ok=False):
    """Median wall time of `cmd` (output to /dev/null) over `runs` runs; without a shell unless the
    command needs one (a redirect or quotes)."""
    shell = [] if any(c in cmd for c in "<>\"'|") else ["-N"]
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        ignore = ["-i"] if failing_ok else []
        sh(["hyperfine", *shell, *ignore, "--style", "none", "-w", str(warmup), "-r", str(runs),
            "--export-json", out.name, "--output", "null", cmd],
           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data = json.load(open(out.name))
    return data["results"][0]["median"] * 1000


def peak_mb(cmd):
    """Peak resident memory of one run of `cmd`, in MB."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", cmd + " > /dev/null"],
                       stderr=subprocess.PIPE, text=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def peer(name):
    for d in (VENV, *os.environ.get("PATH", "").split(os.pathsep)):
        p = os.path.join(d, name)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


def listen_p99(connections, seconds):
    """(floor p99, listen p99, listen requests/s) in ms from bench/listen.py, two rounds, the medians."""
    work = tempfile.mkdtemp(prefix="cicb-bench-listen-", dir="/var/tmp" if os.path.isdir("/var/tmp") else None)
    try:
        out = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "listen.py"), "--connections",
                              str(connections), "--seconds", str(seconds), "--rounds", "2", "--dir", work],
                             capture_output=True, text=True, check=True).stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [l.split("|") for l in out.splitlines() if l.startswith("| ") and " ms " in l]
    pick = lambda name, col: sorted(float(r[col].split()[0]) for r in rows if r[2].strip().startswith(name))
    floor, listen, rps = pick("floor", 5), pick("cicb listen (durable)", 5), pick("cicb listen (durable)", 3)
    return floor[len(floor) // 2], listen[len(listen) // 2], rps[len(rps) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="hyperfine runs per big-body command")
    ap.add_argument("--startup-runs", type=int, default=300, help="perf stat runs per start-up command and round")
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--baseline", metavar="BIN", help="another cicb binary measured beside this one")
    ap.add_argument("--no-listen", action="store_true", help="skip the listen p99 run (wrk, about 45 s)")
    args = ap.parse_args()
    for tool in ("hyperfine", "/usr/bin/time", "perf"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} not found (apt-get install hyperfine time linux-perf)")

    sh(["cargo", "build", "--release", "--locked", "--bin", "cicb", "--example", "scan_floor", "--example", "noop"],
       cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="cicb-bench-")
    sh([sys.executable, os.path.join(ROOT, "bench", "gen.py"), work], stdout=subprocess.DEVNULL)
    w = lambda name: os.path.join(work, name)
    for name in ("big", "dense", "small"):
        sh([CICB, "convert", w(name + ".xml"), "-o", w(name + ".json")])
    # "dense" as a person or a Windows tool writes it: indented, then with CR LF line ends.
    sh([CICB, "convert", w("dense.json"), "-o", w("pretty.xml")])
    with open(w("pretty.xml"), "rb") as src, open(w("pretty-crlf.xml"), "wb") as dst:
        for line in src:
            dst.write(line.replace(b"\n", b"\r\n"))
    with open(w("startup.xml"), "wb") as f:
        f.write(subprocess.run([CICB, "sample", "Transcode", "--seed", "1"], check=True, capture_output=True).stdout)
    fixtures = w("fixtures")
    os.makedirs(fixtures)
    samples = sorted(f for f in os.listdir(os.path.join(ROOT, "samples")) if f.endswith((".xml", ".json")))
    for i in range(args.files):
        src = samples[i % len(samples)]
        shutil.copyfile(os.path.join(ROOT, "samples", src), os.path.join(fixtures, f"f{i:05}{os.path.splitext(src)[1]}"))

    bins = [("", CICB)] + ([(" (baseline)", os.path.abspath(args.baseline))] if args.baseline else [])
    runs, rows = args.runs, []  # (section, command, median text, ratio, target, met, peak MB)

    def row(section, label, ms, ratio=None, target=None, limit=None, mb=None, unit="ms"):
        met = "" if limit is None else ("yes" if (ratio if ratio is not None else ms) <= limit else "no")
        med = "" if ms is None else (f"{ms:.3f} ms" if ms < 10 else f"{ms:.0f} ms" if unit == "ms" else f"{ms:.2f} {unit}")
        rows.append((section, label, med, "" if ratio is None else f"{ratio:.2f}×", target or "", met,
                     "" if mb is None else f"{mb:.0f} MB"))

    # Start-up: alternating rounds of perf stat, medians (bench/startup.py).
    import startup
    one = w("startup.xml")
    cmds = {"do nothing": [startup.NOOP]}
    for suffix, b in bins:
        cmds[f"cicb --version{suffix}"] = [b, "--version"]
        cmds[f"summarize{suffix}"] = [b, "summarize", one]
        cmds[f"convert{suffix}"] = [b, "convert", one]
        cmds[f"parse --get{suffix}"] = [b, "parse", "--get", "JobsDetail.JobId", one]
        cmds[f"validate{suffix}"] = [b, "validate", one]
    times = {k: [] for k in cmds}
    faults = {}
    for _ in range(3):
        for name, argv in cmds.items():
            t, f = startup.perf(argv, args.startup_runs)
            times[name].append(t)
            faults[name] = f
    noop = statistics.median(times["do nothing"])
    for name in cmds:
        m = statistics.median(times[name]) * 1000
        scored = name.split(" (")[0] in ("summarize", "convert", "parse --get", "validate")
        row("start-up, 4.2 KB body", f"{name} ({faults[name]} page faults)", m, m / 1000 / noop,
            "≤ 1.2× doing nothing" if scored else None, 1.2 if scored else None)

    # Big bodies against the quick-xml scan.
    floors = {}
    for name in ("big", "dense"):
        floors[name] = median_ms(f"{FLOOR} {w(name + '.xml')}", runs, 3)
        row(name, "floor: quick-xml scan", floors[name], 1.0, mb=peak_mb(f"{FLOOR} {w(name + '.xml')}"))
    # Each command runs for this build, then for the baseline, before the next command.
    for name, limit in (("big", 1.5), ("dense", 1.8)):
        for suffix, b in bins:
            ms = median_ms(f"{b} convert {w(name + '.xml')}", runs, 2)
            row(name, f"cicb convert xml→json{suffix}", ms, ms / floors[name], f"≤ {limit}× floor", limit,
                peak_mb(f"{b} convert {w(name + '.xml')}"))
    for suffix, b in bins:
        ms = median_ms(f"{b} convert {w('big.json')}", runs, 2)
        row("big", f"cicb convert json→xml{suffix}", ms, ms / floors["big"], mb=peak_mb(f"{b} convert {w('big.json')}"))
    for suffix, b in bins:
        ms = median_ms(f"{b} summarize {w('big.xml')}", runs, 2)
        row("big", f"cicb summarize{suffix}", ms, ms / floors["big"])
    for suffix, b in bins:
        lf = median_ms(f"{b} convert {w('pretty.xml')}", runs, 2)
        crlf = median_ms(f"{b} convert {w('pretty-crlf.xml')}", runs, 2)
        row("dense, indented", f"cicb convert, LF line ends{suffix}", lf)
        row("dense, indented", f"cicb convert, CR LF line ends{suffix}", crlf, crlf / lf, "≤ 1.10× LF", 1.10)

    # Folders, on every core.
    for suffix, b in bins:
        ms = median_ms(f"{b} summarize {fixtures}", runs, 2)
        row(f"{args.files} files", f"cicb summarize DIR{suffix}", ms, target="≤ 300 ms", limit=300,
            mb=peak_mb(f"{b} summarize {fixtures}"))
        ms = median_ms(f"{b} validate --quiet {fixtures}", runs, 2, failing_ok=True)
        row(f"{args.files} files", f"cicb validate DIR{suffix}", ms, target="< 1000 ms", limit=1000)

    if not args.no_listen:
        floor99, p99, rps = listen_p99(256, 10)
        row("listen, 256 connections", "p99, floor (hyper, write, no fsync)", floor99)
        row("listen, 256 connections", f"p99, cicb listen (durable; {rps:.0f} requests/s)", p99, target="< 20 ms",
            limit=20)

    # Peers, when installed (bench/peers.sh).
    xq, jc, py = peer("xq"), peer("jc"), os.path.join(VENV, "python3")
    if xq:
        row("big", "peer: xq .", median_ms(f"{xq} . {w('big.xml')}", runs, 1))
    if os.path.exists(py) and subprocess.run([py, "-c", "import xmltodict"], capture_output=True).returncode == 0:
        one_liner = "import sys,json,xmltodict; json.dump(xmltodict.parse(open(sys.argv[1],'rb')), sys.stdout)"
        row("big", "peer: xmltodict one-liner", median_ms(f"{py} -c \"{one_liner}\" {w('big.xml')}", runs, 1))
    if jc:
        row("big", "peer: jc --xml", median_ms(f"{jc} --xml < {w('big.xml')}", runs, 1))

    sizes = {n: os.path.getsize(w(n)) / 1e6 for n in ("startup.xml", "big.xml", "dense.xml", "pretty.xml")}
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"cicb benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {cpu}, {platform.system()}")
    print(f"inputs: one body {sizes['startup.xml'] * 1e3:.1f} KB, big {sizes['big.xml']:.1f} MB, dense "
          f"{sizes['dense.xml']:.1f} MB (indented: {sizes['pretty.xml']:.1f} MB), {args.files} fixture files; "
          f"start-up: perf stat -r {args.startup_runs}, 3 alternating rounds; others: medians of {runs} runs\n")
    print("| section | command | median | ratio | target | met |  peak RSS |")
    print("|---|---|---:|---:|---|---|---:|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    met = [r for r in rows if r[5]]
    print(f"\ntargets met: {sum(r[5] == 'yes' for r in met)} of {len(met)}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
