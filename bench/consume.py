#!/usr/bin/env python3
"""Benchmark `cicb consume` against a bare read of the same topic.

    python3 bench/consume.py                       # 20 000 bodies of 2 KB over 3 partitions
    python3 bench/consume.py --messages 50000 --rounds 3

Starts tansu (an Apache Kafka compatible broker, `cargo install tansu --version 0.6.0 --locked
--features dynostore,libsql`) on 127.0.0.1 with in-memory storage, produces the bodies with
kafka-python (bench/.venv: `python3 -m venv bench/.venv && bench/.venv/bin/pip install
kafka-python==2.3.3`), then, in the same run, times:

- the floor: kafka-python reading every message of the topic as a group member (no saving);
- `cicb consume -e` (release build, --features kafka) as a new group: every body saved durably
  (fsync'd, group-committed) with its index line before its offset is committed.

Prints messages/s for each and the ratio (target: cicb >= 0.5x the floor), then checks that every
body was saved exactly once and byte for byte. Loopback only.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CICB = os.path.join(ROOT, "target", "release", "cicb")
PY = os.environ.get("CICB_PYTHON", os.path.join(ROOT, "bench", ".venv", "bin", "python"))

PRODUCE = r"""
import sys
from kafka import KafkaProducer
addr, topic, n, parts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
p = KafkaProducer(bootstrap_servers=addr, linger_ms=5, batch_size=1 << 18, api_version=(2, 5, 0), acks=1)
head = b"<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>j%08d</JobId><Tag>Transcode</Tag><State>Success</State><Code>Success</Code><Operation><UserData>"
tail = b"</UserData></Operation></JobsDetail></Response>\n"
for i in range(n):
    h = head % i
    p.send(topic, h + b"x" * (2048 - len(h) - len(tail)) + tail, partition=i % parts)
p.flush(120)
p.close()
"""

READ = r"""
import sys, time
from kafka import KafkaConsumer
addr, topic, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = KafkaConsumer(topic, bootstrap_servers=addr, group_id="floor-%d" % time.time_ns(), auto_offset_reset="earliest",
                  enable_auto_commit=False, api_version=(2, 5, 0), fetch_max_bytes=1 << 24)
start, got = None, 0
deadline = time.time() + 300
while got < n and time.time() < deadline:
    for tp, msgs in c.poll(timeout_ms=500, max_records=5000).items():
        if start is None:
            start = time.time()
        got += len(msgs)
    if got and start is None:
        start = time.time()
c.commit()
print(got, time.time() - (start or time.time()))
c.close()
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build():
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "--quiet", "--features", "kafka", "--bin", "cicb", "--bin", "cicb-net"],
        cwd=ROOT,
        check=True,
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--partitions", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--dir", help="where the captures go (default: a temporary folder)")
    args = ap.parse_args()
    tansu = os.environ.get("TANSU") or shutil.which("tansu") or os.path.expanduser("~/.cargo/bin/tansu")
    if not os.path.exists(tansu):
        sys.exit("tansu not found: cargo install tansu --version 0.6.0 --locked --features dynostore,libsql")
    build()
    port = free_port()
    url = f"tcp://127.0.0.1:{port}"
    broker = subprocess.Popen(
        [tansu, "broker", "--listener-url", url, "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    addr = f"127.0.0.1:{port}"
    work = args.dir or tempfile.mkdtemp(prefix="cicb-consume-bench-")
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        subprocess.run([tansu, "topic", "create", "cb", "--partitions", str(args.partitions), "--broker", url],
                       check=True, stdout=subprocess.DEVNULL)
        t = time.time()
        subprocess.run([PY, "-c", PRODUCE, addr, "cb", str(args.messages), str(args.partitions)], check=True)
        print(f"produced {args.messages} bodies of 2 KB over {args.partitions} partitions in {time.time() - t:.1f} s")
        ratios = []
        for r in range(args.rounds):
            out = subprocess.run([PY, "-c", READ, addr, "cb", str(args.messages)], check=True,
                                 capture_output=True, text=True).stdout.split()
            got, secs = int(out[0]), float(out[1])
            floor = got / secs
            folder = os.path.join(work, f"round{r}")
            subprocess.run(["sync"])
            t = time.time()
            p = subprocess.run([CICB, "consume", "-b", addr, "-t", "cb", "-g", f"cicb-{r}-{time.time_ns()}",
                                "--from-beginning", "-e", "--dir", folder], capture_output=True, text=True)
            secs = time.time() - t
            if p.returncode != 0:
                sys.exit(f"cicb consume failed ({p.returncode}): {p.stderr}")
            rate = args.messages / secs
            ratios.append(rate / floor)
            print(f"round {r + 1}: floor (kafka-python, no saving) {floor:,.0f} msg/s ({got} read); "
                  f"cicb consume (durable) {rate:,.0f} msg/s; ratio {rate / floor:.2f}x (target >= 0.5x)")
            check(folder, args.messages)
        print(f"lowest ratio {min(ratios):.2f}x")
    finally:
        broker.kill()
        broker.wait()
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


def check(folder, n):
    places, files = set(), 0
    with open(os.path.join(folder, "index.ndjson")) as f:
        for line in f:
            v = json.loads(line)
            place = (v["partition"], v["offset"])
            assert place not in places, f"{place} saved twice"
            places.add(place)
            with open(os.path.join(folder, v["file"]), "rb") as b:
                data = b.read()
            assert len(data) == 2048 and data.endswith(b"</Response>\n"), v["file"]
            files += 1
    assert files == n, f"{files} saved of {n}"
    print(f"  checked: {files} bodies saved once each, whole")


if __name__ == "__main__":
    main()
