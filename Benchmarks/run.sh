#!/usr/bin/env bash
# One command for the whole benchmark: builds logtriage and the bench tools in release mode, generates the logs
# (bench-data/, git-ignored) and prints throughput, records/s, peak RSS, startup and the side-by-side ratios.
#   Benchmarks/run.sh [--size 100M] [--big 1G] [--runs 3] [--markdown out.md]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product logtriage
swift build -c release --package-path Benchmarks
exec python3 Benchmarks/bench.py all "$@"
