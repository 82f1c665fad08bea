#!/usr/bin/env python3
"""A bounded soak: steady mixed load on the demo with Redis in merge mode, for a few minutes, on loopback only.

Every SAMPLE seconds it runs wrk for that long (GET and PUT on a few shared sessions), then forces a full GC in the
demo and reads its heap after GC and its thread count. It fails if any request failed, or if heap after GC or the
thread count grew between the first and the last third of the run (beyond a small allowance, printed). The result
goes to stdout as a Markdown table for docs/robustness.md.

    bench/soak.py [--minutes 3] [--sample 15]
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_JAR = ROOT / "demo/target/flask-session-demo.jar"
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_http(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def new_session(port):
    req = urllib.request.Request(f"http://{HOST}:{port}/api/session/seed", data=b"1", method="PUT",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.headers["Set-Cookie"].split(";", 1)[0]


def jvm_sample(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, check=True, timeout=60)
    heap = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    used = sum(int(m) for m in re.findall(r"used (\d+)K", heap.split("Metaspace")[0]))
    threads = int(re.search(r"Threads:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1))
    return used, threads


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=3)
    p.add_argument("--sample", type=int, default=15, help="seconds of load between two samples")
    p.add_argument("--connections", type=int, default=32)
    args = p.parse_args()
    if not DEMO_JAR.exists():
        sys.exit("soak: build the demo first: mvn -B -q -DskipTests install")
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    procs = []
    try:
        redis_port, port = free_port(), free_port()
        procs.append(subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", HOST, "--save", "",
                                       "--appendonly", "no", "--dir", str(work)], stdout=subprocess.DEVNULL))
        env = {k: v for k, v in os.environ.items() if not k.startswith("SESSION_")}
        env.update(PORT=str(port), SECRET_KEY="soak-secret-key-0123456789", SESSION_TYPE="redis",
                   SESSION_REDIS=f"redis://{HOST}:{redis_port}/0", SESSION_SAVE_STRATEGY="merge")
        demo = subprocess.Popen(["java", "-Xmx256m", "-jar", str(DEMO_JAR)], env=env,
                                stdout=open(work / "demo.log", "w"), stderr=subprocess.STDOUT)
        procs.append(demo)
        wait_http(f"http://{HOST}:{port}/api/ping")
        cookies = [new_session(port) for _ in range(16)]
        rounds = max(3, int(args.minutes * 60 / args.sample))
        samples, total, failed = [], 0, 0
        for i in range(rounds):
            out = subprocess.run(["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.sample}s",
                                  "-s", str(ROOT / "bench/soak_mixed.lua"), f"http://{HOST}:{port}", "--", *cookies],
                                 capture_output=True, text=True, timeout=args.sample + 60).stdout
            r = json.loads(out.strip().splitlines()[-1])
            total += r["requests"]
            failures = {k: r[k] for k in ("non2xx", "connect", "read", "write", "timeout") if r[k]}
            failed += sum(failures.values())
            if failures:
                print(f"soak: round {i + 1} failures: {failures}", flush=True)
            heap_kb, threads = jvm_sample(demo.pid)
            samples.append((i, r["requests"], heap_kb, threads, r["p99_us"]))
            print(f"soak: round {i + 1}/{rounds}: {r['requests']} requests, heap after GC {heap_kb} KB, "
                  f"{threads} threads, p99 {r['p99_us'] / 1000:.1f} ms", flush=True)
        third = max(1, len(samples) // 3)
        first_heap = max(s[2] for s in samples[:third])
        last_heap = min(s[2] for s in samples[-third:])
        first_threads = max(s[3] for s in samples[:third])
        last_threads = max(s[3] for s in samples[-third:])
        # Allowances: class loading and JIT settle in the first minutes; a thread pool may add a thread or two.
        heap_ok = last_heap <= first_heap * 1.25 + 4096
        threads_ok = last_threads <= first_threads + 4
        print("\n| round | requests | heap after GC (KB) | threads | p99 (ms) |\n|---|---|---|---|---|")
        for i, reqs, heap, threads, p99 in samples:
            print(f"| {i + 1} | {reqs} | {heap} | {threads} | {p99 / 1000:.1f} |")
        print(f"\n{total} requests, {failed} failed; heap after GC {first_heap} KB early, {last_heap} KB late "
              f"({'flat' if heap_ok else 'GREW'}); threads {first_threads} early, {last_threads} late "
              f"({'flat' if threads_ok else 'GREW'})")
        print(f"{1 if failed == 0 and heap_ok and threads_ok else 0} passed, "
              f"{0 if failed == 0 and heap_ok and threads_ok else 1} failed")
        return 0 if failed == 0 and heap_ok and threads_ok else 1
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
