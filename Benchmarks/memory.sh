#!/usr/bin/env bash
# Peak RSS of `analyze` in the shapes that used to grow (issue #10 item 2, #15 item 4): many inputs, many threads, a
# starved consumer, a request-dense gzip. Run by hand (not in CI); prints one markdown row per case.
#   Benchmarks/memory.sh [--big] [logtriage-binary]   (default .build/release/logtriage; builds bench-gen)
# --big adds the 1 GB rows of issue #15 item 4 (plain and gzip, one file and four, 1/default/64 threads, a
# request-dense 1 GB .gz); they need about 4 GB of disk in bench-data/memory and several minutes each on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
big=0
if [ "${1:-}" = --big ]; then
    big=1
    shift
fi
bin="${1:-.build/release/logtriage}"
swift build -c release --package-path Benchmarks --product bench-gen >/dev/null
gen=Benchmarks/.build/release/bench-gen
data=bench-data/memory
mkdir -p "$data/files"
# 100 error-dense files (40 % of the calls fail), 3 MB each.
for i in $(seq 1 100); do
    [ -f "$data/files/f$i.log" ] || "$gen" --size 3M --seed "$i" --error-percent 40 --out "$data/files/f$i.log" 2>/dev/null
done
[ -f "$data/big50.log" ] || "$gen" --size 50M --seed 7 --out "$data/big50.log" 2>/dev/null
# Request-dense: a call every second or two all day, XML bodies, almost no failure (0.1 %), 300 MB, gzipped.
if [ ! -f "$data/dense300.log.gz" ]; then
    "$gen" --size 300M --seed 9 --error-percent 0.1 --out "$data/dense300.log" 2>/dev/null
    gzip -6 -c "$data/dense300.log" > "$data/dense300.log.gz"
    rm "$data/dense300.log"
fi

if [ $big = 1 ]; then
    [ -f "$data/big1g.log" ] || "$gen" --size 1G --seed 11 --out "$data/big1g.log" 2>/dev/null
    [ -f "$data/big1g.log.gz" ] || gzip -6 -c "$data/big1g.log" > "$data/big1g.log.gz"
    for i in 1 2 3 4; do
        [ -f "$data/q$i.log" ] || "$gen" --size 250M --seed $((20 + i)) --out "$data/q$i.log" 2>/dev/null
    done
    if [ ! -f "$data/dense1g.log.gz" ]; then
        "$gen" --size 1G --seed 13 --error-percent 0.1 --out "$data/dense1g.log" 2>/dev/null
        gzip -6 -c "$data/dense1g.log" > "$data/dense1g.log.gz"
        rm "$data/dense1g.log"
    fi
fi

row() {
    local name="$1"
    shift
    local out
    out=$(/usr/bin/time -v "$bin" analyze --format json "$@" 2>&1 >/dev/null | tail -30)
    local rss wall
    rss=$(echo "$out" | awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}')
    wall=$(echo "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {print $2}')
    echo "| $name | $rss MB | $wall |"
}

echo "| case | peak RSS | wall |"
echo "|---|---|---|"
row "100 error-dense files (3 MB each), default threads" "$data"/files/f*.log
row "100 error-dense files, --threads 64" --threads 64 "$data"/files/f*.log
row "50 MB plain file, --threads 64" --threads 64 "$data/big50.log"
row "50 MB plain file, --threads 100000" --threads 100000 "$data/big50.log"
row "request-dense 300 MB .gz, default threads" "$data/dense300.log.gz"
row "request-dense 300 MB .gz, --threads 1" --threads 1 "$data/dense300.log.gz"
if [ $big = 1 ]; then
    row "1 GB plain file, --threads 1" --threads 1 "$data/big1g.log"
    row "1 GB plain file, default threads" "$data/big1g.log"
    row "1 GB plain file, --threads 64" --threads 64 "$data/big1g.log"
    row "1 GB .gz (same log), default threads" "$data/big1g.log.gz"
    row "1 GB .gz, --threads 64" --threads 64 "$data/big1g.log.gz"
    row "four 250 MB plain files, default threads" "$data"/q[1-4].log
    row "four 250 MB plain files, --threads 64" --threads 64 "$data"/q[1-4].log
    row "request-dense 1 GB .gz, default threads" "$data/dense1g.log.gz"
fi
# A starved consumer: two processes burning both cores at the same priority while analyze runs.
burn() { while :; do :; done; }
burn & b1=$!
burn & b2=$!
trap 'kill $b1 $b2 2>/dev/null || true' EXIT
row "request-dense 300 MB .gz, two cores busy with other work" "$data/dense300.log.gz"
row "100 error-dense files, two cores busy with other work" "$data"/files/f*.log
kill $b1 $b2 2>/dev/null || true
