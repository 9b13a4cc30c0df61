#!/usr/bin/env bash
# Benchmark of `logtriage batch` (not a test): generates N requests (default 2000), imports them with --jobs 1 and
# --jobs 2 into fresh stores (requests/s, MB/s of attachments, peak RSS from /usr/bin/time -v), then measures the
# time a kill -9 halfway through costs: (time until the kill + time of the rerun) − uninterrupted time; last, the
# store-wide `report --format html` and a `backtest --format html` (same catalogue) on the --jobs 2 store.
# Usage: Benchmarks/batch.sh [N]      LOGTRIAGE=path/to/binary (default .build/release/logtriage)
set -euo pipefail
N=${1:-2000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${LOGTRIAGE:-$ROOT/.build/release/logtriage}
[ -x "$BIN" ] || { echo "build first: swift build -c release --product logtriage (or set LOGTRIAGE)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 "$ROOT/Benchmarks/make_archive.py" --count "$N" --out "$WORK/archive"
ARCHIVE_BYTES=$(du -sb "$WORK/archive" | cut -f1)

measure() {  # measure COMMAND... → prints "seconds rss_kb cpu_seconds" of it (its stderr in $WORK/err.txt)
  /usr/bin/time -v "$@" 2> "$WORK/err.txt" || true
  local wall rss cpu
  wall=$(grep 'Elapsed (wall clock)' "$WORK/err.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' "$WORK/err.txt" | awk '{print $NF}')
  cpu=$(grep -E 'User time|System time' "$WORK/err.txt" | awk '{s += $NF} END {print s}')
  echo "$wall $rss $cpu"
}

run() {  # run JOBS STORE → prints "seconds rss_kb cpu_seconds summary"
  local m
  m=$(measure "$BIN" batch --store "$2" --jobs "$1" "$WORK/archive")
  echo "$m $(grep 'batch done' "$WORK/err.txt" | sed 's/.*failed; //')"
}

echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "archive: $N requests, $((ARCHIVE_BYTES / 1000000)) MB on disk (e-mails base64), $(nproc) cores;" \
  "mbox $(( $(stat -c %s "$WORK/archive/mbox/archive.mbox") / 1000000 )) MB"
declare -A WALL
for jobs in 1 2; do
  read -r wall rss cpu summary < <(run "$jobs" "$WORK/s$jobs.sqlite")
  WALL[$jobs]=$wall
  echo "jobs $jobs: ${wall} s wall, $(awk -v n="$N" -v w="$wall" 'BEGIN{printf "%.1f", n/w}') requests/s," \
    "CPU ${cpu} s ($(awk -v n="$N" -v c="$cpu" 'BEGIN{printf "%.1f", n/c}') requests per CPU-second)," \
    "peak RSS $((rss / 1024)) MB; batch says: $summary"
done
echo "speed-up jobs 2 / jobs 1: $(awk -v a="${WALL[1]}" -v b="${WALL[2]}" 'BEGIN{printf "%.2f", a/b}')x"

# Kill -9 halfway through a --jobs 2 run, then resume.
half=$(awk -v w="${WALL[2]}" 'BEGIN{printf "%.2f", w/2}')
start=$(date +%s.%N)
"$BIN" batch --store "$WORK/k.sqlite" --jobs 2 "$WORK/archive" 2>/dev/null &
pid=$!
sleep "$half"
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
killed_at=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.2f", e-s}')
read -r rerun _ _ summary < <(run 2 "$WORK/k.sqlite")
lost=$(awk -v k="$killed_at" -v r="$rerun" -v w="${WALL[2]}" 'BEGIN{printf "%.2f", k+r-w}')
echo "kill -9 after ${killed_at} s, rerun ${rerun} s ($summary): ${lost} s lost against an uninterrupted run"

# The store-wide report and a backtest (same catalogue: every request diagnosed again, nothing stored).
read -r wall rss cpu < <(measure "$BIN" report --store "$WORK/s2.sqlite" --format html --output "$WORK/report.html")
echo "report --format html: ${wall} s wall, CPU ${cpu} s, peak RSS $((rss / 1024)) MB," \
  "$(( $(stat -c %s "$WORK/report.html") / 1000 )) KB of HTML"
RULES=${RULES:-$ROOT/Rules}
read -r wall rss cpu < <(measure "$BIN" backtest --store "$WORK/s2.sqlite" --rules "$RULES" --jobs 2 --format html \
  --output "$WORK/backtest.html")
echo "backtest --format html (--rules $RULES): ${wall} s wall" \
  "($(awk -v n="$N" -v w="$wall" 'BEGIN{printf "%.1f", n/w}') requests/s), CPU ${cpu} s," \
  "peak RSS $((rss / 1024)) MB, $(( $(stat -c %s "$WORK/backtest.html") / 1000 )) KB of HTML"
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
