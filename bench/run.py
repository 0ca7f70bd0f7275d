#!/usr/bin/env python3
"""cicb's performance benchmark: every target of doc/performance.md, measured side by side in one run.

    python3 bench/run.py                          # full run (about 8 minutes on 2 cores)
    python3 bench/run.py --runs 3 --no-listen     # quicker
    python3 bench/run.py --baseline OLD/cicb      # an older build's rows beside the current ones
    bench/peers.sh                                # once: installs xq, xmltodict and jc in bench/.venv

Sections, each row with its target and whether this run met it:
- start-up: one 4.2 KB body per process (`summarize`, `convert`, `parse --get`, `validate`) against
  examples/noop.rs, a do-nothing program built with the same release profile.
- big bodies: against the floor, a program that only scans the same XML with quick-xml's event
  reader (examples/scan_floor.rs): "big" (54 MB, 100 000 CosHeaders), "dense" (55 MB, 1 000 000
  small elements), and "dense" indented with CR LF line ends against LF ones.
- one body, many parts: `validate` and `redact` of "dense" (100 006 findings, 1 000 000 values),
  `diff` of "dense" against itself less one item, `summarize` of 10 000 jobs: bounds, not ratios, each far above linear time and far below the
  quadratic time these once took.
- folders: `summarize DIR` and `validate DIR` of 10 000 fixture files on every core.
- listen: p99 at 256 keep-alive connections with durable acknowledgements (bench/listen.py, wrk).

Executables are measured as installed: copied into one folder, as `cargo install` does. Every
command of a section runs once in turn, `--runs` times (`--startup-runs` for start-up), so that
what else the machine does falls on all of them alike; the table gives medians, and page faults
and peak memory from each child's own resource usage. Workloads are generated into a temporary
folder (bench/gen.py). Peers are skipped when missing. bench/startup.py measures start-up alone
under `perf stat`.
"""
import argparse
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
import startup  # noqa: E402  (the start-up commands and body, shared with bench/startup.py)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def interleaved(cmds, runs, warmup=1):
    """Runs every command of `cmds` (name: argv, or (argv, stdin path)) `runs` times, one run of each
    in turn, so that whatever else the machine does falls on all of them alike. Output goes to
    /dev/null. Returns name: (median ms, page faults, peak RSS MB) from the child's own rusage."""
    def once(spec):
        argv, stdin = spec if isinstance(spec, tuple) else (spec, None)
        actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
        if stdin:
            actions.append((os.POSIX_SPAWN_OPEN, 0, stdin, os.O_RDONLY, 0))
        t0 = time.perf_counter_ns()
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = (time.perf_counter_ns() - t0) / 1e6
        return elapsed, os.waitstatus_to_exitcode(status), usage
    for _ in range(warmup):
        for spec in cmds.values():
            once(spec)
    got = {name: [] for name in cmds}
    for _ in range(runs):
        for name, spec in cmds.items():
            got[name].append(once(spec))
    out = {}
    for name, rs in got.items():
        # validate exits 1 on a folder with invalid fixtures; anything else is no measurement.
        if any(r[1] not in (0, 1) for r in rs):
            sys.exit(f"bench: {name} exited with {sorted(set(r[1] for r in rs))}: {cmds[name]}")
        out[name] = (statistics.median(r[0] for r in rs), int(statistics.median(r[2].ru_minflt for r in rs)),
                     max(r[2].ru_maxrss for r in rs) / 1024)
    return out


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
    ap.add_argument("--runs", type=int, default=9, help="runs of each big-body and folder command")
    ap.add_argument("--startup-runs", type=int, default=1000, help="runs of each start-up command")
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--baseline", metavar="BIN", help="another cicb binary measured beside this one")
    ap.add_argument("--no-listen", action="store_true", help="skip the listen p99 run (wrk, about 45 s)")
    ap.add_argument("--drop-caches", action="store_true",
                    help="empty the page cache once the executables are installed (root): they are then read "
                         "as after a reboot, not as just written")
    args = ap.parse_args()

    startup.build(examples=("scan_floor", "noop"))
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
    startup.write_body(w("startup.xml"))
    fixtures = w("fixtures")
    os.makedirs(fixtures)
    samples = sorted(f for f in os.listdir(os.path.join(ROOT, "samples")) if f.endswith((".xml", ".json")))
    for i in range(args.files):
        src = samples[i % len(samples)]
        shutil.copyfile(os.path.join(ROOT, "samples", src), os.path.join(fixtures, f"f{i:05}{os.path.splitext(src)[1]}"))

    # Every executable as installed, from one folder (startup.install).
    installed = os.path.join(work, "bin")
    os.makedirs(installed)
    cicb, noop, floor = (startup.install(exe, installed) for exe in (CICB, startup.NOOP, FLOOR))
    baseline = [(" (baseline)", startup.install(args.baseline, installed, "cicb-baseline"))] if args.baseline else []
    if args.drop_caches:
        # How the kernel caches an executable's pages (as written by the copy, or read back from
        # the disk) moves its start-up faults by several: measured both ways in doc/performance.md.
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    bins = [("", cicb)] + baseline
    runs, rows = args.runs, []  # (section, command, median text, ratio, target, met, peak MB)

    def row(section, label, ms, ratio=None, target=None, limit=None, mb=None):
        met = "" if limit is None else ("yes" if (ratio if ratio is not None else ms) <= limit else "no")
        med = f"{ms:.3f} ms" if ms < 10 else f"{ms:.0f} ms"
        rows.append((section, label, med, "" if ratio is None else f"{ratio:.2f}×", target or "", met,
                     "" if mb is None else f"{mb:.0f} MB"))

    # Start-up: one run of each command in turn, medians.
    cmds = {"do nothing": [noop]}
    for suffix, b in bins:
        cmds.update(startup.commands(b, w("startup.xml"), suffix))
    got = interleaved(cmds, args.startup_runs, warmup=20)
    base = got["do nothing"][0]
    for name, (ms, faults, mb) in got.items():
        scored = name.split(" (")[0] in startup.SCORED
        row("start-up, 4.2 KB body", f"{name} ({faults} page faults)", ms, ms / base,
            f"≤ {startup.TARGET}× doing nothing" if scored else None, startup.TARGET if scored else None)

    # Big bodies against the quick-xml scan, every command in turn.
    cmds = {"floor big": [floor, w("big.xml")], "floor dense": [floor, w("dense.xml")]}
    for suffix, b in bins:
        cmds[f"big{suffix}"] = [b, "convert", w("big.xml")]
        cmds[f"dense{suffix}"] = [b, "convert", w("dense.xml")]
        cmds[f"json{suffix}"] = [b, "convert", w("big.json")]
        cmds[f"summarize{suffix}"] = [b, "summarize", w("big.xml")]
        cmds[f"lf{suffix}"] = [b, "convert", w("pretty.xml")]
        cmds[f"crlf{suffix}"] = [b, "convert", w("pretty-crlf.xml")]
    got = interleaved(cmds, runs)
    for name in ("big", "dense"):
        ms, _, mb = got[f"floor {name}"]
        row(name, "floor: quick-xml scan", ms, 1.0, mb=mb)
    for name, limit in (("big", 1.5), ("dense", 1.8)):
        for suffix, _ in bins:
            ms, _, mb = got[name + suffix]
            row(name, f"cicb convert xml→json{suffix}", ms, ms / got[f"floor {name}"][0], f"≤ {limit}× floor", limit, mb)
    for suffix, _ in bins:
        ms, _, mb = got["json" + suffix]
        row("big", f"cicb convert json→xml{suffix}", ms, ms / got["floor big"][0], mb=mb)
    for suffix, _ in bins:
        ms, _, mb = got["summarize" + suffix]
        row("big", f"cicb summarize{suffix}", ms, ms / got["floor big"][0], mb=mb)
    for suffix, _ in bins:
        lf, crlf = got["lf" + suffix][0], got["crlf" + suffix][0]
        row("dense, indented", f"cicb convert, LF line ends{suffix}", lf)
        row("dense, indented", f"cicb convert, CR LF line ends{suffix}", crlf, crlf / lf, "≤ 1.10× LF", 1.10)

    # Folders, on every core.
    cmds = {}
    for suffix, b in bins:
        cmds[f"summarize{suffix}"] = [b, "summarize", fixtures]
        cmds[f"validate{suffix}"] = [b, "validate", "--quiet", fixtures]
    got = interleaved(cmds, runs)
    for suffix, _ in bins:
        ms, _, mb = got["summarize" + suffix]
        row(f"{args.files} files", f"cicb summarize DIR{suffix}", ms, target="≤ 300 ms", limit=300, mb=mb)
        ms, _, mb = got["validate" + suffix]
        row(f"{args.files} files", f"cicb validate DIR{suffix}", ms, target="< 1000 ms", limit=1000, mb=mb)

    # Work per finding, replaced value or job that once grew with the body (each counted its line
    # and column, or its path, from the start): quadratic, minutes or more on these bodies, which
    # is why the baseline is not run here.
    with open(os.path.join(ROOT, "samples", "transcode-multi-output.xml")) as f:
        one = f.read()
    job = one[one.index("<JobsDetail>"):one.rindex("</JobsDetail>") + len("</JobsDetail>")]
    with open(w("jobs.xml"), "w") as f:
        f.write(one.replace(job, job * 10_000, 1))
    with open(w("dense.xml")) as src, open(w("dense-less.xml"), "w") as dst:
        dst.writelines(line for i, line in enumerate(src) if i != 1000)  # one item fewer
    cmds = {"validate": [cicb, "validate", w("dense.xml")], "redact": [cicb, "redact", w("dense.xml")],
            "diff": [cicb, "diff", w("dense.xml"), w("dense-less.xml")],
            "summarize": [cicb, "summarize", w("jobs.xml")]}
    got = interleaved(cmds, max(1, runs // 3), warmup=0)
    for name, label, limit in (("validate", "dense: cicb validate (100 006 findings)", 2000),
                               ("redact", "dense: cicb redact (1 000 000 values)", 10_000),
                               ("diff", "dense: cicb diff, one item fewer (989 991 changes)", 10_000),
                               ("summarize", "10 000 jobs (44 MB): cicb summarize", 2000)):
        ms, _, mb = got[name]
        row("one body, many parts", label, ms, target=f"< {limit} ms", limit=limit, mb=mb)

    if not args.no_listen:
        floor99, p99, rps = listen_p99(256, 10)
        row("listen, 256 connections", "p99, floor (hyper, write, no fsync)", floor99)
        row("listen, 256 connections", f"p99, cicb listen (durable; {rps:.0f} requests/s)", p99, target="< 20 ms",
            limit=20)

    # Peers, when installed (bench/peers.sh).
    xq, jc, py = peer("xq"), peer("jc"), os.path.join(VENV, "python3")
    cmds = {}
    if xq:
        cmds["peer: xq ."] = [xq, ".", w("big.xml")]
    if os.path.exists(py) and subprocess.run([py, "-c", "import xmltodict"], capture_output=True).returncode == 0:
        one_liner = "import sys,json,xmltodict; json.dump(xmltodict.parse(open(sys.argv[1],'rb')), sys.stdout)"
        cmds["peer: xmltodict one-liner"] = [py, "-c", one_liner, w("big.xml")]
    if jc:
        cmds["peer: jc --xml"] = ([jc, "--xml"], w("big.xml"))
    for name, (ms, _, mb) in interleaved(cmds, max(1, runs // 2)).items():
        row("big", name, ms, mb=mb)

    sizes = {n: os.path.getsize(w(n)) / 1e6 for n in ("startup.xml", "big.xml", "dense.xml", "pretty.xml")}
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"cicb benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {cpu}, {platform.system()}")
    print(f"inputs: one body {sizes['startup.xml'] * 1e3:.1f} KB, big {sizes['big.xml']:.1f} MB, dense "
          f"{sizes['dense.xml']:.1f} MB (indented: {sizes['pretty.xml']:.1f} MB), {args.files} fixture files; "
          f"medians of {args.startup_runs} runs per start-up command, {runs} per other; one run of each command in turn\n")
    print("| section | command | median | ratio | target | met |  peak RSS |")
    print("|---|---|---:|---:|---|---|---:|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    met = [r for r in rows if r[5]]
    print(f"\ntargets met: {sum(r[5] == 'yes' for r in met)} of {len(met)}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
