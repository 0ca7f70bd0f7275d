#!/usr/bin/env python3
"""cicb's performance benchmark: medians, ratios to the quick-xml scan floor, peak memory.

    python3 bench/run.py            # full run (about 5 minutes on 2 cores)
    python3 bench/run.py --runs 3   # fewer runs per command
    bench/peers.sh                  # once: installs xq, xmltodict and jc in bench/.venv

Workloads are generated into a temporary folder (bench/gen.py): a 2 KB TaskFinish body, "big"
(50 MB, 100 000 CosHeaders), "dense" (55 MB, 1 000 000 small elements) and 10 000 fixture files.
Needs hyperfine and /usr/bin/time (Debian packages `hyperfine`, `time`). Peers are skipped when
missing.
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CICB = os.path.join(ROOT, "target", "release", "cicb")
FLOOR = os.path.join(ROOT, "target", "release", "examples", "scan_floor")
VENV = os.path.join(ROOT, "bench", ".venv", "bin")


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--files", type=int, default=10_000)
    args = ap.parse_args()
    for tool in ("hyperfine", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} not found (apt-get install hyperfine time)")

    sh(["cargo", "build", "--release", "--locked", "--bin", "cicb", "--example", "scan_floor"], cwd=ROOT,
       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="cicb-bench-")
    sh([sys.executable, os.path.join(ROOT, "bench", "gen.py"), work], stdout=subprocess.DEVNULL)
    w = lambda name: os.path.join(work, name)
    for name in ("big", "dense", "small"):
        sh([CICB, "convert", w(name + ".xml"), "-o", w(name + ".json")])
    fixtures = w("fixtures")
    os.makedirs(fixtures)
    samples = sorted(f for f in os.listdir(os.path.join(ROOT, "samples")) if f.endswith((".xml", ".json")))
    for i in range(args.files):
        src = samples[i % len(samples)]
        shutil.copyfile(os.path.join(ROOT, "samples", src), os.path.join(fixtures, f"f{i:05}{os.path.splitext(src)[1]}"))

    runs, rows = args.runs, []
    floors = {}
    for name in ("small", "big", "dense"):
        floors[name] = median_ms(f"{FLOOR} {w(name + '.xml')}", runs * 2 if name == "small" else runs, 3)
        rows.append((name, "floor: quick-xml scan", floors[name], 1.0, peak_mb(f"{FLOOR} {w(name + '.xml')}"), ""))

    def measure(workload, label, cmd, floor=None, target="", failing_ok=False):
        ms = median_ms(cmd, runs * 2 if workload == "small" else runs, 2, failing_ok)
        ratio = ms / floors[floor] if floor else None
        rows.append((workload, label, ms, ratio, peak_mb(cmd), target))
        return ms

    has = lambda sub: subprocess.run([CICB, sub, "--help"], capture_output=True).returncode == 0
    measure("small", "cicb parse --get", f"{CICB} parse --get JobsDetail.State {w('small.xml')}", "small", "≤ 1.3×")
    if has("summarize"):
        measure("small", "cicb summarize", f"{CICB} summarize {w('small.xml')}", "small", "≤ 1.3×")
    measure("small", "cicb convert xml→json", f"{CICB} convert {w('small.xml')}", "small")
    big_ms = measure("big", "cicb convert xml→json", f"{CICB} convert {w('big.xml')}", "big", "≤ 2×")
    measure("big", "cicb convert json→xml", f"{CICB} convert {w('big.json')}", "big")
    if has("summarize"):
        measure("big", "cicb summarize", f"{CICB} summarize {w('big.xml')}", "big")
    measure("big", "cicb parse --get", f"{CICB} parse --get JobsDetail.State {w('big.xml')}", "big")
    measure("dense", "cicb convert xml→json", f"{CICB} convert {w('dense.xml')}", "dense", "≤ 3×")
    measure("dense", "cicb convert json→xml", f"{CICB} convert {w('dense.json')}", "dense")
    if has("validate"):
        measure(f"{args.files} files", "cicb validate DIR", f"{CICB} validate --quiet {fixtures}", None, "< 1 s",
                failing_ok=True)  # fixtures may hold invalid bodies: exit 1 is a result, not a failure

    # Peers, when installed (bench/peers.sh).
    xq, jc, py = peer("xq"), peer("jc"), os.path.join(VENV, "python3")
    if xq:
        ms = measure("big", "peer: xq .", f"{xq} . {w('big.xml')}", "big")
        rows.append(("big", "cicb speed-up over xq", xq and ms / big_ms, None, None, "≥ 20×"))
    else:
        rows.append(("big", "peer: xq", None, None, None, "not installed (bench/peers.sh)"))
    if os.path.exists(py) and subprocess.run([py, "-c", "import xmltodict"]).returncode == 0:
        one_liner = "import sys,json,xmltodict; json.dump(xmltodict.parse(open(sys.argv[1],'rb')), sys.stdout)"
        measure("big", "peer: xmltodict one-liner", f"{py} -c \"{one_liner}\" {w('big.xml')}", "big")
    else:
        rows.append(("big", "peer: xmltodict", None, None, None, "not installed (bench/peers.sh)"))
    if jc:
        measure("big", "peer: jc --xml", f"{jc} --xml < {w('big.xml')}", "big")
    else:
        rows.append(("big", "peer: jc --xml", None, None, None, "not installed (bench/peers.sh)"))

    sizes = {n: os.path.getsize(w(n + ".xml")) / 1e6 for n in ("small", "big", "dense")}
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"cicb benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {cpu}, {platform.system()}")
    print(f"inputs: small {sizes['small']*1e3:.1f} KB, big {sizes['big']:.1f} MB, dense {sizes['dense']:.1f} MB, "
          f"{args.files} fixture files; medians of {runs} runs ({runs * 2} for small)\n")
    print("| workload | command | median | × floor | peak RSS | target |")
    print("|---|---|---:|---:|---:|---|")
    for workload, label, ms, ratio, mb, target in rows:
        med = "" if ms is None else (f"{ms:.2f} ms" if label != "cicb speed-up over xq" else f"{ms:.1f}×")
        print(f"| {workload} | {label} | {med} | {'' if ratio is None else f'{ratio:.2f}×'} | "
              f"{'' if mb is None else f'{mb:.0f} MB'} | {target} |")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
