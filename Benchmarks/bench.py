#!/usr/bin/env python3
"""logtriage benchmark driver (Python stdlib only; installs nothing).

    Benchmarks/run.sh                 # = bench.py all: throughput, RSS, startup, side-by-side ratios
    Benchmarks/side-by-side.sh        # = bench.py side-by-side: rg / grep -E / zcat / inflate vs logtriage

Generates the logs with the Benchmarks package's `bench-gen` (deterministic) into bench-data/, then times release
binaries: the median of --runs wall times per command, peak RSS from GNU time (`/usr/bin/time -f %M`).
MB = 10^6 bytes of uncompressed log.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench-data")
LOGTRIAGE = os.path.join(ROOT, ".build", "release", "logtriage")
TOOLS = os.path.join(ROOT, "Benchmarks", ".build", "release")
GEN = os.path.join(TOOLS, "bench-gen")
INFLATE = os.path.join(TOOLS, "bench-inflate")
SIGNALS = os.path.join(ROOT, "Benchmarks", "signals.txt")
GNU_TIME = "/usr/bin/time"


def size_bytes(s):
    mult = {"K": 10**3, "M": 10**6, "G": 10**9}.get(s[-1].upper(), 1)
    return int(s[:-1] if mult > 1 else s) * mult


def missing_tools(need):
    return [t for t in need if shutil.which(t) is None and not os.path.exists(t)]


def run_once(cmd, env=None):
    """Wall seconds and peak RSS (KB, or None without GNU time) of one run; stdout discarded.

    grep's and rg's stdout goes to a pipe, not /dev/null: GNU grep stops at the first match when it sees /dev/null."""
    rss = None
    full = cmd
    fd, tf = tempfile.mkstemp()
    os.close(fd)
    if os.path.exists(GNU_TIME):
        full = [GNU_TIME, "-f", "%M", "-o", tf] + cmd
    t0 = time.perf_counter()
    searcher = os.path.basename(cmd[0]) in ("grep", "rg")
    out = subprocess.PIPE if searcher else subprocess.DEVNULL
    p = subprocess.run(full, stdout=out, stderr=subprocess.PIPE, env=env)
    dt = time.perf_counter() - t0
    if p.returncode not in (0, 1, 3) or (p.returncode == 1 and not searcher):
        sys.exit(f"bench: command failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode(errors='replace')[-2000:]}")
    if os.path.exists(GNU_TIME):
        try:
            rss = int(open(tf).read().strip().splitlines()[-1])
        except (ValueError, IndexError):
            rss = None
    os.unlink(tf)
    return dt, rss


def measure(cmd, runs, env=None, warm=True):
    if warm:
        run_once(cmd, env)
    times, rsss = [], []
    for _ in range(runs):
        dt, rss = run_once(cmd, env)
        times.append(dt)
        if rss is not None:
            rsss.append(rss)
    return statistics.median(times), (max(rsss) if rsss else None), times


def c_env():
    e = dict(os.environ)
    e["LC_ALL"] = "C"
    return e


def ensure_data(name, size, fmt, seed, gz):
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, name)
    if not os.path.exists(path):
        print(f"generating {path} ({size}, {fmt}, seed {seed})", file=sys.stderr)
        subprocess.run([GEN, "--size", size, "--format", fmt, "--seed", str(seed), "--out", path], check=True)
    if gz and not os.path.exists(path + ".gz"):
        print(f"compressing {path}.gz (gzip -6)", file=sys.stderr)
        with open(path + ".gz", "wb") as out:
            subprocess.run(["gzip", "-6", "-n", "-c", path], stdout=out, check=True)
    return path


def analyze_json(files):
    p = subprocess.run([LOGTRIAGE, "analyze", "--format", "json"] + files, capture_output=True)
    if p.returncode not in (0, 3):
        sys.exit(f"bench: logtriage analyze failed: {p.stderr.decode(errors='replace')}")
    return json.loads(p.stdout)


def assert_result(d, files, label):
    """Every benchmark asserts its result: the generated failures must be found."""
    cov = d["coverage"]
    assert cov["records"] > 0, f"{label}: no records"
    assert cov["errorEvents"] > 0, f"{label}: no error events found in generated logs with failures"
    assert len(d["inputs"]) == len(files), f"{label}: inputs"
    ids = {f["ruleId"] for f in d["findings"]}
    assert "invalid_credentials" in ids, f"{label}: the generated MIX-100100001 logins were not diagnosed ({ids})"
    return cov["records"]


class Table:
    def __init__(self):
        self.rows = []

    def add(self, what, value, target="", ok=None):
        self.rows.append((what, value, target, "" if ok is None else ("met" if ok else "MISSED")))
        print(f"  {what:<62} {value:<28} {target:<22} {self.rows[-1][3]}", flush=True)

    def markdown(self):
        out = ["| measurement | result | target | |", "|---|---|---|---|"]
        for r in self.rows:
            out.append("| " + " | ".join(r) + " |")
        return "\n".join(out)


def fmt_s(t):
    return f"{t:.3f} s" if t < 10 else f"{t:.1f} s"


def mbs(nbytes, t):
    return nbytes / 1e6 / t


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", nargs="?", default="all", choices=["all", "side-by-side", "throughput"])
    ap.add_argument("--size", default="100M", help="size of the main generated logs (default 100M)")
    ap.add_argument("--big", default="", help="also check peak RSS on logs of this size, e.g. 1G")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per command (median); one warm-up run first")
    ap.add_argument("--markdown", default="", help="write the result table as Markdown to this file")
    a = ap.parse_args()

    need = [LOGTRIAGE, GEN, INFLATE, "gzip"]
    if a.mode in ("all", "side-by-side"):
        need += ["rg", "grep", "zcat"]
    miss = missing_tools(need)
    if miss:
        print("bench: missing: " + ", ".join(miss), file=sys.stderr)
        print("  logtriage:      swift build -c release   (in the repository root)", file=sys.stderr)
        print("  bench tools:    swift build -c release --package-path Benchmarks", file=sys.stderr)
        print("  rg, hyperfine:  apt-get install -y ripgrep hyperfine", file=sys.stderr)
        sys.exit(2)
    if not os.path.exists(GNU_TIME):
        print("bench: /usr/bin/time (GNU time, apt-get install -y time) is missing: peak RSS will not be reported",
              file=sys.stderr)

    size = a.size
    nlog = ensure_data(f"mixvel-{size}.log", size, "nlog", 1, gz=True)
    nlog_b = ensure_data(f"mixvel-{size}-b.log", size, "nlog", 2, gz=True)
    jsonl = ensure_data(f"mixvel-{size}.jsonl", size, "jsonl", 3, gz=True)
    small = ensure_data("mixvel-10K.log", "10K", "nlog", 4, gz=False)
    nbytes = os.path.getsize(nlog)
    nbytes_b = os.path.getsize(nlog_b)
    jbytes = os.path.getsize(jsonl)

    lscpu = subprocess.run(["sh", "-c", "lscpu | grep 'Model name' | sed 's/.*: *//'"], capture_output=True, text=True)
    print(f"machine: {os.cpu_count()} cores, {lscpu.stdout.strip()}, {platform.system()} {platform.release()}")
    print(f"data: {nlog} {nbytes/1e6:.0f} MB, {jsonl} {jbytes/1e6:.0f} MB, gzip -6; median of {a.runs} runs")
    t = Table()
    R = a.runs

    # Reference results (also the assertions every benchmark makes).
    d_nlog = analyze_json([nlog])
    rec_nlog = assert_result(d_nlog, [nlog], "nlog")
    d_gz = analyze_json([nlog + ".gz"])
    assert d_gz["coverage"]["records"] == rec_nlog, "gzip and plain disagree on records"
    assert [f["ruleId"] for f in d_gz["findings"]] == [f["ruleId"] for f in d_nlog["findings"]], "gzip/plain findings"
    d_json = analyze_json([jsonl])
    rec_json = assert_result(d_json, [jsonl], "jsonl")
    d_two = analyze_json([nlog + ".gz", nlog_b + ".gz"])
    assert d_two["coverage"]["records"] == rec_nlog + analyze_json([nlog_b])["coverage"]["records"], "two-file records"

    results = {}

    def lt(files, threads=None):
        return [LOGTRIAGE, "analyze", "--format", "json"] + (["--threads", str(threads)] if threads else []) + files

    cores = os.cpu_count() or 1
    if a.mode in ("all", "throughput"):
        print(f"\nlogtriage analyze (ingest + whole catalogue + verdict), one file, 1 core and {cores} cores:")
        tp1, rp1, _ = measure(lt([nlog], 1), R)
        tp, rp, _ = measure(lt([nlog]), R)
        results["plain1"], results["plain"] = tp1, tp
        t.add(f"plain NLog+XML {nbytes/1e6:.0f} MB, 1 core", f"{fmt_s(tp1)}, {mbs(nbytes, tp1):.0f} MB/s, "
              f"{rec_nlog/tp1/1e3:.0f} k rec/s" + (f", {rp1/1024:.0f} MB RSS" if rp1 else ""))
        t.add(f"  {cores} cores (file split in parts)", f"{fmt_s(tp)}, {mbs(nbytes, tp):.0f} MB/s, {tp1/tp:.2f}x"
              + (f", {rp/1024:.0f} MB RSS" if rp else ""))
        tj1, rj1, _ = measure(lt([jsonl], 1), R)
        tj, rj, _ = measure(lt([jsonl]), R)
        t.add(f"plain Serilog JSON lines {jbytes/1e6:.0f} MB, 1 core", f"{fmt_s(tj1)}, {mbs(jbytes, tj1):.0f} MB/s, "
              f"{rec_json/tj1/1e3:.0f} k rec/s" + (f", {rj1/1024:.0f} MB RSS" if rj1 else ""))
        t.add(f"  {cores} cores", f"{fmt_s(tj)}, {mbs(jbytes, tj):.0f} MB/s, {tj1/tj:.2f}x" + (f", {rj/1024:.0f} MB RSS" if rj else ""))
        tg1, _, _ = measure(lt([nlog + ".gz"], 1), R)
        tg, rg_, _ = measure(lt([nlog + ".gz"]), R)
        results["gz"] = tg
        t.add(f"gzip NLog+XML ({os.path.getsize(nlog + '.gz')/1e6:.0f} MB .gz), 1 core", f"{fmt_s(tg1)}, {mbs(nbytes, tg1):.0f} MB/s out")
        t.add(f"  {cores} cores (read+extract / match stages)", f"{fmt_s(tg)}, {mbs(nbytes, tg):.0f} MB/s out, {tg1/tg:.2f}x"
              + (f", {rg_/1024:.0f} MB RSS" if rg_ else ""))
        ts, rs, _ = measure(lt([small]), max(R, 10))
        results["small"] = ts
        t.add("startup: 10 KB log incl. catalogue load", f"{ts*1000:.0f} ms, {rs/1024:.0f} MB RSS" if rs else f"{ts*1000:.0f} ms")

    if a.mode in ("all", "side-by-side"):
        env = c_env()
        print("\nside by side, same files, same run (LC_ALL=C for grep/rg):")
        if "plain1" not in results:
            results["plain1"], _, _ = measure(lt([nlog], 1), R)
        trg, rrg, _ = measure(["rg", "-j1", "-c", "-f", SIGNALS, nlog], R, env)
        tgrep, _, _ = measure(["grep", "-c", "-E", "-f", SIGNALS, nlog], R, env)
        tp1 = results["plain1"]
        t.add(f"rg -j1 -c -f signals.txt ({nbytes/1e6:.0f} MB)", f"{fmt_s(trg)}, {mbs(nbytes, trg):.0f} MB/s")
        t.add("grep -c -E -f signals.txt", f"{fmt_s(tgrep)}, {mbs(nbytes, tgrep):.0f} MB/s")
        t.add("plain, one core: rg time / logtriage --threads 1 time", f"{trg/tp1:.2f}x", ">= 2x", trg / tp1 >= 2)
        t.add("plain, one core: grep -E time / logtriage time", f"{tgrep/tp1:.2f}x")

        gz = nlog + ".gz"
        if "gz" not in results:
            results["gz"], _, _ = measure(lt([gz]), R)
        tg = results["gz"]
        tz, _, _ = measure(["zcat", gz], R)
        ti, _, _ = measure([INFLATE, gz], R)
        t.add("zcat > /dev/null", f"{fmt_s(tz)}, {mbs(nbytes, tz):.0f} MB/s")
        t.add("zlib inflate alone (bench-inflate, same library)", f"{fmt_s(ti)}, {mbs(nbytes, ti):.0f} MB/s")
        t.add("gzip: analyze time / inflate-alone time", f"{tg/ti:.2f}x", "<= 1.1x", tg / ti <= 1.1)
        t.add("gzip: zcat time / analyze time", f"{tz/tg:.2f}x", ">= 1.5x", tz / tg >= 1.5)

        # Two files: the same analysis on one core (one after the other) and on all cores (in parallel).
        gz_b = nlog_b + ".gz"
        t2s, _, _ = measure(lt([gz, gz_b], 1), R)
        t2, r2, _ = measure(lt([gz, gz_b]), R)
        t.add("two .gz files in one analyze", f"{fmt_s(t2)} (one after the other on one core: {fmt_s(t2s)})",
              ">= 1.8x", t2s / t2 >= 1.8)
        t.add("  speed-up", f"{t2s/t2:.2f}x" + (f", {r2/1024:.0f} MB RSS" if r2 else ""))
        t2ps, _, _ = measure(lt([nlog, nlog_b], 1), R)
        t2p, r2p, _ = measure(lt([nlog, nlog_b]), R)
        t.add("two plain files in one analyze", f"{fmt_s(t2p)} (one after the other on one core: {fmt_s(t2ps)})",
              ">= 1.8x", t2ps / t2p >= 1.8)
        t.add("  speed-up", f"{t2ps/t2p:.2f}x" + (f", {r2p/1024:.0f} MB RSS" if r2p else ""))

        if "small" not in results:
            results["small"], _, _ = measure(lt([small]), max(R, 10))
        trs, _, _ = measure(["rg", "-c", "-f", SIGNALS, small], max(R, 10), env)
        ts = results["small"]
        t.add("10 KB log: logtriage / rg", f"{ts*1000:.0f} ms / {trs*1000:.0f} ms = {ts/trs:.1f}x", "<= 5x", ts / trs <= 5)

    if a.big:
        print(f"\npeak RSS on {a.big} inputs:")
        big = ensure_data(f"mixvel-{a.big}.log", a.big, "nlog", 5, gz=True)
        bb = os.path.getsize(big)
        tb, rb, _ = measure(lt([big]), 1, warm=False)
        t.add(f"plain {bb/1e9:.2f} GB: time, peak RSS", f"{fmt_s(tb)} ({mbs(bb, tb):.0f} MB/s), {rb/1024:.0f} MB", "<= 64 MB", rb / 1024 <= 64)
        tbg, rbg, _ = measure(lt([big + ".gz"]), 1, warm=False)
        t.add(f"gzip {bb/1e9:.2f} GB: time, peak RSS", f"{fmt_s(tbg)} ({mbs(bb, tbg):.0f} MB/s), {rbg/1024:.0f} MB", "<= 64 MB", rbg / 1024 <= 64)

    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(t.markdown() + "\n")
        print(f"\nwrote {a.markdown}")


if __name__ == "__main__":
    main()
