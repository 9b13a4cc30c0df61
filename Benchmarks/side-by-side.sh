#!/usr/bin/env bash
# rg and grep -E (LC_ALL=C) with the catalogue's signals (Benchmarks/signals.txt), zcat > /dev/null, zlib inflate
# alone, and logtriage, timed in one run on the same files, with the ratios. Installs nothing: it says what is missing
# (apt-get install -y ripgrep hyperfine; GNU time for RSS). Expects the release builds (Benchmarks/run.sh makes them).
#   Benchmarks/side-by-side.sh [--size 100M] [--runs 3]
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 Benchmarks/bench.py side-by-side "$@"
