#!/usr/bin/env python3
"""Load run of `logtriage serve` (a benchmark, not a test): starts the given server binary on a free loopback port
with a temporary request store, sends N small multipart analyses (distinct contents, so none is deduplicated) from C
client threads, and prints p50/p99 latency, throughput and the server's peak RSS (VmHWM).

    serve_load.py BINARY [--requests 200] [--concurrency 8] [--in-memory]
"""
import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

LOG = (
    "2026-11-18 10:15:0{n}.123|INFO|MixVel.Client|POST https://api.mixvel.com/api/Order/Create request {i}\n"
    "2026-11-18 10:15:0{n}.456|ERROR|MixVel.Client|Response 500 InternalServerError "
    '{{"Error":{{"Code":"500","Message":"Internal error","TicketId":"T-{i:06d}"}}}}\n'
)


def multipart(i: int) -> tuple[str, bytes]:
    boundary = "bench" + secrets.token_hex(8)
    body = LOG.format(n=i % 10, i=i).encode()
    parts = [
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"stand\"\r\n\r\nPROD\r\n".encode(),
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"app-{i}.log\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n".encode() + body + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def peak_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--in-memory", action="store_true")
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="serve-load-")
    port = free_port()
    token = "bench-" + secrets.token_hex(8)
    env = dict(os.environ, LOGTRIAGE_API_TOKENS=token, LOG_LEVEL="error")
    store = ["--in-memory"] if a.in_memory else ["--store", os.path.join(work, "store.sqlite")]
    server = subprocess.Popen(
        [a.binary, "serve", "--host", "127.0.0.1", "--port", str(port), *store],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    sys.stderr.write(server.stderr.read().decode(errors="replace"))
                    return 1
                time.sleep(0.05)
        bodies = [multipart(i) for i in range(a.requests)]
        latencies: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()
        next_index = iter(range(a.requests))

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while True:
                with lock:
                    i = next(next_index, None)
                if i is None:
                    break
                ctype, body = bodies[i]
                start = time.perf_counter()
                conn.request("POST", "/v1/analyses", body=body,
                             headers={"Content-Type": ctype, "Authorization": f"Bearer {token}"})
                resp = conn.getresponse()
                resp.read()
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    if resp.status != 200:
                        failures.append(f"{resp.status}")
            conn.close()

        threads = [threading.Thread(target=client) for _ in range(a.concurrency)]
        wall = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall
        rss = peak_rss_kib(server.pid)
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
        print(f"requests      {len(latencies)} ({len(failures)} not 200{': ' + ', '.join(sorted(set(failures))) if failures else ''})")
        print(f"store         {'in memory' if a.in_memory else 'SQLite (temporary)'}; concurrency {a.concurrency}")
        print(f"latency p50   {p(0.50):.1f} ms")
        print(f"latency p99   {p(0.99):.1f} ms")
        print(f"latency mean  {statistics.mean(latencies) * 1000:.1f} ms")
        print(f"throughput    {len(latencies) / wall:.1f} analyses/s ({wall:.2f} s in all)")
        print(f"server peak RSS {rss / 1024:.1f} MiB")
        return 1 if failures else 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())
