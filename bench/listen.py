#!/usr/bin/env python3
"""Benchmark `cicb listen` against its floor, and check what a kill -9 leaves.

    python3 bench/listen.py                 # throughput: listen vs. the floor, with wrk
    python3 bench/listen.py --kill          # flood, kill -9 mid-run, check nothing acknowledged is lost
    python3 bench/listen.py --seconds 20 --connections 128 --rounds 3
    python3 bench/listen.py --tls           # also listen over HTTPS (a self-signed certificate)
    python3 bench/listen.py --flood 10000   # accepted captures with and without 10 000 refusals/s

Throughput: 2 KB callbacks POSTed over keep-alive connections by wrk (installed with apt-get when
missing) against the release `cicb listen` (durable: fsync before every acknowledgement, batched)
and against the floor, `examples/listen_floor.rs` (a bare hyper server writing each body to a file
without fsync), in the same run. Prints requests/s, p50, p99 and the ratio to the floor, then checks
every acknowledged body is on disk, whole. `--rounds N` alternates floor and listen N times.

The file system's recent past matters: on ext4 without a journal, files created within a minute of
a mass deletion (five while the freed inodes are unwritten) are slow to create, for both servers.
The benchmark deletes nothing before its last run, syncs after its cleanup, and warns when creating
files in its folder is slow; run it again a minute later, or elsewhere with --dir.

--tls runs listen a third time per round with --tls-cert/--tls-key (openssl makes the pair) and
reports it beside the plain runs. --flood N measures listen (with a secret --path) alone, then while
a second wrk sends N requests/s to another path (each refused with 404 and put on record, floods
summarized): the accepted rate should drop by at most 20 %.

Kill -9: clients POST unique bodies and record which ones got a 2xx; `cicb listen` is killed with
SIGKILL while they run. Then no visible file may be partial (each one is exactly a body that was
sent) and every acknowledged body must be on disk. Loopback only (127.0.0.1, ephemeral ports).
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CICB = os.path.join(ROOT, "target", "release", "cicb")
FLOOR = os.path.join(ROOT, "target", "release", "examples", "listen_floor")


def build():
    # The example first, then the binaries alone, as bench/startup.py's build says why.
    cargo = ["cargo", "build", "--release", "--locked", "--quiet"]
    subprocess.run(cargo + ["--example", "listen_floor"], cwd=ROOT, check=True)
    subprocess.run(cargo + ["--bin", "cicb", "--bin", "cicb-net"], cwd=ROOT, check=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("wrk not found: installing it with apt-get", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    if subprocess.run(sudo + ["apt-get", "install", "-y", "wrk"], stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(sudo + ["apt-get", "update"], stdout=subprocess.DEVNULL, check=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "wrk"], stdout=subprocess.DEVNULL, check=True)


def body(marker="bench"):
    """A TaskFinish callback of exactly 2048 bytes."""
    head = (
        "<Response><EventName>TaskFinish</EventName><JobsDetail><Code>Success</Code>"
        "<CreationTime>2022-06-30T18:47:18+0800</CreationTime><EndTime>2022-06-30T18:47:30+0800</EndTime>"
        "<Input><BucketId>test-123456789</BucketId><Object>input/demo.mp3</Object><Region>ap-chongqing</Region></Input>"
        "<JobId>j035aca66f86211ec8a5a87e016101404</JobId><Message>SUCCESS</Message><Operation><Output>"
        "<Bucket>test-123456789</Bucket><Object>output/nr.wav</Object><Region>ap-chongqing</Region></Output>"
        "<UserData>" + marker + " "
    )
    tail = (
        "</UserData><JobLevel>0</JobLevel></Operation><QueueId>p2242ab62c7c94486915508540933a2c6</QueueId>"
        "<StartTime>2022-06-30T18:47:20+0800</StartTime><State>Success</State><Tag>NoiseReduction</Tag>"
        "</JobsDetail></Response>\n"
    )
    pad = 2048 - len(head) - len(tail)
    return (head + "x" * pad + tail).encode()


class Server:
    """A server child that prints `listening on http://127.0.0.1:PORT/` on stderr."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 15
        line = self.proc.stderr.readline()
        m = re.search(r"127\.0\.0\.1:(\d+)", line)
        if not m or time.time() > deadline:
            self.kill()
            raise SystemExit(f"no listening line: {line!r}")
        self.port = int(m.group(1))
        # Keep draining stderr so the child never blocks on it.
        threading.Thread(target=self.proc.stderr.read, daemon=True).start()

    def kill(self, sig=signal.SIGKILL):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


WRK_LUA = r"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/xml"
wrk.body = io.open(os.getenv("CICB_BENCH_BODY"), "rb"):read("*a")
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


FLOOD_LUA = r"""
wrk.method = "POST"
wrk.body = "x"
function delay()
  return tonumber(os.getenv("CICB_FLOOD_DELAY_MS"))
end
"""


def flooder(port, seconds, rate, work):
    """A wrk that sends about `rate` requests/s to a path listen refuses: one connection per 200
    requests/s (at least 20), each waiting connections * 1000 / rate ms between requests (wrk's
    `delay`, counted from each answer, so the rate reached is printed beside the one asked)."""
    script = os.path.join(work, "flood.lua")
    with open(script, "w") as f:
        f.write(FLOOD_LUA)
    connections = max(20, rate // 200)
    env = dict(os.environ, CICB_FLOOD_DELAY_MS=str(max(1, round(connections * 1000 / rate))))
    return subprocess.Popen(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script, f"http://127.0.0.1:{port}/wp-login.php"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def wrk(port, seconds, connections, work, scheme="http", path="/"):
    script = os.path.join(work, "post.lua")
    with open(script, "w") as f:
        f.write(WRK_LUA)
    env = dict(os.environ, CICB_BENCH_BODY=os.path.join(work, "body.xml"))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script,
         f"{scheme}://127.0.0.1:{port}{path}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    m = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if not m:
        raise SystemExit(f"unexpected wrk output:\n{out}")
    requests, duration_us, p50, p99, non2xx, socket_errors = map(int, m.groups())
    return {
        "requests": requests,
        "rps": requests / (duration_us / 1e6),
        "p50_ms": p50 / 1000,
        "p99_ms": p99 / 1000,
        "non2xx": non2xx,
        "socket_errors": socket_errors,
    }


def visible_files(d):
    return [
        os.path.join(d, n) for n in os.listdir(d) if not n.startswith(".") and n != "index.ndjson"
    ]


def run_one(name, argv, durable, work, args, payload, scheme="http", path="/", flood=0):
    """One server, one wrk run, then the on-disk check. Nothing is deleted here (see throughput)."""
    # Start with nothing dirty in the page cache: the floor leaves its bodies unsynced, and their
    # writeback must not land in the next run.
    os.sync()
    server = Server(argv)
    flooding = None
    try:
        if flood:
            flooding = flooder(server.port, args.seconds + 1, flood, work)
            time.sleep(0.5)
        r = wrk(server.port, args.seconds, args.connections, work, scheme, path)
    finally:
        server.kill(signal.SIGINT if durable else signal.SIGKILL)
        if flooding:
            out = flooding.communicate(timeout=30)[0]
            m = re.search(r"Requests/sec:\s+([\d.]+)", out or "")
            r["flood_rps"] = float(m.group(1)) if m else 0.0
    d = argv[argv.index("--dir") + 1] if "--dir" in argv else argv[-1]
    files = visible_files(d)
    acked = r["requests"] - r["non2xx"]
    whole = sum(1 for p in files if open(p, "rb").read() == payload)
    r.update(on_disk=len(files), whole=whole, acked=acked, name=name)
    # Every acknowledged body must be there, whole. cicb listen must also show nothing partial;
    # the floor writes in place and may leave a partial file when it is killed.
    if whole < acked or (durable and whole != len(files)):
        r["check"] = "FAILED"
    else:
        partial = len(files) - whole
        r["check"] = "ok" if not partial else f"ok, {partial} partial"
    os.sync()
    return r


def create_rate(d, n=2000):
    """Empty files created per second in a new directory (they stay until the end: deleting them
    would slow the runs that follow)."""
    os.makedirs(d)
    start = time.perf_counter()
    for i in range(n):
        os.close(os.open(os.path.join(d, str(i)), os.O_CREAT | os.O_WRONLY | os.O_EXCL))
    return n / (time.perf_counter() - start)


def throughput(args):
    ensure_wrk()
    # Every run writes to a directory of its own and nothing is deleted before the last run ends:
    # on ext4 without a journal, creating a file right after a mass deletion scans the freed
    # inodes (`recently_deleted` in the kernel's inode allocator), which made a run that followed
    # the removal of the floor's 200 000 files ten times slower than the same run on a quiet
    # file system.
    work = tempfile.mkdtemp(prefix="cicb-listen-bench.", dir=args.dir)
    try:
        payload = body()
        with open(os.path.join(work, "body.xml"), "wb") as f:
            f.write(payload)
        rate = create_rate(os.path.join(work, "probe"))
        if rate < 5000:
            print(
                f"warning: this file system creates only {rate:.0f} files/s here; if many files were deleted on it "
                "in the last minutes, wait, or pass --dir on another one",
                file=sys.stderr,
            )
        if args.flood:
            return flood(args, work, payload)
        tls = make_certificate(work) if args.tls else None
        rounds = []
        for n in range(args.rounds):
            floor = run_one("floor", [FLOOR, os.path.join(work, f"floor-{n}")], False, work, args, payload)
            listen = run_one(
                "listen",
                [CICB, "listen", "--port", "0", "--dir", os.path.join(work, f"listen-{n}")],
                True,
                work,
                args,
                payload,
            )
            rounds.append((floor, listen))
            if tls:
                https = run_one(
                    "listen-tls",
                    [CICB, "listen", "--port", "0", "--tls-cert", tls[0], "--tls-key", tls[1],
                     "--dir", os.path.join(work, f"tls-{n}")],
                    True,
                    work,
                    args,
                    payload,
                    scheme="https",
                )
                rounds[-1] = (floor, listen, https)
        print(f"2 KB callbacks, {args.connections} keep-alive connections, {args.seconds} s each, wrk -t2")
        print("| round | server | requests/s | p50 | p99 | ratio to floor | acknowledged | on disk, whole |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|")
        labels = {
            "floor": "floor (hyper, write, no fsync)",
            "listen": "cicb listen (durable)",
            "listen-tls": "cicb listen, TLS (durable)",
        }
        for n, (floor, *servers) in enumerate(rounds, 1):
            for r in (floor, *servers):
                print(
                    f"| {n} | {labels[r['name']]} | {r['rps']:.0f} | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms "
                    f"| {r['rps'] / floor['rps']:.2f}× | {r['acked']} | {r['whole']} ({r['check']}) |"
                )
        if len(rounds) > 1:
            ratios = sorted(listen["rps"] / floor["rps"] for floor, listen, *_ in rounds)
            p99s = sorted(listen["p99_ms"] for _, listen, *_ in rounds)
            print(
                f"ratio to the floor: lowest {ratios[0]:.2f}×, median {ratios[len(ratios) // 2]:.2f}×; "
                f"listen p99: median {p99s[len(p99s) // 2]:.2f} ms, highest {p99s[-1]:.2f} ms"
            )
        bad = [f"round {n} {r['name']}" for n, rs in enumerate(rounds, 1) for r in rs if not r["check"].startswith("ok")]
        if bad:
            raise SystemExit(f"acknowledged bodies missing or partial: {bad}")
    finally:
        remove(work)


def make_certificate(work):
    """A self-signed certificate and key for 127.0.0.1, made with openssl."""
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


def flood(args, work, payload):
    """Accepted captures alone, then beside a flood of refused requests, alternating."""
    secret = "/cb/" + "0123456789abcdef" * 2
    rows = []
    for n in range(args.rounds):
        for rate in (0, args.flood):
            argv = [CICB, "listen", "--port", "0", "--path", secret, "--dir", os.path.join(work, f"flood-{n}-{rate}")]
            r = run_one("listen", argv, True, work, args, payload, path=secret, flood=rate)
            r["rate"] = rate
            rows.append(r)
    print(f"2 KB callbacks to the secret path, {args.connections} connections, {args.seconds} s each; "
          f"the flood: wrk to /wp-login.php (404, on record)")
    print("| round | flood asked | flood served/s | accepted/s | p99 | change | on disk, whole |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    worst = 0.0
    for i in range(0, len(rows), 2):
        quiet, loud = rows[i], rows[i + 1]
        change = loud["rps"] / quiet["rps"] - 1
        worst = min(worst, change)
        for r in (quiet, loud):
            ch = "" if r is quiet else f"{change * 100:+.1f} %"
            print(f"| {i // 2 + 1} | {r['rate']} | {r.get('flood_rps', 0):.0f} | {r['rps']:.0f} | {r['p99_ms']:.2f} ms "
                  f"| {ch} | {r['whole']} ({r['check']}) |")
    print(f"largest drop under the flood: {-worst * 100:.1f} % (target: at most 20 %)")


def kill9(args):
    work = tempfile.mkdtemp(prefix="cicb-listen-kill.", dir=args.dir)
    d = os.path.join(work, "captures")
    try:
        server = Server([CICB, "listen", "--port", "0", "--dir", d])
        sent, acked, lock, stop = {}, set(), threading.Lock(), threading.Event()

        def client(t):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            i = 0
            while not stop.is_set():
                key = f"t{t}-{i}"
                payload = body(key)
                with lock:
                    sent[payload] = key
                try:
                    conn.request("POST", "/", body=payload, headers={"Content-Type": "application/xml"})
                    r = conn.getresponse()
                    r.read()
                    if 200 <= r.status < 300:
                        with lock:
                            acked.add(key)
                except (OSError, http.client.HTTPException):
                    return
                i += 1

        threads = [threading.Thread(target=client, args=(t,)) for t in range(args.connections_kill)]
        for t in threads:
            t.start()
        time.sleep(args.kill_after)
        server.kill(signal.SIGKILL)
        stop.set()
        for t in threads:
            t.join(timeout=15)
        files = visible_files(d)
        by_content = {}
        partial = []
        for p in files:
            data = open(p, "rb").read()
            key = sent.get(data)
            if key is None:
                partial.append(p)
            else:
                by_content[key] = p
        missing = sorted(acked - by_content.keys())
        hidden = [n for n in os.listdir(d) if n.startswith(".")]
        print(
            f"kill -9 after {args.kill_after} s of {args.connections_kill} clients: {len(sent)} sent, {len(acked)} acknowledged, "
            f"{len(files)} visible files, {len(partial)} partial or unknown, {len(missing)} acknowledged but missing, "
            f"{len(hidden)} hidden files left"
        )
        if partial or missing:
            raise SystemExit("FAILED: " + ", ".join(partial[:5] + missing[:5]))
        print("ok: nothing acknowledged is lost, nothing partial is visible")
    finally:
        remove(work)


def remove(work):
    """Removes a run's files and syncs: the kernel then stops guarding the freed inodes after a
    minute instead of five (see throughput). Wait that minute before the next run."""
    shutil.rmtree(work, ignore_errors=True)
    os.sync()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kill", action="store_true", help="run the kill -9 check instead of the throughput run")
    p.add_argument("--seconds", type=int, default=10, help="wrk duration per server")
    p.add_argument("--connections", type=int, default=64, help="wrk keep-alive connections")
    p.add_argument("--rounds", type=int, default=1, help="floor-then-listen rounds (2 or more: lowest and median ratio)")
    p.add_argument("--dir", default=None, help="where the runs write (default: the system's temporary folder)")
    p.add_argument("--connections-kill", type=int, default=16, help="clients of the kill -9 run")
    p.add_argument("--kill-after", type=float, default=3.0, help="seconds before the kill -9")
    p.add_argument("--tls", action="store_true", help="also run listen over HTTPS")
    p.add_argument("--flood", type=int, default=0, metavar="N", help="accepted rate with and without N refusals/s")
    args = p.parse_args()
    build()
    kill9(args) if args.kill else throughput(args)


if __name__ == "__main__":
    main()
