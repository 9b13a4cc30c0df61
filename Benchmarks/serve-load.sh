#!/usr/bin/env bash
# Load run of the HTTP service (a benchmark, not a test): builds the release logtriage, starts `logtriage serve` on a
# free loopback port with a temporary request store and sends 200 small analyses from 8 client threads; prints
# p50/p99 latency, throughput and the server's peak RSS.
#   Benchmarks/serve-load.sh [--requests 200] [--concurrency 8] [--in-memory]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product logtriage >/dev/null
swift build -c release --product logtriage-server >/dev/null
exec python3 Benchmarks/serve_load.py "$(swift build -c release --show-bin-path)/logtriage" "$@"
